import Foundation
import Tensors

/// Paper 001's two tables: tables/invariance.{csv,md} — per noise kind, how often the predicted
/// class stayed and how far its probability moved (`InvarianceCheckStage`); and
/// tables/object-means.{csv,md} — per class and over all explained images, the mean w of the
/// pixels inside the object (input above `invariance.objectThreshold`, channels averaged) and
/// outside it, pooled over the pixels of the images.
struct InvariantPerturbationTablesStage: Stage {
    let name = "tables"

    func run(_ context: RunContext) throws -> [String] {
        let spec = context.spec, dir = context.directory
        var written: [String] = []
        if spec.metrics.contains(.invariance) { written += try invarianceTable(spec, dir) }
        if spec.metrics.contains(.objectMeans) { written += try objectTable(spec, dir) }
        return written
    }

    func invarianceTable(_ spec: ExperimentSpec, _ dir: RunDirectory) throws -> [String] {
        let rows = try InvariantPerturbationArtifacts.invariance.read(in: dir)
        var lines: [[String]] = []
        for (model, kind) in [("plain", "learned"), ("plain", "uniform"), ("masked", "learned"), ("masked", "uniform")] {
            var (images, draws, kept, change, amplitude) = (0, 0, 0, 0.0, 0.0)
            for i in 0..<rows.count where try rows.string(i, "noise") == kind && rows.string(i, "model") == model {
                let trials = try rows.int(i, "trials")
                images += 1
                draws += trials
                kept += try rows.int(i, "kept")
                change += try rows.double(i, "mean_probability_change") * Double(trials)
                amplitude += try rows.double(i, "total_amplitude")
            }
            guard images > 0 else { continue }
            lines.append([model == "plain" ? "the model" : "with mask units", kind == "learned" ? "learned w" : "uniform (mean w everywhere)",
                          "\(images)", "\(draws)", fixed3(Double(kept) / Double(draws)), fixed3(change / Double(draws)),
                          fixed3(amplitude / Double(images))])
        }
        let table = Table(
            title: "Invariance of the prediction under the learned noise and under the same budget spread uniformly (\(spec.name))",
            columns: ["network", "noise", "images", "draws", "class kept", "mean change of its probability", "mean Σ w per image"],
            rows: lines,
            notes: ["Each explained image x with its map w: x + U ⊙ w (learned) and x + U ⊙ mean(w) (uniform), the same draws",
                    "U ~ Uniform[−1, 1] for both, through the reference model as it is and with the method's mask units fitted",
                    "on x (what the optimisation of w saw). Class kept: the share of draws whose predicted class is the clean",
                    "one; the change is that class's softmax probability minus its clean value on the same network.",
                    "Paper 001 reports no such check; its claim is that noise at the learned amplitudes leaves the output unchanged."])
        return try table.write("invariance", in: dir)
    }

    func objectTable(_ spec: ExperimentSpec, _ dir: RunDirectory) throws -> [String] {
        let samples = try InvariantPerturbationArtifacts.samples.read(in: dir)
        let inputs = try InvariantPerturbationArtifacts.inputs(images: samples.count).read(in: dir)
        let method = InvariantPerturbationStudy.perturbationEntry(spec)!.name  // validation asked for one
        let w = try InvariantPerturbationArtifacts.maps(method: method, images: samples.count).read(in: dir)
        let threshold = spec.invariance.objectThreshold
        let (c, pixels) = (inputs.shape[1], inputs.shape[2] * inputs.shape[3])
        let classes = (try? dir.read("data/classes.txt")).map { String(decoding: $0, as: UTF8.self).split(separator: "\n").map(String.init) } ?? []
        // Per class: images, inside pixels, Σ w inside, outside pixels, Σ w outside.
        var sums: [Int: (images: Int, inside: Int, wInside: Double, outside: Int, wOutside: Double)] = [:]
        for i in 0..<samples.count {
            let label = try samples.int(i, "label")
            var s = sums[label] ?? (0, 0, 0, 0, 0)
            s.images += 1
            for p in 0..<pixels {
                var intensity = 0.0
                for ch in 0..<c { intensity += Double(inputs.data[(i * c + ch) * pixels + p]) }
                let value = Double(w.data[i * pixels + p])
                if intensity / Double(c) > threshold { s.inside += 1; s.wInside += value } else { s.outside += 1; s.wOutside += value }
            }
            sums[label] = s
        }
        func mean(_ total: Double, _ count: Int) -> String { count > 0 ? fixed3(total / Double(count)) : "—" }
        var rows: [[String]] = []
        var all = (images: 0, inside: 0, wInside: 0.0, outside: 0, wOutside: 0.0)
        for label in sums.keys.sorted() {
            let s = sums[label]!
            all = (all.images + s.images, all.inside + s.inside, all.wInside + s.wInside, all.outside + s.outside, all.wOutside + s.wOutside)
            // MNIST's class names are its labels: "3", not "3 3".
            let name = label < classes.count && classes[label] != "\(label)" ? "\(label) \(classes[label])" : "\(label)"
            rows.append([name, "\(s.images)", "\(s.inside)", "\(s.outside)", mean(s.wInside, s.inside), mean(s.wOutside, s.outside)])
        }
        rows.append(["all", "\(all.images)", "\(all.inside)", "\(all.outside)", mean(all.wInside, all.inside), mean(all.wOutside, all.outside)])
        let table = Table(
            title: "Mean noise amplitude w inside and outside the object (\(spec.name))",
            columns: ["class", "images", "pixels inside", "pixels outside", "mean w inside", "mean w outside"],
            rows: rows,
            notes: ["Inside: pixels whose input value (channels averaged) is above \(threshold); w from \(method), pooled over the",
                    "pixels of the class's explained images. Paper 001 (MNIST, Fig. 6): the background is highlighted as",
                    "non-contributing (high w), the digit and its immediate surroundings as contributing (low w)."])
        return try table.write("object-means", in: dir)
    }
}
