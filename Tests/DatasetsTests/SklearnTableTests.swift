import Foundation
import XCTest
@testable import Datasets

/// scikit-learn's bundled CSV format: "samples,features,class names…", then the rows.
final class SklearnTableTests: XCTestCase {
    let file = URL(fileURLWithPath: "/t/table.csv")

    func testReadsRowsLabelsAndClassNames() throws {
        let text = "2,2,no,yes\n1.5,2,1\n-3,4e-2,0\n"
        let table = try SklearnTable.parse(Data(text.utf8), file: file, featureNames: ["a", "b"])
        XCTAssertEqual(table.rows, [[1.5, 2], [-3, 0.04]])
        XCTAssertEqual(table.labels, [1, 0])
        XCTAssertEqual(table.classNames, ["no", "yes"])
    }

    func testNamesTheLineThatIsWrong() {
        func problem(_ text: String) -> String {
            do { _ = try SklearnTable.parse(Data(text.utf8), file: file, featureNames: ["a", "b"]); return "accepted" } catch { return "\(error)" }
        }
        XCTAssertTrue(problem("2,2,no,yes\n1,2,1\n").contains("announces 2 samples, the file has 1"), problem("2,2,no,yes\n1,2,1\n"))
        XCTAssertTrue(problem("1,2,no,yes\n1,x,1\n").contains("line 2"), problem("1,2,no,yes\n1,x,1\n"))
        XCTAssertTrue(problem("1,2,no,yes\n1,2,5\n").contains("class 5 outside 0..<2"), problem("1,2,no,yes\n1,2,5\n"))
    }

    /// The names scikit-learn gives its 30 breast-cancer features, in its order.
    func testBreastCancerFeatureNamesFollowScikitLearn() {
        let names = SklearnTable.Dataset.breastCancer.featureNames
        XCTAssertEqual(names.count, 30)
        XCTAssertEqual([names[0], names[7], names[10], names[20], names[29]],
                       ["mean radius", "mean concave points", "radius error", "worst radius", "worst fractal dimension"])
        XCTAssertEqual(SklearnTable.Dataset.wine.featureNames.count, 13)
    }
}
