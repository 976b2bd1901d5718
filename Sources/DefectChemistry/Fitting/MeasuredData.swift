import Foundation

/// A CSV data file (RFC 4180: commas, quoted fields with "" for a quote, LF or CR LF): trimmed header, data
/// rows without blank lines or repeated header rows, each with the file line it starts on for messages,
/// every row as wide as the header.
public struct CSVTable: Sendable {
  public var header: [String]
  public var rows: [[String]]
  /// The file line of each row (blank lines are skipped, so rows and lines can differ).
  public var lines: [Int]
  public var source: String

  /// Why a table cannot be read: one line naming the source (and the line).
  public struct Invalid: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
  }

  public init(csv text: String, source: String) throws(Invalid) {
    let records = try Self.records(of: text, source: source)
    guard let first = records.first else { throw Invalid("\(source): no header row and data rows") }
    header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
    // blank lines are not data, and neither is a repeat of the header (`cat a.csv b.csv` of two sweeps
    // with the same columns)
    let header = self.header
    let kept = records.dropFirst().filter { record in
      !record.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
        && record.fields.map { $0.trimmingCharacters(in: .whitespaces) } != header
    }
    rows = kept.map(\.fields)
    lines = kept.map(\.line)
    self.source = source
    guard !header.isEmpty, !rows.isEmpty else { throw Invalid("\(source): no header row and data rows") }
    for (k, name) in header.enumerated() where !name.isEmpty && header[..<k].contains(name) {
      throw Invalid("\(source):\(first.line): column '\(MessageText.escaped(name))' appears twice in the header")
    }
    for (row, line) in zip(rows, lines) where row.count != header.count {
      throw Invalid("\(source):\(line): \(row.count) fields where the header has \(header.count)")
    }
  }

  /// The records of CSV `text` with the line each starts on (a quoted field may span lines).
  static func records(of text: String, source: String) throws(Invalid) -> [(fields: [String], line: Int)] {
    var records: [(fields: [String], line: Int)] = []
    var fields: [String] = []
    var field: [UInt8] = []
    var line = 1, recordLine = 1, quoteLine = 1
    var inQuotes = false, quoted = false
    let bytes = Array(text.utf8)
    func endField() {
      fields.append(String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
      quoted = false
    }
    func endRecord() {
      endField()
      records.append((fields, recordLine))
      fields = []
    }
    var i = 0
    while i < bytes.count {
      let c = bytes[i]
      if inQuotes {
        if c == UInt8(ascii: "\"") {
          if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") { field.append(c); i += 1 } else { inQuotes = false }
        } else {
          if c == UInt8(ascii: "\n") { line += 1 }
          field.append(c)
        }
      } else {
        switch c {
        case UInt8(ascii: ","): endField()
        case UInt8(ascii: "\r") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n"): break
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
          endRecord()
          line += 1
          recordLine = line
        case UInt8(ascii: "\"") where field.isEmpty && !quoted:
          inQuotes = true
          quoted = true
          quoteLine = line
        default: field.append(c)
        }
      }
      i += 1
    }
    if inQuotes { throw Invalid("\(source):\(quoteLine): a quoted field is not closed (a missing \")") }
    if !field.isEmpty || !fields.isEmpty { endRecord() }
    return records
  }

  /// A table already in memory (a sweep's typed rows written as text): row k is line k + 2.
  public init(header: [String], rows: [[String]], source: String) {
    self.header = header
    self.rows = rows
    lines = rows.indices.map { $0 + 2 }
    self.source = source
  }

  /// The column named `column` (species in any Kröger–Vink spelling), or an error naming `option`.
  public func index(of column: String, option: String) throws(Invalid) -> Int {
    guard let i = CSVLayout.index(ofColumn: column, in: header) else {
      throw Invalid("\(option): no column '\(column)' in \(source) (columns: \(header.joined(separator: ", ")))")
    }
    return i
  }
}

/// Measured data for `brouwer fit`, read from a CSV: condition columns, one observable column named
/// like the sweep output (`delta`, `sigma_total_S_cm`, `OH_O.`, …) and optionally its uncertainty.
///
/// Conditions: `T_K` or `T_C`; for each gas the model exchanges, `pO2_atm` or `log10_pO2_atm` (and
/// likewise pH2O, pH2) — or one value for every row from the command line (`--pH2O 0.03`).
public struct MeasuredData: Sendable {
  public var source: String
  public var observable: String
  public var uncertaintyColumn: String?
  public var values: [MeasuredValue]
  /// Per row, the condition columns as read (for the output CSV): name → value.
  public var conditionColumns: [String]

