import Foundation

/// The quantities derived from one equilibrium state, each written once, here: δ, the average valence
/// of a cation, the hydrogen content, the thermodynamic factor Θ, the partial conductivities σ_k (with
/// their site-exclusion and blocking factors), σ_ion, σ_el, t_ion, t_el, σ_amb and the chemical
/// diffusion coefficient D̃.
///
/// Built once per model (again after a parameter change: δ's reference follows the fixed levels) from
/// look-ups that would otherwise be repeated per point — atom counts, charges and conductivity
/// prefactors by species index, the valence members of each sublattice, each carrier's blocking terms —
/// so that a sweep's row writer calls these functions directly, without a dictionary look-up or an
/// allocation per value. `DefectModel`'s convenience functions (`nonstoichiometry(of:)`,
/// `averageValence`, `thermodynamicFactor`, …), ``TransportProperties``, permeation, fits and analysis
/// call the same functions: there is no second copy of a formula to keep in step.
///
/// Concentrations are per formula unit in model order; `pO2Slopes` are d ln c_i/d ln pO2 in model order
/// (the `pO2` slice of ``Sensitivities``).
public struct DerivedQuantities: Sendable {
  /// δ = reference − Σ_i n_i(element)·c_i (its negative for an `excess:` nonstoichiometry): the reference
  /// content (`nil`: no `nonstoichiometry:`).
  public let deltaReference: Double?
  let deltaCountsExcess: Bool
  /// Oxygen and hydrogen atoms per species (0 where none).
  let oxygen: [Double]
  let hydrogen: [Double]
  /// Whether any species holds hydrogen (otherwise the H content is undefined, not 0).
  let hasHydrogen: Bool
  /// Average valences: per sublattice with a nominal valence, v₀ and its members (species, charge).
  public let valences: [(sublattice: String, nominal: Double, members: [(species: Int, charge: Double)])]
  /// The mobile species: index, |z|·e, mobility law, ionic or electronic, and their factor's look-ups.
  let carriers: [Carrier]
  /// Blocking terms of all carriers (`Carrier.blocking` ranges index this) and their (species, weight) sums.
  let blocking: [(terms: Range<Int>, sites: Double, exponent: Double)]
  let blockingTerms: [(species: Int, weight: Double)]
  /// Formula units per cm³ (`nil`: no conductivities, no D̃).
  public let density: Double?
  let speciesCount: Int
  /// The conservation identities A·c = b, for δ and the oxygen-content slope as sums over minority species.
  let conservation: ConservationIdentities

  struct Carrier: Sendable {
    var species: Int
    var chargeTimesE: Double
    var mobility: DefectModel.Mobility
    var ionic: Bool
    /// Sites of its sublattice for site exclusion (`nil`: none).
    var exclusionSites: Double?
    var blocking: Range<Int>
  }

  public init(model: DefectModel) {
    speciesCount = model.species.count
    deltaReference = model.nonstoichiometryReference
    deltaCountsExcess = model.nonstoichiometry?.excess ?? false
    conservation = ConservationIdentities(model: model)
    oxygen = model.species.map { Double($0.label.formula.atoms["O"] ?? 0) }
    hydrogen = model.species.map { Double($0.label.formula.atoms["H"] ?? 0) }
    hasHydrogen = model.species.contains { $0.label.formula.atoms["H"] != nil }
    valences = model.sublattices.compactMap { sub in
      guard let v0 = model.nominalValence[sub.name] else { return nil }
      var members: [(species: Int, charge: Double)] = []
      for (i, s) in model.species.enumerated() {
        guard case .lattice(let parts) = s.label.kind, parts.count == 1,
              parts[0].site == sub.name, parts[0].occupant == sub.name else { continue }
        members.append((i, Double(s.charge)))
      }
      return (sub.name, v0, members)
    }
    density = model.formulaUnitDensity
    var carriers: [Carrier] = []
    var blocking: [(terms: Range<Int>, sites: Double, exponent: Double)] = []
    var blockingTerms: [(species: Int, weight: Double)] = []
    for (i, s) in model.species.enumerated() {
      guard let mobility = s.mobility, let carrier = s.carrier else { continue }
      let m = s.mobilityModifiers
      let start = blocking.count
      for b in m.blocking {
        let first = blockingTerms.count
        for t in b.terms { blockingTerms.append((t.species, t.weight)) }
        blocking.append((first..<blockingTerms.count, b.sites, b.exponent))
      }
      carriers.append(Carrier(species: i, chargeTimesE: Double(abs(s.charge)) * PhysicalConstants.elementaryCharge,
                              mobility: mobility, ionic: carrier == .ionic,
                              exclusionSites: m.siteExclusion ? model.siteCount(of: i) : nil, blocking: start..<blocking.count))
    }
    self.carriers = carriers
    self.blocking = blocking
    self.blockingTerms = blockingTerms
  }

  /// Number of mobile species (the size of a mobility buffer).
  public var carrierCount: Int { carriers.count }
  /// Whether conductivities can be computed: a density and at least one mobile species.
  public var hasTransport: Bool { density != nil && !carriers.isEmpty }

