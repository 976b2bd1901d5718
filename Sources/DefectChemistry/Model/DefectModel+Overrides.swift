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

    public var description: String {
      switch self {
      case .fixedLevel(let i): return "fixed level of species \(i)"
      case .total(let t): return "total \(t)"
      case .enthalpy(let r): return "dH of reaction \(r)"
      case .entropy(let r): return "dS of reaction \(r)"
      case .interaction(let k): return "W of interaction \(k)"
      }
    }

    /// The dimension of a value given with a unit, or `nil` for a plain number per formula unit.
    public var dimension: Quantity.Dimension? {
      switch self {
      case .fixedLevel, .total: return nil
      case .enthalpy, .interaction: return .energy
      case .entropy: return .entropy
      }
    }

    /// Unit of the engine value, for column headers.
    public var unit: String {
      switch self {
      case .fixedLevel, .total: return "pfu"
      case .enthalpy, .interaction: return "eV"
      case .entropy: return "kB"
      }
    }
  }

  /// Resolves a `--set` name: a fixed species label (`Gd_Ce'`), a total name, `REACTION.dH` / `REACTION.dS`,
  /// or `INTERACTION.W`.
  public func parameter(named name: String) throws(MaterialError) -> Parameter {
    if name.hasSuffix(".W"), let k = interactions.firstIndex(where: { $0.name == String(name.dropLast(2)) }) {
      return .interaction(k)
    }
    if let dot = name.lastIndex(of: "."), ["dH", "dS"].contains(String(name[name.index(after: dot)...])),
       let r = reactions.firstIndex(where: { $0.name == String(name[..<dot]) })
    {
      return name.hasSuffix("dH") ? .enthalpy(reaction: r) : .entropy(reaction: r)
    }
    // a total named after its dopant label (gdc10's "Gd_Ce'") is found in any Kröger–Vink spelling ("Gd_Ce′")
    if let total = totalNamed(name), let t = totals.firstIndex(where: { $0.name == total.name }) { return .total(t) }
    if let i = speciesIndex(name) {
      guard case .fixed = species[i].role else {
        throw MaterialError(file: "--set", line: nil, "\(species[i].name) is solved for, not fixed, in \(self.name); only fixed levels, totals and REACTION.dH/dS can be set")
      }
      return .fixedLevel(species: i)
    }
    let fixed = species.filter { !$0.isFree }.map(\.name)
    let names = fixed + totals.map(\.name) + reactions.flatMap { ["\($0.name).dH", "\($0.name).dS"] }
      + interactions.filter { !$0.name.hasSuffix("_mirror") }.map { "\($0.name).W" }
    throw MaterialError(file: "--set", line: nil, "\(self.name) has no parameter '\(name)' (settable: \(names.joined(separator: ", ")))")
  }

  /// Parses a value for `parameter`: a number per formula unit, or a number with a unit
  /// (a bare number is eV for dH and k_B for dS).
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
    }
  }
}
