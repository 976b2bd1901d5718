import Foundation

extension DefectModel.Mobility {
  /// μ(T) in cm² V⁻¹ s⁻¹: (A/T)·exp(−Ea/k_BT) for hopping, μ300·(T/300)^−m for band carriers.
  public func value(at temperature: Double) -> Double {
    switch self {
    case .hopping(let a, let ea): return a / temperature * exp(-ea / (PhysicalConstants.boltzmannEV * temperature))
    case .band(let mu300, let m): return mu300 * pow(temperature / 300, -m)
    }
  }
}

/// Conductivities of one equilibrium state.
///
/// σ_k = |z_k|·e·c_k·μ_k(T)·f_k with c_k = [k]·N_fu in cm⁻³ (S/cm) and f_k the site-exclusion and blocking
/// factor of ``DefectModel/mobilityFactor(of:concentrations:)`` (1 unless the file asks for it); σ_ion and σ_el sum the ionic and
/// electronic carriers; t_ion = σ_ion/σ_total, t_el = σ_el/σ_total; σ_amb = σ_ion·σ_el/(σ_ion + σ_el).
public struct TransportProperties: Sendable {
  /// Partial conductivity per species (S/cm); 0 for immobile species.
  public var partial: [Double]
  /// σ_ion, σ_el and what follows from them (t_ion, t_el, σ_amb).
  public var sums: ConductivitySums
  public var ionic: Double { sums.ionic }
  public var electronic: Double { sums.electronic }
  public var total: Double { sums.total }
  public var ionicTransference: Double { sums.ionicTransference }
  public var electronicTransference: Double { sums.electronicTransference }
  public var ambipolar: Double { sums.ambipolar }

  /// `nil` if the model has no formula-unit density (concentrations cannot be put per cm³).
  public init?(model: DefectModel, temperature: Double, concentrations: some Collection<Double>) {
    self.init(model.derivedQuantities, temperature: temperature, concentrations: Array(concentrations))
  }

  /// The same from tables built once (``DefectModel/derivedQuantities``).
  public init?(_ derived: DerivedQuantities, temperature: Double, concentrations c: [Double]) {
    var partial = [Double](repeating: 0, count: c.count)   // a model has at least one species
    var mobility = [Double](repeating: 0, count: max(derived.carrierCount, 1))  // never empty: a base address
    let sums = mobility.withUnsafeMutableBufferPointer { mu in
      derived.mobilities(at: temperature, into: mu.baseAddress!)
      return partial.withUnsafeMutableBufferPointer { derived.conductivities(c, mobility: mu.baseAddress!, partial: $0.baseAddress!) }
    }
    guard let sums else { return nil }
    self.partial = partial
    self.sums = sums
  }
}

extension DefectModel {
  /// Species that carry current (have a mobility), in model order.
  public var mobileSpecies: [Int] { species.indices.filter { species[$0].mobility != nil } }

  /// Whether conductivities can be computed: a density and at least one mobile species.
  public var hasTransport: Bool { formulaUnitDensity != nil && !mobileSpecies.isEmpty }
}
