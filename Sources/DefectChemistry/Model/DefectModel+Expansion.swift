import Yams

extension DefectModel {
  /// Linear chemical and thermal expansion of a (pseudo-)cubic lattice parameter:
  ///
  ///     a(T, δ) = a_ref + α_T·(T − T_ref) + α_δ·(δ − δ_ref)          (Å)
  ///     ε_chem(T, δ) = α_δ·(δ − δ_ref) / (a_ref + α_T·(T − T_ref))  (isothermal Δa/a against δ_ref)
  ///
  /// with α_δ in Å per unit δ and α_T in Å/K, δ the model's nonstoichiometry. Declared in a material
  /// file as
  ///
  ///     expansion:
  ///       reference: {T_K: 973.15, delta: 0, a_A: 3.900, source: …}
  ///       chemical_A_per_delta: {value: 0.144, uncertainty: 0.009, source: …}
  ///       thermal_A_per_K: {value: 5.72e-5, uncertainty: 0.04e-5, source: …}
  ///       validity: {delta: [0, 0.2], T_K: [932, 1050]}
  public struct Expansion: Sendable, Equatable {
    public var referenceLattice: Double
    public var referenceTemperature: Double
    public var referenceDelta: Double
    /// α_δ, Å per unit δ.
    public var chemical: Double
    /// α_T, Å/K (0 when the file gives only the chemical part).
    public var thermal: Double
    /// Ranges of δ and T_K where the coefficients were measured (outputs are computed outside them too).
    public var validity: [String: ClosedRange<Double>]
    public var line: Int?

    /// a(T, δ) in Å.
    public func latticeParameter(temperature: Double, delta: Double) -> Double {
      referenceLattice + thermal * (temperature - referenceTemperature) + chemical * (delta - referenceDelta)
    }

    /// ε_chem = [a(T, δ) − a(T, δ_ref)] / a(T, δ_ref).
    public func chemicalStrain(temperature: Double, delta: Double) -> Double {
      chemical * (delta - referenceDelta) / (referenceLattice + thermal * (temperature - referenceTemperature))
    }

    static func read(_ node: Node, _ reader: YAMLReader, _ model: DefectModel) throws(MaterialError) -> Expansion {
      let m = try reader.mapping(node, "expansion", allowed: ["reference", "chemical_A_per_delta", "thermal_A_per_K", "validity", "source", "note"])
      guard model.nonstoichiometry != nil || model.sublattices.contains(where: { $0.name == "O" }) else {
        throw reader.error(node, "expansion: the chemical expansion is per unit δ, but \(model.name) defines no nonstoichiometry")
      }
      guard let refNode = m["reference"], let chemNode = m["chemical_A_per_delta"] else {
        throw reader.error(node, "expansion needs 'reference' ({T_K, delta, a_A}) and 'chemical_A_per_delta' (Å per unit δ)")
      }
      let ref = try reader.mapping(refNode, "expansion.reference", allowed: ["T_K", "delta", "a_A", "source", "note"])
      guard let t = ref["T_K"], let d = ref["delta"], let a = ref["a_A"] else {
        throw reader.error(refNode, "expansion.reference needs T_K, delta and a_A (the lattice parameter in Å at that T and δ)")
      }
      func coefficient(_ n: Node, _ what: String) throws(MaterialError) -> Double {
        if case .scalar = n { return try reader.number(n, what) }
        let c = try reader.mapping(n, what, allowed: ["value", "uncertainty", "source", "note"])
        guard let v = c["value"] else { throw reader.error(n, "\(what) needs a 'value'") }
        return try reader.number(v, "\(what).value")
      }
      var validity: [String: ClosedRange<Double>] = [:]
      if let v = m["validity"] {
        for (key, keyNode, n) in try reader.pairs(v, "expansion.validity") {
          guard key == "delta" || key == "T_K" else {
            throw reader.error(keyNode, "unknown key '\(MessageText.escaped(key))' in expansion.validity (allowed: T_K, delta)")
          }
          let range = try reader.range(n, "expansion.validity.\(key)")
          guard key != "T_K" || range.lowerBound > 0 else { throw reader.error(n, "expansion.validity.T_K must be > 0 K") }
          validity[key] = range
        }
      }
      let e = Expansion(
        referenceLattice: try reader.number(a, "expansion.reference.a_A"),
        referenceTemperature: try reader.number(t, "expansion.reference.T_K"),
        referenceDelta: try reader.number(d, "expansion.reference.delta"),
        chemical: try coefficient(chemNode, "expansion.chemical_A_per_delta"),
        thermal: try m["thermal_A_per_K"].map { n throws(MaterialError) in try coefficient(n, "expansion.thermal_A_per_K") } ?? 0,
        validity: validity, line: reader.line(node))
      guard e.referenceLattice > 0, e.referenceTemperature > 0 else {
        throw reader.error(refNode, "expansion.reference: a_A and T_K must be > 0")
      }
      return e
    }
  }

  /// a(T, δ) in Å for concentrations of a state of this model, or `nil` without `expansion:` — and where the
  /// linear law, taken far outside its range, gives a length ≤ 0 (no lattice: the field is empty and flagged).
  public func latticeParameter(temperature: Double, concentrations: [Double]) -> Double? {
    guard let e = expansion, let delta = nonstoichiometry(of: concentrations) else { return nil }
    let a = e.latticeParameter(temperature: temperature, delta: delta)
    return a > 0 ? a : nil
  }

  /// ε_chem (Δa/a at T against the reference δ), or `nil` without `expansion:` or where the reference
  /// lattice a(T, δ_ref) of the linear law is ≤ 0.
  public func chemicalStrain(temperature: Double, concentrations: [Double]) -> Double? {
    guard let e = expansion, let delta = nonstoichiometry(of: concentrations),
          e.latticeParameter(temperature: temperature, delta: e.referenceDelta) > 0 else { return nil }
    return e.chemicalStrain(temperature: temperature, delta: delta)
  }
}
