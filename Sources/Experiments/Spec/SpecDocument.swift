import Foundation
import Tensors

/// A spec file as a JSON tree, after `extends` and `--set` are applied but before it is
/// typed. Precedence, lowest first: the base spec(s), the spec itself, `--set` overrides.
public struct SpecDocument {
    public let file: String
    public var root: JSONValue

    /// Reads `url`, merging the chain of `"extends": "base.json"` (relative to each spec's folder).
    public static func load(_ url: URL) throws -> SpecDocument {
        try load(url, chain: [])
    }

    private static func load(_ url: URL, chain: [URL]) throws -> SpecDocument {
        let name = url.relativePath
        guard !chain.contains(url.standardizedFileURL) else {
            throw SpecError(file: name, path: "extends", "extends itself through \(chain.map(\.lastPathComponent).joined(separator: " → "))")
        }
        let data: Data
        do { data = try FileContents.read(url) } catch let error as FileContents.ReadError {
            throw SpecError(file: name, path: "", "cannot read: \(error.problem)")
        }
        let tree: JSONValue
        do { tree = try JSONValue.parse(data) } catch {
            throw SpecError(file: name, path: "", "not valid JSON: \(error)")
        }
        guard case .object = tree else { throw SpecError(file: name, path: "", "expected a JSON object at the top") }
        guard let base = tree["extends"] else { return SpecDocument(file: name, root: tree) }
        guard case .string(let relative) = base else {
            throw SpecError(file: name, path: "extends", "expected a file name, got \(base.kindName)")
        }
        let baseURL = url.deletingLastPathComponent().appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: baseURL.path) else {
            throw SpecError(file: name, path: "extends", "base spec \(baseURL.relativePath) does not exist")
        }
        let parent = try load(baseURL, chain: chain + [url.standardizedFileURL])
        return SpecDocument(file: name, root: SpecDocument.merge(parent.root, tree.removing("extends")))
    }

    /// Objects merge key by key (recursively); anything else in `top` replaces `base`.
    static func merge(_ base: JSONValue, _ top: JSONValue) -> JSONValue {
        guard case .object(var merged) = base, case .object(let overrides) = top else { return top }
        for (key, value) in overrides {
            if let i = merged.firstIndex(where: { $0.key == key }) {
                merged[i].value = merge(merged[i].value, value)
            } else {
                merged.append((key, value))
            }
        }
        return .object(merged)
    }

    /// Applies one `--set a.b.c=value` override. The value is read as JSON when it parses
    /// (numbers, booleans, lists, quoted strings) and as a plain string otherwise.
    public mutating func set(_ assignment: String) throws {
        guard let eq = assignment.firstIndex(of: "="), eq != assignment.startIndex else {
            throw SpecError(file: "--set", path: "", "expected key.path=value, got \"\(assignment)\"")
        }
        let path = String(assignment[..<eq])
        let text = String(assignment[assignment.index(after: eq)...])
        let value = (try? JSONValue.parse(Data(text.utf8))) ?? .string(text)
        try set(path, to: value)
    }

    /// Sets the dotted `path` ("training.optimizer.lr", "attribution[1].window") to `value`,
    /// creating missing objects on the way, as `--set` and a sweep member's values do.
    public mutating func set(_ path: String, to value: JSONValue) throws {
        root = try SpecDocument.assign(value, at: path.split(separator: ".").map(String.init), in: root, fullPath: path)
    }

    private static func assign(_ value: JSONValue, at keys: [String], in node: JSONValue, fullPath: String) throws -> JSONValue {
        guard let key = keys.first else { return value }
        // "attribution[1]" addresses a list element.
        if let open = key.firstIndex(of: "["), key.hasSuffix("]"),
           let index = Int(key[key.index(after: open)..<key.index(before: key.endIndex)]) {
            let name = String(key[..<open])
            guard case .array(var items)? = node[name] else {
                throw SpecError(file: "--set", path: fullPath, "\(name) is not a list in this spec")
            }
            guard items.indices.contains(index) else {
                throw SpecError(file: "--set", path: fullPath, "\(name) has \(items.count) entries, no [\(index)]")
            }
            items[index] = try assign(value, at: Array(keys.dropFirst()), in: items[index], fullPath: fullPath)
            return try assign(.array(items), at: [name], in: node, fullPath: fullPath)
        }
        guard case .object(var fields) = node else {
            throw SpecError(file: "--set", path: fullPath, "cannot set a field inside \(node.kindName)")
        }
        let child = fields.first { $0.key == key }?.value ?? .object([])
        let updated = try assign(value, at: Array(keys.dropFirst()), in: child, fullPath: fullPath)
        if let i = fields.firstIndex(where: { $0.key == key }) { fields[i].value = updated } else { fields.append((key, updated)) }
        return .object(fields)
    }

    public var reader: SpecReader { SpecReader(root, file: file) }
}

extension JSONValue {
    public func removing(_ key: String) -> JSONValue {
        guard case .object(let fields) = self else { return self }
        return .object(fields.filter { $0.key != key })
    }
}
