import XCTest
@testable import NeuralNet

final class Transposed8x8Tests: XCTestCase {
    /// v_k holds element k of every row, in row order: row r, element k is 10·r + k.
    func testSwapsRowsAndColumns() {
        let rows = (0..<8).map { r in SIMD8<Float>((0..<8).map { Float(10 * r + $0) }) }
        let t = Transposed8x8(rows[0], rows[1], rows[2], rows[3], rows[4], rows[5], rows[6], rows[7])
        let columns = [t.v0, t.v1, t.v2, t.v3, t.v4, t.v5, t.v6, t.v7]
        for k in 0..<8 {
            XCTAssertEqual(columns[k], SIMD8<Float>((0..<8).map { Float(10 * $0 + k) }), "column \(k)")
        }
    }
}
