import Foundation

/// Per-model tables that turn one solved point into all its derived columns without a dictionary
/// look-up or an allocation per value: atom counts, charges and conductivity prefactors by species
/// index, the δ reference, the valence members of each sublattice. Every sum runs over species in
/// model order with the same operations as the `DefectModel` functions of the same name
/// (`nonstoichiometry(of:)`, `averageValence`, `hydrogenContent`, `thermodynamicFactor`,
/// `chemicalDiffusionCoefficient`, `TransportProperties`), so the digits are the same.
struct RowTerms: Sendable {
  /// δ: reference and (species, atoms of the element) for species that contain it.
  var deltaReference: Double?
  var deltaTerms: [(Int, Double)] = []
  /// Oxygen and hydrogen atoms per species (0 where none).
  var oxygen: [Double] = []
  var hydrogen: [Double] = []
  /// The columns as operations (``RowOperation``), and the valence members (species, charge) they index.
  var operations: [RowOperation] = []
  var valenceTerms: [(Int, Double)] = []
  /// The model's pressures (the order of the slopes) and where pO2 is among them.
  var pressureNames: [String] = []
  var pO2Index: Int?
  /// |z|·e per mobile species, its mobility, whether it is ionic, and its mobility factor.
  var carriers: [(index: Int, chargeTimesE: Double, mobility: DefectModel.Mobility, ionic: Bool, factor: MobilityFactor)] = []
  /// The blocking terms of all carriers' factors, and the (species, weight) terms of their sums.
  var blocking: [(terms: Range<Int>, sites: Double, exponent: Double)] = []
  var blockingTerms: [(Int, Double)] = []
  var density: Double?
  /// Whether any column needs conductivities.
  var needsTransport = false

  /// `innerAxis`: the grid axis that changes from row to row (its column is not worth caching).
  init(model: DefectModel, columns: [CSVLayout.Column], innerAxis: Int) {
    needsTransport = columns.contains {
      switch $0 {
      case .sigma, .sigmaIonic, .sigmaElectronic, .sigmaTotal, .ionicTransference, .electronicTransference,
           .sigmaAmbipolar, .chemicalDiffusion: return true
      default: return false
      }
    }
    deltaReference = model.nonstoichiometryReference
    if let ns = model.nonstoichiometry {
      for (i, s) in model.species.enumerated() {
        if let k = s.label.formula.atoms[ns.element] { deltaTerms.append((i, Double(k))) }
      }
    }
    oxygen = model.species.map { Double($0.label.formula.atoms["O"] ?? 0) }
    hydrogen = model.species.map { Double($0.label.formula.atoms["H"] ?? 0) }
    (operations, valenceTerms) = Self.operations(model: model, columns: columns, innerAxis: innerAxis)
    pressureNames = model.pressureNames
    pO2Index = pressureNames.firstIndex(of: "pO2")
    density = model.formulaUnitDensity
    for (i, s) in model.species.enumerated() {
      guard let mobility = s.mobility, let carrier = s.carrier else { continue }
      let m = s.mobilityModifiers
      let start = blocking.count
      for b in m.blocking {
        let first = blockingTerms.count
        for t in b.terms { blockingTerms.append((t.species, t.weight)) }
        blocking.append((first..<blockingTerms.count, b.sites, b.exponent))
      }
      let factor = MobilityFactor(exclusionSites: m.siteExclusion ? model.siteCount(of: i) : nil, blocking: start..<blocking.count)
      carriers.append((i, Double(abs(s.charge)) * PhysicalConstants.elementaryCharge, mobility, carrier == .ionic, factor))
    }
  }
}

/// ``DefectModel/mobilityFactor(of:concentrations:)`` of one carrier with its look-ups done: the sites
/// for site exclusion (nil: none) and its blocking terms (`RowTerms.blocking[range]`).
struct MobilityFactor: Sendable {
  var exclusionSites: Double?
  var blocking: Range<Int>
}

extension RowTerms {
  /// f_k of `factor` for the concentrations `c` of species `k`: the operations of
  /// ``DefectModel/mobilityFactor(of:concentrations:)`` in its order, so the same bits.
  @inline(__always)
  func value(of factor: MobilityFactor, species k: Int, concentrations c: [Double]) -> Double {
    var f = 1.0
    if let s = factor.exclusionSites { f *= max(0, 1 - c[k] / s) }
    for b in factor.blocking {
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
}

/// One column of a row with everything it looks up resolved when the layout is made (indices, not
/// names): a row copies, retains and compares no `String` per column.
enum RowOperation: Sendable {
  /// A grid coordinate that repeats along a line (its text is cached), and the innermost one.
  case axis(Int)
  case innerAxis(Int)
  case species(Int, fixed: Bool)
  case delta
  /// Valence: v₀ and the members `valenceTerms[range]`; `nil` v₀ (no nominal valence): an empty field.
  case valence(Double?, Range<Int>)
  case hydrogen
  case thermodynamicFactor
  case sigma(Int)
  case sigmaIonic, sigmaElectronic, sigmaTotal, ionicTransference, electronicTransference, sigmaAmbipolar
  case chemicalDiffusion
  /// d ln c_i/d ln p for the pressure `pressureNames[p]`.
  case slope(species: Int, pressure: Int)
  case converged, residual, inValidity, temperatureCelsius
  /// Computed by ``CSVLayout/value(_:of:)`` (activation energies, σT, lattice parameter, strain).
  case general
}

extension RowTerms {
  /// The operations of `columns`, in order, and the flat valence member table they refer to.
  static func operations(model: DefectModel, columns: [CSVLayout.Column], innerAxis: Int) -> ([RowOperation], [(Int, Double)]) {
    var members: [(Int, Double)] = []
    let pressures = model.pressureNames
    let operations: [RowOperation] = columns.map { column in
      switch column {
      case .axis(let a): return a == innerAxis ? .innerAxis(a) : .axis(a)
      case .species(let i): return .species(i, fixed: !model.species[i].isFree)
      case .delta: return .delta
      case .valence(let name):
        let start = members.count
        let v0 = model.nominalValence[name]
        if v0 != nil {
          for (i, s) in model.species.enumerated() {
            guard case .lattice(let parts) = s.label.kind, parts.count == 1,
                  parts[0].site == name, parts[0].occupant == name else { continue }
            members.append((i, Double(s.charge)))
          }
        }
        return .valence(v0, start..<members.count)
      case .hydrogen: return .hydrogen
      case .thermodynamicFactor: return .thermodynamicFactor
      case .sigma(let i): return .sigma(i)
      case .sigmaIonic: return .sigmaIonic
      case .sigmaElectronic: return .sigmaElectronic
      case .sigmaTotal: return .sigmaTotal
      case .ionicTransference: return .ionicTransference
      case .electronicTransference: return .electronicTransference
      case .sigmaAmbipolar: return .sigmaAmbipolar
      case .chemicalDiffusion: return .chemicalDiffusion
      case .slope(let i, let p):
        // a pressure the model does not have gives an empty field, as a slice look-up by name would
        return pressures.firstIndex(of: p).map { .slope(species: i, pressure: $0) } ?? .general
      case .converged: return .converged
      case .residual: return .residual
      case .inValidity: return .inValidity
      case .temperatureCelsius: return .temperatureCelsius
      case .latticeParameter, .chemicalStrain, .activationEnergy, .sigmaTimesT: return .general
      }
    }
    return (operations, members)
  }
}
