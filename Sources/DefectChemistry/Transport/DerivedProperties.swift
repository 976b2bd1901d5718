import Foundation

/// Quantities derived from one equilibrium state (and, for Θ and D̃, its exact slopes).
extension DefectModel {
  /// Average oxidation state of the regular cation of sublattice `s`:
  /// v = v₀ + Σ z_i c_i / Σ c_i over the species X_X (regular occupant, any charge) of that sublattice,
  /// e.g. LSF: v_Fe = 3 + [Fe_Fe.] − [Fe_Fe'] (= 3 + x − 2δ by electroneutrality). `nil` without a nominal valence.
  public func averageValence(of sublattice: String, concentrations: some Collection<Double>) -> Double? {
    guard let v0 = nominalValence[sublattice] else { return nil }
    var charge = 0.0, count = 0.0
    for (i, c) in concentrations.enumerated() {
      let s = species[i]
      guard case .lattice(let parts) = s.label.kind, parts.count == 1,
            parts[0].site == sublattice, parts[0].occupant == sublattice else { continue }
      charge += Double(s.charge) * c
      count += c
    }
    return count > 0 ? v0 + charge / count : nil
  }

  /// Hydrogen atoms per formula unit (protons as OH_O. and any other H-bearing species); water uptake is half this.
  public func hydrogenContent(concentrations: some Collection<Double>) -> Double? {
    guard species.contains(where: { $0.label.formula.atoms["H"] != nil }) else { return nil }
    var h = 0.0
    for (i, c) in concentrations.enumerated() { h += Double(species[i].label.formula.atoms["H"] ?? 0) * c }
    return h
  }

  /// d ln c_O / d ln pO2 of the oxygen content c_O = Σ n_O,i c_i (atoms per formula unit), from exact slopes.
  public func oxygenContentSlope(concentrations: [Double], slopes: Sensitivities) -> Double? {
    guard let s = slopes.withRespectTo["pO2"] else { return nil }
    var content = 0.0, derivative = 0.0
    for (i, c) in concentrations.enumerated() {
      let n = Double(species[i].label.formula.atoms["O"] ?? 0)
      content += n * c
      derivative += n * c * s[i]
    }
    return content > 0 ? derivative / content : nil
  }

  /// Thermodynamic factor of oxygen Θ = ½ ∂ln pO2/∂ln c_O (exact, from the Jacobian slopes).
  public func thermodynamicFactor(concentrations: [Double], slopes: Sensitivities) -> Double? {
    guard let d = oxygenContentSlope(concentrations: concentrations, slopes: slopes), d != 0 else { return nil }
    return 0.5 / d
  }

  /// Chemical diffusion coefficient of oxygen D̃ = R·T/(8F²)·σ_amb·∂ln pO2/∂c_O in cm²/s, with c_O in
  /// mol/cm³ (= oxygen atoms per formula unit × N_fu / N_A) and σ_amb in S/cm.
  public func chemicalDiffusionCoefficient(temperature: Double, concentrations: [Double], slopes: Sensitivities,
                                           ambipolar: Double) -> Double? {
    guard let density = formulaUnitDensity, let s = slopes.withRespectTo["pO2"] else { return nil }
    var dContent = 0.0
    for (i, c) in concentrations.enumerated() { dContent += Double(species[i].label.formula.atoms["O"] ?? 0) * c * s[i] }
    let avogadro = PhysicalConstants.faraday / PhysicalConstants.elementaryCharge
    let dcOdlnp = dContent * density / avogadro  // mol cm⁻³ per unit ln pO2
    guard dcOdlnp != 0 else { return nil }
    let F = PhysicalConstants.faraday
    return PhysicalConstants.gasConstant * temperature / (8 * F * F) * ambipolar / dcOdlnp
  }
}
