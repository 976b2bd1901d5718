import DefectChemistry
import Foundation

/// Measured data for `brouwer fit`, read from a CSV: condition columns, one observable column named
/// like the sweep output (`delta`, `sigma_total_S_cm`, `OH_O.`, …) and optionally its uncertainty.
///
/// Conditions: `T_K` or `T_C`; for each gas the model exchanges, `pO2_atm` or `log10_pO2_atm` (and
/// likewise pH2O, pH2) — or one value for every row from the command line (`--pH2O 0.03`).
struct FitData {
  var source: String
  var observable: String
  var uncertaintyColumn: String?
  var values: [MeasuredValue]
  /// Per row, the condition columns as read (for the output CSV): name → value.
  var conditionColumns: [String]

  static func read(_ path: String, model: DefectModel, observable: String?, uncertainty: String?,
                   constants: [String: Double]) throws -> FitData {
    let csv = try CSVInput.read(path, option: "--data")
    let (header, rows, lines, source) = (csv.header, csv.rows, csv.lines, csv.source)

    // a constant given for a condition the file also has would be silently ignored: refuse it
    for (name, columns) in [("T", ["T_K", "T_C"])] + model.pressureNames.map({ ($0, ["\($0)_atm", "log10_\($0)_atm"]) })
    where constants[name] != nil {
      if let c = columns.first(where: header.contains) {
        throw InputError("--\(name) conflicts with the column \(c) of \(source): give the condition in one place")
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
      throw InputError("\(source): no temperature column T_K or T_C (or give --T for every row)")
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
        throw InputError("\(source): no column \(name)_atm or log10_\(name)_atm (or give --\(name) for every row)")
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
        throw InputError("\(source): say which column to fit with --observable (candidates: \(candidates.joined(separator: ", ")))")
      }
      observableName = candidates[0]
    }
    let oi = try csv.index(of: observableName, option: "--observable")
    let uncertaintyName = uncertainty ?? (header.contains(header[oi] + "_err") ? header[oi] + "_err" : nil)
    var ui: Int?
    if let uncertaintyName { ui = try csv.index(of: uncertaintyName, option: "--uncertainty") }

    func number(_ row: [String], _ i: Int, _ line: Int) throws -> Double {
      let t = row[i].trimmingCharacters(in: .whitespaces)
      guard let v = Double(t), v.isFinite else {
        throw InputError("\(source):\(line): column \(MessageText.escaped(header[i])): \(MessageText.quoted(t)) is not a finite number")
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
      guard T > 0, T.isFinite else { throw InputError("\(source):\(line): temperature must be a finite value > 0 K, got \(T) K") }
      for (name, p) in pressures.sorted(by: { $0.key < $1.key }) where !(p > 0 && p.isFinite) {
        throw InputError("\(source):\(line): \(name) must be a finite pressure > 0 atm, got \(p) atm (a log10 column out of range?)")
      }
      values.append(MeasuredValue(conditions: Conditions(temperature: T, pressures: pressures), value: try number(row, oi, line),
                                  uncertainty: try ui.map { try number(row, $0, line) }, line: line))
    }
    let conditionColumns = ["T_K"] + model.pressureNames.map { "\($0)_atm" }
    return FitData(source: source, observable: header[oi], uncertaintyColumn: uncertaintyName, values: values,
                   conditionColumns: conditionColumns)
  }
}
