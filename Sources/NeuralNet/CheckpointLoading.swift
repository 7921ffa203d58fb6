import Foundation
import Tensors

/// The checks of `Checkpoint.load` / `loadWeights`, each turning file content into a value or
/// an error that names the tensor or metadata key at fault.
extension Checkpoint {
    /// One validated state entry, ready to be written into the network.
    struct StateCopy {
        let entry: StateEntry
        let source: SafetensorsTensor
        let counterValue: Int64?

        /// Copies into the network's existing tensors, so views and optimizers holding them see the values.
        func apply() {
            switch entry {
            case .parameter(let p): _ = source.copyFloats(into: p.value.data)
            case .buffer(let t): _ = source.copyFloats(into: t.data)
            case .counter(let c): c.value = counterValue!
            }
        }
    }

    /// Pairs every state entry with its tensor; all missing, misshapen, mistyped and unexpected
    /// tensors are reported in one error. Keys under `optimizer.` and `generator.` are not model state.
    static func matchState(of network: Network, in file: SafetensorsFile, url: URL) throws -> [StateCopy] {
        var problems: [String] = []
        var copies: [StateCopy] = []
        for (name, entry) in network.state {
            guard let source = file.tensors[name] else {
                problems.append("missing tensor '\(name)' (expected shape \(entry.shape))")
                continue
            }
            guard source.shape == entry.shape.dims else {
                problems.append("tensor '\(name)' has shape \(Shape(source.shape)), the model expects \(entry.shape)")
                continue
            }
            if case .counter = entry {
                guard let value = counterValue(source) else {
                    problems.append("tensor '\(name)' is a counter but holds \(source.dtype.rawValue) that is not an integer")
                    continue
                }
                copies.append(StateCopy(entry: entry, source: source, counterValue: value))
            } else {
                guard source.dtype.isFloatingPoint else {
                    problems.append("tensor '\(name)' has dtype \(source.dtype.rawValue), expected a float type")
                    continue
                }
                copies.append(StateCopy(entry: entry, source: source, counterValue: nil))
            }
        }
        let known = Set(network.state.map(\.name))
        let unexpected = file.tensors.keys.filter {
            !known.contains($0) && !$0.hasPrefix(optimizerPrefix) && !$0.hasPrefix(generatorPrefix)
        }
        if !unexpected.isEmpty {
            problems.append("unexpected tensors not in model '\(network.kind)': "
                + unexpected.sorted().map { "'\($0)'" }.joined(separator: ", "))
        }
        guard problems.isEmpty else { throw CheckpointError(file: url, problems.joined(separator: "; ")) }
        return copies
    }

    /// A counter from I64/I32, or from F32/F64 holding a whole number (some exporters cast all to float).
    static func counterValue(_ source: SafetensorsTensor) -> Int64? {
        if let values = source.int64Values() { return values.first }
        guard source.dtype == .f32 || source.dtype == .f64, let value = source.tensor()?.element(0) else { return nil }
        return Int64(exactly: value)
    }

    static func integer(_ key: String, in file: SafetensorsFile, url: URL, atLeast minimum: Int? = nil) throws -> Int {
        guard let text = file.metadata[key] else {
            throw CheckpointError(file: url, "__metadata__ has no \"\(key)\"")
        }
        guard let value = Int(text) else {
            throw CheckpointError(file: url, "__metadata__ \"\(key)\" is \"\(text)\", not an integer")
        }
        if let minimum, value < minimum {
            throw CheckpointError(file: url, "__metadata__ \"\(key)\" is \(value), expected ≥ \(minimum)")
        }
        return value
    }

    static func savedGeneratorState(in file: SafetensorsFile, url: URL) throws -> [UInt64] {
        guard let tensor = file.tensors[generatorKey] else {
            throw CheckpointError(file: url, "missing tensor '\(generatorKey)'")
        }
        guard tensor.shape == [5], let words = tensor.uint64Values() else {
            throw CheckpointError(file: url, "tensor '\(generatorKey)' is \(tensor.dtype.rawValue) of shape "
                + "\(Shape(tensor.shape)), expected U64 of shape [5]")
        }
        return words
    }

    /// Slots under `optimizer.`, with the prefix removed, as the optimizer named them.
    static func optimizerSlots(in file: SafetensorsFile, url: URL) throws -> [String: Tensor] {
        var slots: [String: Tensor] = [:]
        for (name, source) in file.tensors where name.hasPrefix(optimizerPrefix) {
            guard let tensor = source.tensor() else {
                throw CheckpointError(file: url, "tensor '\(name)' has dtype \(source.dtype.rawValue), expected a float type")
            }
            slots[String(name.dropFirst(optimizerPrefix.count))] = tensor
        }
        return slots
    }
}
