import DecimalText
import Foundation

extension CSVLayout {
  /// The values of one solved point's row, one per column, into `values`: the number, or NaN where the
  /// field is empty (an unconverged point keeps only its coordinates, flags and residual; an undefined or
  /// non-finite value is empty); the flags `converged` and `in_validity` as 1 or 0. `scratch` belongs to
  /// the calling thread and is reused between rows (``RowScratch/prepare(for:)`` once per layout).
  package func rowValues(into values: UnsafeMutablePointer<Double>, axisValues: [Double], temperature: Double,
                        concentrations c: [Double], slopes: Sensitivities?, converged: Bool, residual: Double,
                        scratch: RowScratch) {
    precondition(scratch.fits(columns: terms.operations.count, species: model.species.count, carriers: terms.derived.carrierCount)
                 && c.count == model.species.count, "rowValues: scratch not prepared for this layout (RowScratch.prepare(for:))")
    // transport, once per point, only if a column needs it
    let derived = terms.derived
    let partial = scratch.partial
    var sums: ConductivitySums?
    if converged && terms.needsTransport {
      if scratch.mobilityTemperature != temperature.bitPattern {
        derived.mobilities(at: temperature, into: scratch.mobility)
        scratch.mobilityTemperature = temperature.bitPattern
      }
      sums = derived.conductivities(c, mobility: scratch.mobility, partial: partial)
    }
    // the pO2 slopes as a view (no copy per row), found at the model's index of pO2 without a search
    let pO2Slopes = converged ? slopes?.withRespectTo.slice("pO2", probablyAt: terms.pO2Index ?? -1) : nil
    var point: Point?
    var firstEmpty = -1   // the first computed column without a value, in a converged row
    // dc_O/d ln pO2, shared by Θ and D̃ (computed once, when the first of them asks)
    var dOxygen: Double?
    func oxygenDerivative(_ s: ArraySlice<Double>) -> Double {
      if let dOxygen { return dOxygen }
      let d = derived.oxygenContentDerivative(c, along: s, scratch.minority)
      dOxygen = d
      return d
    }
    for (k, operation) in terms.operations.enumerated() {
      var x: Double?
      switch operation {
      case .axis(let a), .innerAxis(let a): values[k] = axisValues[a]; continue
      case .converged: values[k] = converged ? 1 : 0; continue
      case .residual: values[k] = residual; continue
      case .inValidity:
        let inside = isWithinValidity(axisValues: axisValues)
          && (!converged || stateValidity.contains(temperature: temperature, concentrations: c))
        values[k] = inside ? 1 : 0; continue
      case .temperatureCelsius: values[k] = Self.celsius(temperature); continue
      case .reason: values[k] = converged ? .nan : -1; continue
      default: break
      }
      guard converged else { values[k] = .nan; continue }
      switch operation {
      case .species(let i, _): x = c[i] * unitFactors[i]
      case .delta: x = derived.nonstoichiometry(c, scratch.minority)
      case .valence(let v): x = v.flatMap { derived.averageValence($0, c) }
      case .hydrogen: x = derived.hydrogenContent(c)
      case .thermodynamicFactor:
        if let s = pO2Slopes { x = derived.thermodynamicFactor(c, oxygenDerivative: oxygenDerivative(s)) }
      case .sigma(let i): x = sums == nil ? nil : partial[i]
      case .sigmaIonic: x = sums?.ionic
      case .sigmaElectronic: x = sums?.electronic
      case .sigmaTotal: x = sums?.total
      case .ionicTransference: x = sums?.ionicTransference
      case .electronicTransference: x = sums?.electronicTransference
      case .sigmaAmbipolar: x = sums?.ambipolar
      case .chemicalDiffusion:
        if let sums, let s = pO2Slopes {
          x = derived.chemicalDiffusion(temperature: temperature, oxygenDerivative: oxygenDerivative(s),
                                        ambipolar: sums.ambipolar)
        }
      case .slope(let i, let p):
        x = slopes?.withRespectTo.slice(terms.pressureNames[p], probablyAt: p).map { $0[$0.startIndex + i] }
      default:
        // one point per row for the columns computed in `value(_:of:)`, so that they share its caches
        if point == nil { point = Point(temperature: temperature, concentrations: c, slopes: slopes) }
        x = value(columns[k], of: &point!)
      }
      values[k] = x ?? .nan
      if firstEmpty < 0 && !values[k].isFinite { firstEmpty = k }
    }
    // a value that cannot be represented at a converged state: the row is not valid, and says why
    if firstEmpty >= 0 {
      if let f = terms.convergedColumn { values[f] = 0 }
      if let r = terms.reasonColumn { values[r] = Double(firstEmpty) }
    }
  }

