import Foundation
import Tensors

/// CIFAR-10 from its "binary version": data_batch_1.bin … data_batch_5.bin and test_batch.bin,
/// each a run of 3073-byte records (one label byte, then the 1024 red, 1024 green and 1024 blue
/// bytes of a 32×32 image, row-major). Images (N, 3, 32, 32) with pixels in [0, 1].
public enum CIFAR10 {
    public static let classNames = ["airplane", "automobile", "bird", "cat", "deer",
                                    "dog", "frog", "horse", "ship", "truck"]
    public static let imageSide = 32
    public static let pixelsPerImage = 3 * imageSide * imageSide
    /// One label byte and the pixel bytes.
    public static let recordSize = 1 + pixelsPerImage
    /// Records per published file: every file is 30 730 000 bytes.
    public static let recordsPerFile = 10_000
    /// The folder the published archive (cifar-10-binary.tar.gz) unpacks to.
    public static let archiveFolder = "cifar-10-batches-bin"

    public static func fileNames(_ split: PublishedSplit) -> [String] {
        switch split {
        case .train: return (1...5).map { "data_batch_\($0).bin" }
        case .test: return ["test_batch.bin"]
        }
    }

    /// Loads one split from `directory` (data/cifar10/ in the project) or from its
    /// cifar-10-batches-bin/ subfolder, whichever holds all the split's files. Training
    /// records come in file order, data_batch_1 first.
    public static func load(directory: URL, split: PublishedSplit) throws -> LabeledImages {
        let names = fileNames(split)
        let folders = [directory, directory.appendingPathComponent(archiveFolder)]
        guard let folder = folders.first(where: { folder in
            names.allSatisfy { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
        }) else {
            throw missingFiles(split: split, directory: directory)
        }

        // Checked whole before anything is allocated, so a damaged last file fails fast.
        var files: [FileBytes] = []
        for name in names {
            let file = try GzipReader.read(folder.appendingPathComponent(name))
            let size = file.bytes.count
            guard size > 0 && size % recordSize == 0 else {
                let whole = size / recordSize
                throw file.error(.truncated, at: whole * recordSize, "truncated: expected a whole number of "
                                 + "\(recordSize)-byte records (\(recordsPerFile * recordSize) bytes as published), "
                                 + "found \(file.size(size)); record \(whole) is cut short")
            }
            for record in 0..<(size / recordSize) {
                let offset = record * recordSize
                let label = file.bytes[offset]
                guard label < classNames.count else {
                    throw file.error(.labelOutOfRange, at: offset, "label \(label) of record \(record) is outside 0…9")
                }
            }
            files.append(file)
        }

        let total = files.reduce(0) { $0 + $1.bytes.count / recordSize }
        let images = Tensor(uninitialized: [total, 3, imageSide, imageSide])
        var labels: [Int] = []
        labels.reserveCapacity(total)
        var first = 0  // index of the file's first record in the dataset
        for file in files {
            let records = file.bytes.count / recordSize
            file.bytes.withUnsafeBufferPointer { bytes in
                let base = bytes.baseAddress!
                // The planes are already in (C, H, W) order: each record copies straight across.
                parallelRanges(records, costPerItem: pixelsPerImage) { range in
                    for r in range {
                        storePixels(base + r * recordSize + 1, count: pixelsPerImage,
                                    into: images.data + (first + r) * pixelsPerImage)
                    }
                }
            }
            for r in 0..<records { labels.append(Int(file.bytes[r * recordSize])) }
            first += records
        }
        return LabeledImages(images: images, labels: labels, classNames: classNames)
    }

    /// Every file of the dataset with its size and whether it is there, and how to get them.
    static func missingFiles(split: PublishedSplit, directory: URL) -> DatasetError {
        let size = recordsPerFile * recordSize
        var lines = ["CIFAR-10 \(split.rawValue) split: files missing. Expected these files in \(directory.path) "
                     + "or its \(archiveFolder)/ subfolder:"]
        for name in fileNames(.train) + fileNames(.test) {
            let there = [directory, directory.appendingPathComponent(archiveFolder)].contains {
                FileManager.default.fileExists(atPath: $0.appendingPathComponent(name).path)
            }
            lines.append("  \(name)  \(size) bytes  — \(there ? "found" : "MISSING")")
        }
        lines.append("Download the \"CIFAR-10 binary version\" (cifar-10-binary.tar.gz, for C programs) and extract "
                     + "it into data/cifar10/; the \(archiveFolder)/ folder it creates is found as it is.")
        return DatasetError(.missingFiles, file: directory, lines.joined(separator: "\n"))
    }
}
