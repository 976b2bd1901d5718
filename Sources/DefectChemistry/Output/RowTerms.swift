import Foundation

/// A layout's columns compiled into index-only operations (``RowOperation``) over the model's
/// ``DerivedQuantities``, which hold every formula: a row looks up no name and allocates nothing.
struct RowTerms: Sendable {
  /// The model's derived-quantity tables (δ, valences, H, Θ, σ, D̃).
  let derived: DerivedQuantities
  /// The columns as operations.
  let operations: [RowOperation]
  /// The model's pressures (the order of the slopes) and where pO2 is among them.
  let pressureNames: [String]
  let pO2Index: Int?
  /// Whether any column needs conductivities.
  let needsTransport: Bool
  /// Where the `converged` and `reason` columns are (a row with an unrepresentable value patches them).
  let convergedColumn: Int?
  let reasonColumn: Int?

  /// `innerAxis`: the grid axis that changes from row to row (its column is not worth caching).
  init(model: DefectModel, derived: DerivedQuantities, columns: [CSVLayout.Column], innerAxis: Int) {
    self.derived = derived
    needsTransport = columns.contains { $0.needs.contains(.transport) }
    pressureNames = model.pressureNames
    pO2Index = pressureNames.firstIndex(of: "pO2")
    convergedColumn = columns.firstIndex(of: .converged)
    reasonColumn = columns.firstIndex(of: .reason)
    let pressures = pressureNames
    operations = columns.map { column in
      switch column {
      case .axis(let a): return a == innerAxis ? .innerAxis(a) : .axis(a)
      case .species(let i): return .species(i, fixed: !model.species[i].isFree)
      case .delta: return .delta
      case .valence(let name): return .valence(derived.valenceIndex(of: name))
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
      case .reason: return .reason
      case .temperatureCelsius: return .temperatureCelsius
      case .latticeParameter, .chemicalStrain, .activationEnergy, .sigmaTimesT: return .general
      }
    }
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
  /// Valence: index into ``DerivedQuantities/valences``; `nil` (no nominal valence): an empty field.
  case valence(Int?)
  case hydrogen
  case thermodynamicFactor
  case sigma(Int)
  case sigmaIonic, sigmaElectronic, sigmaTotal, ionicTransference, electronicTransference, sigmaAmbipolar
  case chemicalDiffusion
  /// d ln c_i/d ln p for the pressure `pressureNames[p]`.
  case slope(species: Int, pressure: Int)
  case converged, residual, inValidity, reason, temperatureCelsius
  /// Computed by ``CSVLayout/value(_:of:)`` (activation energies, σT, lattice parameter, strain).
  case general
}
