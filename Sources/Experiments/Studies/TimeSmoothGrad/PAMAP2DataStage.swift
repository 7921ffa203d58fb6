import Datasets
import Foundation
import Tensors

/// Paper 000's real data: PAMAP2 recordings (synthetic-pamap2 writes them first, into
/// data/raw/), missing samples handled by the spec's NaN policy, resampled, one row per time
/// step (inputs at t, target at t), leave one subject out. Inputs and target are standardised
/// with the training rows' statistics (`Standardization`, whose σ_y/σ_x chain rule takes the
/// maps back to raw units). Writes
///   data/{train,validation,test}-{inputs,targets}.npy (standardised rows; test = the test
///   subject's whole series in time order, which Time-Smoothgrad averages along),
///   data/series-inputs.npy (T, D) and data/series-targets.npy (T, 1): the test series, raw,
///   data/standardization.json, data/activities.csv (step, activity of every test row),
///   data/rows.csv (rows per subject and part).
struct PAMAP2DataStage: Stage {
    let name = "data"
    /// The spec's data section, of the kind this stage reads.
    let data: PAMAP2DataSpec

    func run(_ context: RunContext) throws -> [String] {
        let s = data
        let dir = context.directory
        var folder = URL(fileURLWithPath: s.directory)
        if s.source == .syntheticPAMAP2 {
            folder = try dir.folder("data/raw")
            try SyntheticPAMAP2.write(to: folder, size: .init(subjects: s.subjects, activities: s.activities, seconds: s.seconds),
                                      generator: Generator.forStage(name, seed: context.spec.seed))
        }
        // Inputs first, the target last (the loader keeps the order of the prefixes).
        let recordings = try PAMAP2.load(directory: folder, subjects: s.subjects, channels: s.inputs + [s.target], nanPolicy: s.nan)
            .map { $0.resampled(to: s.rate) }
        let d = s.inputChannels.count
        precondition(recordings.allSatisfy { $0.channels == s.inputChannels + [s.target] }, "PAMAP2DataStage: channel order")

        let partNames = ["train", "validation", "test"]
        var xs: [[Float]] = [[], [], []], ys: [[Float]] = [[], [], []]  // by part, in partNames' order
        var rowsCSV = "subject,train,validation,test\n"
        var testRecording: SensorRecording?
        for recording in recordings {
            let n = recording.count
            // Rows per part: all of the test subject's are test rows; the last part of each training
            // subject's series validates.
            var counts = [0, 0, 0]
            if recording.subject == s.testSubject {
                counts[2] = n
                testRecording = recording
            } else {
                counts[1] = Int((Double(n) * s.validationFraction).rounded())
                counts[0] = n - counts[1]
            }
            var t = 0
            for part in 0..<3 {
                for _ in 0..<counts[part] {
                    xs[part] += recording.samples[(t * (d + 1))..<(t * (d + 1) + d)]
                    ys[part].append(recording.samples[t * (d + 1) + d])
                    t += 1
                }
            }
            rowsCSV += "\(recording.subject),\(counts[0]),\(counts[1]),\(counts[2])\n"
        }
        for (part, y) in zip(partNames, ys) where y.isEmpty {
            throw RunError.stageFailed(stage: name, reason: "no \(part) rows (subjects \(s.subjects), test subject \(s.testSubject))")
        }
        let tensors = Dictionary(uniqueKeysWithValues: (0..<3).map { i in
            (partNames[i], (x: Tensor(shape: [ys[i].count, d], values: xs[i]), y: Tensor(shape: [ys[i].count, 1], values: ys[i])))
        })
        let train = tensors["train"]!, test = tensors["test"]!
        let standardization = Standardization.fit(inputs: train.x, targets: train.y, steps: Array(0..<train.y.count))

        var written: [String] = []
        for part in partNames {
            let raw = tensors[part]!
            written += try SupervisedArrays(inputs: standardization.standardizedInputs(raw.x),
                                            targets: standardization.standardizedTargets(raw.y)).write(part, in: dir)
        }
        try dir.write(test.x, to: "data/series-inputs.npy")
        try dir.write(test.y, to: "data/series-targets.npy")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try dir.write(try encoder.encode(standardization) + Data("\n".utf8), to: "data/standardization.json")
        try dir.write("step,activity\n" + testRecording!.labels.enumerated().map { "\($0),\($1)\n" }.joined(), to: "data/activities.csv")
        try dir.write(rowsCSV, to: "data/rows.csv")
        written += ["data/series-inputs.npy", "data/series-targets.npy", "data/standardization.json", "data/activities.csv", "data/rows.csv"]
        context.progress(.note("\(train.y.count) train, \(tensors["validation"]!.y.count) validation, \(test.y.count) test rows "
                               + "(subject \(s.testSubject)) of \(d) channels at \(JSONValue.format(s.rate)) Hz"))
        return written
    }
}

/// What the later paper-000 stages read back from `data/` for PAMAP2: the test subject's series.
struct PAMAP2Data {
    let standardization: Standardization
    /// (T, D) standardised inputs of the test series, in time order.
    let standardizedInputs: Tensor
    /// (T, 1) raw target.
    let targets: Tensor
    /// The activity id of every test step (0 = transitions).
    let activities: [Int]

    static func read(from dir: RunDirectory) throws -> PAMAP2Data {
        let standardization = try JSONDecoder().decode(Standardization.self, from: try dir.read("data/standardization.json"))
        let lines = String(decoding: try dir.read("data/activities.csv"), as: UTF8.self).split(separator: "\n").dropFirst()
        let activities = try lines.enumerated().map { i, line -> Int in
            guard let v = line.split(separator: ",").last.flatMap({ Int($0) }) else {
                throw RunError.stageFailed(stage: "data", reason: "data/activities.csv, line \(i + 2): no activity id in \"\(line)\"")
            }
            return v
        }
        let data = PAMAP2Data(standardization: standardization, standardizedInputs: try dir.readArray("data/test-inputs.npy"),
                              targets: try dir.readArray("data/series-targets.npy"), activities: activities)
        guard data.standardizedInputs.shape[0] == activities.count, data.targets.count == activities.count else {
            throw RunError.stageFailed(stage: "data", reason: "data/activities.csv has \(activities.count) rows, "
                                       + "data/test-inputs.npy \(data.standardizedInputs.shape[0])")
        }
        return data
    }

    /// Test steps per activity, activities in ascending id order (0, the transitions, first).
    var stepsByActivity: [(activity: Int, steps: [Int])] {
        Dictionary(grouping: activities.indices, by: { activities[$0] }).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
