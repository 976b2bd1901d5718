import DefectChemistry
import Foundation
import SwiftCSV

/// Text of an input named on the command line: a file, or `-` for stdin.
enum InputFile {
  /// The UTF-8 text of `path` and the name to use in messages (`<stdin>` for `-`). `option` names the
  /// argument in messages; files over `limit` bytes are refused before they are read.
  static func read(_ path: String, option: String, limit: Int = 64 << 20) throws -> (text: String, source: String) {
    let shown = "\(option) \(MessageText.path(path))"
    if path == "-" {
      let data = FileHandle.standardInput.readData(ofLength: limit + 1)
      guard data.count <= limit else { throw InputError("<stdin>: more than \(limit) bytes; inputs are limited to that") }
      guard let text = String(data: data, encoding: .utf8) else { throw InputError("<stdin>: not UTF-8 text") }
      return (text, "<stdin>")
    }
    var st = stat()
    guard stat(path, &st) == 0 else {
      throw InputError("\(shown): \(errno == ENOENT ? "no such file" : String(cString: strerror(errno)))")
    }
    switch st.st_mode & S_IFMT {
    case S_IFDIR: throw InputError("\(shown): is a directory, not a file")
    case S_IFREG:
      guard Int(st.st_size) <= limit else { throw InputError("\(shown): \(st.st_size) bytes; inputs are limited to \(limit)") }
    default: break  // a pipe or device (e.g. <(…)): read what comes, up to the limit
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw InputError("\(shown): cannot open (\(String(cString: strerror(errno))))")
    }
    defer { try? handle.close() }
    let data: Data
    do { data = try handle.read(upToCount: limit + 1) ?? Data() } catch {
      throw InputError("\(shown): cannot read (\(error.localizedDescription))")
    }
    guard data.count <= limit else { throw InputError("\(shown): more than \(limit) bytes; inputs are limited to that") }
    guard let text = String(data: data, encoding: .utf8) else { throw InputError("\(shown): not UTF-8 text") }
    return (text, path)
  }
}

/// A CSV data file (SwiftCSV): trimmed header, data rows without blank lines or repeated header rows,
/// each with its file line for messages, every row as wide as the header.
struct CSVInput {
  var header: [String]
  var rows: [[String]]
  /// The file line of each row (blank lines are skipped, so rows and lines can differ).
  var lines: [Int]
  var source: String

  init(csv text: String, source: String) throws {
    let parsed: EnumeratedCSV
    do { parsed = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false) } catch {
      throw InputError("\(source): not readable as CSV (\(error))")
    }
    header = parsed.header.map { $0.trimmingCharacters(in: .whitespaces) }
    // blank lines (SwiftCSV gives them as rows of empty fields) are not data, and neither is a repeat of
    // the header (`cat a.csv b.csv` of two sweeps with the same columns)
    let header = self.header
    let kept = parsed.rows.enumerated().filter { row in
      !row.element.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
        && row.element.map { $0.trimmingCharacters(in: .whitespaces) } != header
    }
    rows = kept.map(\.element)
    lines = kept.map { $0.offset + 2 }
    self.source = source
    guard !header.isEmpty, !rows.isEmpty else { throw InputError("\(source): no header row and data rows") }
    for (row, line) in zip(rows, lines) where row.count != header.count {
      throw InputError("\(source):\(line): \(row.count) fields where the header has \(header.count)")
    }
  }

  /// A table already in memory (a sweep's typed rows written as text): row k is line k + 2.
  init(header: [String], rows: [[String]], source: String) {
    self.header = header
    self.rows = rows
    lines = rows.indices.map { $0 + 2 }
    self.source = source
  }

  static func read(_ path: String, option: String) throws -> CSVInput {
    let (text, source) = try InputFile.read(path, option: option)
    return try CSVInput(csv: text, source: source)
  }

  /// The column named `column` (species in any Kröger–Vink spelling), or an error naming `option`.
  func index(of column: String, option: String) throws -> Int {
    guard let i = CSVLayout.index(ofColumn: column, in: header) else {
      throw InputError("\(option): no column '\(column)' in \(source) (columns: \(header.joined(separator: ", ")))")
    }
    return i
  }
}
