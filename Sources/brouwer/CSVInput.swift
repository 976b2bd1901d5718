import DefectChemistry
import Foundation
import SwiftCSV

/// Text of an input named on the command line: a file, or `-` for stdin.
enum InputFile {
  /// The UTF-8 text of `path` and the name to use in messages (`<stdin>` for `-`).
  static func read(_ path: String, option: String) throws -> (text: String, source: String) {
    if path == "-" {
      let data = FileHandle.standardInput.readDataToEndOfFile()
      guard let text = String(data: data, encoding: .utf8) else { throw InputError("<stdin>: not UTF-8 text") }
      return (text, "<stdin>")
    }
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw InputError("\(option) \(path): cannot read the file as UTF-8 text")
    }
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
