/// One solved equilibrium point.
///
/// `concentrations` are per formula unit, one per species in model order (fixed species included).
/// A state with `converged == false` carries the last iterate only so that it can be diagnosed;
/// outputs never print its numbers.
public struct EquilibriumState: Sendable {
  public var conditions: Conditions
  public var concentrations: [Double]
  /// max over all equations of the scaled residual |F_k| (ln units for mass action, relative for balances).
  public var residual: Double
  public var converged: Bool
  /// hybridsj iterations used (after the cold-start Newton, if there was one).
  public var iterations: Int
  /// Whether this point needed a cold start (no continuation, or continuation failed).
  public var coldStart: Bool

  public init(conditions: Conditions, concentrations: [Double], residual: Double, converged: Bool,
              iterations: Int, coldStart: Bool) {
    self.conditions = conditions
    self.concentrations = concentrations
    self.residual = residual
    self.converged = converged
    self.iterations = iterations
    self.coldStart = coldStart
  }
}

/// Exact local slopes of every species, from the implicit-function theorem at a solved state.
public struct Sensitivities: Sendable {
  /// d ln c_i / d ln p for each pressure name (`pO2`, `pH2O`, …), one entry per species (0 for fixed):
  /// `withRespectTo["pO2"]`.
  public var withRespectTo: PressureSlopes
  /// d ln c_i / dT (1/K) at fixed pressures, one entry per species (0 for fixed); empty when not asked for.
  public var temperature: [Double]

  public init(withRespectTo: PressureSlopes, temperature: [Double]) {
    self.withRespectTo = withRespectTo
    self.temperature = temperature
  }

  /// The pressure slopes by pressure name: one or two names, looked up by a linear search (no hashing:
  /// this is built for every row of a sweep).
  public struct PressureSlopes: Sendable {
    public var names: [String]
    /// The slopes with respect to `names[0]` for every species, then those for `names[1]`, …
    public var values: [Double]

    public init(names: [String], values: [Double]) {
      self.names = names
      self.values = values
    }

    public subscript(name: String) -> [Double]? {
      slice(name).map { names.count == 1 ? values : Array($0) }
    }

    /// The slopes with respect to `name` as a view into the flat array (no copy): species i is at
    /// `startIndex + i`.
    public func slice(_ name: String) -> ArraySlice<Double>? {
      guard let k = names.firstIndex(of: name), !values.isEmpty else { return nil }
      return slice(at: k)
    }

    /// ``slice(_:)`` for a caller that knows where `name` usually is among `names` (the model's order of
    /// pressures): no search when the guess `k` is right, the search when it is not.
    public func slice(_ name: String, probablyAt k: Int) -> ArraySlice<Double>? {
      guard k >= 0, k < names.count, names[k] == name, !values.isEmpty else { return slice(name) }
      return slice(at: k)
    }

    private func slice(at k: Int) -> ArraySlice<Double> {
      let stride = values.count / names.count
      return values[(k * stride)..<((k + 1) * stride)]
    }
  }
}

extension DefectModel {
  /// Concentration of `label` in a state of this model (per formula unit).
  public func concentration(_ label: String, in state: EquilibriumState) -> Double? {
    speciesIndex(label).map { state.concentrations[$0] }
  }

  /// The reference content of δ at this model's fixed levels: nominal + Σ_j k_j·[j] (`per` in the file).
  public var nonstoichiometryReference: Double? {
    guard let ns = nonstoichiometry else { return nil }
    let fixed = ns.perFixedLevel.reduce(ns.nominal) { sum, t in
      guard case .fixed(let level) = species[t.species].role else { return sum }
      return sum + t.coefficient * level
    }
    return ns.perTotal.reduce(fixed) { $0 + $1.coefficient * totals[$1.total].value }
  }

  /// δ = reference − Σ_i c_i n_i(element): oxygen (or other element) deficit per formula unit, for
  /// concentrations of a state of this model (its fixed levels set the reference); ``DerivedQuantities/nonstoichiometry(_:)``.
  public func nonstoichiometry<C: Collection<Double>>(of concentrations: C) -> Double? where C.Index == Int {
    guard nonstoichiometry != nil else { return nil }
    return derivedQuantities.nonstoichiometry(Array(concentrations))
  }
}
