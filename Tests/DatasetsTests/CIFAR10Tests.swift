import Foundation
import XCTest
import Tensors
@testable import Datasets

final class CIFAR10Tests: XCTestCase {
    /// data_batch_k holds two records labelled k−1 and k+4; test_batch three labelled 9, 0, 3.
    func writeFiles(in folder: URL) throws {
        for k in 1...5 {
            let records = Fixture.cifarRecord(label: UInt8(k - 1), seed: 10 * k)
                + Fixture.cifarRecord(label: UInt8(k + 4), seed: 10 * k + 1)
            try Fixture.write(records, to: folder.appendingPathComponent("data_batch_\(k).bin"))
        }
        try Fixture.write([9, 0, 3].enumerated().flatMap { Fixture.cifarRecord(label: $0.element, seed: 500 + $0.offset) },
                          to: folder.appendingPathComponent("test_batch.bin"))
    }

    func testLoadsTrainInFileOrder() throws {
        let dir = try makeTemporaryDirectory()
        try writeFiles(in: dir)
        let set = try CIFAR10.load(directory: dir, split: .train)
        XCTAssertEqual(set.images.shape, [10, 3, 32, 32])
        XCTAssertEqual(set.labels, [0, 5, 1, 6, 2, 7, 3, 8, 4, 9])
        XCTAssertEqual(set.classNames, ["airplane", "automobile", "bird", "cat", "deer",
                                        "dog", "frog", "horse", "ship", "truck"])
        // Record 1 of data_batch_2 (seed 21) is image 3; green plane (c = 1), row 4, column 9:
        // pixel byte 1024 + 4·32 + 9 = 1161, value (21 + 7·1161) mod 256.
        XCTAssertEqual(set.images[3, 1, 4, 9], Float((21 + 7 * 1161) % 256) / 255)
        XCTAssertEqual(set.images[0, 0, 0, 0], Float(10) / 255)
        XCTAssertEqual(set.images[9, 2, 31, 31], Float((51 + 7 * 3071) % 256) / 255)
    }

    func testLoadsFromTheArchiveSubfolder() throws {
        let dir = try makeTemporaryDirectory()
        try writeFiles(in: dir.appendingPathComponent("cifar-10-batches-bin"))
        let set = try CIFAR10.load(directory: dir, split: .test)
        XCTAssertEqual(set.images.shape, [3, 3, 32, 32])
        XCTAssertEqual(set.labels, [9, 0, 3])
        XCTAssertEqual(set.images[2, 2, 0, 1], Float((502 + 7 * 2049) % 256) / 255)
    }

    func testCutRecordIsAnErrorWithSizes() throws {
        let dir = try makeTemporaryDirectory()
        try writeFiles(in: dir)
        let file = dir.appendingPathComponent("data_batch_3.bin")
        let whole = try Data(contentsOf: file)
        try whole.dropLast(5).write(to: file)
        let error = try XCTUnwrap(datasetError { _ = try CIFAR10.load(directory: dir, split: .train) })
        XCTAssertEqual(error.kind, .truncated)
        XCTAssertEqual(error.file, file.path)
        XCTAssertEqual(error.offset, 3073)
        XCTAssertTrue(error.description.contains("3073-byte records"), error.description)
        XCTAssertTrue(error.description.contains("found 6141 bytes"), error.description)
    }

    func testLabelAboveNineNamesOffset() throws {
        let dir = try makeTemporaryDirectory()
        try writeFiles(in: dir)
        let file = dir.appendingPathComponent("test_batch.bin")
        var bytes = [UInt8](try Data(contentsOf: file))
        bytes[2 * 3073] = 10
        try Fixture.write(bytes, to: file)
        let error = try XCTUnwrap(datasetError { _ = try CIFAR10.load(directory: dir, split: .test) })
        XCTAssertEqual(error.kind, .labelOutOfRange)
        XCTAssertEqual(error.offset, 6146)
        XCTAssertTrue(error.description.hasPrefix("\(file.path), byte 6146: label 10"), error.description)
    }

    func testMissingFilesListEveryNameAndSize() throws {
        let dir = try makeTemporaryDirectory()
        try writeFiles(in: dir)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("data_batch_4.bin"))
        let error = try XCTUnwrap(datasetError { _ = try CIFAR10.load(directory: dir, split: .train) })
        XCTAssertEqual(error.kind, .missingFiles)
        let message = error.description
        for name in ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_5.bin", "test_batch.bin"] {
            XCTAssertTrue(message.contains("\(name)  30730000 bytes  — found"), "\(name) in\n\(message)")
        }
        XCTAssertTrue(message.contains("data_batch_4.bin  30730000 bytes  — MISSING"), message)
        XCTAssertTrue(message.contains("CIFAR-10 binary version"), message)
        XCTAssertTrue(message.contains("data/cifar10/"), message)
        // The test split is whole, so it still loads.
        XCTAssertEqual(try CIFAR10.load(directory: dir, split: .test).count, 3)
    }
}
