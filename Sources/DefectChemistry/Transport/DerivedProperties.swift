import Foundation

/// Quantities derived from one equilibrium state (and, for Θ and D̃, its exact slopes), for a caller with
/// one state at hand. Each builds the model's ``DerivedQuantities`` (where every formula is written, once)
/// and asks it; a caller with many states builds that once and calls it directly.
extension DefectModel {
  /// The model's derived-quantity tables (rebuild after changing the model).
  public var derivedQuantities: DerivedQuantities { DerivedQuantities(model: self) }

  /// Average oxidation state of the regular cation of sublattice `s` (``DerivedQuantities/averageValence(_:_:)``);
  /// `nil` without a nominal valence.
  public func averageValence(of sublattice: String, concentrations: some Collection<Double>) -> Double? {
    let d = derivedQuantities
    return d.valenceIndex(of: sublattice).flatMap { d.averageValence($0, Array(concentrations)) }
  }

  /// Hydrogen atoms per formula unit (``DerivedQuantities/hydrogenContent(_:)``); water uptake is half this.
  public func hydrogenContent(concentrations: some Collection<Double>) -> Double? {
    derivedQuantities.hydrogenContent(Array(concentrations))
  }

  /// d ln c_O / d ln pO2 of the oxygen content (``DerivedQuantities/oxygenContentSlope(_:pO2Slopes:)``).
  public func oxygenContentSlope(concentrations: [Double], slopes: Sensitivities) -> Double? {
    guard let s = slopes.withRespectTo.slice("pO2") else { return nil }
    return derivedQuantities.oxygenContentSlope(concentrations, pO2Slopes: s)
  }

  /// Thermodynamic factor of oxygen Θ = ½ ∂ln pO2/∂ln c_O (``DerivedQuantities/thermodynamicFactor(_:pO2Slopes:)``).
  public func thermodynamicFactor(concentrations: [Double], slopes: Sensitivities) -> Double? {
    guard let s = slopes.withRespectTo.slice("pO2") else { return nil }
    return derivedQuantities.thermodynamicFactor(concentrations, pO2Slopes: s)
  }

  /// Chemical diffusion coefficient of oxygen D̃ in cm²/s (``DerivedQuantities/chemicalDiffusion(temperature:_:pO2Slopes:ambipolar:)``).
  public func chemicalDiffusionCoefficient(temperature: Double, concentrations: [Double], slopes: Sensitivities,
                                           ambipolar: Double) -> Double? {
    guard let s = slopes.withRespectTo.slice("pO2") else { return nil }
    return derivedQuantities.chemicalDiffusion(temperature: temperature, concentrations, pO2Slopes: s, ambipolar: ambipolar)
  }
}
