import Datasets
import Foundation
import Tensors

/// Paper 004's data: recordings (synthetic-har writes them first, into data/raw/), converted to
/// g, resampled to 30 Hz, cut into windows of 30 points with 50 % overlap, split by subject,
/// standardised per axis with the training subjects' statistics. Writes
/// data/{train,validation,test}-{inputs,targets}.npy ((N, axes, time); class indices) and
/// data/normalization.json.
struct SensorDataStage: Stage {
    let name = "data"
    /// The spec's data section, of the kind this stage reads.
    let data: SensorDataSpec

    func run(_ context: RunContext) throws -> [String] {
        let s = data
        let dir = context.directory
        var folder = URL(fileURLWithPath: s.directory)
        if s.source == .syntheticHAR {
            folder = try dir.folder("data/raw")
            let size = SyntheticHAR.Size(activities: s.activities, subjects: s.subjects, seconds: s.seconds)
            let generator = Generator.forStage(name, seed: context.spec.seed)
            if s.isDSADSFormat { try SyntheticHAR.writeDSADS(to: folder, size: size, generator: generator) }
            else { try SyntheticHAR.writeMHEALTH(to: folder, size: size, generator: generator) }
        }
        let raw = s.isDSADSFormat ? try DSADS.load(directory: folder)
            : try MHEALTH.load(directory: folder, subjects: Array(1...(s.source == .syntheticHAR ? s.subjects : 10)))
        let recordings = raw.map { $0.toG().resampled(to: s.rate) }
        let windows = SensorWindows.make(recordings, channels: s.channels, length: s.window, overlap: s.overlap, dropLabels: [0])
        let train = windows.subset(subjects: Set(s.trainSubjects))
        let normalization = s.normalization == .perAxis ? train.fitNormalization() : Normalization.identity(axes: windows.channels.count)
        var written: [String] = []
        for (split, subjects) in [("train", s.trainSubjects), ("validation", s.validationSubjects), ("test", s.testSubjects)] {
            let part = windows.subset(subjects: Set(subjects)).normalized(with: normalization)
            guard part.count > 0 else { throw RunError.stageFailed(stage: name, reason: "no \(split) windows for subjects \(subjects)") }
            let labels = Tensor(shape: [part.count], values: part.classIndices(activities: s.activityIDs).map(Float.init))
            written += try SupervisedArrays(inputs: part.windows, targets: labels).write(split, in: dir)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try dir.write(try encoder.encode(normalization) + Data("\n".utf8), to: "data/normalization.json")
        context.progress(.note("\(windows.count) windows of \(windows.channels.count) axes × \(s.window)"))
        return written + ["data/normalization.json"]
    }
}
