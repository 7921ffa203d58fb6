import Foundation

/// driftlab's version, and the git commit of the checkout the running binary was built in
/// (found from the executable's own path, `…/<checkout>/.build/<config>/driftlab`, not from the
/// folder the command runs in).
enum SourceCheckout {
    static let version = "0.1.0"

    /// The checkout's HEAD, nil when the binary does not sit inside a git checkout.
    static func commit() -> String? {
        guard var folder = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() else { return nil }
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return head(of: folder) }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    /// "0.1.0 (commit 1a2b3c4…)" for `--version` and the manifest.
    static var versionLine: String { version + (commit().map { " (commit \($0))" } ?? " (not built in a git checkout)") }

    static func head(of folder: URL) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", folder.path, "rev-parse", "HEAD"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = Pipe()
        guard (try? p.run()) != nil else { return nil }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
