import BrouwerPlot
import DefectChemistry
import Foundation
import SwiftCSV

/// A table to plot: the CSV of a sweep solved in memory, or a CSV file (ours or anyone's).
struct PlotTable {
  var header: [String]
  var rows: [[String]]
  /// The file line of each row (blank lines are skipped, so rows and lines can differ).
  var lines: [Int]
  var source: String
  var title: LineChart.RichText
  /// Columns drawn when `--y` is not given (the non-host species of a solved material).
  var defaultY: [String]?
  var concentrationLabel: LineChart.RichText?

  init(csv text: String, source: String) throws {
    let parsed: EnumeratedCSV
    do { parsed = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false) } catch {
      throw InputError("\(source): not readable as CSV (\(error))")
    }
    header = parsed.header.map { $0.trimmingCharacters(in: .whitespaces) }
    // blank lines (SwiftCSV gives them as rows of empty fields) are not data
    let kept = parsed.rows.enumerated().filter { !$0.element.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
    rows = kept.map(\.element)
    lines = kept.map { $0.offset + 2 }
    guard !header.isEmpty, !rows.isEmpty else { throw InputError("\(source): no header row and data rows") }
    for (row, line) in zip(rows, lines) where row.count != header.count {
      throw InputError("\(source):\(line): \(row.count) fields where the header has \(header.count)")
    }
    self.source = source
    title = LineChart.RichText(stringLiteral: source)
    // 1000/T for Arrhenius plots (--x 1000/T), computed from T_K
    if let t = header.firstIndex(of: "T_K"), !header.contains(Self.inverseTemperature) {
      header.append(Self.inverseTemperature)
      for k in rows.indices {
        rows[k].append(Double(rows[k][t]).map { CSVLayout.number(1000 / $0) } ?? "")
      }
    }
  }

  /// The computed column 1000/T (K⁻¹).
  static let inverseTemperature = "1000/T_K"

  static func read(csvAt path: String) throws -> PlotTable {
    if path == "-" {
      let data = FileHandle.standardInput.readDataToEndOfFile()
      guard let text = String(data: data, encoding: .utf8) else { throw InputError("<stdin>: not UTF-8 text") }
      return try PlotTable(csv: text, source: "<stdin>")
    }
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw InputError("--csv \(path): cannot read the file as UTF-8 text")
    }
    return try PlotTable(csv: text, source: path)
  }

  func index(of column: String, option: String) throws -> Int {
    // a species may be named in any accepted Kröger–Vink spelling (V_O••, Gd_Ce′, O_O×)
    let canonical = (try? KrogerVinkLabel(parsing: column))?.description
    guard let i = header.firstIndex(of: column) ?? canonical.flatMap({ header.firstIndex(of: $0) }) else {
      throw InputError("\(option): no column '\(column)' in \(source) (columns: \(header.joined(separator: ", ")))")
    }
    return i
  }

  /// Rows flagged `converged=false` (a CSV without that column has none).
  var unconverged: Int {
    guard let c = header.firstIndex(of: "converged") else { return 0 }
    return rows.filter { $0[c] == "false" }.count
  }

  func converged(_ row: [String]) -> Bool {
    guard let c = header.firstIndex(of: "converged") else { return true }
    return row[c] != "false"
  }

  /// Condition columns: the grid coordinates a sweep writes.
  static func isCondition(_ column: String) -> Bool {
    column == "T_K" || (column.hasPrefix("p") && column.hasSuffix("_atm")) || column.hasPrefix("set_")
  }

  /// Distinct values of a column, in order of first appearance.
  func distinct(_ i: Int) -> [String] {
    var seen = Set<String>(), out: [String] = []
    for row in rows where seen.insert(row[i]).inserted { out.append(row[i]) }
    return out
  }

  /// "T = 1073.15 K (800 °C), pH2O = 0.03 atm" for the conditions that are the same on every row.
  func subtitle(excluding x: String, groups: [String]) -> String {
    var parts: [String] = []
    for (i, name) in header.enumerated() where Self.isCondition(name) && name != x && !groups.contains(name) {
      let values = distinct(i)
      guard values.count == 1 else { continue }
      parts.append(Self.describe(name, values[0]))
    }
    return parts.joined(separator: ", ")
  }

  /// `T = 1073.15 K (800 °C)`, `pO2 = 0.21 atm`, `Gd_Ce' = 0.2 pfu`.
  static func describe(_ column: String, _ rawValue: String) -> String {
    let value = rawValue.hasSuffix(".0") ? String(rawValue.dropLast(2)) : rawValue
    if column == "T_K" {
      if let t = Double(value) { return "T = \(value) K (\(String(format: "%g", ((t - 273.15) * 1e6).rounded() / 1e6)) °C)" }
      return "T = \(value) K"
    }
    if column.hasSuffix("_atm") { return "\(column.dropLast(4)) = \(value) atm" }
    if column.hasPrefix("set_"), let cut = column.lastIndex(of: "_") {
      let name = column[column.index(column.startIndex, offsetBy: 4)..<cut]
      return "\(name) = \(value) \(column[column.index(after: cut)...])"
    }
    return "\(column) = \(value)"
  }
}
