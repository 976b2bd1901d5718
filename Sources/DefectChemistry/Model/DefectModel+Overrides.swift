extension DefectModel {
  /// What a `--set NAME=VALUE` can change.
  public enum Parameter: Sendable, Equatable, CustomStringConvertible {
    /// The fixed level of a species (per formula unit).
    case fixedLevel(species: Int)
    /// The value of a fixed total (per formula unit).
    case total(Int)
    /// ΔH (eV) of a reaction.
    case enthalpy(reaction: Int)
    /// ΔS (k_B) of a reaction.
    case entropy(reaction: Int)
    /// W (eV) of a named interaction (and of its mirror term, if declared symmetric).
    case interaction(Int)
    /// A parameter of a species' mobility law (`mobility.LABEL.A`, `.Ea`, `.mu300`, `.m`). It changes
    /// conductivities directly and never the equilibrium state.
    case mobility(species: Int, MobilityParameter)

    public var description: String {
      switch self {
      case .fixedLevel(let i): return "fixed level of species \(i)"
      case .total(let t): return "total \(t)"
      case .enthalpy(let r): return "dH of reaction \(r)"
      case .entropy(let r): return "dS of reaction \(r)"
      case .interaction(let k): return "W of interaction \(k)"
      case .mobility(let i, let key): return "mobility \(key.rawValue) of species \(i)"
      }
    }

    /// The dimension of a value given with a unit, or `nil` for a plain number (per formula unit, or in
    /// the mobility law's own unit).
    public var dimension: Quantity.Dimension? {
      switch self {
      case .fixedLevel, .total: return nil
      case .enthalpy, .interaction: return .energy
      case .entropy: return .entropy
      case .mobility(_, let key): return key == .activationEnergy ? .energy : nil
      }
    }

    /// Unit of the engine value, for column headers.
    public var unit: String {
      switch self {
      case .fixedLevel, .total: return "pfu"
      case .enthalpy, .interaction: return "eV"
      case .entropy: return "kB"
      case .mobility(_, let key): return key.unit
      }
    }

    /// Whether a fit varies ln θ rather than θ (positive quantities spanning decades: levels, totals,
    /// mobility prefactors).
    public var isLogarithmic: Bool {
      switch self {
      case .fixedLevel, .total: return true
      case .enthalpy, .entropy, .interaction: return false
      case .mobility(_, let key): return key == .prefactor || key == .mu300
      }
    }
  }

  /// The parameters of the two mobility laws (``Mobility``): hopping μ = (A/T)·exp(−Ea/k_BT), band
  /// μ = μ300·(T/300 K)^−m. The raw value is the key in the file's `mobility:` block and in the name.
  public enum MobilityParameter: String, Sendable, Equatable, CaseIterable {
    /// Hopping prefactor A (cm² K V⁻¹ s⁻¹), > 0.
    case prefactor = "A"
    /// Hopping activation energy Ea (eV), 0 … 10 eV.
    case activationEnergy = "Ea"
    /// Band mobility at 300 K (cm² V⁻¹ s⁻¹), > 0.
    case mu300
    /// Band temperature exponent m (dimensionless), −10 … 10.
    case exponent = "m"

    /// Engine unit, for column headers and the `fit:` block.
    public var unit: String {
      switch self {
      case .prefactor: return "cm2K_Vs"
      case .activationEnergy: return "eV"
      case .mu300: return "cm2_Vs"
      case .exponent: return "1"
      }
    }

    /// The keys of a law, in the file's order.
    public static func keys(of law: Mobility) -> [MobilityParameter] {
      switch law {
      case .hopping: return [.prefactor, .activationEnergy]
      case .band: return [.mu300, .exponent]
      }
    }
  }

  /// Every parameter `--set` can change, in the order messages list them: fixed levels, totals, reaction
  /// dH/dS, interaction W, mobility-law parameters.
  var allParameters: [Parameter] {
    var out: [Parameter] = []
    for (i, s) in species.enumerated() { if case .fixed = s.role { out.append(.fixedLevel(species: i)) } }
    out += totals.indices.map { .total($0) }
    out += reactions.indices.flatMap { [Parameter.enthalpy(reaction: $0), .entropy(reaction: $0)] }
    out += interactions.indices.filter { !interactions[$0].name.hasSuffix("_mirror") }.map { .interaction($0) }
    for (i, s) in species.enumerated() {
      if let law = s.mobility { out += MobilityParameter.keys(of: law).map { .mobility(species: i, $0) } }
    }
    return out
  }

  /// Every mobility parameter name of this model (`mobility.LABEL.KEY`), for messages.
  public var mobilityParameterNames: [String] {
    species.indices.flatMap { i in
      species[i].mobility.map { MobilityParameter.keys(of: $0).map { describe(.mobility(species: i, $0)) } } ?? []
    }
  }

  /// Resolves `mobility.LABEL.KEY` (LABEL in any Kröger–Vink spelling); `nil` if `name` does not start
  /// with `mobility.`.
  private func mobilityParameter(named name: String) throws(MaterialError) -> Parameter? {
    let prefix = "mobility."
    guard name.hasPrefix(prefix) else { return nil }
    let rest = name.dropFirst(prefix.count)
    let settable = mobilityParameterNames
    let listing = settable.isEmpty ? "\(self.name) has no mobile species" : "settable mobility parameters: \(settable.joined(separator: ", "))"
    guard let dot = rest.lastIndex(of: "."), let i = speciesIndex(String(rest[..<dot])) else {
      throw MaterialError(file: "--set", line: nil, "\(self.name) has no mobility parameter '\(name)': expected mobility.LABEL.KEY with KEY A or Ea (hopping), mu300 or m (band) (\(listing))")
    }
    let keyText = String(rest[rest.index(after: dot)...])
    guard let law = species[i].mobility else {
      throw MaterialError(file: "--set", line: nil, "\(species[i].name) has no mobility in \(self.name) (\(listing))")
    }
    let keys = MobilityParameter.keys(of: law)
    guard let key = MobilityParameter(rawValue: keyText), keys.contains(key) else {
      let kind: String
      switch law {
      case .hopping: kind = "a hopping law"
      case .band: kind = "a band law"
      }
      throw MaterialError(file: "--set", line: nil, "the mobility of \(species[i].name) is \(kind) with parameters \(keys.map { describe(.mobility(species: i, $0)) }.joined(separator: ", ")), not '\(keyText)'")
    }
    return .mobility(species: i, key)
  }

  /// Resolves a `--set` name: a fixed species label (`Gd_Ce'`), a total name, `REACTION.dH` / `REACTION.dS`,
  /// `INTERACTION.W`, or `mobility.LABEL.KEY` (KEY `A`, `Ea` of a hopping law, `mu300`, `m` of a band law).
  public func parameter(named name: String) throws(MaterialError) -> Parameter {
    if name.hasSuffix(".W"), let k = interactions.firstIndex(where: { $0.name == String(name.dropLast(2)) }) {
      return .interaction(k)
    }
    if let dot = name.lastIndex(of: "."), ["dH", "dS"].contains(String(name[name.index(after: dot)...])),
       let r = reactions.firstIndex(where: { $0.name == String(name[..<dot]) })
    {
      return name.hasSuffix("dH") ? .enthalpy(reaction: r) : .entropy(reaction: r)
    }
    if let p = try mobilityParameter(named: name) { return p }
    // a total named after its dopant label (gdc10's "Gd_Ce'") is found in any Kröger–Vink spelling ("Gd_Ce′")
    if let total = totalNamed(name), let t = totals.firstIndex(where: { $0.name == total.name }) { return .total(t) }
    if let i = speciesIndex(name) {
      guard case .fixed = species[i].role else {
        throw MaterialError(file: "--set", line: nil, "\(species[i].name) is solved for, not fixed, in \(self.name); only fixed levels, totals, REACTION.dH/dS, INTERACTION.W and mobility.LABEL.KEY can be set")
      }
      return .fixedLevel(species: i)
    }
    let names = allParameters.map(describe)
    throw MaterialError(file: "--set", line: nil, "\(self.name) has no parameter '\(name)' (settable: \(names.joined(separator: ", ")))")
  }

  /// Parses a value for `parameter`: a number per formula unit (or in the mobility law's unit), or a
  /// number with a unit (a bare number is eV for dH, W and a mobility Ea, k_B for dS).
  public func parseValue(_ text: String, for parameter: Parameter) -> Double? {
    let t = text.trimmingWhitespace()
    if let v = Double(t), v.isFinite { return v }
    guard let dimension = parameter.dimension else { return nil }
    return Quantity.parse(t, as: dimension)
  }

  /// A copy with `parameter` set to `value` (engine units), validated again.
  public func setting(_ parameter: Parameter, to value: Double) throws(MaterialError) -> DefectModel {
    var copy = self
    switch parameter {
    case .fixedLevel(let i):
      guard value >= 0, value.isFinite else {
        throw MaterialError(file: "--set", line: nil, "the level of \(species[i].name) must be a finite number ≥ 0")
      }
      copy.species[i].role = .fixed(value)
    case .total(let t):
      guard value > 0, value.isFinite else {
        throw MaterialError(file: "--set", line: nil, "total '\(totals[t].name)' must be a finite number > 0")
      }
      copy.totals[t].value = value
    case .enthalpy(let r): copy.reactions[r].enthalpy = value
    case .entropy(let r): copy.reactions[r].entropy = value
    case .interaction(let k):
      guard value.isFinite, abs(value) <= 100 else {
        throw MaterialError(file: "--set", line: nil, "\(describe(parameter)) must be a finite energy of at most 100 eV in magnitude")
      }
      let name = interactions[k].name
      for q in copy.interactions.indices where copy.interactions[q].name == name || copy.interactions[q].name == name + "_mirror" {
        copy.interactions[q].energy = value
      }
    case .mobility(let i, let key):
      guard value.isFinite else { throw MaterialError(file: "--set", line: nil, "\(describe(parameter)) must be a finite number") }
      switch (species[i].mobility, key) {
      case (.hopping(_, let ea)?, .prefactor):
        guard value > 0 else { throw MaterialError(file: "--set", line: nil, "\(describe(parameter)) must be > 0 (cm² K V⁻¹ s⁻¹), got \(value)") }
        copy.species[i].mobility = .hopping(prefactor: value, activationEnergy: ea)
      case (.hopping(let a, _)?, .activationEnergy):
        // as the loader: a negative barrier is not a hopping law; beyond 10 eV no carrier moves at any T the solver takes
        guard value >= 0, value <= 10 else {
          throw MaterialError(file: "--set", line: nil, "\(describe(parameter)) must lie in 0 … 10 eV (a hopping barrier), got \(value) eV")
        }
        copy.species[i].mobility = .hopping(prefactor: a, activationEnergy: value)
      case (.band(_, let m)?, .mu300):
        guard value > 0 else { throw MaterialError(file: "--set", line: nil, "\(describe(parameter)) must be > 0 (cm² V⁻¹ s⁻¹), got \(value)") }
        copy.species[i].mobility = .band(mu300: value, exponent: m)
      case (.band(let mu, _)?, .exponent):
        guard abs(value) <= 10 else {
          throw MaterialError(file: "--set", line: nil, "\(describe(parameter)) = \(value) is outside −10 … 10 (phonon scattering gives ≈ 1.5–3)")
        }
        copy.species[i].mobility = .band(mu300: mu, exponent: value)
      default:
        throw MaterialError(file: "--set", line: nil, "\(describe(parameter)) is not a parameter of the mobility law of \(species[i].name)")
      }
    }
    do { try copy.validate() } catch {
      throw MaterialError(file: "--set", line: nil, "after setting \(describe(parameter)) = \(value): \(error.message)")
    }
    return copy
  }

  /// The current value of `parameter` (engine units: pfu, eV, k_B).
  public func value(of parameter: Parameter) -> Double {
    switch parameter {
    case .fixedLevel(let i):
      if case .fixed(let v) = species[i].role { return v }
      return .nan  // `parameter(named:)` only hands out fixed species
    case .total(let t): return totals[t].value
    case .enthalpy(let r): return reactions[r].enthalpy
    case .entropy(let r): return reactions[r].entropy
    case .interaction(let k): return interactions[k].energy
    case .mobility(let i, let key):
      switch (species[i].mobility, key) {
      case (.hopping(let a, _)?, .prefactor): return a
      case (.hopping(_, let ea)?, .activationEnergy): return ea
      case (.band(let mu, _)?, .mu300): return mu
      case (.band(_, let m)?, .exponent): return m
      default: return .nan  // `parameter(named:)` only hands out keys of the species' law
      }
    }
  }

  /// The name a user types for `parameter`.
  public func describe(_ parameter: Parameter) -> String {
    switch parameter {
    case .fixedLevel(let i): return species[i].name
    case .total(let t): return totals[t].name
    case .enthalpy(let r): return "\(reactions[r].name).dH"
    case .entropy(let r): return "\(reactions[r].name).dS"
    case .interaction(let k): return "\(interactions[k].name).W"
    case .mobility(let i, let key): return "mobility.\(species[i].name).\(key.rawValue)"
    }
  }
}
