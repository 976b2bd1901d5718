/// A validated defect-chemistry model: what a material file says, checked and in engine units.
///
/// Built by ``DefectModel/load(yaml:file:)``; every instance satisfies charge, site and element
/// balance in each reaction and has as many independent equations as unknowns. Only this module builds or
/// changes one (loading, `setting(_:to:)`, quench — each validates again), so a front end holds a model
/// that has passed every check and cannot put it in a state that has not.
public struct DefectModel: Sendable {
  public struct Reference: Sendable, Equatable {
    public var key: String
    public var citation: String
    public var doi: String?
  }

  /// A set of equivalent lattice sites with `sites` of them per formula unit.
  public struct Sublattice: Sendable, Equatable {
    public var name: String
    public var sites: Double
  }

  /// Transport law of a mobile carrier (used by the transport layer).
  public enum Mobility: Sendable, Equatable {
    /// Thermally activated hopping μ = (A/T)·exp(−Ea/k_BT); A in cm² K V⁻¹ s⁻¹, Ea in eV.
    case hopping(prefactor: Double, activationEnergy: Double)
    /// Band-like μ = μ300·(T/300 K)^−m in cm² V⁻¹ s⁻¹.
    case band(mu300: Double, exponent: Double)
  }

  /// Which conductivity sum a mobile species counts towards.
  public enum Carrier: String, Sendable, Equatable {
    /// Ions and ionic defects (vacancies, interstitials, protons).
    case ionic
    /// Band electrons and holes, and small polarons (a charged regular occupant such as Ce_Ce', Fe_Fe.).
    case electronic
  }

  /// Occupation statistics of a band carrier (e', h.).
  public enum CarrierStatistics: String, Sendable, Equatable {
    /// ln a = ln(c/N_eff): the dilute (non-degenerate) limit, the default.
    case boltzmann
    /// c = N_eff(T)·F_½(η), ln a = η (GSL's normalised Fermi–Dirac integral); equals Boltzmann for c ≪ N_eff.
    case fermiDirac = "fermi-dirac"
  }

  /// A linear (regular-solution) excess term: ln a_i gains W·c_j/(k_B T), c_j per formula unit.
  ///
  /// Declared per ordered pair (i, j); a thermodynamically consistent excess free energy
  /// G_ex = ½ Σ_ij W_ij c_i c_j needs W_ij = W_ji, which the file states by declaring both (or `symmetric: true`).
  public struct Interaction: Sendable, Equatable {
    public var name: String
    /// Species whose activity the term changes (a free species).
    public var species: Int
    /// Species whose concentration sets the term (free or fixed).
    public var partner: Int
    /// W_ij in eV (per formula unit of the partner).
    public var energy: Double
    public var line: Int?
  }

  public struct Species: Sendable {
    public enum Role: Sendable, Equatable {
      /// Concentration solved for.
      case free
      /// Concentration fixed per formula unit (a dopant level); overridable with `--set`.
      case fixed(Double)
    }
    public var label: KrogerVinkLabel
    public var role: Role
    public var isHost: Bool
    /// Effective density of states at 300 K per formula unit (band carriers only).
    public var bandN300: Double?
    /// Boltzmann (default) or Fermi–Dirac occupation, band carriers only.
    public var statistics: CarrierStatistics = .boltzmann
    public var mobility: Mobility?
    /// Site exclusion and blocking factors on σ (Transport/MobilityModifiers.swift); none by default.
    public var mobilityModifiers = MobilityModifiers()
    /// Set for mobile species: explicit in the file, or inferred from the label.
    public var carrier: Carrier?
    public var line: Int?
    /// Indices into ``DefectModel/sublattices`` of the sites this species occupies (one per component).
    public var siteIndices: [Int]

    public var name: String { label.description }
    public var charge: Int { label.charge }
    public var isFree: Bool { role == .free }
  }

  public struct Reaction: Sendable {
    public var name: String
    public var equation: String
    /// Net coefficients on species (products positive, reactants negative), by species index.
    public var species: [(index: Int, nu: Double)]
    /// Net coefficients on gases, by index into ``DefectModel/gases``.
    public var gases: [(index: Int, nu: Double)]
    /// Reaction enthalpy in eV and entropy in units of k_B, for the reaction as written.
    public var enthalpy: Double
    public var entropy: Double
    public var line: Int?

    /// ln K(T) = ΔS/k_B − ΔH/(k_B T).
    public func lnK(at temperature: Double) -> Double {
      entropy - enthalpy / (PhysicalConstants.boltzmannEV * temperature)
    }
  }