  // MARK: - State quantities

  /// δ = reference − Σ_i n_i·c_i: the element's deficit per formula unit, or its excess Σ_i n_i·c_i − reference
  /// for an `excess:` nonstoichiometry (`nil` without `nonstoichiometry:`).
  ///
  /// Computed without the subtraction of two nearly equal contents: the conservation identities (site balances,
  /// totals, electroneutrality) take the reference and the majority species out exactly
  /// (``ConservationIdentities``), leaving a sum over the minority species and the levels that keeps δ's
  /// relative accuracy when δ ≪ the content (e.g. gdc10's δ = ([Ce_Ce'] − [h.])/2).
  @inline(__always)
  public func nonstoichiometry(_ c: [Double]) -> Double? {
    nonstoichiometry(c, MinorityForms(conservation))
  }

  /// ``nonstoichiometry(_:)`` with the minority forms kept by the caller (a row writer's, reused along a line).
  @inline(__always)
  func nonstoichiometry(_ c: [Double], _ forms: MinorityForms) -> Double? {
    guard deltaReference != nil else { return nil }
    let deficit = c.withUnsafeBufferPointer { conservation.deficit($0.baseAddress!, forms) }
    return deltaCountsExcess ? -deficit : deficit
  }

  /// dδ/dθ along slopes s = d ln c/dθ (model order; θ = ln pO2, ln pH2O or T: any direction in which the
  /// levels, totals and site counts stay put), as a sum over the minority species, like δ.
  public func nonstoichiometryDerivative(_ c: [Double], along s: ArraySlice<Double>) -> Double? {
    guard deltaReference != nil else { return nil }
    let dContent = c.withUnsafeBufferPointer { c in
      s.withUnsafeBufferPointer {
        conservation.contentDerivative(oxygen: false, c.baseAddress!, $0.baseAddress!, MinorityForms(conservation))
      }
    }
    return deltaCountsExcess ? dContent : -dContent
  }

  /// v = v₀ + Σ z_i c_i / Σ c_i over the regular occupants X_X (any charge) of `valences[v]`,
  /// e.g. LSF: v_Fe = 3 + [Fe_Fe.] − [Fe_Fe'] (= 3 + x − 2δ by electroneutrality).
  @inline(__always)
  public func averageValence(_ v: Int, _ c: [Double]) -> Double? {
    var charge = 0.0, count = 0.0
    for (i, z) in valences[v].members {
      charge += z * c[i]; count += c[i]
    }
    return count > 0 ? valences[v].nominal + charge / count : nil
  }

  /// Index into ``valences`` of a sublattice's average valence (`nil`: no nominal valence).
  public func valenceIndex(of sublattice: String) -> Int? { valences.firstIndex { $0.sublattice == sublattice } }

  /// Hydrogen atoms per formula unit (`nil` if no species holds hydrogen); water uptake is half this.
  @inline(__always)
  public func hydrogenContent(_ c: [Double]) -> Double? {
    guard hasHydrogen else { return nil }
    var h = 0.0
    for i in 0..<speciesCount { h += hydrogen[i] * c[i] }
    return h
  }

  /// Oxygen atoms per formula unit, c_O = Σ n_O,i c_i.
  @inline(__always)
  public func oxygenContent(_ c: [Double]) -> Double {
    var content = 0.0
    for i in 0..<speciesCount { content += oxygen[i] * c[i] }
    return content
  }

  /// Σ n_O,i c_i s_i: the rate of change of the oxygen content (per formula unit) along slopes s = d ln c/dθ
  /// (any direction in which the levels, totals and site counts stay put: ln p_g, T). Summed over the
  /// minority species only (``ConservationIdentities``): the majority species' terms (O_O^x, OH_O. …), whose
  /// slopes are tiny and cancel among themselves, are taken out exactly by the conservation identities.
  public func oxygenContentDerivative(_ c: [Double], along s: ArraySlice<Double>) -> Double {
    oxygenContentDerivative(c, along: s, MinorityForms(conservation))
  }

  /// ``oxygenContentDerivative(_:along:)`` with the minority forms kept by the caller.
  @inline(__always)
  func oxygenContentDerivative(_ c: [Double], along s: ArraySlice<Double>, _ forms: MinorityForms) -> Double {
    c.withUnsafeBufferPointer { c in
      s.withUnsafeBufferPointer { conservation.contentDerivative(oxygen: true, c.baseAddress!, $0.baseAddress!, forms) }
    }
  }

  /// d ln c_O / d ln pO2 of the oxygen content c_O = Σ n_O,i c_i (atoms per formula unit).
  public func oxygenContentSlope(_ c: [Double], pO2Slopes s: ArraySlice<Double>) -> Double? {
    oxygenContentSlope(c, pO2Slopes: s, MinorityForms(conservation))
  }

