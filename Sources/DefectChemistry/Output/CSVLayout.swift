/// The columns of a sweep's CSV and how one solved point becomes one row.
///
/// Contract (RFC 4180, `.` decimal point, shortest round-trip doubles): grid coordinates
/// (`set_NAME_UNIT` for swept parameters, `T_K`, one `pX_atm` per gas the model exchanges), one column
/// per species named by its ASCII Kröger–Vink label, `delta`, derived state columns (`valence_X`,
/// `H_pfu`, `lattice_A` and `chemical_strain` with `expansion:`, `thermodynamic_factor`), transport columns (`sigma_LABEL_S_cm`, `sigma_ion_S_cm`,
/// `sigma_el_S_cm`, `sigma_total_S_cm`, `t_ion`, `t_el`, `sigma_amb_S_cm`, `Dchem_cm2_s`) when the
/// material has mobilities and a density, optional slopes `dlnc_dlnpO2_LABEL`, then `converged` and `residual`. A point that did not converge keeps its
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
  public let unitFactors: [Double]
  /// Validity key → grid axis that sets it (keys not on an axis take the model's own value).
  private let validityAxes: [String: Int]
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
    for sub in model.sublattices where model.nominalValence[sub.name] != nil { all.append(("valence_\(sub.name)", .valence(sub.name))) }
    if model.species.contains(where: { $0.label.formula.atoms["H"] != nil }) { all.append(("H_pfu", .hydrogen)) }
    if model.expansion != nil { all += [("lattice_A", .latticeParameter), ("chemical_strain", .chemicalStrain)] }
    let exchangesOxygen = model.pressureNames.contains("pO2")
    if exchangesOxygen { all.append(("thermodynamic_factor", .thermodynamicFactor)) }
    if model.hasTransport {
      for i in model.mobileSpecies { all.append(("sigma_\(model.species[i].name)_S_cm", .sigma(species: i))) }
      all += [("sigma_ion_S_cm", .sigmaIonic), ("sigma_el_S_cm", .sigmaElectronic), ("sigma_total_S_cm", .sigmaTotal),
              ("t_ion", .ionicTransference), ("t_el", .electronicTransference), ("sigma_amb_S_cm", .sigmaAmbipolar)]
      if exchangesOxygen { all.append(("Dchem_cm2_s", .chemicalDiffusion)) }
    }
    if slopes {
      for p in model.pressureNames {
        for (i, s) in model.species.enumerated() { all.append(("dlnc_dln\(p)_\(s.name)", .slope(species: i, pressure: p))) }
      }
    }
    all.append(("converged", .converged))
    all.append(("residual", .residual))
    // Columns that only appear when asked for (the default table stays as it is).
    var onRequest: [(String, Column)] = [("in_validity", .inValidity), ("T_C", .temperatureCelsius)]
    if model.hasTransport {
      let sigmas: [(String, Conductivity)] = model.mobileSpecies.map { (model.species[$0].name, .species($0)) }
        + [("ion", .ionic), ("el", .electronic), ("total", .total)]
      for (name, sigma) in sigmas {
        onRequest.append(("Ea_sigma_\(name)_eV", .activationEnergy(sigma, fixedOxygenContent: false)))
        if exchangesOxygen { onRequest.append(("Ea_sigma_\(name)_fixed_delta_eV", .activationEnergy(sigma, fixedOxygenContent: true))) }
        onRequest.append(("sigmaT_\(name)_S_K_cm", .sigmaTimesT(sigma)))
      }
    }

    available = all.map(\.0) + onRequest.map(\.0)
    if let selection {
      var chosen: [(String, Column)] = []
      let names = all.map(\.0)
      for typed in selection {
        if let extra = onRequest.first(where: { $0.0 == typed }) ?? Self.index(ofColumn: typed, in: onRequest.map(\.0)).map({ onRequest[$0] }) {
          chosen.append(extra)
          continue
        }
        guard let k = Self.index(ofColumn: typed, in: names) else {
          throw InvalidColumns(description: "--columns: no column '\(typed)' (available: \((names + onRequest.map(\.0)).joined(separator: ", ")))")
        }
        chosen.append(all[k])
      }
      all = chosen
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
    innerAxis = grid.axes.count - 1
    terms = RowTerms(model: model, columns: columns, innerAxis: innerAxis)
    needsTemperatureSlopes = columns.contains { $0.needs.contains(.temperatureSlopes) }
    needsSlopes = columns.contains { $0.needs.contains(.pressureSlopes) }
  }

  /// The same columns for a model that differs only in parameter values (a `--set` or a fit trial).
  public func with(model other: DefectModel) -> CSVLayout {
    precondition(other.species.count == model.species.count, "a layout is tied to its model's species")
    var copy = self
    copy.model = other
    copy.terms = RowTerms(model: other, columns: columns, innerAxis: innerAxis)
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

  /// The values of one solved point, with transport computed once, on first use.
  public struct Point {
    public let temperature: Double
    public let concentrations: [Double]
    public let slopes: Sensitivities?
    private var transport: TransportProperties??
    /// Activation energies along the fixed-pressure and the fixed-δ path, once computed.
    private var activationAtFixedPressure: ActivationEnergies??
    private var activationAtFixedDelta: ActivationEnergies??

    public init(temperature: Double, concentrations: [Double], slopes: Sensitivities?) {
      self.temperature = temperature
      self.concentrations = concentrations
      self.slopes = slopes
    }

    mutating func transport(_ derived: DerivedQuantities) -> TransportProperties? {
      if let t = transport { return t }
      let t = TransportProperties(derived, temperature: temperature, concentrations: concentrations)
      transport = .some(t)
      return t
    }

    mutating func activationEnergies(_ model: DefectModel, _ derived: DerivedQuantities, fixedOxygenContent fixed: Bool) -> ActivationEnergies? {
      if let e = fixed ? activationAtFixedDelta : activationAtFixedPressure { return e }
      let e = slopes.flatMap {
        model.activationEnergies(temperature: temperature, concentrations: concentrations, slopes: $0,
                                 fixedOxygenContent: fixed, derived: derived)
      }
      if fixed { activationAtFixedDelta = .some(e) } else { activationAtFixedPressure = .some(e) }
      return e
    }
  }

  /// The number in `column` for a converged point (`nil` for coordinates, flags, and undefined values).
  public func value(_ column: Column, of point: inout Point) -> Double? {
    let c = point.concentrations
    switch column {
    case .axis, .converged, .residual, .inValidity, .temperatureCelsius: return nil
    case .activationEnergy(let sigma, let fixed):
      guard let e = point.activationEnergies(model, terms.derived, fixedOxygenContent: fixed) else { return nil }
      switch sigma {
      case .species(let i): return e.partial[i]
      case .ionic: return e.ionic
      case .electronic: return e.electronic
      case .total: return e.total
      }
    case .sigmaTimesT(let sigma):
      guard let t = point.transport(terms.derived) else { return nil }
      switch sigma {
      case .species(let i): return t.partial[i] * point.temperature
      case .ionic: return t.ionic * point.temperature
      case .electronic: return t.electronic * point.temperature
      case .total: return t.total * point.temperature
      }
    case .species(let i): return c[i] * unitFactors[i]
    case .delta: return terms.derived.nonstoichiometry(c)
    case .valence(let s): return terms.derived.valenceIndex(of: s).flatMap { terms.derived.averageValence($0, c) }
    case .hydrogen: return terms.derived.hydrogenContent(c)
    case .thermodynamicFactor:
      return point.slopes?.withRespectTo.slice("pO2").flatMap { terms.derived.thermodynamicFactor(c, pO2Slopes: $0) }
    case .sigma(let i): return point.transport(terms.derived)?.partial[i]
    case .sigmaIonic: return point.transport(terms.derived)?.ionic
    case .sigmaElectronic: return point.transport(terms.derived)?.electronic
    case .sigmaTotal: return point.transport(terms.derived)?.total
    case .ionicTransference: return point.transport(terms.derived)?.ionicTransference
    case .electronicTransference: return point.transport(terms.derived)?.electronicTransference
    case .sigmaAmbipolar: return point.transport(terms.derived)?.ambipolar
    case .chemicalDiffusion:
      guard let t = point.transport(terms.derived), let s = point.slopes?.withRespectTo.slice("pO2") else { return nil }
      return terms.derived.chemicalDiffusion(temperature: point.temperature, c, pO2Slopes: s, ambipolar: t.ambipolar)
    case .slope(let i, let p): return point.slopes?.withRespectTo[p]?[i]
    case .latticeParameter: return model.latticeParameter(temperature: point.temperature, concentrations: c)
    case .chemicalStrain: return model.chemicalStrain(temperature: point.temperature, concentrations: c)
    }
  }

  /// T − 273.15 rounded to 12 significant digits, so that 800C typed prints back as 800.0 (the
  /// subtraction alone leaves 800.0000000000001).
  public static func celsius(_ kelvin: Double) -> Double {
    Double(String(format: "%.12g", kelvin - 273.15)) ?? kelvin - 273.15
  }

  /// Whether a row's conditions (its axis values, and the layout model's unswept fixed levels) lie inside
  /// every range of the material's `validity:` block.
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
         .inValidity, .temperatureCelsius, .converged, .residual: return []
    case .thermodynamicFactor, .slope: return .pressureSlopes
    case .sigma, .sigmaIonic, .sigmaElectronic, .sigmaTotal, .ionicTransference, .electronicTransference,
         .sigmaAmbipolar, .sigmaTimesT: return .transport
    case .chemicalDiffusion: return [.transport, .pressureSlopes]
    case .activationEnergy: return [.transport, .pressureSlopes, .temperatureSlopes]
    }
  }
}