  /// A fixed sum Σ w_i c_i = value over several free species (e.g. free + associated dopant).
  public struct FixedTotal: Sendable {
    public var name: String
    public var terms: [(index: Int, weight: Double)]
    public var value: Double
    public var line: Int?
  }

  /// δ = reference − (atoms of `element` per formula unit), where the reference content is
  /// `nominal + Σ_j k_j c_j` over fixed species j (`per` in the file): e.g. GDC's O content 2 − ½[Gd_Ce'],
  /// so that δ stays the reduction nonstoichiometry when `--set "Gd_Ce'=…"` changes the dopant level.
  public struct Nonstoichiometry: Sendable, Equatable {
    public var element: String
    public var nominal: Double
    /// (species index, atoms of `element` per unit of that species' fixed level).
    public var perFixedLevel: [Term] = []

    public struct Term: Sendable, Equatable {
      public var species: Int
      public var coefficient: Double
    }
    /// (total index, atoms of `element` per unit of that total's value), e.g. Gd = free + associated dopant.
    public var perTotal: [TotalTerm] = []
    public struct TotalTerm: Sendable, Equatable {
      public var total: Int
      public var coefficient: Double
    }
    /// `true` (`excess: true` in the file): δ counts the element's excess over the reference, as in
    /// La2NiO4+δ (δ = content − reference); `false`: its deficit, as in CeO2−δ (δ = reference − content).
    public var excess = false
  }

  public internal(set) var name: String
  public internal(set) var formula: String
  public internal(set) var family: String
  public internal(set) var description: String
  public internal(set) var references: [Reference]
  public internal(set) var validity: [String: ClosedRange<Double>]
  public internal(set) var sublattices: [Sublattice]
  public internal(set) var species: [Species]
  public internal(set) var reactions: [Reaction]
  public internal(set) var totals: [FixedTotal]
  /// Non-ideal excess terms of the activities (none: the ideal dilute model).
  public internal(set) var interactions: [Interaction] = []
  /// Gas species the reactions exchange with; each needs a partial pressure (`pO2`, `pH2O`, …).
  public internal(set) var gases: [GasSpecies]
  public internal(set) var nonstoichiometry: Nonstoichiometry?
  /// Nominal oxidation state of the regular cation of a sublattice (e.g. `Fe: 3`), for the average-valence column.
  public internal(set) var nominalValence: [String: Double]
  /// Formula units per cm³ (for cm⁻³ output and conductivities).
  public internal(set) var formulaUnitDensity: Double?
  /// Surface-exchange kinetics for permeation (`surface_exchange:`), if the file gives them.
  public internal(set) var surfaceExchange: SurfaceExchange?
  /// Chemical and thermal expansion of the lattice parameter (`expansion:`), if the file declares it.
  public internal(set) var expansion: Expansion? = nil
  /// The covariance of fitted parameters (`fit:`, written by `brouwer fit --output-material`), if any.
  public internal(set) var fitCovariance: FitCovariance? = nil
  /// The file the model came from, for error messages and `brouwer show`.
  public internal(set) var file: String
  public internal(set) var sourceText: String

  /// Index of the species whose canonical ASCII label equals the normalized `label`.
  public func speciesIndex(_ label: String) -> Int? {
    let wanted = (try? KrogerVinkLabel(parsing: label))?.description ?? label
    return species.firstIndex { $0.name == wanted }
  }

  /// Whether any activity departs from the ideal form (interactions or Fermi–Dirac carriers).
  public var isNonIdeal: Bool {
    !interactions.isEmpty || species.contains { $0.isFree && $0.statistics == .fermiDirac }
  }

  /// Whether the excess terms may be non-convex (an attractive W < 0, or a cross term W_ij, i ≠ j, whose
  /// sign structure is not checked): then more than one single-phase solution can exist (a miscibility gap),
  /// and the solver reports for every point the branch connected to the ideal model (no continuation).
  public var mayHaveSeveralSolutions: Bool {
    interactions.contains { $0.energy < 0 || $0.species != $0.partner }
  }

  /// The one-line caveat for models whose excess terms may be non-convex (`nil` otherwise).
  public var severalSolutionsCaveat: String? {
    guard mayHaveSeveralSolutions else { return nil }
    return "\(name) has attractive or cross interaction terms: each point is solved from the ideal model by homotopy (no continuation), so results do not depend on sweep order; inside a miscibility gap that branch may be metastable (the equilibrium there is two-phase, which a single-phase model cannot represent)"
  }

  /// Names of the partial-pressure conditions this model needs, e.g. `["pO2", "pH2O"]`.
  public var pressureNames: [String] { gases.map(\.pressureName) }
}
