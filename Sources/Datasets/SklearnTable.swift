import Foundation

/// The small tabular datasets scikit-learn ships as CSV (`sklearn/datasets/data/`, in Debian's
/// `python3-sklearn`): a first line "samples,features,class name…", then one line per sample,
/// the features and last the class index. The feature names are not in the file (scikit-learn
/// keeps them in code); they are here, in its order (wine's with spaces for its underscores).
public struct SklearnTable: Sendable {
    public enum Dataset: String, CaseIterable, Sendable {
        case breastCancer = "breast-cancer", wine

        public var fileName: String { self == .breastCancer ? "breast_cancer.csv" : "wine_data.csv" }

        public var featureNames: [String] {
            switch self {
            case .breastCancer:
                let measures = ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
                                "concave points", "symmetry", "fractal dimension"]
                return ["mean", "error", "worst"].flatMap { kind in measures.map { kind == "error" ? "\($0) error" : "\(kind) \($0)" } }
            case .wine:
                return ["alcohol", "malic acid", "ash", "alcalinity of ash", "magnesium", "total phenols", "flavanoids",
                        "nonflavanoid phenols", "proanthocyanins", "color intensity", "hue", "od280/od315 of diluted wines",
                        "proline"]
            }
        }
    }

    /// rows[i] holds sample i's features.
    public let rows: [[Double]]
    public let labels: [Int]
    public let featureNames: [String]
    public let classNames: [String]

    public init(rows: [[Double]], labels: [Int], featureNames: [String], classNames: [String]) {
        (self.rows, self.labels, self.featureNames, self.classNames) = (rows, labels, featureNames, classNames)
    }

    public static func load(_ dataset: Dataset, directory: URL) throws -> SklearnTable {
        let url = directory.appendingPathComponent(dataset.fileName)
        guard let data = try? Data(contentsOf: url) else {
            throw DatasetError(.missingFiles, file: url, "not found: `make data-tabular` extracts it from Debian's python3-sklearn")
        }
        return try parse(data, file: url, featureNames: dataset.featureNames)
    }

    public static func parse(_ data: Data, file: URL, featureNames: [String]) throws -> SklearnTable {
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        guard let header = lines.first, header.count >= 3, let samples = Int(header[0]), let features = Int(header[1]),
              features == featureNames.count else {
            throw DatasetError(.malformedLine, file: file, line: 1, "must be \"samples,\(featureNames.count),class names…\"")
        }
        let classNames = header.dropFirst(2).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard lines.count - 1 == samples else {
            throw DatasetError(.countMismatch, file: file, "line 1 announces \(samples) samples, the file has \(lines.count - 1)")
        }
        var rows: [[Double]] = [], labels: [Int] = []
        for (i, fields) in lines.dropFirst().enumerated() {
            let values = fields.map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard fields.count == features + 1, values.allSatisfy({ $0 != nil }), let label = Int(fields[features]) else {
                throw DatasetError(.malformedLine, file: file, line: i + 2, "expected \(features) numbers and a class index")
            }
            guard label >= 0 && label < classNames.count else {
                throw DatasetError(.labelOutOfRange, file: file, line: i + 2, "class \(label) outside 0..<\(classNames.count)")
            }
            rows.append(values.prefix(features).map { $0! })
            labels.append(label)
        }
        return SklearnTable(rows: rows, labels: labels, featureNames: featureNames, classNames: classNames)
    }
}
