import Datasets
import Foundation
import NeuralNet
import Tensors

/// The readers of outside input, one case each, fed raw bytes through the same public entry
/// the command line uses (a file in a folder, read by name). The fuzz targets (`Fuzz/`) and
/// the test that replays their corpus (`InputReaderCorpusTests`) both go through here, so a
/// crash the fuzzer finds is replayed on exactly the code path it was found on.
public enum InputReader: String, CaseIterable, Sendable {
    /// JSON → `ExperimentSpec`, as `driftlab validate` reads it.
    case spec
    /// A safetensors checkpoint, every tensor's bytes decoded.
    case safetensors
    /// A NumPy `.npy` array.
    case npy
    /// Fashion-MNIST IDX files, plain or gzipped.
    case idx
    /// A sensor recording in text columns (MHEALTH's layout), through the shared numeric-text reader.
    case csv

    /// Writes `bytes` as the file this reader expects inside `folder` (which must exist and be
    /// empty of earlier inputs) and reads it. Returns normally when the input is valid; throws
    /// the reader's own error when not. Anything else — a trap — is the bug being looked for.
    public func read(_ bytes: Data, in folder: URL) throws {
        switch self {
        case .spec:
            let url = folder.appendingPathComponent("spec.json")
            try bytes.write(to: url)
            _ = try ExperimentSpec.load(url)
        case .safetensors:
            let url = folder.appendingPathComponent("checkpoint.safetensors")
            try bytes.write(to: url)
            let file = try SafetensorsFile.read(from: url)
            for (_, tensor) in file.tensors { _ = tensor.tensor(); _ = tensor.int64Values(); _ = tensor.uint64Values() }
        case .npy:
            let url = folder.appendingPathComponent("array.npy")
            try bytes.write(to: url)
            _ = try NumpyArray.read(url)
        case .idx:
            try writeIDXPair(bytes, in: folder)
            _ = try MNIST.load(directory: folder, split: .test, variant: .fashionMNIST)
        case .csv:
            try bytes.write(to: folder.appendingPathComponent(MHEALTH.fileName(subject: 1)))
            _ = try MHEALTH.load(directory: folder, subjects: [1])
        }
    }

    /// The IDX loader reads an images file and a labels file that must agree. The first byte
    /// of the input says which of the two the rest of it is (even: images, odd: labels); the
    /// other is a valid one-image file, so the fuzzed one reaches every check after the header.
    func writeIDXPair(_ bytes: Data, in folder: URL) throws {
        let fuzzedIsLabels = (bytes.first ?? 0) & 1 == 1
        let fuzzed = bytes.dropFirst()
        let side = MNIST.imageSide
        let oneImage = Data([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, UInt8(side), 0, 0, 0, UInt8(side)]) + Data(count: side * side)
        let oneLabel = Data([0, 0, 8, 1, 0, 0, 0, 1, 7])
        try (fuzzedIsLabels ? oneImage : Data(fuzzed)).write(to: folder.appendingPathComponent("t10k-images-idx3-ubyte"))
        try (fuzzedIsLabels ? Data(fuzzed) : oneLabel).write(to: folder.appendingPathComponent("t10k-labels-idx1-ubyte"))
    }
}