  /// Appends one row for a solved point to `out`: ``rowValues(into:axisValues:temperature:concentrations:slopes:converged:residual:scratch:)``
  /// as CSV text — shortest round-trip digits, an empty field for NaN or ±∞, `true`/`false` for the flags.
  package func appendRow(to out: inout ByteBuffer, axisValues: [Double], temperature: Double, concentrations c: [Double],
                        slopes: Sensitivities?, converged: Bool, residual: Double, scratch: RowScratch) {
    let values = scratch.values
    rowValues(into: values, axisValues: axisValues, temperature: temperature, concentrations: c, slopes: slopes,
              converged: converged, residual: residual, scratch: scratch)
    appendText(of: values, to: &out, scratch: scratch)
  }

  /// How column `k` is written: a flag (`true`/`false`), a number that is always written (coordinates,
  /// T in °C), or a number whose field is empty when it is NaN or ±∞.
  public enum FieldKind: Sendable { case flag, always, finiteOnly, reason }

  public func fieldKind(_ k: Int) -> FieldKind {
    switch terms.operations[k] {
    case .converged, .inValidity: return .flag
    case .reason: return .reason
    case .axis, .innerAxis, .temperatureCelsius: return .always
    default: return .finiteOnly
    }
  }

  /// The `reason` column's text for its value: "" (valid), "not converged", "no value: COLUMN".
  public func reasonText(_ x: Double) -> String {
    if x.isNaN { return "" }
    if x < 0 { return "not converged" }
    let k = Int(x)
    return headers.indices.contains(k) ? "no value: \(headers[k])" : "no value"
  }

  /// The text of one field, as ``appendText(of:to:scratch:)`` writes it.
  public func field(_ x: Double, column k: Int) -> String {
    switch fieldKind(k) {
    case .flag: return x != 0 ? "true" : "false"
    case .always: return Self.number(x)
    case .finiteOnly: return x.isFinite ? Self.number(x) : ""
    case .reason: return reasonText(x)
    }
  }

  /// The CSV text of one row of ``rowValues(into:axisValues:temperature:concentrations:slopes:converged:residual:scratch:)``.
  /// Columns that repeat along a line (grid coordinates, fixed levels) are copied from the last row's text
  /// when their bits repeat (``RowScratch``).
  @inline(__always)
  package func appendText(of values: UnsafePointer<Double>, to out: inout ByteBuffer, scratch: RowScratch) {
    for (k, operation) in terms.operations.enumerated() {
      if k > 0 { out.append(UInt8(ascii: ",")) }
      let x = values[k]
      switch operation {
      case .axis: scratch.write(x, column: k, to: &out)
      case .innerAxis, .temperatureCelsius: out.append(x)
      case .converged, .inValidity: out.append(x != 0 ? "true" : "false")
      case .reason: if !x.isNaN { for byte in Self.quote(reasonText(x)).utf8 { out.append(byte) } }
      case .species(_, fixed: true): if x.isFinite { scratch.write(x, column: k, to: &out) }
      default: if x.isFinite { out.append(x) }
      }
    }
    out.append(UInt8(ascii: "\n"))
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
