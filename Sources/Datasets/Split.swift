import Tensors

/// Seeded choices of which images a run trains and validates on. Each function draws only from
/// the generator it is given, so the same seed picks the same images on any machine.
public enum Split {
    /// Holds `validationSize` of `count` images out for validation: the first `validationSize`
    /// entries of `generator.permutation(count)` validate, the rest train. Both lists are sorted
    /// ascending — a split is a pair of sets; the training order of an epoch comes from
    /// `Batches.epochOrder`.
    public static func validationSplit(count: Int, validationSize: Int,
                                       generator: Generator) -> (train: [Int], validation: [Int]) {
        precondition(validationSize >= 0 && validationSize <= count,
                     "validationSplit: \(validationSize) validation images out of \(count)")
        let order = generator.permutation(count)
        return (order[validationSize...].sorted(), order[..<validationSize].sorted())
    }

    /// `n` of `count` images drawn without replacement (the first n of a seeded permutation),
    /// sorted: a small, unbiased training set for quick runs.
    public static func random(_ n: Int, of count: Int, generator: Generator) -> [Int] {
        precondition(n >= 0 && n <= count, "Split.random: \(n) of \(count) images")
        return generator.permutation(count)[..<n].sorted()
    }

    /// Up to `perClass` images of each class, the first ones of each class in a seeded
    /// permutation, sorted: a small training set whose classes stay balanced. A class with fewer
    /// images than `perClass` contributes all it has.
    public static func perClass(_ perClass: Int, labels: [Int], generator: Generator) -> [Int] {
        precondition(perClass >= 0, "Split.perClass: negative count \(perClass)")
        var taken: [Int: Int] = [:]
        var chosen: [Int] = []
        for index in generator.permutation(labels.count) where taken[labels[index], default: 0] < perClass {
            taken[labels[index], default: 0] += 1
            chosen.append(index)
        }
        return chosen.sorted()
    }
}

extension LabeledImages {
    /// The training and validation parts of this set, copied (see `Split.validationSplit`).
    public func validationSplit(validationSize: Int,
                                generator: Generator) -> (train: LabeledImages, validation: LabeledImages) {
        let (train, validation) = Split.validationSplit(count: count, validationSize: validationSize,
                                                        generator: generator)
        return (subset(train), subset(validation))
    }
}
