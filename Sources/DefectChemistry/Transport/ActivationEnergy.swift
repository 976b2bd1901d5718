import Foundation

/// Apparent activation energies of conductivities, from the exact temperature slopes of a solved state.
///
///     E_a = −k_B · d ln(σT) / d(1/T) = k_B T² · (d ln σ/dT + 1/T)        (eV)
///
/// σ(T, c(T)) is differentiated along the equilibrium path: the state's slopes d ln c_i/dT are exact
/// (implicit-function theorem, ``EquilibriumSolver/sensitivities()``); the transport law — a closed form
/// in T and c — is differentiated along that direction by a Richardson-extrapolated central difference
/// (truncation O(h⁴) with h = 10⁻³ T: relative error below 10⁻⁹), so no equilibrium is re-solved.
///
/// Two paths: at fixed gas pressures (the slopes as solved), and at fixed oxygen content (δ held, the
/// oxygen partial pressure following: d ln c/dT|_δ = d ln c/dT|_p + (d ln c/d ln pO2)·(d ln pO2/dT)|_δ,
/// (d ln pO2/dT)|_δ = −(Σ n_O,i c_i d ln c_i/dT)/(Σ n_O,i c_i d ln c_i/d ln pO2)) — the "quenched oxygen
/// content" activation energy of, e.g., a σ_el measured on a sample whose δ cannot change.
public struct ActivationEnergies: Sendable {
  /// Per species (NaN where the species carries no current), and of the sums (NaN where zero), in eV.
  public var partial: [Double]
  public var ionic: Double
  public var electronic: Double
  public var total: Double
}

extension DefectModel {
  /// The direction d ln c/dT of the path (`fixedOxygenContent`: δ held; needs a pO2 slope). `nil` if undefined.
  public func temperaturePath(concentrations c: [Double], slopes: Sensitivities, fixedOxygenContent: Bool,
                              derived: DerivedQuantities? = nil) -> [Double]? {
    guard slopes.temperature.count == species.count else { return nil }
    guard fixedOxygenContent else { return slopes.temperature }
    guard let sp = slopes.withRespectTo.slice("pO2") else { return nil }
    let d = derived ?? derivedQuantities
    let dT = d.oxygenContentDerivative(c, along: slopes.temperature[...])
    let dP = d.oxygenContentDerivative(c, along: sp)
    guard dP != 0 else { return nil }
    let dLnPdT = -dT / dP
    return species.indices.map { slopes.temperature[$0] + sp[sp.startIndex + $0] * dLnPdT }
  }

  /// E_a of every partial σ and of σ_ion, σ_el, σ_total along the path (see ``ActivationEnergies``).
  /// `nil` without transport data, a defined path, or a finite σ.
  /// `derived`: the model's ``DerivedQuantities`` if the caller has them (built here otherwise).
  public func activationEnergies(temperature T: Double, concentrations c: [Double], slopes: Sensitivities,
                                 fixedOxygenContent: Bool = false, derived: DerivedQuantities? = nil) -> ActivationEnergies? {
    let derived = derived ?? derivedQuantities
    guard let direction = temperaturePath(concentrations: c, slopes: slopes, fixedOxygenContent: fixedOxygenContent,
                                          derived: derived)
    else { return nil }
    func sigmas(_ h: Double) -> [Double]? {
      let shifted = c.indices.map { c[$0] * exp(h * direction[$0]) }
      guard let t = TransportProperties(derived, temperature: T + h, concentrations: shifted) else { return nil }
      return t.partial + [t.ionic, t.electronic, t.total]
    }
    let h = 1e-3 * T
    guard let a = sigmas(h), let b = sigmas(-h), let a2 = sigmas(h / 2), let b2 = sigmas(-h / 2), let s0 = sigmas(0)
    else { return nil }
    let kB = PhysicalConstants.boltzmannEV
    let energies: [Double] = s0.indices.map { k in
      guard s0[k] > 0 else { return .nan }
      let derivative = (4 * (a2[k] - b2[k]) / h - (a[k] - b[k]) / (2 * h)) / 3
      return kB * T * T * (derivative / s0[k] + 1 / T)
    }
    let m = species.count
    return ActivationEnergies(partial: Array(energies[0..<m]), ionic: energies[m], electronic: energies[m + 1],
                              total: energies[m + 2])
  }
}
