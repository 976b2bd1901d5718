import Foundation

extension DefectModel {
  /// Composition-dependent factors on a carrier's conductivity, opt-in per species in its `mobility:` block.
  ///
  ///     σ_k = |z_k|·e·N_fu·c_k·μ_k(T)·f_k,   f_k = (1 − y_k)^[site exclusion] · Π_b (1 − y_b)^n_b
  ///
  /// y_k = c_k/s_k is the carrier's site fraction on its sublattice (s_k sites per formula unit): a hopping
  /// carrier needs an empty neighbour site, so σ_k is bounded, with its maximum |z|·e·N_fu·μ·s_k/4 at
  /// y_k = ½. Each blocking term b is a weighted sum of species, y_b = Σ_j w_j c_j / s_b (s_b the sites of
  /// the sublattice of its first species); the factor (1 − y_b)^n_b is the probability that n_b sites
  /// next to a hop are all free of a blocker — e.g. oxygen vacancies interrupting B–O–B paths of a
  /// perovskite polaron, or dopant cations on the edge an oxygen vacancy jumps across in a fluorite.
  public struct MobilityModifiers: Sendable, Equatable {
    public var siteExclusion = false
    public var blocking: [Blocking] = []

    public struct Blocking: Sendable, Equatable {
      /// (species index, weight) of the blocker sum.
      public var terms: [Term]
      /// Sites per formula unit that y_b is a fraction of.
      public var sites: Double
      public var exponent: Double
      /// The text as written in the file, for messages and `brouwer show`.
      public var text: String

      public struct Term: Sendable, Equatable {
        public var species: Int
        public var weight: Double
      }
    }

    public var isEmpty: Bool { !siteExclusion && blocking.isEmpty }
  }

  /// Sites per formula unit of the sublattice of the first site of species `i` (nil for band carriers).
  public func siteCount(of i: Int) -> Double? {
    species[i].siteIndices.first.map { sublattices[$0].sites }
  }

  /// The factor f_k (≥ 0, ≤ 1) on σ_k for concentrations `c` (per formula unit, model order); 1 for a
  /// species without a mobility (``DerivedQuantities`` computes it).
  public func mobilityFactor<C: Collection<Double>>(of k: Int, concentrations c: C) -> Double where C.Index == Int {
    let d = derivedQuantities
    guard let carrier = d.carriers.firstIndex(where: { $0.species == k }) else { return 1 }
    return d.mobilityFactor(carrier: carrier, Array(c))
  }
}
