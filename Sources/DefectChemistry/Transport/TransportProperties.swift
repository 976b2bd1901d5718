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
  public var ionic: Double
  public var electronic: Double
  public var total: Double { ionic + electronic }
  public var ionicTransference: Double { total > 0 ? ionic / total : .nan }
  public var electronicTransference: Double { total > 0 ? electronic / total : .nan }
  public var ambipolar: Double { total > 0 ? ionic * electronic / total : 0 }

  /// `nil` if the model has no formula-unit density (concentrations cannot be put per cm³).
  public init?(model: DefectModel, temperature: Double, concentrations: some Collection<Double>) {
    guard let density = model.formulaUnitDensity else { return nil }
    var partial = [Double](repeating: 0, count: model.species.count)
    var ionic = 0.0, electronic = 0.0
    let all = Array(concentrations)
    for (i, c) in all.enumerated() {
      let s = model.species[i]
      guard let mobility = s.mobility, let carrier = s.carrier else { continue }
      let sigma = Double(abs(s.charge)) * PhysicalConstants.elementaryCharge * c * density * mobility.value(at: temperature)
        * model.mobilityFactor(of: i, concentrations: all)
      partial[i] = sigma
      if carrier == .ionic { ionic += sigma } else { electronic += sigma }
    }
    self.partial = partial
    self.ionic = ionic
    self.electronic = electronic
  }
}

extension DefectModel {
  /// Species that carry current (have a mobility), in model order.
  public var mobileSpecies: [Int] { species.indices.filter { species[$0].mobility != nil } }

  /// Whether conductivities can be computed: a density and at least one mobile species.
  public var hasTransport: Bool { formulaUnitDensity != nil && !mobileSpecies.isEmpty }
}
