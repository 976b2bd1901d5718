/// The columns of a sweep's CSV and how one solved point becomes one row.
///
/// Contract (RFC 4180, `.` decimal point, shortest round-trip doubles): grid coordinates
/// (`set_NAME_UNIT` for swept parameters, `T_K`, one `pX_atm` per gas the model exchanges), one column
/// per species named by its ASCII Kröger–Vink label, `delta`, derived state columns (`valence_X`,
/// `H_pfu`, `lattice_A` and `chemical_strain` with `expansion:`, `thermodynamic_factor`), transport columns (`sigma_LABEL_S_cm`, `sigma_ion_S_cm`,
/// `sigma_el_S_cm`, `sigma_total_S_cm`, `t_ion`, `t_el`, `sigma_amb_S_cm`, `Dchem_cm2_s`) when the
/// material has mobilities and a density, optional slopes `dlnc_dlnpO2_LABEL`, then `converged` and `residual`. A point that did not converge keeps its
/// coordinates, `converged=false` and its residual; every computed value is left empty. A converged point with a
/// value that cannot be represented (an overflow, an undefined Θ, no lattice) is `converged=false` too, with its
/// other values and its (small) residual, and the on-request `reason` column names the column.
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
    case valence(String)
    case hydrogen
    case thermodynamicFactor
    case sigma(species: Int)
    case sigmaIonic, sigmaElectronic, sigmaTotal, ionicTransference, electronicTransference, sigmaAmbipolar
    case chemicalDiffusion
    case latticeParameter, chemicalStrain
    case slope(species: Int, pressure: String)
    /// `true` when the row's conditions lie inside the material's validity box (on request only).
    case inValidity
    /// Why a row is not valid (on request only): empty for a valid row, `not converged`, or `no value:
    /// COLUMN` for the first column whose value cannot be represented at a converged state (the row is then
    /// `converged=false`). As a value: NaN, −1, or the index of that column.
    case reason
    /// T in °C (on request only).
    case temperatureCelsius
    /// E_a = −k_B d ln(σT)/d(1/T) of a conductivity, at fixed pressures or at fixed δ (on request only).
    case activationEnergy(Conductivity, fixedOxygenContent: Bool)
    /// σ·T of a conductivity, S K/cm (on request only).
    case sigmaTimesT(Conductivity)
    case converged
    case residual
  }

  /// Which conductivity an activation-energy or σT column is about.
  public enum Conductivity: Sendable, Equatable {
    case species(Int), ionic, electronic, total
  }

  public struct InvalidColumns: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  public private(set) var model: DefectModel
  public let headers: [String]
  /// Every column this model and grid can print: the default table, then the columns shown on request only.
  public let available: [String]
  public let columns: [Column]
  /// Multiplier from per-formula-unit to the chosen unit, per species.
  public var unitFactors: [Double] { values.unitFactors }
  /// The values of single points (on-request columns, fits, analysis).
  public private(set) var values: ColumnValues
  /// Validity key → grid axis that sets it (keys not on an axis take the model's own value).
  private let validityAxes: [String: Int]
  /// Bounds on the solved state (`validity:` keys naming a column, and the expansion law's range when the
  /// lattice columns are shown): the state's part of `in_validity`, and what a run records for its warnings.
  public private(set) var stateValidity: StateValidity
  /// Per-species tables for the row writer (CSVLayout+Rows.swift), rebuilt with the model.
  private(set) var terms: RowTerms
  /// The grid's innermost axis (its value changes from row to row; the others repeat along a line).
  private let innerAxis: Int
  /// Whether a column needs d ln c/dT (the activation energies).
  public let needsTemperatureSlopes: Bool
  /// Whether a column needs d ln c/d ln p (slopes, thermodynamic factor, D̃, activation energies).
  public let needsSlopes: Bool

  public init(model: DefectModel, grid: SweepGrid, units: ConcentrationUnit = .fu, slopes: Bool = false,
              selection: [String]? = nil) throws(InvalidColumns) {
    var all = Self.conditionColumns(model: model, grid: grid)
    let catalog = ColumnCatalog(model: model, slopes: slopes)
    all += catalog.table
    let onRequest = catalog.onRequest
    available = all.map(\.0) + onRequest.map(\.0)
    if let selection {
      all = try catalog.select(selection, conditions: Self.conditionColumns(model: model, grid: grid))
    }
    self.model = model
    var validityAxes: [String: Int] = [:]
    for (a, axis) in grid.axes.enumerated() {
      switch axis.coordinate {
      case .temperature: validityAxes["T_K"] = a
      case .pressure(let p): validityAxes["\(p)_atm"] = a
      case .parameter(let parameter):
        if case .fixedLevel(let i) = parameter { validityAxes[model.species[i].name] = a }
        if case .total(let t) = parameter { validityAxes[model.totals[t].name] = a }
      }
    }
    self.validityAxes = validityAxes
    headers = all.map(\.0)
    columns = all.map(\.1)
    values = try ColumnValues(model: model, units: units)
    stateValidity = StateValidity(model: model, expansionColumns: columns.contains { $0 == .latticeParameter || $0 == .chemicalStrain })
    innerAxis = grid.axes.count - 1
    terms = RowTerms(model: model, derived: values.derived, columns: columns, innerAxis: innerAxis)
    needsTemperatureSlopes = columns.contains { $0.needs.contains(.temperatureSlopes) }
    needsSlopes = columns.contains { $0.needs.contains(.pressureSlopes) }
  }

  /// The same columns for a model that differs only in parameter values (a `--set` or a fit trial).
  public func with(model other: DefectModel) -> CSVLayout {
    precondition(other.species.count == model.species.count, "a layout is tied to its model's species")
    var copy = self
    copy.model = other
    copy.values = values.with(model: other)
    copy.stateValidity = stateValidity.with(model: other)
    copy.terms = RowTerms(model: other, derived: copy.values.derived, columns: columns, innerAxis: innerAxis)
    return copy
  }

  /// Where `name` is among `headers`: exactly, or — for a species — in any accepted Kröger–Vink
  /// spelling (`V_O••`, `Gd_Ce′`, `O_O×` find `V_O..`, `Gd_Ce'`, `O_O^x`).
  public static func index(ofColumn name: String, in headers: [String]) -> Int? {
    if let i = headers.firstIndex(of: name) { return i }
    guard let canonical = (try? KrogerVinkLabel(parsing: name))?.description else { return nil }
    return headers.firstIndex(of: canonical)
  }

  /// The header row (with line ending).
  public var headerLine: String { headers.map(Self.quote).joined(separator: ",") + "\n" }

  /// RFC 4180 quoting for fields that need it.
  public static func quote(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
    return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
  }

  /// The grid's coordinates as columns: swept parameters (`set_NAME_UNIT`), then T_K, pO2_atm, pH2O_atm,
  /// other pressures, in that order.
  public static func conditionColumns(model: DefectModel, grid: SweepGrid) -> [(String, Column)] {
    var all: [(String, Column)] = []
    for (a, axis) in grid.axes.enumerated() {
      switch axis.coordinate {
      case .parameter(let p): all.append(("set_\(model.describe(p))_\(p.unit)", .axis(a)))
      case .temperature: all.append(("T_K", .axis(a)))
      case .pressure(let name): all.append(("\(name)_atm", .axis(a)))
      }
    }
    // Conditions first in the fixed order T, pO2, pH2O, others; parameters before them.
    return inConditionOrder(all)
  }

  /// Condition columns in the fixed order: swept parameters, T_K, pO2_atm, pH2O_atm, other pressures (each
  /// group in the order given).
  static func inConditionOrder(_ columns: [(String, Column)]) -> [(String, Column)] {
    let rank: (String) -> Int = { h in
      if h.hasPrefix("set_") { return 0 }
      return ["T_K": 1, "pO2_atm": 2, "pH2O_atm": 3][h] ?? 4
    }
    return columns.enumerated().sorted { (rank($0.element.0), $0.offset) < (rank($1.element.0), $1.offset) }.map(\.element)
  }

  /// The values of one solved point (``ColumnValues/Point``).
  public typealias Point = ColumnValues.Point

  /// The number in `column` for a converged point (`nil` for coordinates, flags, and undefined values).
  public func value(_ column: Column, of point: inout Point) -> Double? { values.value(column, of: &point) }

  /// T − 273.15 rounded to 12 significant digits, so that 800C typed prints back as 800.0 (the
  /// subtraction alone leaves 800.0000000000001).
  public static func celsius(_ kelvin: Double) -> Double {
    Double(String(format: "%.12g", kelvin - 273.15)) ?? kelvin - 273.15
  }

  /// Whether a row's conditions (its axis values, and the layout model's unswept fixed levels) lie inside
  /// every condition range of the material's `validity:` block (the state's bounds: ``stateValidity``).
  public func isWithinValidity(axisValues: [Double]) -> Bool {
    model.validity.allSatisfy { key, range in
      if let a = validityAxes[key] { return range.contains(axisValues[a]) }
      return model.validityValue(key, temperature: .nan, pressures: [:]).map { range.contains($0) } ?? true
    }
  }

  /// Shortest text that reads back as the same Double (`%.17g`-exact, fewer digits).
  @inline(__always)
  public static func number(_ x: Double) -> String { x.description }
}

