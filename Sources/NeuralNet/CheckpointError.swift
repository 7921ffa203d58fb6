import Foundation
import Tensors

/// A checkpoint or safetensors file that cannot be read, written or loaded, with the file and
/// the problem spelled out so a failed resume says exactly what to fix.
public struct CheckpointError: Error, CustomStringConvertible {
    public let file: String
    public let problem: String

    public init(file: URL, _ problem: String) {
        self.file = file.path
        self.problem = problem
    }
    public var description: String { "\(file): \(problem)" }
}

extension CheckpointError: InputFileError {}
