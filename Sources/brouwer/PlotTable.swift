import BrouwerPlot
import DefectChemistry
import Foundation

/// A table to plot: the CSV of a sweep solved in memory, or a CSV file (ours or anyone's).
struct PlotTable {
  var data: CSVTable
  var title: LineChart.RichText
  /// Columns drawn when `--y` is not given (the non-host species of a solved material).
  var defaultY: [String]?
  var concentrationLabel: LineChart.RichText?
  /// Index of the `converged` column, if any.
  let convergedColumn: Int?

  var header: [String] { data.header }
  var rows: [[String]] { data.rows }
  var lines: [Int] { data.lines }
  var source: String { data.source }

  init(_ data: CSVTable) {
    var data = data
    // 1000/T for Arrhenius plots (--x 1000/T), computed from T_K
    if let t = data.header.firstIndex(of: "T_K"), !data.header.contains(Self.inverseTemperature) {
      data.header.append(Self.inverseTemperature)
      for k in data.rows.indices {
        data.rows[k].append(Double(data.rows[k][t]).map { CSVLayout.number(1000 / $0) } ?? "")
      }
    }
    // T in °C (--x T_C), rounded to 1e-9 K so that 1073.15 K reads 800
    if let t = data.header.firstIndex(of: "T_K"), !data.header.contains(Self.celsius) {
      data.header.append(Self.celsius)
      for k in data.rows.indices {
        data.rows[k].append(Double(data.rows[k][t]).map { CSVLayout.number((($0 - 273.15) * 1e9).rounded() / 1e9) } ?? "")
      }
    }
    self.data = data
    title = LineChart.RichText(stringLiteral: data.source)
    convergedColumn = data.header.firstIndex(of: "converged")
  }

  /// The computed column 1000/T (K⁻¹).
  static let inverseTemperature = "1000/T_K"
  /// The computed column T in °C.
  static let celsius = "T_C"

  /// Columns computed here from T_K (not conditions of their own).
  static let computed: Set<String> = [inverseTemperature, celsius]

  func index(of column: String, option: String) throws -> Int { try data.column(column, option: option) }

  /// Rows flagged `converged=false` (a CSV without that column has none).
  var unconverged: Int { rows.filter { !converged($0) }.count }

  func converged(_ row: [String]) -> Bool {
    guard let c = convergedColumn else { return true }
    return row[c] != "false"
  }

  /// Condition columns: the grid coordinates a sweep writes, and the thickness and current axes of
  /// `brouwer permeation` and `brouwer cell` tables (so that their CSV plots as it is, one line per value).
  static func isCondition(_ column: String) -> Bool {
    column == "T_K" || (column.hasPrefix("p") && column.hasSuffix("_atm")) || column.hasPrefix("set_")
      || extraConditions.contains(column)
  }
  static let extraConditions: Set<String> = ["thickness_cm", "current_A_cm2"]

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