  /// The measurements of `csv` for `model`: conditions from their columns or `constants` (`T`, `pO2`, …),
  /// the observable (named, or the one candidate column) and its uncertainty column (named, or OBS_err).
  public static func read(_ csv: CSVTable, model: DefectModel, observable: String?, uncertainty: String?,
                          constants: [String: Double]) throws(CSVTable.Invalid) -> MeasuredData {
    let (header, rows, lines, source) = (csv.header, csv.rows, csv.lines, csv.source)

    // a constant given for a condition the file also has would be silently ignored: refuse it
    for (name, columns) in [("T", ["T_K", "T_C"])] + model.pressureNames.map({ ($0, ["\($0)_atm", "log10_\($0)_atm"]) })
    where constants[name] != nil {
      if let c = columns.first(where: header.contains) {
        throw CSVTable.Invalid("--\(name) conflicts with the column \(c) of \(source): give the condition in one place")
      }
    }
    /// How each condition is read: a column (maybe log10), or a constant.
    enum Source { case column(Int, log10: Bool), constant(Double) }
    var conditionSources: [(name: String, source: Source)] = []
    var used = Set<Int>()
    if let i = header.firstIndex(of: "T_K") {
      conditionSources.append(("T", .column(i, log10: false)))
      used.insert(i)
    } else if let i = header.firstIndex(of: "T_C") {
      conditionSources.append(("T_C", .column(i, log10: false)))
      used.insert(i)
    } else if let t = constants["T"] {
      conditionSources.append(("T", .constant(t)))
    } else {
      throw CSVTable.Invalid("\(source): no temperature column T_K or T_C (or give --T for every row)")
    }
    for name in model.pressureNames {
      if let i = header.firstIndex(of: "\(name)_atm") {
        conditionSources.append((name, .column(i, log10: false)))
        used.insert(i)
      } else if let i = header.firstIndex(of: "log10_\(name)_atm") {
        conditionSources.append((name, .column(i, log10: true)))
        used.insert(i)
      } else if let v = constants[name] {
        conditionSources.append((name, .constant(v)))
      } else {
        throw CSVTable.Invalid("\(source): no column \(name)_atm or log10_\(name)_atm (or give --\(name) for every row)")
      }
    }
    let observableName: String
    if let observable {
      observableName = observable
    } else {
      let candidates = header.enumerated().filter { i, h in
        !used.contains(i) && !h.hasSuffix("_err") && h != uncertainty && !["converged", "residual", "T_K", "T_C"].contains(h)
          && !(h.hasSuffix("_atm"))
      }.map(\.element)
      guard candidates.count == 1 else {
        throw CSVTable.Invalid("\(source): say which column to fit with --observable (candidates: \(candidates.joined(separator: ", ")))")
      }
      observableName = candidates[0]
    }
    let oi = try csv.index(of: observableName, option: "--observable")
    let uncertaintyName = uncertainty ?? (header.contains(header[oi] + "_err") ? header[oi] + "_err" : nil)
    var ui: Int?
    if let uncertaintyName { ui = try csv.index(of: uncertaintyName, option: "--uncertainty") }

    func number(_ row: [String], _ i: Int, _ line: Int) throws(CSVTable.Invalid) -> Double {
      let t = row[i].trimmingCharacters(in: .whitespaces)
      guard let v = Double(t), v.isFinite else {
        throw CSVTable.Invalid("\(source):\(line): column \(MessageText.escaped(header[i])): \(MessageText.quoted(t)) is not a finite number")
      }
      return v
    }
    var values: [MeasuredValue] = []
    for (row, line) in zip(rows, lines) {
      var T = 0.0
      var pressures: [String: Double] = [:]
      for (name, src) in conditionSources {
        var v: Double
        switch src {
        case .constant(let c): v = c
        case .column(let i, let isLog):
          v = try number(row, i, line)
          if isLog { v = pow(10, v) }
        }
        switch name {
        case "T": T = v
        case "T_C": T = v + 273.15
        default: pressures[name] = v
        }
      }
      guard T > 0, T.isFinite else { throw CSVTable.Invalid("\(source):\(line): temperature must be a finite value > 0 K, got \(T) K") }
      for (name, p) in pressures.sorted(by: { $0.key < $1.key }) where !(p > 0 && p.isFinite) {
        throw CSVTable.Invalid("\(source):\(line): \(name) must be a finite pressure > 0 atm, got \(p) atm (a log10 column out of range?)")
      }
      values.append(MeasuredValue(conditions: Conditions(temperature: T, pressures: pressures), value: try number(row, oi, line),
                                  uncertainty: try ui.map { (i) throws(CSVTable.Invalid) in try number(row, i, line) }, line: line))
    }
    let conditionColumns = ["T_K"] + model.pressureNames.map { "\($0)_atm" }
    return MeasuredData(source: source, observable: header[oi], uncertaintyColumn: uncertaintyName, values: values,
                   conditionColumns: conditionColumns)
  }
}