  @inline(__always)
  func oxygenContentSlope(_ c: [Double], pO2Slopes s: ArraySlice<Double>, _ forms: MinorityForms) -> Double? {
    let content = oxygenContent(c)
    return content > 0 ? oxygenContentDerivative(c, along: s, forms) / content : nil
  }

  /// Thermodynamic factor of oxygen Θ = ½ ∂ln pO2/∂ln c_O.
  public func thermodynamicFactor(_ c: [Double], pO2Slopes s: ArraySlice<Double>) -> Double? {
    thermodynamicFactor(c, oxygenDerivative: oxygenContentDerivative(c, along: s))
  }

  /// ``thermodynamicFactor(_:pO2Slopes:)`` from dc_O/d ln pO2 (``oxygenContentDerivative(_:along:)``).
  @inline(__always)
  func thermodynamicFactor(_ c: [Double], oxygenDerivative: Double) -> Double? {
    let content = oxygenContent(c)
    guard content > 0, oxygenDerivative != 0 else { return nil }
    return 0.5 / (oxygenDerivative / content)
  }

  // MARK: - Transport

  /// μ_k(T) of every carrier, in carrier order, into `mobility` (``carrierCount`` values).
  @inline(__always)
  public func mobilities(at temperature: Double, into mobility: UnsafeMutablePointer<Double>) {
    for (k, carrier) in carriers.enumerated() { mobility[k] = carrier.mobility.value(at: temperature) }
  }

  /// f_k = (1 − y_k)^[site exclusion] · Π_b (1 − y_b)^n_b of carrier `k` (``DefectModel/MobilityModifiers``).
  @inline(__always)
  func mobilityFactor(carrier k: Int, _ c: [Double]) -> Double {
    let carrier = carriers[k]
    var f = 1.0
    if let s = carrier.exclusionSites { f *= max(0, 1 - c[carrier.species] / s) }
    for b in carrier.blocking {
      let block = blocking[b]
      var y = 0.0
      for t in block.terms {
        let (j, w) = blockingTerms[t]
        y += w * c[j]
      }
      f *= pow(max(0, 1 - y / block.sites), block.exponent)
    }
    return f
  }

  /// σ_k = |z_k|·e·c_k·N_fu·μ_k(T)·f_k (S/cm) of every carrier into `partial[species]` (other entries are
  /// left as they are), and their ionic and electronic sums. `mobility`: ``mobilities(at:into:)`` at this
  /// state's temperature. `nil` without a density.
  @inline(__always)
  public func conductivities(_ c: [Double], mobility: UnsafePointer<Double>,
                             partial: UnsafeMutablePointer<Double>) -> ConductivitySums? {
    guard let density else { return nil }
    var ionic = 0.0, electronic = 0.0
    for (k, carrier) in carriers.enumerated() {
      let s = carrier.chargeTimesE * c[carrier.species] * density * mobility[k] * mobilityFactor(carrier: k, c)
      partial[carrier.species] = s
      if carrier.ionic { ionic += s } else { electronic += s }
    }
    return ConductivitySums(ionic: ionic, electronic: electronic)
  }

  /// Chemical diffusion coefficient of oxygen D̃ = R·T/(8F²)·σ_amb·∂ln pO2/∂c_O in cm²/s, with c_O in
  /// mol/cm³ (= oxygen atoms per formula unit × N_fu / N_A) and σ_amb in S/cm.
  public func chemicalDiffusion(temperature: Double, _ c: [Double], pO2Slopes s: ArraySlice<Double>,
                                ambipolar: Double) -> Double? {
    chemicalDiffusion(temperature: temperature, oxygenDerivative: oxygenContentDerivative(c, along: s), ambipolar: ambipolar)
  }

  /// ``chemicalDiffusion(temperature:_:pO2Slopes:ambipolar:)`` from dc_O/d ln pO2 (``oxygenContentDerivative(_:along:)``).
  @inline(__always)
  func chemicalDiffusion(temperature: Double, oxygenDerivative dContent: Double, ambipolar: Double) -> Double? {
    guard let density else { return nil }
    let avogadro = PhysicalConstants.avogadro
    let dcOdlnp = dContent * density / avogadro  // mol cm⁻³ per unit ln pO2
    guard dcOdlnp != 0 else { return nil }
    let F = PhysicalConstants.faraday
    return PhysicalConstants.gasConstant * temperature / (8 * F * F) * ambipolar / dcOdlnp
  }
}

/// σ_ion and σ_el of a state and what follows from them: σ_total, t_ion = σ_ion/σ_total,
/// t_el = σ_el/σ_total (NaN when nothing conducts), σ_amb = σ_ion·σ_el/σ_total (0 then).
public struct ConductivitySums: Sendable, Equatable {
  public var ionic: Double
  public var electronic: Double
  public var total: Double { ionic + electronic }
  public var ionicTransference: Double { total > 0 ? ionic / total : .nan }
  public var electronicTransference: Double { total > 0 ? electronic / total : .nan }
  public var ambipolar: Double { total > 0 ? ionic * electronic / total : 0 }
}
