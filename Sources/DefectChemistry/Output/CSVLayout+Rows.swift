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
  /// Per column position: for a valence column, v₀ and the members with their charges.
  var valence: [(Double, [(Int, Double)])?] = []
  /// |z|·e per mobile species, its mobility and whether it is ionic.
  var carriers: [(index: Int, chargeTimesE: Double, mobility: DefectModel.Mobility, ionic: Bool)] = []
  var density: Double?
  /// Whether any column needs conductivities.
  var needsTransport = false
  /// Per species: fixed (its column repeats from row to row, worth caching).
  var fixed: [Bool] = []

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
    fixed = model.species.map { !$0.isFree }
    oxygen = model.species.map { Double($0.label.formula.atoms["O"] ?? 0) }
    hydrogen = model.species.map { Double($0.label.formula.atoms["H"] ?? 0) }
    valence = columns.map { column in
      guard case .valence(let name) = column, let v0 = model.nominalValence[name] else { return nil }
      var members: [(Int, Double)] = []
      for (i, s) in model.species.enumerated() {
        guard case .lattice(let parts) = s.label.kind, parts.count == 1,
              parts[0].site == name, parts[0].occupant == name else { continue }
        members.append((i, Double(s.charge)))
      }
      return (v0, members)
    }
    density = model.formulaUnitDensity
    for (i, s) in model.species.enumerated() {
      guard let mobility = s.mobility, let carrier = s.carrier else { continue }
      carriers.append((i, Double(abs(s.charge)) * PhysicalConstants.elementaryCharge, mobility, carrier == .ionic))
    }
  }
}

/// Scratch space of one writer thread, reused from row to row: partial conductivities, and for the columns
/// that repeat along a line (grid coordinates, fixed levels) the last number written and its text, copied
/// instead of formatted again. Same bits, same text: the output does not change.
public final class RowScratch {
  var partial: [Double] = []
  private var bits: UnsafeMutablePointer<UInt64>
  private var lengths: UnsafeMutablePointer<Int>
  private var text: UnsafeMutablePointer<UInt8>
  private var columns = 0
  static let slot = 32

  public init() {
    bits = .allocate(capacity: 1)
    lengths = .allocate(capacity: 1)
    text = .allocate(capacity: Self.slot)
    lengths[0] = 0
  }

  deinit {
    bits.deallocate()
    lengths.deallocate()
    text.deallocate()
  }

