import Tensors

/// A `.npy` array one stage writes and later stages read, declared once: its run-relative path
/// and the shape its readers rely on — one entry per dimension, nil where any size is fine (the
/// number of samples, say). `read(in:)` checks the shape, so a damaged or foreign file fails
/// with the file, the expected and the found shape named, before any index runs past its end.
public struct ArrayArtifact: Sendable {
    public let path: String
    public let shape: [Int?]

    public init(path: String, shape: [Int?]) {
        self.path = path
        self.shape = shape
    }

    func read(in directory: RunDirectory) throws -> Tensor {
        let array = try directory.readArray(path)
        let dims = array.shape.dims
        guard dims.count == shape.count, zip(dims, shape).allSatisfy({ $1 == nil || $0 == $1 }) else {
            throw ArtifactError(file: path, problem: "has shape \(dims), expected \(ArrayArtifact.describe(shape))")
        }
        return array
    }

    func write(_ array: Tensor, in directory: RunDirectory) throws -> String {
        try directory.write(array, to: path)
        return path
    }

    /// "(N, 3, 28, 28)": nil dimensions as letters a reader does not fix.
    static func describe(_ shape: [Int?]) -> String {
        "(" + shape.map { $0.map(String.init) ?? "any" }.joined(separator: ", ") + ")"
    }
}
