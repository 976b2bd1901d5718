/// The columns of a sweep's CSV and how one solved point becomes one row.
///
/// Contract (RFC 4180, `.` decimal point, shortest round-trip doubles): grid coordinates
/// (`set_NAME_UNIT` for swept parameters, `T_K`, one `pX_atm` per gas the model exchanges), one column
/// per species named by its ASCII Kröger–Vink label, `delta`, optional slopes
/// `dlnc_dlnpO2_LABEL`, then `converged` and `residual`. A point that did not converge keeps its
/// coordinates, `converged=false` and its residual; every computed value is left empty.
public struct CSVLayout: Sendable {
  public enum ConcentrationUnit: String, Sendable, CaseIterable {
    /// per formula unit
    case fu
    /// site fraction c/N_sites (band carriers: per formula unit)
    case site
    /// per cm³ (needs the material's formula-unit density)
    case cm3
  }

  public enum Column: Sendable, Equatable {
    case axis(Int)
    case species(Int)
    case delta
    case slope(species: Int, pressure: String)
    case converged
    case residual
  }

  public struct InvalidColumns: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  public let headers: [String]
  public let columns: [Column]
  /// Multiplier from per-formula-unit to the chosen unit, per species.
  public let unitFactors: [Double]
  public var needsSlopes: Bool { columns.contains { if case .slope = $0 { return true } else { return false } } }

  public init(model: DefectModel, grid: SweepGrid, units: ConcentrationUnit = .fu, slopes: Bool = false,
              selection: [String]? = nil) throws(InvalidColumns) {
    var all: [(String, Column)] = []
    for (a, axis) in grid.axes.enumerated() {
      switch axis.coordinate {
      case .parameter(let p): all.append(("set_\(model.describe(p))_\(p.unit)", .axis(a)))
      case .temperature: all.append(("T_K", .axis(a)))
      case .pressure(let name): all.append(("\(name)_atm", .axis(a)))
      }
    }
    // Conditions first in the fixed order T, pO2, pH2O, others; parameters before them.
    let rank: (String) -> Int = { h in
      if h.hasPrefix("set_") { return 0 }
      return ["T_K": 1, "pO2_atm": 2, "pH2O_atm": 3][h] ?? 4
    }
    all = all.enumerated().sorted { (rank($0.element.0), $0.offset) < (rank($1.element.0), $1.offset) }.map(\.element)
    for (i, s) in model.species.enumerated() { all.append((s.name, .species(i))) }
    if model.nonstoichiometry != nil { all.append(("delta", .delta)) }
    if slopes {
      for p in model.pressureNames {
        for (i, s) in model.species.enumerated() { all.append(("dlnc_dln\(p)_\(s.name)", .slope(species: i, pressure: p))) }
      }
    }
    all.append(("converged", .converged))
    all.append(("residual", .residual))

    if let selection {
      var chosen: [(String, Column)] = []
      for name in selection {
        guard let c = all.first(where: { $0.0 == name }) else {
          throw InvalidColumns(description: "--columns: no column '\(name)' (available: \(all.map(\.0).joined(separator: ", ")))")
        }
        chosen.append(c)
      }
      all = chosen
    }
    headers = all.map(\.0)
    columns = all.map(\.1)
    var factors = [Double](repeating: 1, count: model.species.count)
    switch units {
    case .fu: break
    case .site:
      for (i, s) in model.species.enumerated() where !s.siteIndices.isEmpty {
        factors[i] = 1 / model.sublattices[s.siteIndices[0]].sites
      }
    case .cm3:
      guard let density = model.formulaUnitDensity else {
        throw InvalidColumns(description: "--units cm3: \(model.name) gives no formula-unit density (density: in the material file)")
      }
      factors = factors.map { _ in density }
    }
    unitFactors = factors
  }

  /// The header row (with line ending).
  public var headerLine: String { headers.map(Self.quote).joined(separator: ",") + "\n" }

  /// RFC 4180 quoting for fields that need it.
  public static func quote(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
    return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
  }

  /// Appends one row for a solved point to `line`.
  public func appendRow(to line: inout String, axisValues: [Double], concentrations: UnsafeBufferPointer<Double>,
                        delta: Double?, slopes: Sensitivities?, converged: Bool, residual: Double) {
    for (k, column) in columns.enumerated() {
      if k > 0 { line.append(",") }
      switch column {
      case .axis(let a): line.append(Self.number(axisValues[a]))
      case .species(let i): if converged { line.append(Self.number(concentrations[i] * unitFactors[i])) }
      case .delta: if converged, let delta { line.append(Self.number(delta)) }
      case .slope(let i, let p): if converged, let v = slopes?.withRespectTo[p]?[i] { line.append(Self.number(v)) }
      case .converged: line.append(converged ? "true" : "false")
      case .residual: if residual.isFinite { line.append(Self.number(residual)) }
      }
    }
    line.append("\n")
  }

  /// Shortest text that reads back as the same Double (`%.17g`-exact, fewer digits).
  @inline(__always)
  public static func number(_ x: Double) -> String { x.description }
}
