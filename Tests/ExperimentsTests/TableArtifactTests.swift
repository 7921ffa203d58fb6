import Foundation
import XCTest
import Tensors
@testable import Experiments

/// Tables passed between stages are declared once and read back through one reader, whose
/// errors name the file, the column and the row.
final class TableArtifactTests: XCTestCase {
    var directory: RunDirectory!
    override func setUpWithError() throws {
        directory = RunDirectory(FileManager.default.temporaryDirectory.appendingPathComponent("artifact-\(UUID().uuidString)"))
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory.root) }

    func testAWrittenTableReadsBackThroughItsDeclaration() throws {
        let table = TimeSmoothGradArtifacts.activities
        try directory.write(table.header + "3,120,0.5,0.25\n7,40,,1.5\n", to: table.path)
        let rows = try table.read(in: directory)
        XCTAssertEqual(try rows.int(1, "activity"), 7)
        XCTAssertEqual(try rows.optionalDouble(0, "pearson"), 0.5)
        XCTAssertNil(try rows.optionalDouble(1, "pearson"))  // an empty cell: not computed
        XCTAssertEqual(try rows.double(1, "mse_standardized"), 1.5)
    }

    func testARenamedColumnOrABadFieldNamesTheFileColumnAndRow() throws {
        let table = TimeSmoothGradArtifacts.regression
        try directory.write("pearson,mse,mse_raw\n0.9,0.1,0.2\n", to: table.path)
        XCTAssertThrowsError(try table.read(in: directory)) { error in
            XCTAssertEqual("\(error)", "metrics/regression.csv has no column 'mse_standardized' (its header: pearson,mse,mse_raw)")
        }
        try directory.write(table.header + "0.9,x,0.2\n", to: table.path)
        XCTAssertThrowsError(try table.read(in: directory).double(0, "mse_standardized")) { error in
            XCTAssertEqual("\(error)", "metrics/regression.csv has no number in column 'mse_standardized', row 1")
        }
    }

    /// Arrays too: a map file of the wrong shape is refused with both shapes named, before a
    /// stage indexes past its end.
    func testAnArrayOfAnotherShapeNamesTheFileAndBothShapes() throws {
        let maps = OvertrainingArtifacts.maps(epoch: 3, method: "saliency", samples: 2)
        XCTAssertEqual(try maps.write(Tensor(shape: [2, 1, 2, 2], values: [Float](repeating: 1, count: 8)), in: directory),
                       "attributions/epoch-0003/saliency.npy")
        XCTAssertEqual(try maps.read(in: directory).shape.dims, [2, 1, 2, 2])
        let three = OvertrainingArtifacts.maps(epoch: 3, method: "saliency", samples: 3)
        XCTAssertThrowsError(try three.read(in: directory)) { error in
            XCTAssertEqual("\(error)", "attributions/epoch-0003/saliency.npy has shape [2, 1, 2, 2], expected (3, any, any, any)")
        }
        let coefficients = TimeSmoothGradArtifacts.coefficients(try ARStatesSpec(SpecReader(.object([("kind", .string("ar-states")), ("states", .number(3)), ("features", .number(4))]), file: "t.json")))
        try directory.write(Tensor(shape: [3, 5], values: [Float](repeating: 0, count: 15)), to: coefficients.path)
        XCTAssertThrowsError(try coefficients.read(in: directory)) { error in
            XCTAssertEqual("\(error)", "data/coefficients.npy has shape [3, 5], expected (3, 4)")
        }
    }

    func testTheTypedTablesRoundTripThroughTheirArtifacts() throws {
        let history = TrainingHistory(rows: [.init(epoch: 1, learningRate: 0.1, trainLoss: 2, validationLoss: 2.5,
                                                   validationAccuracy: nil, lastLayerWeightNorm: 3)])
        try directory.write(history.csv, to: TrainingHistory.artifact.path)
        XCTAssertEqual(try TrainingHistory(in: directory), history)
        let selection = SampleSelection(samples: [.init(row: 4, label: 1, predicted: 2, group: .b, score: 0.75)])
        try directory.write(selection.csv, to: SampleSelection.artifact.path)
        XCTAssertEqual(try SampleSelection(in: directory).samples, selection.samples)
        try directory.write(SampleSelection.artifact.header + "4,1,2,D,0.75\n", to: SampleSelection.artifact.path)
        XCTAssertThrowsError(try SampleSelection(in: directory)) { error in
            XCTAssertEqual("\(error)", "selection/samples.csv row 1: group 'D' is not one of A, B, C")
        }
    }
}
