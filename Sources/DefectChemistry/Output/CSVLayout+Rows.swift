import Foundation

extension CSVLayout {
  /// Appends one row for a solved point to `out`. Nothing computed is printed for an unconverged point.
  /// `scratch` belongs to the calling thread and is reused between rows (``RowScratch/prepare(for:)``
  /// once per layout).
  public func appendRow(to out: inout ByteBuffer, axisValues: [Double], temperature: Double, concentrations c: [Double],
                        slopes: Sensitivities?, converged: Bool, residual: Double, scratch: RowScratch) {
    precondition(scratch.fits(columns: terms.operations.count, species: model.species.count, carriers: terms.carriers.count)
                 && c.count == model.species.count, "appendRow: scratch not prepared for this layout (RowScratch.prepare(for:))")
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
          * terms.value(of: carrier.factor, species: carrier.index, concentrations: c)
        partial[carrier.index] = s
        if carrier.ionic { sigmaIonic += s } else { sigmaElectronic += s }
      }
      haveTransport = true
    }
    // the pO2 slopes as a view (no copy per row), found at the model's index of pO2 without a search
    let pO2Slopes = converged ? slopes?.withRespectTo.slice("pO2", probablyAt: terms.pO2Index ?? -1) : nil
    var point: Point?
    for (k, operation) in terms.operations.enumerated() {
      if k > 0 { out.append(UInt8(ascii: ",")) }
      var x: Double?
      switch operation {
      case .axis(let a): scratch.write(axisValues[a], column: k, to: &out); continue
      case .innerAxis(let a): out.append(axisValues[a]); continue
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
        x = slopes?.withRespectTo.slice(terms.pressureNames[p], probablyAt: p).map { $0[$0.startIndex + i] }
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
