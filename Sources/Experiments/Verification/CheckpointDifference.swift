import NeuralNet

/// How two safetensors checkpoints differ, tensor by tensor: float tensors by their values
/// (`ArrayDifference`), integer ones (step counters, generator state) by count of differing
/// elements, plus tensors only one side has and metadata entries that changed.
public struct CheckpointDifference: Equatable, Sendable {
    public struct TensorDifference: Equatable, Sendable {
        public enum Kind: Equatable, Sendable {
            case values(ArrayDifference)
            case integers(differing: Int, of: Int)
            /// dtype or shape: "F32 [4, 3] → F32 [3, 4]".
            case layout(String)
        }
        public var name: String
        public var kind: Kind

        public var summary: String {
            switch kind {
            case .values(let d): return "\(name): \(d.summary)"
            case let .integers(differing, of): return "\(name): \(differing) of \(of) integers differ"
            case .layout(let change): return "\(name): \(change)"
            }
        }
    }

    /// Tensors in both files that differ, by name.
    public var tensors: [TensorDifference]
    /// Tensor names only the recorded file has, and only the re-run's.
    public var missing: [String]
    public var extra: [String]
    /// `__metadata__` keys whose values differ (or that one side lacks), sorted.
    public var metadata: [String]

    public var identical: Bool { tensors.isEmpty && missing.isEmpty && extra.isEmpty && metadata.isEmpty }

    /// The float tensor with the largest relative difference (the first by name on ties).
    public var worst: (name: String, difference: ArrayDifference)? {
        var best: (name: String, difference: ArrayDifference)?
        for t in tensors {
            guard case .values(let d) = t.kind, !d.shapesDiffer else { continue }
            if best == nil || d.maxRelative > best!.difference.maxRelative { best = (t.name, d) }
        }
        return best
    }

    public static func compare(recorded: SafetensorsFile, now: SafetensorsFile) -> CheckpointDifference {
        var tensors: [TensorDifference] = []
        for name in recorded.tensors.keys.sorted() {
            guard let a = recorded.tensors[name], let b = now.tensors[name], a != b else { continue }
            if a.dtype != b.dtype || a.shape != b.shape {
                tensors.append(.init(name: name, kind: .layout("\(a.dtype.rawValue) \(a.shape) → \(b.dtype.rawValue) \(b.shape)")))
            } else if let x = a.tensor(), let y = b.tensor() {
                tensors.append(.init(name: name, kind: .values(ArrayDifference.compare(x, y))))
            } else {
                let width = a.dtype.elementSize
                let bytesA = [UInt8](a.bytes), bytesB = [UInt8](b.bytes)
                let differing = (0..<a.elementCount).filter { bytesA[($0 * width)..<(($0 + 1) * width)] != bytesB[($0 * width)..<(($0 + 1) * width)] }.count
                tensors.append(.init(name: name, kind: .integers(differing: differing, of: a.elementCount)))
            }
        }
        let metadataKeys = Set(recorded.metadata.keys).union(now.metadata.keys)
        return CheckpointDifference(
            tensors: tensors,
            missing: recorded.tensors.keys.filter { now.tensors[$0] == nil }.sorted(),
            extra: now.tensors.keys.filter { recorded.tensors[$0] == nil }.sorted(),
            metadata: metadataKeys.filter { recorded.metadata[$0] != now.metadata[$0] }.sorted())
    }

    /// "3 tensors differ, worst fc2.weight (max relative 2.4e-07)".
    public var summary: String {
        var parts: [String] = []
        if !tensors.isEmpty {
            var text = "\(tensors.count) tensor\(tensors.count == 1 ? "" : "s") differ\(tensors.count == 1 ? "s" : "")"
            if let worst { text += ", worst \(worst.name) (max relative \(ArrayDifference.scientific(worst.difference.maxRelative)))" }
            parts.append(text)
        }
        if !missing.isEmpty { parts.append("missing tensors: \(missing.joined(separator: ", "))") }
        if !extra.isEmpty { parts.append("extra tensors: \(extra.joined(separator: ", "))") }
        if !metadata.isEmpty { parts.append("metadata differs: \(metadata.joined(separator: ", "))") }
        return parts.isEmpty ? "identical tensors and metadata (the bytes differ)" : parts.joined(separator: "; ")
    }
}
