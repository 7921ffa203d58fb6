import Foundation
import Tensors

/// Tables of numbers in text files (the sensor datasets: CSV, space- or tab-separated), read
/// into one flat row-major [Float]. Every row must have the same number of values; a row that
/// does not, or a value that is not a number, is a `DatasetError` naming the file and the
/// 1-based line, because a silently shifted column would mislabel every sample after it.
enum NumericText {
    /// The rows read, flat and row-major, and the 1-based file line of each row, so checks made
    /// after reading (a label out of range) can still name the line.
    struct Table {
        var values: [Float]
        var lines: [Int]
        var rows: Int { lines.count }
    }

    /// Reads `url` as rows of exactly `columns` numbers. Commas, spaces and tabs all separate
    /// values and runs of them count as one, so "1, 2" and "1\t 2" both read as two values; an
    /// empty field (",,") therefore shows up as a short row, which is still an error. Blank
    /// lines are skipped (files end with one). "NaN" reads as NaN (PAMAP2 marks gaps with it).
    static func read(_ url: URL, columns: Int) throws -> Table {
        let data: Data
        do {
            data = try FileContents.read(url)
        } catch let error as FileContents.ReadError {
            throw DatasetError(.unreadable, file: url, "cannot read: \(error.problem)")
        }
        // One trailing NUL so strtof always stops inside the buffer.
        var bytes = [UInt8](data)
        bytes.append(0)
        var values: [Float] = []
        values.reserveCapacity(bytes.count / 6)
        var lines: [Int] = []
        var failure: (line: Int, problem: String)?

        bytes.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            let end = buffer.count - 1
            var position = 0
            var line = 0
            while position < end && failure == nil {
                line += 1
                var lineEnd = position
                while lineEnd < end && base[lineEnd] != 10 { lineEnd += 1 }
                var found = 0
                var cursor = position
                while cursor < lineEnd {
                    let byte = base[cursor]
                    if byte == 44 || byte == 32 || byte == 9 || byte == 13 { cursor += 1; continue }
                    var tokenEnd = cursor
                    while tokenEnd < lineEnd, ![44, 32, 9, 13].contains(base[tokenEnd]) { tokenEnd += 1 }
                    var parsedEnd: UnsafeMutablePointer<CChar>?
                    let start = UnsafeMutableRawPointer(base + cursor).assumingMemoryBound(to: CChar.self)
                    let value = strtof(start, &parsedEnd)
                    let consumed = parsedEnd.map { UnsafeMutableRawPointer($0) - UnsafeMutableRawPointer(start) } ?? 0
                    if consumed != tokenEnd - cursor {
                        let token = String(decoding: UnsafeBufferPointer(start: base + cursor, count: min(tokenEnd - cursor, 40)),
                                           as: UTF8.self)
                        failure = (line, "value \(found + 1) \"\(token)\" is not a number")
                        break
                    }
                    found += 1
                    if found <= columns { values.append(value) }
                    cursor = tokenEnd
                }
                if failure == nil && found != 0 {
                    if found != columns {
                        failure = (line, "\(found) values, expected \(columns)")
                    } else {
                        lines.append(line)
                    }
                }
                position = lineEnd + 1
            }
        }
        if let failure { throw DatasetError(.malformedLine, file: url, line: failure.line, failure.problem) }
        return Table(values: values, lines: lines)
    }

    /// `value` as an integer label, or nil when it is not a whole number (a label column must
    /// hold whole numbers; a fraction means the columns are shifted).
    static func integer(_ value: Float) -> Int? {
        guard value.isFinite, value == value.rounded(), abs(value) < 1e9 else { return nil }
        return Int(value)
    }
}