extension CSVLayout {
  /// What a column needs computed for its point besides the concentrations.
  public struct Needs: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Conductivities (a density and mobilities).
    public static let transport = Needs(rawValue: 1)
    /// d ln c/d ln p (exact slopes from the Jacobian).
    public static let pressureSlopes = Needs(rawValue: 2)
    /// d ln c/dT.
    public static let temperatureSlopes = Needs(rawValue: 4)
  }
}

extension CSVLayout.Column {
  /// What this column needs, declared for every column (no default: a new column does not compile until
  /// its needs are stated, and `ColumnNeedsTests` checks that each converged row fills it).
  public var needs: CSVLayout.Needs {
    switch self {
    case .axis, .species, .delta, .valence, .hydrogen, .latticeParameter, .chemicalStrain,
         .inValidity, .reason, .temperatureCelsius, .converged, .residual: return []
    case .thermodynamicFactor, .slope: return .pressureSlopes
    case .sigma, .sigmaIonic, .sigmaElectronic, .sigmaTotal, .ionicTransference, .electronicTransference,
         .sigmaAmbipolar, .sigmaTimesT: return .transport
    case .chemicalDiffusion: return [.transport, .pressureSlopes]
    case .activationEnergy: return [.transport, .pressureSlopes, .temperatureSlopes]
    }
  }
}
