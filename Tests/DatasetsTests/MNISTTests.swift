import Foundation
import XCTest
import Tensors
@testable import Datasets

final class MNISTTests: XCTestCase {
    let trainLabels: [UInt8] = [5, 0, 4]
    let testLabels: [UInt8] = [7, 2]

    /// A folder with all four files: train plain, test gzipped.
    func makeFolder() throws -> URL {
        let dir = try makeTemporaryDirectory()
        try Fixture.write(Fixture.idxImages((0..<3).map(Fixture.mnistImage)),
                          to: dir.appendingPathComponent("train-images-idx3-ubyte"))
        try Fixture.write(Fixture.idxLabels(trainLabels), to: dir.appendingPathComponent("train-labels-idx1-ubyte"))
        try Fixture.write(Fixture.gzip(Fixture.idxImages([Fixture.mnistImage(100), Fixture.mnistImage(200)])),
                          to: dir.appendingPathComponent("t10k-images-idx3-ubyte.gz"))
        try Fixture.write(Fixture.gzip(Fixture.idxLabels(testLabels)),
                          to: dir.appendingPathComponent("t10k-labels-idx1-ubyte.gz"))
        return dir
    }

    /// Random byte changes and cuts of the labels and of the gzipped test images: each load
    /// returns or throws a DatasetError, never traps.
    func testMangledFilesNeverTrap() throws {
        let dir = try makeFolder()
        let labels = dir.appendingPathComponent("train-labels-idx1-ubyte")
        let images = dir.appendingPathComponent("t10k-images-idx3-ubyte.gz")
        let validLabels = Fixture.idxLabels(trainLabels)
        let validImages = Fixture.gzip(Fixture.idxImages([Fixture.mnistImage(100), Fixture.mnistImage(200)]))
        let g = Generator(seed: 13)
        func mangled(_ valid: [UInt8], _ round: Int) -> [UInt8] {
            if round % 3 == 0 { return Array(valid.prefix(Int(g.next() % UInt64(valid.count)))) }
            var bytes = valid
            for _ in 0..<(1 + Int(g.next() % 3)) {
                bytes[Int(g.next() % UInt64(min(bytes.count, 40)))] = UInt8(truncatingIfNeeded: g.next())
            }
            return bytes
        }
        for round in 0..<300 {
            try Fixture.write(mangled(validLabels, round), to: labels)
            try Fixture.write(mangled(validImages, round), to: images)
            for split in [PublishedSplit.train, .test] {
                do { _ = try MNIST.load(directory: dir, split: split, variant: .mnist) } catch {
                    XCTAssertTrue(error is DatasetError, "\(error)")
                }
            }
        }
    }

