import Foundation

/// The columns a state of a model offers, by name, independent of any grid: species, δ, valences, H,
/// lattice parameter, Θ, conductivities, t, σ_amb, D̃, optional slopes, the flags — the table a sweep prints
/// after its condition columns — and the columns shown on request only (E_a, σT, T_C, in_validity).
/// ``CSVLayout`` puts a grid's condition columns in front of it; a fit or an analysis looks a quantity up
/// here, with no grid.
public struct ColumnCatalog: Sendable {
  /// The default table, in CSV order (ends with `converged`, `residual`).
  public let table: [(String, CSVLayout.Column)]
  /// Columns that appear only when asked for.
  public let onRequest: [(String, CSVLayout.Column)]

  public init(model: DefectModel, slopes: Bool = false) {
    typealias Column = CSVLayout.Column
    var all: [(String, Column)] = []
    for (i, s) in model.species.enumerated() { all.append((s.name, .species(i))) }
    if model.nonstoichiometry != nil { all.append(("delta", .delta)) }
    for sub in model.sublattices where model.nominalValence[sub.name] != nil { all.append(("valence_\(sub.name)", .valence(sub.name))) }
    if model.species.contains(where: { $0.label.formula.atoms["H"] != nil }) { all.append(("H_pfu", .hydrogen)) }
    if model.expansion != nil { all += [("lattice_A", .latticeParameter), ("chemical_strain", .chemicalStrain)] }
    // Θ, D̃ and E_a at fixed δ follow the oxygen content along pO2: only for a model whose reactions exchange O2
    // (a quenched model keeps pO2 as a condition but exchanges nothing, so its oxygen content has no path)
    let exchangesOxygen = model.reactions.contains { r in r.gases.contains { model.gases[$0.index].pressureName == "pO2" } }
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
    table = all
    // Columns that only appear when asked for (the default table stays as it is).
    var extra: [(String, Column)] = [("in_validity", .inValidity), ("reason", .reason), ("T_C", .temperatureCelsius)]
    if model.hasTransport {
      let sigmas: [(String, CSVLayout.Conductivity)] = model.mobileSpecies.map { (model.species[$0].name, .species($0)) }
        + [("ion", .ionic), ("el", .electronic), ("total", .total)]
      for (name, sigma) in sigmas {
        extra.append(("Ea_sigma_\(name)_eV", .activationEnergy(sigma, fixedOxygenContent: false)))
        if exchangesOxygen { extra.append(("Ea_sigma_\(name)_fixed_delta_eV", .activationEnergy(sigma, fixedOxygenContent: true))) }
        extra.append(("sigmaT_\(name)_S_K_cm", .sigmaTimesT(sigma)))
      }
    }
    onRequest = extra
  }

  /// The conditions of a state as columns (T_K, then the model's pressures, pO2 and pH2O first), for messages
  /// that list what can be named; their values are the conditions, not computed (`.axis`).
  public static func conditionColumns(model: DefectModel) -> [(String, CSVLayout.Column)] {
    CSVLayout.inConditionOrder([("T_K", .axis(0))] + model.pressureNames.enumerated().map { ("\($0.element)_atm", .axis($0.offset + 1)) })
  }

  /// The columns named in `selection`, in its order, from `conditions` + the table + the on-request columns
  /// (any accepted Kröger–Vink spelling for species); `option` names the request in the message.
  public func select(_ selection: [String], conditions: [(String, CSVLayout.Column)] = [],
                     option: String = "--columns") throws(CSVLayout.InvalidColumns) -> [(String, CSVLayout.Column)] {
    let all = conditions + table
    let names = all.map(\.0)
    var chosen: [(String, CSVLayout.Column)] = []
    for typed in selection {
      if let extra = onRequest.first(where: { $0.0 == typed })
          ?? CSVLayout.index(ofColumn: typed, in: onRequest.map(\.0)).map({ onRequest[$0] }) {
        chosen.append(extra)
        continue
      }
      guard let k = CSVLayout.index(ofColumn: typed, in: names) else {
        throw CSVLayout.InvalidColumns(description: "\(option): no column '\(typed)' (available: \((names + onRequest.map(\.0)).joined(separator: ", ")))")
      }
      chosen.append(all[k])
    }
    for (k, c) in chosen.enumerated() where chosen[..<k].contains(where: { $0.0 == c.0 }) {
      throw CSVLayout.InvalidColumns(description: "\(option): column '\(c.0)' is named twice")
    }
    return chosen
  }
}

