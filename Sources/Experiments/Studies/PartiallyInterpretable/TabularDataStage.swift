import Datasets
import Foundation
import Tensors

/// Paper 002 part 3's data: a scikit-learn table split (seeded) into test, validation and
/// train rows, standardised with the training rows' mean and std for the network
/// (data/{split}-inputs.npy, -targets.npy) and kept in the features' units for the rules
/// (data/{split}-raw.npy); data/features.txt and data/classes.txt name the columns and classes.
struct TabularDataStage: Stage {
    let name = "data"
    let data: TabularDataSpec

    func run(_ context: RunContext) throws -> [String] {
        let table = try SklearnTable.load(data.dataset, directory: URL(fileURLWithPath: data.directory))
        let n = table.rows.count, f = table.featureNames.count
        let order = Generator.forStage(name, seed: context.spec.seed).permutation(n)
        let testCount = Int((data.testFraction * Double(n)).rounded()), validationCount = Int((data.validationFraction * Double(n)).rounded())
        guard testCount + validationCount < n else {
            throw RunError.stageFailed(stage: name, reason: "test and validation fractions leave no training rows of \(n)")
        }
        let splits = [("train", Array(order[(testCount + validationCount)...]).sorted()),
                      ("validation", Array(order[testCount..<(testCount + validationCount)]).sorted()),
                      ("test", Array(order[..<testCount]).sorted())]
        // x' = (x − μ)/σ per feature, μ and σ (population) over the training rows.
        let train = splits[0].1
        var mean = [Double](repeating: 0, count: f), std = [Double](repeating: 0, count: f)
        for r in train { for j in 0..<f { mean[j] += table.rows[r][j] / Double(train.count) } }
        for r in train {
            for j in 0..<f {
                let d: Double = table.rows[r][j] - mean[j]
                std[j] += d * d / Double(train.count)
            }
        }
        std = std.map { $0.squareRoot() }
        let dir = context.directory
        var written: [String] = []
        for (split, rows) in splits {
            let raw = Tensor(shape: [rows.count, f], values: rows.flatMap { table.rows[$0].map(Float.init) })
            var standardized: [Float] = []
            for r in rows {
                for j in 0..<f {
                    let scale: Double = std[j] > 0 ? std[j] : 1
                    standardized.append(Float((table.rows[r][j] - mean[j]) / scale))
                }
            }
            let inputs = Tensor(shape: [rows.count, f], values: standardized)
            let targets = Tensor(shape: [rows.count], values: rows.map { Float(table.labels[$0]) })
            written += try SupervisedArrays(inputs: inputs, targets: targets).write(split, in: dir)
            written.append(try PartiallyInterpretableArtifacts.raw(split).write(raw, in: dir))
        }
        try dir.write(table.featureNames.joined(separator: "\n") + "\n", to: "data/features.txt")
        try dir.write(table.classNames.joined(separator: "\n") + "\n", to: "data/classes.txt")
        context.progress(.note("\(splits[0].1.count) training, \(validationCount) validation, \(testCount) test rows"))
        return written + ["data/features.txt", "data/classes.txt"]
    }
}

/// A split's rows in the features' units and their labels, as the rules see them.
struct RawRows {
    let rows: [[Double]]
    let labels: [Int]

    init(_ split: String, in dir: RunDirectory) throws {
        let raw = try PartiallyInterpretableArtifacts.raw(split).read(in: dir)
        let targets = try dir.readArray(SupervisedArrays.paths(split).targets)
        let f = raw.shape[1]
        rows = (0..<raw.shape[0]).map { i in (0..<f).map { Double(raw.data[i * f + $0]) } }
        labels = (0..<targets.count).map { Int(targets.data[$0]) }
    }

    static func names(_ file: String, in dir: RunDirectory) throws -> [String] {
        String(decoding: try dir.read(file), as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
