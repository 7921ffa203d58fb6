import Foundation
import Tensors

/// MNIST and Fashion-MNIST from their IDX files, gzipped or not: images (N, 1, 28, 28) with
/// pixels in [0, 1], labels 0…9.
public enum MNIST {
    public enum Variant: String, Codable, Sendable, CaseIterable {
        case mnist, fashionMNIST

        public var classNames: [String] {
            switch self {
            case .mnist: return (0...9).map(String.init)
            case .fashionMNIST:
                return ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
            }
        }
        /// The folder under data/ the project keeps it in.
        public var directoryName: String { self == .mnist ? "mnist" : "fashion-mnist" }
        public var displayName: String { self == .mnist ? "MNIST" : "Fashion-MNIST" }
    }

    /// One of the four published files, with the sizes that tell a user whether a copy is whole.
    public struct ExpectedFile: Sendable {
        public let name: String
        public let split: PublishedSplit
        public let isImages: Bool
        /// Size uncompressed: 16 + N·784 for images, 8 + N for labels.
        public let size: Int
        /// Size of name.gz as each source publishes it (they differ by the file name that
        /// Zalando's gzip headers store and Debian's recompressed copies do not).
        public let gzipSizes: [(source: String, bytes: Int)]
    }

    public static let imageSide = 28

    /// The four files of a variant, train before test, images before labels.
    public static func expectedFiles(_ variant: Variant) -> [ExpectedFile] {
        func file(_ name: String, _ split: PublishedSplit, images: Bool, count: Int,
                  _ gzip: [(String, Int)]) -> ExpectedFile {
            let size = images ? 16 + count * imageSide * imageSide : 8 + count
            return ExpectedFile(name: name, split: split, isImages: images, size: size,
                                gzipSizes: gzip.map { (source: $0.0, bytes: $0.1) })
        }
        switch variant {
        case .mnist:
            return [
                file("train-images-idx3-ubyte", .train, images: true, count: 60_000, [("", 9_912_422)]),
                file("train-labels-idx1-ubyte", .train, images: false, count: 60_000, [("", 28_881)]),
                file("t10k-images-idx3-ubyte", .test, images: true, count: 10_000, [("", 1_648_877)]),
                file("t10k-labels-idx1-ubyte", .test, images: false, count: 10_000, [("", 4_542)]),
            ]
        case .fashionMNIST:
            return [
                file("train-images-idx3-ubyte", .train, images: true, count: 60_000,
                     [("Debian", 26_421_856), ("Zalando", 26_421_880)]),
                file("train-labels-idx1-ubyte", .train, images: false, count: 60_000,
                     [("Debian", 29_491), ("Zalando", 29_515)]),
                file("t10k-images-idx3-ubyte", .test, images: true, count: 10_000,
                     [("Debian", 4_422_079), ("Zalando", 4_422_102)]),
                file("t10k-labels-idx1-ubyte", .test, images: false, count: 10_000,
                     [("Debian", 5_125), ("Zalando", 5_148)]),
            ]
        }
    }

    /// Loads one split from `directory` (the project keeps them in data/mnist/ and
    /// data/fashion-mnist/). Each file may be plain or gzipped; the plain one is read when both
    /// are there. Throws `DatasetError` naming the file on anything but a whole, consistent pair.
    public static func load(directory: URL, split: PublishedSplit, variant: Variant) throws -> LabeledImages {
        let files = expectedFiles(variant)
        let wanted = files.filter { $0.split == split }
        let found = wanted.map { locate($0.name, in: directory) }
        guard let imagesURL = found[0], let labelsURL = found[1] else {
            throw missingFiles(variant, split: split, directory: directory)
        }

        let images = try IDXFile(try GzipReader.read(imagesURL), magic: IDXFile.imagesMagic)
        let (n, rows, cols) = (images.dimensions[0], images.dimensions[1], images.dimensions[2])
        guard rows == imageSide && cols == imageSide else {
            throw images.source.error(.badShape, at: 8, "\(variant.displayName) images are \(imageSide)×\(imageSide), "
                                      + "the header says \(rows)×\(cols)")
        }
        let labelsFile = try IDXFile(try GzipReader.read(labelsURL), magic: IDXFile.labelsMagic)
        guard labelsFile.dimensions[0] == n else {
            throw labelsFile.source.error(.countMismatch, at: 4, "\(labelsFile.dimensions[0]) labels, but "
                                          + "\(imagesURL.lastPathComponent) has \(n) images")
        }

        let classes = variant.classNames.count
        var labels = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let offset = labelsFile.dataOffset + i
            let value = Int(labelsFile.source.bytes[offset])
            guard value < classes else {
                throw labelsFile.source.error(.labelOutOfRange, at: offset, "label \(value) of image \(i) is "
                                              + "outside 0…\(classes - 1)")
            }
            labels[i] = value
        }

        let tensor = Tensor(uninitialized: [n, 1, rows, cols])
        let per = rows * cols
        images.source.bytes.withUnsafeBufferPointer { bytes in
            let pixels = bytes.baseAddress! + images.dataOffset
            parallelRanges(n, costPerItem: per) { range in
                for i in range { storePixels(pixels + i * per, count: per, into: tensor.data + i * per) }
            }
        }
        return LabeledImages(images: tensor, labels: labels, classNames: variant.classNames)
    }

    /// `name` or `name.gz` in `directory`, preferring the plain file (no inflating to do).
    static func locate(_ name: String, in directory: URL) -> URL? {
        [name, name + ".gz"].map { directory.appendingPathComponent($0) }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The message for an incomplete folder: every file of the variant with its sizes and
    /// whether it is there, and how to get the rest.
    static func missingFiles(_ variant: Variant, split: PublishedSplit, directory: URL) -> DatasetError {
        var lines = ["\(variant.displayName) \(split.rawValue) split: files missing. Expected these files, each plain or gzipped (name.gz):"]
        for file in expectedFiles(variant) {
            let gzip = file.gzipSizes
                .map { $0.source.isEmpty ? "\($0.bytes) bytes" : "\($0.bytes) bytes from \($0.source)" }
                .joined(separator: ", ")
            let state = locate(file.name, in: directory) == nil ? "MISSING" : "found"
            lines.append("  \(file.name)  \(file.size) bytes (\(file.name).gz: \(gzip))  — \(state)")
        }
        switch variant {
        case .mnist:
            lines.append("Put them in data/mnist/ (the four IDX files of the MNIST database, gzipped or not).")
        case .fashionMNIST:
            lines.append("Run `make data`, which installs Debian's dataset-fashion-mnist and links it under data/fashion-mnist/.")
        }
        return DatasetError(.missingFiles, file: directory, lines.joined(separator: "\n"))
    }
}