  /// Sized for `columns` columns; forgets everything cached.
  func prepare(columns n: Int) {
    if n != columns {
      bits.deallocate(); lengths.deallocate(); text.deallocate()
      bits = .allocate(capacity: max(n, 1))
      lengths = .allocate(capacity: max(n, 1))
      text = .allocate(capacity: max(n, 1) * Self.slot)
      columns = n
    }
    lengths.update(repeating: 0, count: max(n, 1))
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
  /// Conductivities of a point: partial by species (S/cm) and the ionic and electronic sums.
  private struct Conductivities {
    var ionic = 0.0, electronic = 0.0
  }

  /// Appends one row for a solved point to `out`. Nothing computed is printed for an unconverged point.
  /// `scratch` belongs to the calling thread and is reused between rows (``RowScratch/prepare(columns:)``
  /// once per layout).
  public func appendRow(to out: inout ByteBuffer, axisValues: [Double], temperature: Double, concentrations c: [Double],
                        slopes: Sensitivities?, converged: Bool, residual: Double, scratch: RowScratch) {
    let t = terms
    // transport, once per point, only if a column needs it
    var sigma = Conductivities()
    var haveTransport = false
    if converged && t.needsTransport, let density = t.density {
      if scratch.partial.count != c.count { scratch.partial = [Double](repeating: 0, count: c.count) }
      for k in 0..<scratch.partial.count { scratch.partial[k] = 0 }
      for carrier in t.carriers {
        // the same operations, in the same order, as TransportProperties (site exclusion and blocking included)
        let s = carrier.chargeTimesE * c[carrier.index] * density * carrier.mobility.value(at: temperature)
          * model.mobilityFactor(of: carrier.index, concentrations: c)
        scratch.partial[carrier.index] = s
        if carrier.ionic { sigma.ionic += s } else { sigma.electronic += s }
      }
      haveTransport = true
    }
    let pO2Slopes = converged ? slopes?.withRespectTo.slice("pO2") : nil   // a view: no copy per row
    var point: Point?
    for (k, column) in columns.enumerated() {
      if k > 0 { out.append(UInt8(ascii: ",")) }
      var x: Double?
      switch column {
      case .axis(let a): scratch.write(axisValues[a], column: k, to: &out); continue
      case .converged: out.write(converged ? "true" : "false"); continue
      case .residual: if residual.isFinite { out.append(residual) }; continue
      case .inValidity: out.write(isWithinValidity(axisValues: axisValues) ? "true" : "false"); continue
      case .temperatureCelsius: out.append(Self.celsius(temperature)); continue
      default: break
      }
      guard converged else { continue }
      switch column {
      case .species(let i):
        if t.fixed[i] {
          let v = c[i] * unitFactors[i]
          if v.isFinite { scratch.write(v, column: k, to: &out) }
          continue
        }
        x = c[i] * unitFactors[i]
      case .delta:
        if let reference = t.deltaReference {
          var content = 0.0
          for (i, k) in t.deltaTerms { content += k * c[i] }
          x = reference - content
        }
      case .valence:
        if let (v0, members) = t.valence[k] {
          var charge = 0.0, count = 0.0
          for (i, z) in members { charge += z * c[i]; count += c[i] }
          x = count > 0 ? v0 + charge / count : nil
        }
      case .hydrogen:
        var h = 0.0
        for i in 0..<c.count { h += t.hydrogen[i] * c[i] }
        x = h
      case .thermodynamicFactor:
        if let s = pO2Slopes, let d = oxygenContentSlope(t, c, s), d != 0 { x = 0.5 / d }
      case .sigma(let i): x = haveTransport ? scratch.partial[i] : nil
      case .sigmaIonic: x = haveTransport ? sigma.ionic : nil
      case .sigmaElectronic: x = haveTransport ? sigma.electronic : nil
      case .sigmaTotal: x = haveTransport ? sigma.ionic + sigma.electronic : nil
      case .ionicTransference:
        let total = sigma.ionic + sigma.electronic
        x = haveTransport ? (total > 0 ? sigma.ionic / total : .nan) : nil
      case .electronicTransference:
        let total = sigma.ionic + sigma.electronic
        x = haveTransport ? (total > 0 ? sigma.electronic / total : .nan) : nil
      case .sigmaAmbipolar:
        let total = sigma.ionic + sigma.electronic
        x = haveTransport ? (total > 0 ? sigma.ionic * sigma.electronic / total : 0) : nil
      case .chemicalDiffusion:
        if haveTransport, let s = pO2Slopes, let density = t.density {
          let total = sigma.ionic + sigma.electronic
          let ambipolar = total > 0 ? sigma.ionic * sigma.electronic / total : 0
          var dContent = 0.0
          for i in 0..<c.count { dContent += t.oxygen[i] * c[i] * s[s.startIndex + i] }
          let avogadro = PhysicalConstants.faraday / PhysicalConstants.elementaryCharge
          let dcOdlnp = dContent * density / avogadro
          if dcOdlnp != 0 {
            let F = PhysicalConstants.faraday
            x = PhysicalConstants.gasConstant * temperature / (8 * F * F) * ambipolar / dcOdlnp
          }
        }
      case .slope(let i, let p): x = slopes?.withRespectTo.slice(p).map { $0[$0.startIndex + i] }
      default:
        // one point per row for the columns computed in `value(_:of:)`, so that they share its caches
        if point == nil { point = Point(temperature: temperature, concentrations: c, slopes: slopes) }
        x = value(column, of: &point!)
      }
      if let x, x.isFinite { out.append(x) }
    }
    out.append(UInt8(ascii: "\n"))
  }

  /// d ln c_O / d ln pO2 as in ``DefectModel/oxygenContentSlope(concentrations:slopes:)``.
  @inline(__always)
  private func oxygenContentSlope(_ t: RowTerms, _ c: [Double], _ s: ArraySlice<Double>) -> Double? {
    var content = 0.0, derivative = 0.0
    for i in 0..<c.count {
      let n = t.oxygen[i]
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
    scratch.prepare(columns: columns.count)
    appendRow(to: &out, axisValues: axisValues, temperature: temperature, concentrations: concentrations,
              slopes: slopes, converged: converged, residual: residual, scratch: scratch)
    line += out.string
  }
}
