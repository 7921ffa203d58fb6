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

    public var csv: String {
        "row,label,predicted,group,score\n" + samples.map { "\($0.row),\($0.label),\($0.predicted),\($0.group.rawValue),\(number($0.score))" }
            .joined(separator: "\n") + "\n"
    }

    public init(samples: [Sample]) { self.samples = samples }

    public init(csv: String) throws {
        samples = try csv.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",").map(String.init)
            guard f.count == 5, let row = Int(f[0]), let label = Int(f[1]), let predicted = Int(f[2]),
                  let group = Group(rawValue: f[3]), let score = Double(f[4]) else {
                throw RunError.stageFailed(stage: "select", reason: "unreadable selection line '\(line)'")
            }
            return Sample(row: row, label: label, predicted: predicted, group: group, score: score)
        }
    }
}