/// Turns a solved state into the number of any column (``CSVLayout/Column``), in the chosen concentration
/// unit, through the model's ``DerivedQuantities`` — for one point at a time (fits, analysis, the
/// on-request columns of a sweep); a sweep's other columns take the same functions in `rowValues`.
public struct ColumnValues: Sendable {
  public let model: DefectModel
  public let derived: DerivedQuantities
  /// Multiplier from per-formula-unit to the chosen unit, per species.
  public let unitFactors: [Double]

  public init(model: DefectModel, units: CSVLayout.ConcentrationUnit = .fu) throws(CSVLayout.InvalidColumns) {
    var factors = [Double](repeating: 1, count: model.species.count)
    switch units {
    case .fu: break
    case .site:
      for (i, s) in model.species.enumerated() where !s.siteIndices.isEmpty {
        factors[i] = 1 / model.sublattices[s.siteIndices[0]].sites
      }
    case .cm3:
      guard let density = model.formulaUnitDensity else {
        throw CSVLayout.InvalidColumns(description: "--units cm3: \(model.name) gives no formula-unit density (density: in the material file)")
      }
      factors = factors.map { _ in density }
    }
    self.init(model: model, unitFactors: factors)
  }

  init(model: DefectModel, unitFactors: [Double]) {
    self.model = model
    derived = model.derivedQuantities
    self.unitFactors = unitFactors
  }

  /// The same unit for a model that differs only in parameter values (a `--set` or a fit trial).
  public func with(model other: DefectModel) -> ColumnValues {
    precondition(other.species.count == model.species.count, "column values are tied to their model's species")
    return ColumnValues(model: other, unitFactors: unitFactors)
  }

  /// The values of one solved point, with transport computed once, on first use.
  public struct Point: Sendable {
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
  public func value(_ column: CSVLayout.Column, of point: inout Point) -> Double? {
    let c = point.concentrations
    switch column {
    case .axis, .converged, .residual, .inValidity, .reason, .temperatureCelsius: return nil
    case .activationEnergy(let sigma, let fixed):
      guard let e = point.activationEnergies(model, derived, fixedOxygenContent: fixed) else { return nil }
      switch sigma {
      case .species(let i): return e.partial[i]
      case .ionic: return e.ionic
      case .electronic: return e.electronic
      case .total: return e.total
      }
    case .sigmaTimesT(let sigma):
      guard let t = point.transport(derived) else { return nil }
      switch sigma {
      case .species(let i): return t.partial[i] * point.temperature
      case .ionic: return t.ionic * point.temperature
      case .electronic: return t.electronic * point.temperature
      case .total: return t.total * point.temperature
      }
    case .species(let i): return c[i] * unitFactors[i]
    case .delta: return derived.nonstoichiometry(c)
    case .valence(let s): return derived.valenceIndex(of: s).flatMap { derived.averageValence($0, c) }
    case .hydrogen: return derived.hydrogenContent(c)
    case .thermodynamicFactor:
      return point.slopes?.withRespectTo.slice("pO2").flatMap { derived.thermodynamicFactor(c, pO2Slopes: $0) }
    case .sigma(let i): return point.transport(derived)?.partial[i]
    case .sigmaIonic: return point.transport(derived)?.ionic
    case .sigmaElectronic: return point.transport(derived)?.electronic
    case .sigmaTotal: return point.transport(derived)?.total
    case .ionicTransference: return point.transport(derived)?.ionicTransference
    case .electronicTransference: return point.transport(derived)?.electronicTransference
    case .sigmaAmbipolar: return point.transport(derived)?.ambipolar
    case .chemicalDiffusion:
      guard let t = point.transport(derived), let s = point.slopes?.withRespectTo.slice("pO2") else { return nil }
      return derived.chemicalDiffusion(temperature: point.temperature, c, pO2Slopes: s, ambipolar: t.ambipolar)
    case .slope(let i, let p): return point.slopes?.withRespectTo[p]?[i]
    case .latticeParameter: return model.latticeParameter(temperature: point.temperature, concentrations: c)
    case .chemicalStrain: return model.chemicalStrain(temperature: point.temperature, concentrations: c)
    }
  }
}
