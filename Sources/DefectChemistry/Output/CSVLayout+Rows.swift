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
  /// |z|·e per mobile species, its mobility and whether it is ionic.
  var carriers: [(index: Int, chargeTimesE: Double, mobility: DefectModel.Mobility, ionic: Bool)] = []
  var density: Double?
  /// Whether any column needs conductivities.
  var needsTransport = false

  init(model: DefectModel, columns: [CSVLayout.Column]) {
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
    (operations, valenceTerms) = Self.operations(model: model, columns: columns)
    pressureNames = model.pressureNames
    pO2Index = pressureNames.firstIndex(of: "pO2")
    density = model.formulaUnitDensity
    for (i, s) in model.species.enumerated() {
      guard let mobility = s.mobility, let carrier = s.carrier else { continue }
      carriers.append((i, Double(abs(s.charge)) * PhysicalConstants.elementaryCharge, mobility, carrier == .ionic))
    }
  }
}

/// One column of a row with everything it looks up resolved when the layout is made (indices, not
/// names): a row copies, retains and compares no `String` per column.
enum RowOperation: Sendable {
  case axis(Int)
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
  static func operations(model: DefectModel, columns: [CSVLayout.Column]) -> ([RowOperation], [(Int, Double)]) {
    var members: [(Int, Double)] = []
    let pressures = model.pressureNames
    let operations: [RowOperation] = columns.map { column in
      switch column {
      case .axis(let a): return .axis(a)
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

/// Scratch space of one writer thread, reused from row to row: partial conductivities, the carriers'
/// mobilities at the last temperature (μ(T) is a pure function of T: same bits when T repeats), and for
/// the columns that repeat along a line (grid coordinates, fixed levels) the last number written and its
/// text, copied instead of formatted again. Same bits, same text: the output does not change.
public final class RowScratch {
  private(set) var partial: UnsafeMutablePointer<Double>
  private(set) var mobility: UnsafeMutablePointer<Double>
  /// The bits of the temperature `mobility` holds values for (NaN's bits: none yet).
  var mobilityTemperature = Double.nan.bitPattern
  private var bits: UnsafeMutablePointer<UInt64>
  private var lengths: UnsafeMutablePointer<Int>
  private var text: UnsafeMutablePointer<UInt8>
  private var columns = 0, species = 0, carriers = 0
  static let slot = 32

  public init() {
    partial = .allocate(capacity: 1)
    mobility = .allocate(capacity: 1)
    bits = .allocate(capacity: 1)
    lengths = .allocate(capacity: 1)
    text = .allocate(capacity: Self.slot)
    lengths[0] = 0
  }

  deinit {
    partial.deallocate(); mobility.deallocate()
    bits.deallocate(); lengths.deallocate(); text.deallocate()
  }

  /// Sized for `layout`; forgets everything cached (call once per layout, before its first row).
  func prepare(for layout: CSVLayout) {
    let n = layout.columns.count
    if n != columns {
      bits.deallocate(); lengths.deallocate(); text.deallocate()
      bits = .allocate(capacity: max(n, 1))
      lengths = .allocate(capacity: max(n, 1))
      text = .allocate(capacity: max(n, 1) * Self.slot)
      columns = n
    }
    lengths.update(repeating: 0, count: max(n, 1))
    let s = layout.model.species.count
    if s != species {
      partial.deallocate()
      partial = .allocate(capacity: max(s, 1))
      species = s
    }
    partial.update(repeating: 0, count: max(s, 1))
    let k = layout.terms.carriers.count
    if k != carriers {
      mobility.deallocate()
      mobility = .allocate(capacity: max(k, 1))
      carriers = k
    }
    mobilityTemperature = Double.nan.bitPattern
  }

  /// Writes `x` (shortest round-trip digits) for column `k`, from the cache when the bits repeat.
  @inline(__always)
  func write(_ x: Double, column k: Int, to out: inout ByteBuffer) {
    let b = x.bitPattern
    if lengths[k] > 0 && bits[k] == b {
      out.append(text + k * Self.slot, count: lengths[k])
      return
    }
    let start = out.count
    out.append(x)
    let n = out.count - start
    if n <= Self.slot {
      out.copyTail(from: start, into: text + k * Self.slot)
      bits[k] = b
      lengths[k] = n
    }
  }
}

extension CSVLayout {
  /// Appends one row for a solved point to `out`. Nothing computed is printed for an unconverged point.
  /// `scratch` belongs to the calling thread and is reused between rows (``RowScratch/prepare(for:)``
  /// once per layout).
  public func appendRow(to out: inout ByteBuffer, axisValues: [Double], temperature: Double, concentrations c: [Double],
                        slopes: Sensitivities?, converged: Bool, residual: Double, scratch: RowScratch) {
    // transport, once per point, only if a column needs it
    var sigmaIonic = 0.0, sigmaElectronic = 0.0
    var haveTransport = false
    let partial = scratch.partial
    if converged && terms.needsTransport, let density = terms.density {
      let mobility = scratch.mobility
      if scratch.mobilityTemperature != temperature.bitPattern {
        for (k, carrier) in terms.carriers.enumerated() { mobility[k] = carrier.mobility.value(at: temperature) }
        scratch.mobilityTemperature = temperature.bitPattern
      }
      for (k, carrier) in terms.carriers.enumerated() {
        // the same operations, in the same order, as TransportProperties (site exclusion and blocking included)
        let s = carrier.chargeTimesE * c[carrier.index] * density * mobility[k]
          * model.mobilityFactor(of: carrier.index, concentrations: c)
        partial[carrier.index] = s
        if carrier.ionic { sigmaIonic += s } else { sigmaElectronic += s }
      }
      haveTransport = true
    }
    // the pO2 slopes as a view (no copy per row), found by index when the names are the model's
    var pO2Slopes: ArraySlice<Double>?
    if converged, let s = slopes?.withRespectTo {
      if let p = terms.pO2Index, p < s.names.count, s.names[p] == "pO2", !s.values.isEmpty {
        let stride = s.values.count / s.names.count
        pO2Slopes = s.values[(p * stride)..<((p + 1) * stride)]
      } else {
        pO2Slopes = s.slice("pO2")
      }
    }
    var point: Point?
    for (k, operation) in terms.operations.enumerated() {
      if k > 0 { out.append(UInt8(ascii: ",")) }
      var x: Double?
      switch operation {
      case .axis(let a): scratch.write(axisValues[a], column: k, to: &out); continue
      case .converged: out.append(converged ? "true" : "false"); continue
      case .residual: if residual.isFinite { out.append(residual) }; continue
      case .inValidity: out.append(isWithinValidity(axisValues: axisValues) ? "true" : "false"); continue
      case .temperatureCelsius: out.append(Self.celsius(temperature)); continue
      default: break
      }
      guard converged else { continue }
      switch operation {
      case .species(let i, let fixed):
        if fixed {
          let v = c[i] * unitFactors[i]
          if v.isFinite { scratch.write(v, column: k, to: &out) }
          continue
        }
        x = c[i] * unitFactors[i]
      case .delta:
        if let reference = terms.deltaReference {
          var content = 0.0
          for (i, k) in terms.deltaTerms { content += k * c[i] }
          x = reference - content
        }
      case .valence(let v0, let members):
        if let v0 {
          var charge = 0.0, count = 0.0
          for m in members {
            let (i, z) = terms.valenceTerms[m]
            charge += z * c[i]; count += c[i]
          }
          x = count > 0 ? v0 + charge / count : nil
        }
      case .hydrogen:
        var h = 0.0
        for i in 0..<c.count { h += terms.hydrogen[i] * c[i] }
        x = h
      case .thermodynamicFactor:
        if let s = pO2Slopes, let d = oxygenContentSlope(c, s), d != 0 { x = 0.5 / d }
      case .sigma(let i): x = haveTransport ? partial[i] : nil
      case .sigmaIonic: x = haveTransport ? sigmaIonic : nil
      case .sigmaElectronic: x = haveTransport ? sigmaElectronic : nil
      case .sigmaTotal: x = haveTransport ? sigmaIonic + sigmaElectronic : nil
      case .ionicTransference:
        let total = sigmaIonic + sigmaElectronic
        x = haveTransport ? (total > 0 ? sigmaIonic / total : .nan) : nil
      case .electronicTransference:
        let total = sigmaIonic + sigmaElectronic
        x = haveTransport ? (total > 0 ? sigmaElectronic / total : .nan) : nil
      case .sigmaAmbipolar:
        let total = sigmaIonic + sigmaElectronic
        x = haveTransport ? (total > 0 ? sigmaIonic * sigmaElectronic / total : 0) : nil
      case .chemicalDiffusion:
        if haveTransport, let s = pO2Slopes, let density = terms.density {
          let total = sigmaIonic + sigmaElectronic
          let ambipolar = total > 0 ? sigmaIonic * sigmaElectronic / total : 0
          var dContent = 0.0
          for i in 0..<c.count { dContent += terms.oxygen[i] * c[i] * s[s.startIndex + i] }
          let avogadro = PhysicalConstants.faraday / PhysicalConstants.elementaryCharge
          let dcOdlnp = dContent * density / avogadro
          if dcOdlnp != 0 {
            let F = PhysicalConstants.faraday
            x = PhysicalConstants.gasConstant * temperature / (8 * F * F) * ambipolar / dcOdlnp
          }
        }
      case .slope(let i, let p):
        if let s = slopes?.withRespectTo, p < s.names.count, s.names[p] == terms.pressureNames[p], !s.values.isEmpty {
          x = s.values[p * (s.values.count / s.names.count) + i]
        } else {
          x = slopes?.withRespectTo.slice(terms.pressureNames[p]).map { $0[$0.startIndex + i] }
        }
      default:
        // one point per row for the columns computed in `value(_:of:)`, so that they share its caches
        if point == nil { point = Point(temperature: temperature, concentrations: c, slopes: slopes) }
        x = value(columns[k], of: &point!)
      }
      if let x, x.isFinite { out.append(x) }
    }
    out.append(UInt8(ascii: "\n"))
  }

  /// d ln c_O / d ln pO2 as in ``DefectModel/oxygenContentSlope(concentrations:slopes:)``.
  @inline(__always)
  private func oxygenContentSlope(_ c: [Double], _ s: ArraySlice<Double>) -> Double? {
    var content = 0.0, derivative = 0.0
    for i in 0..<c.count {
      let n = terms.oxygen[i]
      content += n * c[i]
      derivative += n * c[i] * s[s.startIndex + i]
    }
    return content > 0 ? derivative / content : nil
  }

  /// Appends one row for a solved point to `line` (text form of the byte-buffer writer).
  public func appendRow(to line: inout String, axisValues: [Double], temperature: Double, concentrations: [Double],
                        slopes: Sensitivities?, converged: Bool, residual: Double) {
    var out = ByteBuffer(capacity: 256)
    let scratch = RowScratch()
    scratch.prepare(for: self)
    appendRow(to: &out, axisValues: axisValues, temperature: temperature, concentrations: concentrations,
              slopes: slopes, converged: converged, residual: residual, scratch: scratch)
    line += out.string
  }
}
