import Foundation
/// Paper 003's choice of samples to explain, per class c on the test set, with the
/// least-confidence idea:
///   correctly classified (argmax = c): score p_c(x) → list A;
///   misclassified: score |max_i p_i(x) − p_c(x)| → list B;
/// both sorted descending. Data A = top `correct` of A ("clearly correct"), Data B = top
/// `wrong` of B ("clearly wrong"), Data C = bottom `ambiguous` of A and of B ("ambiguous").
public struct SampleSelection: Equatable {
    public enum Group: String { case a = "A", b = "B", c = "C" }

    public struct Sample: Equatable {
        /// Row in the test arrays.
        public var row: Int
        public var label: Int
        public var predicted: Int
        public var group: Group
        public var score: Double
    }

    public var samples: [Sample]

    /// probabilities: (N, K) softmax outputs of the reference model. Ties in a score keep the
    /// lower row first, so the choice is deterministic.
    public static func select(probabilities p: [[Double]], labels: [Int], correct: Int, wrong: Int, ambiguous: Int) -> SampleSelection {
        let classes = p.first?.count ?? 0
        var chosen: [Sample] = []
        for c in 0..<classes {
            var listA: [Sample] = [], listB: [Sample] = []
            for (row, label) in labels.enumerated() where label == c {
                let predicted = p[row].indices.max { p[row][$0] < p[row][$1] || (p[row][$0] == p[row][$1] && $0 > $1) }!
                if predicted == c {
                    listA.append(Sample(row: row, label: c, predicted: predicted, group: .a, score: p[row][c]))
                } else {
                    listB.append(Sample(row: row, label: c, predicted: predicted, group: .b, score: abs(p[row][predicted] - p[row][c])))
                }
            }
            let byScore: (Sample, Sample) -> Bool = { $0.score != $1.score ? $0.score > $1.score : $0.row < $1.row }
            listA.sort(by: byScore)
            listB.sort(by: byScore)
            chosen += listA.prefix(correct)
            chosen += listB.prefix(wrong)
            for var s in listA.suffix(ambiguous) + listB.suffix(ambiguous) {
                s.group = .c
                chosen.append(s)
            }
        }
        return SampleSelection(samples: chosen)
    }

    /// `selection/samples.csv`, declared once.
    public static let artifact = TableArtifact(path: "selection/samples.csv", columns: ["row", "label", "predicted", "group", "score"])

    public var csv: String {
        SampleSelection.artifact.header + samples.map { "\($0.row),\($0.label),\($0.predicted),\($0.group.rawValue),\(number($0.score))" }
            .joined(separator: "\n") + "\n"
    }

    public init(samples: [Sample]) { self.samples = samples }

    public init(csv: String, file: String = SampleSelection.artifact.path) throws {
        let table = try CSVRows(Data(csv.utf8), file: file)
        samples = try (0..<table.count).map { i in
            let name = try table.string(i, "group")
            guard let group = Group(rawValue: name) else {
                throw ArtifactError(file: file, problem: "row \(i + 1): group '\(name)' is not one of A, B, C")
            }
            return Sample(row: try table.int(i, "row"), label: try table.int(i, "label"), predicted: try table.int(i, "predicted"),
                          group: group, score: try table.double(i, "score"))
        }
    }

    /// `selection/samples.csv` of a run, read back.
    init(in directory: RunDirectory) throws {
        try self.init(csv: String(decoding: try directory.read(SampleSelection.artifact.path), as: UTF8.self))
    }
}
