/// A row-major matrix of values: a heatmap, an attribution map, a grayscale image.
/// The figures check `values.count == rows × cols` and report a mismatch as a FigureError.
public struct Grid2D: Equatable, Sendable {
    public let rows: Int
    public let cols: Int
    public let values: [Double]

    public init(rows: Int, cols: Int, values: [Double]) {
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    /// From Float (or any floating-point) values; array literals still pick the Double init.
    public init<T: BinaryFloatingPoint>(rows: Int, cols: Int, values: [T]) {
        self.init(rows: rows, cols: cols, values: values.map { Double($0) })
    }

    /// Builds the grid cell by cell.
    public init(rows: Int, cols: Int, _ value: (_ row: Int, _ col: Int) -> Double) {
        var values: [Double] = []
        values.reserveCapacity(rows * cols)
        for r in 0..<rows { for c in 0..<cols { values.append(value(r, c)) } }
        self.init(rows: rows, cols: cols, values: values)
    }

    public subscript(row: Int, col: Int) -> Double { values[row * cols + col] }

    /// The reason this grid cannot be drawn, or nil when it can.
    func problem(_ what: String) -> String? {
        if rows <= 0 || cols <= 0 { return "\(what) is empty (\(rows) × \(cols))" }
        if values.count != rows * cols {
            return "\(what) has \(values.count) values for \(rows) × \(cols) cells"
        }
        if let i = values.firstIndex(where: { !$0.isFinite }) {
            return "\(what) has a non-finite value (\(values[i])) at row \(i / cols), column \(i % cols)"
        }
        return nil
    }

    /// min…max of the values (call after `problem` returned nil).
    var extent: ClosedRange<Double> { values.min()!...values.max()! }
}

/// An RGB image, row-major with interleaved channels (height × width × 3), values in 0…1.
public struct RGBImage: Equatable, Sendable {
    public let rows: Int
    public let cols: Int
    public let values: [Double]

    public init(rows: Int, cols: Int, values: [Double]) {
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    /// From Float (or any floating-point) values; array literals still pick the Double init.
    public init<T: BinaryFloatingPoint>(rows: Int, cols: Int, values: [T]) {
        self.init(rows: rows, cols: cols, values: values.map { Double($0) })
    }

    func problem(_ what: String) -> String? {
        if rows <= 0 || cols <= 0 { return "\(what) is empty (\(rows) × \(cols))" }
        if values.count != rows * cols * 3 {
            return "\(what) has \(values.count) values for \(rows) × \(cols) × 3"
        }
        if values.contains(where: { !$0.isFinite }) { return "\(what) has a non-finite value" }
        return nil
    }
}
