/// The extents of a tensor, outermost first: (N, C, H, W) for images, (N, C, W) for series.
public struct Shape: Hashable, Codable, CustomStringConvertible, ExpressibleByArrayLiteral, Sendable {
    public var dims: [Int]

    public init(_ dims: [Int]) {
        precondition(dims.allSatisfy { $0 >= 0 }, "negative extent in shape \(dims)")
        self.dims = dims
    }
    public init(arrayLiteral dims: Int...) { self.init(dims) }

    public var rank: Int { dims.count }
    /// Number of elements; 1 for a scalar (rank 0).
    public var count: Int { dims.reduce(1, *) }
    public subscript(axis: Int) -> Int { dims[axis] }
    /// Elements per entry of the outermost axis (e.g. C·H·W for NCHW).
    public var countPerItem: Int { dims.dropFirst().reduce(1, *) }

    public var description: String { "[" + dims.map(String.init).joined(separator: ", ") + "]" }

    public init(from decoder: Decoder) throws { self.init(try [Int](from: decoder)) }
    public func encode(to encoder: Encoder) throws { try dims.encode(to: encoder) }
}