    func testLoadsPlainIDX() throws {
        let set = try MNIST.load(directory: try makeFolder(), split: .train, variant: .mnist)
        XCTAssertEqual(set.images.shape, [3, 1, 28, 28])
        XCTAssertEqual(set.labels, [5, 0, 4])
        XCTAssertEqual(set.classNames, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
        // Image 1, row 2, column 5: byte (1 + 2·28 + 5) mod 256 = 62.
        XCTAssertEqual(set.images[1, 0, 2, 5], Float(62) / 255)
        XCTAssertEqual(set.images[2, 0, 27, 27], Float((2 + 783) % 256) / 255)
        XCTAssertEqual(set.images.array.min(), 0)
        XCTAssertEqual(set.images.array.max(), 1)
    }

    func testLoadsGzippedIDXWithFashionNames() throws {
        let set = try MNIST.load(directory: try makeFolder(), split: .test, variant: .fashionMNIST)
        XCTAssertEqual(set.images.shape, [2, 1, 28, 28])
        XCTAssertEqual(set.labels, [7, 2])
        XCTAssertEqual(set.classNames, ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"])
        XCTAssertEqual(set.images[1, 0, 0, 3], Float(203) / 255)
    }

    /// Plain and gzipped copies of the same file give the same tensor; the plain one is read.
    func testPlainPreferredWhenBothExist() throws {
        let dir = try makeFolder()
        let gz = try MNIST.load(directory: dir, split: .test, variant: .mnist)
        try Fixture.write(Fixture.idxImages([Fixture.mnistImage(100), Fixture.mnistImage(200)]),
                          to: dir.appendingPathComponent("t10k-images-idx3-ubyte"))
        XCTAssertEqual(MNIST.locate("t10k-images-idx3-ubyte", in: dir)?.lastPathComponent, "t10k-images-idx3-ubyte")
        let plain = try MNIST.load(directory: dir, split: .test, variant: .mnist)
        XCTAssertEqual(plain.images.array, gz.images.array)
    }

    func testWrongMagicSaysExpectedAndFound() throws {
        let dir = try makeFolder()
        let images = dir.appendingPathComponent("train-images-idx3-ubyte")
        try Fixture.write(Fixture.idxLabels(trainLabels), to: images)  // labels where images belong
        let error = try XCTUnwrap(datasetError { _ = try MNIST.load(directory: dir, split: .train, variant: .mnist) })
        XCTAssertEqual(error.kind, .wrongMagic)
        XCTAssertEqual(error.file, images.path)
        XCTAssertEqual(error.offset, 0)
        XCTAssertTrue(error.description.contains("expected 0x00000803"), error.description)
        XCTAssertTrue(error.description.contains("found 0x00000801"), error.description)
    }

    func testTruncatedImagesGiveExpectedAndActualSize() throws {
        let dir = try makeFolder()
        let images = dir.appendingPathComponent("t10k-images-idx3-ubyte.gz")
        let whole = Fixture.idxImages([Fixture.mnistImage(100), Fixture.mnistImage(200)])
        try Fixture.write(Fixture.gzip(Array(whole.dropLast(100))), to: images)
        let error = try XCTUnwrap(datasetError { _ = try MNIST.load(directory: dir, split: .test, variant: .mnist) })
        XCTAssertEqual(error.kind, .truncated)
        XCTAssertEqual(error.file, images.path)
        XCTAssertTrue(error.description.contains("\(16 + 2 * 784) bytes"), error.description)
        XCTAssertTrue(error.description.contains("found \(16 + 2 * 784 - 100) bytes after gunzip"), error.description)
    }

    func testExtraBytesAreAnError() throws {
        let dir = try makeFolder()
        let labels = dir.appendingPathComponent("train-labels-idx1-ubyte")
        try Fixture.write(Fixture.idxLabels(trainLabels) + [0], to: labels)
        let error = try XCTUnwrap(datasetError { _ = try MNIST.load(directory: dir, split: .train, variant: .mnist) })
        XCTAssertEqual(error.kind, .wrongSize)
        XCTAssertEqual(error.file, labels.path)
    }

    func testCountMismatchNamesBothFiles() throws {
        let dir = try makeFolder()
        let labels = dir.appendingPathComponent("train-labels-idx1-ubyte")
        try Fixture.write(Fixture.idxLabels([1, 2]), to: labels)
        let error = try XCTUnwrap(datasetError { _ = try MNIST.load(directory: dir, split: .train, variant: .mnist) })
        XCTAssertEqual(error.kind, .countMismatch)
        XCTAssertEqual(error.file, labels.path)
        XCTAssertTrue(error.description.contains("2 labels"), error.description)
        XCTAssertTrue(error.description.contains("train-images-idx3-ubyte has 3 images"), error.description)
    }

    func testLabelOutOfRangeNamesOffsetAndValue() throws {
        let dir = try makeFolder()
        let labels = dir.appendingPathComponent("t10k-labels-idx1-ubyte.gz")
        try Fixture.write(Fixture.gzip(Fixture.idxLabels([7, 12])), to: labels)
        let error = try XCTUnwrap(datasetError { _ = try MNIST.load(directory: dir, split: .test, variant: .mnist) })
        XCTAssertEqual(error.kind, .labelOutOfRange)
        XCTAssertEqual(error.offset, 9)
        XCTAssertTrue(error.gzipped)
        XCTAssertTrue(error.description.hasPrefix("\(labels.path), byte 9 of the gunzipped data"), error.description)
        XCTAssertTrue(error.description.contains("label 12"), error.description)
    }

    /// Extents whose product overflows Int must be reported, not trap.
    func testAbsurdHeaderIsAnError() throws {
        let dir = try makeFolder()
        let images = dir.appendingPathComponent("train-images-idx3-ubyte")
        try Fixture.write([0, 0, 8, 3] + [UInt8](repeating: 0xff, count: 12), to: images)
        let error = try XCTUnwrap(datasetError { _ = try MNIST.load(directory: dir, split: .train, variant: .mnist) })
        XCTAssertEqual(error.kind, .truncated)
        XCTAssertEqual(error.file, images.path)
    }

    func testWrongImageSizeIsAnError() throws {
        let dir = try makeFolder()
        try Fixture.write(Fixture.idxImages((0..<3).map { _ in [UInt8](repeating: 1, count: 32 * 32) }, rows: 32, cols: 32),
                          to: dir.appendingPathComponent("train-images-idx3-ubyte"))
        let error = try XCTUnwrap(datasetError { _ = try MNIST.load(directory: dir, split: .train, variant: .mnist) })
        XCTAssertEqual(error.kind, .badShape)
        XCTAssertTrue(error.description.contains("32×32"), error.description)
    }

    func testBadGzipNamesTheFile() throws {
        let dir = try makeFolder()
        let labels = dir.appendingPathComponent("t10k-labels-idx1-ubyte.gz")
        let gz = Fixture.gzip(Fixture.idxLabels(testLabels))
        try Fixture.write(Array(gz.prefix(12)), to: labels)
        let error = try XCTUnwrap(datasetError { _ = try MNIST.load(directory: dir, split: .test, variant: .mnist) })
        XCTAssertEqual(error.kind, .badGzip)
        XCTAssertEqual(error.file, labels.path)
    }

    func testMissingFilesListEveryFileWithSizesAndWhereToPutThem() throws {
        let dir = try makeTemporaryDirectory()
        try Fixture.write(Fixture.idxLabels(trainLabels), to: dir.appendingPathComponent("train-labels-idx1-ubyte"))
        let error = try XCTUnwrap(datasetError { _ = try MNIST.load(directory: dir, split: .train, variant: .mnist) })
        XCTAssertEqual(error.kind, .missingFiles)
        XCTAssertEqual(error.file, dir.path)
        let message = error.description
        for (name, size, gz) in [("train-images-idx3-ubyte", 47_040_016, 9_912_422),
                                 ("train-labels-idx1-ubyte", 60_008, 28_881),
                                 ("t10k-images-idx3-ubyte", 7_840_016, 1_648_877),
                                 ("t10k-labels-idx1-ubyte", 10_008, 4_542)] {
            XCTAssertTrue(message.contains("\(name)  \(size) bytes (\(name).gz: \(gz) bytes)"), "\(name) in\n\(message)")
        }
        XCTAssertTrue(message.contains("train-images-idx3-ubyte  47040016 bytes (train-images-idx3-ubyte.gz: 9912422 bytes)  — MISSING"), message)
        XCTAssertTrue(message.contains("train-labels-idx1-ubyte  60008 bytes (train-labels-idx1-ubyte.gz: 28881 bytes)  — found"), message)
        XCTAssertTrue(message.contains("data/mnist/"), message)
    }

    func testMissingFashionFilesPointAtMakeData() throws {
        let dir = try makeTemporaryDirectory()
        let error = try XCTUnwrap(datasetError { _ = try MNIST.load(directory: dir, split: .test, variant: .fashionMNIST) })
        let message = error.description
        XCTAssertTrue(message.contains("make data"), message)
        XCTAssertTrue(message.contains("dataset-fashion-mnist"), message)
        XCTAssertTrue(message.contains("data/fashion-mnist/"), message)
        XCTAssertTrue(message.contains("t10k-images-idx3-ubyte  7840016 bytes"), message)
        XCTAssertTrue(message.contains("26421856 bytes from Debian"), message)
    }

    /// The published sizes follow from the format: 16 + N·784 and 8 + N.
    func testExpectedSizesFollowTheFormat() {
        for variant in MNIST.Variant.allCases {
            XCTAssertEqual(MNIST.expectedFiles(variant).map(\.size), [47_040_016, 60_008, 7_840_016, 10_008])
        }
    }
}
