import Foundation
import XCTest
@testable import Experiments

/// The aggregate of hand-made member tables against a hand computation.
final class TableAggregateTests: XCTestCase {
    func member(_ name: String, _ csv: String) -> TableAggregate.MemberTable {
        .init(member: name, records: CSVRecords.parse(csv))
    }

    func testMeanSigmaAndTIntervalOfHandMadeTables() throws {
        // Three seeds; the rows of the second come in another order (a ranking) and are matched by their text.
        let tables = [member("seed-0", "method,score,paper\nA,1,10\nB,0.5,0.6\n"),
                      member("seed-1", "method,score,paper\nB,0.7,0.6\nA,2,10\n"),
                      member("seed-2", "method,score,paper\nA,4,10\nB,0.6,0.6\n")]
        let aggregate = TableAggregate(stem: "t", title: "T", memberNotes: ["theirs"], gridKeys: [],
                                       points: [.init(values: [], tables: tables)])
        let (csv, markdown, _) = try aggregate.tables()
        XCTAssertEqual(csv.columns, ["method", "score mean", "score σ", "score 95% CI low", "score 95% CI high", "score n",
                                     "paper", "paper outside 95% CI"])
        // A: 1, 2, 4.  mean = 7/3;  σ² = ((1 − 7/3)² + (2 − 7/3)² + (4 − 7/3)²) / (3 − 1) = (16 + 1 + 25) / 9 / 2 = 7/3;
        // half-width = t_{0.975, 2} σ / √3 with t_{0.975, 2} = 4.302653 → 3.7947.
        let a = csv.rows[0]
        XCTAssertEqual(a[0], "A")
        XCTAssertEqual(Double(a[1])!, 7.0 / 3, accuracy: 1e-7)
        XCTAssertEqual(Double(a[2])!, (7.0 / 3).squareRoot(), accuracy: 1e-7)
        let half = 4.302653 * (7.0 / 3).squareRoot() / 3.0.squareRoot()
        XCTAssertEqual(Double(a[3])!, 7.0 / 3 - half, accuracy: 1e-5)
        XCTAssertEqual(Double(a[4])!, 7.0 / 3 + half, accuracy: 1e-5)
        XCTAssertEqual(a[5], "3")
        XCTAssertEqual(Array(a[6...]), ["10", "yes"], "10 lies above A's interval [-1.46, 6.13]")
        // B: 0.5, 0.7, 0.6 → mean 0.6, σ 0.1; 0.6 is inside.
        let b = csv.rows[1]
        XCTAssertEqual(Double(b[1])!, 0.6, accuracy: 1e-12)
        XCTAssertEqual(Double(b[2])!, 0.1, accuracy: 1e-12)
        XCTAssertEqual(Array(b[6...]), ["0.6", "no"])
        XCTAssertEqual(markdown.columns, ["method", "score", "paper", "n"])
        XCTAssertEqual(markdown.rows[0], ["A", "2.333 ± 1.528 [-1.461, 6.128]", "10 ✗", "3"])
        XCTAssertEqual(markdown.rows[1], ["B", "0.600 ± 0.100 [0.352, 0.848]", "0.6", "3"])
        XCTAssertTrue(markdown.notes.contains { $0.contains("t_{0.975, 2} = 4.303") && $0.contains("n − 1") }, "\(markdown.notes)")
        XCTAssertEqual(markdown.notes.last, "theirs")
    }

    func testSummaryOfOneValueHasNoIntervalAndGridPointsGetTheirColumns() throws {
        let one = try XCTUnwrap(SampleSummary([0.25]))
        XCTAssertEqual(one.mean, 0.25)
        XCTAssertNil(one.standardDeviation)
        XCTAssertNil(one.interval)
        XCTAssertNil(SampleSummary([]))

        let points = [TableAggregate.Point(values: ["0.01"], tables: [member("a", "metric,v\nx,1\n"), member("b", "metric,v\nx,3\n")]),
                      TableAggregate.Point(values: ["0.05"], tables: [member("c", "metric,v\nx,5\n")])]
        let (csv, markdown, _) = try TableAggregate(stem: "t", title: "T", memberNotes: [], gridKeys: ["training.optimizer.lr"],
                                                 points: points).tables()
        XCTAssertEqual(csv.rows.map { Array($0.prefix(3)) }, [["0.01", "x", "2"], ["0.05", "x", "5"]])
        XCTAssertEqual(markdown.rows.map(\.last), ["2", "1"])
        XCTAssertEqual(markdown.rows[1][2], "5.000")
    }

    func testMissingValuesAndDifferingTextCells() throws {
        // "—": no epoch after the reference in that seed; the ranking's yes/no differs per seed.
        let tables = [member("seed-0", "method,after,beats\nA,0.5,yes\nB,0.25,no\n"),
                      member("seed-1", "method,after,beats\nB,0.75,yes\nA,—,yes\n")]
        let (csv, markdown, _) = try TableAggregate(stem: "t", title: "T", memberNotes: [], gridKeys: [],
                                                    points: [.init(values: [], tables: tables)]).tables()
        XCTAssertEqual(csv.rows.map { [$0[0], $0[1], $0[5], $0[6]] }, [["A", "0.5", "1", "yes"], ["B", "0.5", "2", "no ×1, yes ×1"]])
        XCTAssertEqual(markdown.rows[0][1], "0.500 (n = 1)")
    }

    func testPaperColumnsReportTheColumnTheirNameSays() {
        let header = ["state", "gradient (mean map)", "time-smoothgrad (mean map)", "time-smoothgrad (per step)", "paper (Time-Smoothgrad, mean map)"]
        let kinds: [TableAggregate.ColumnKind] = [.label, .numeric, .numeric, .numeric, .paper]
        XCTAssertEqual(TableAggregate.paperTarget(4, header: header, kinds: kinds), 2)
        XCTAssertEqual(TableAggregate.paperTarget(2, header: ["metric", "driftlab", "paper"], kinds: [.label, .numeric, .paper]), 1)
        XCTAssertEqual(TableAggregate.leadingNumber("0.92 ± 0.01"), 0.92)
        XCTAssertNil(TableAggregate.leadingNumber("—"))
        XCTAssertEqual(CSVRecords.parse("a,\"b, c\",\"d \"\"e\"\"\"\n1,2,3\n"), [["a", "b, c", "d \"e\""], ["1", "2", "3"]])
    }
}
