import Foundation

/// Tiny IDX files in (Fashion-)MNIST's published format for the image pipelines' tests.
enum TinyIDX {
    /// `prefix`-images-idx3-ubyte (magic 0x803) and -labels-idx1-ubyte (0x801) in `folder`;
    /// class k is a bright block in row band k over a faint texture.
    static func write(_ prefix: String, count: Int, in folder: URL) throws {
        var images = Data([0, 0, 8, 3]), labels = Data([0, 0, 8, 1])
        for v in [count, 28, 28] { images.append(contentsOf: withUnsafeBytes(of: UInt32(v).bigEndian) { Array($0) }) }
        labels.append(contentsOf: withUnsafeBytes(of: UInt32(count).bigEndian) { Array($0) })
        for i in 0..<count {
            let k = i % 10
            labels.append(UInt8(k))
            for r in 0..<28 { for c in 0..<28 { images.append(r / 3 == k && c > 4 && c < 24 ? 200 : UInt8((r * 7 + c * 3 + i) % 40)) } }
        }
        try images.write(to: folder.appendingPathComponent("\(prefix)-images-idx3-ubyte"))
        try labels.write(to: folder.appendingPathComponent("\(prefix)-labels-idx1-ubyte"))
    }
}
