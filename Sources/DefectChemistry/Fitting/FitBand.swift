import Foundation
import GSL

extension ParameterFit {
  /// The fitted model's value of an observable at one condition, with its confidence band.
  public struct BandPoint: Sendable {
    public var conditions: Conditions
    public var value: Double
    /// Standard error of `value` by the delta method (exact ∂value/∂parameters, the fit's covariance).
    public var standardError: Double
    public var lower: Double
    public var upper: Double
  }

  /// `observable` (any fittable column, in `units`) of the fitted model of `result` at `conditions`, with
  /// the band value ± z·σ of confidence `level`, σ² = g C gᵀ (delta method: g = ∂value/∂u exact, from the
  /// same parameter sensitivities as the fit's Jacobian; C the fit variables' covariance as scaled in
  /// `result`). `logarithmic` (default: the value is > 0) propagates ln value instead, so the band is
  /// value·exp(±z σ/value) and stays positive. `dataSet` picks whose per-data-set parameters apply.
  public func band(_ observable: String, at conditions: [Conditions], of result: Result, level: Double = 0.682_689_492,
                   units: CSVLayout.ConcentrationUnit = .fu, dataSet: Int = 0, logarithmic: Bool? = nil) throws(Failure) -> [BandPoint] {
    guard !conditions.isEmpty else { return [] }
    guard level > 0 && level < 1 else { throw Failure(description: "a confidence level between 0 and 1, got \(level)") }
    guard dataSets.indices.contains(dataSet) else { throw Failure(description: "no data set \(dataSet + 1)") }
    let p = parameters.count
    // a probe problem: the conditions as "measurements" of 0 with linear residuals, so that the residuals
    // are the values and the Jacobian their derivatives (padded to at least p points)
    var probes = conditions.map { MeasuredValue(conditions: $0, value: 0) }
    while probes.count < p { probes.append(probes[0]) }
    let probe = DataSet(label: "band", observable: observable, data: probes, scale: .linear, units: units,
                        history: dataSets[dataSet].history)
    // parameters of other data sets act on an empty one
    let scopes = self.scopes.map { s -> Int? in s == nil || s == dataSet ? nil : 1 }
    var sets = [probe]
    if scopes.contains(where: { $0 != nil }) { sets.append(DataSet(label: "other", observable: observable, data: [], scale: .linear, units: units)) }
    var problem = try ParameterFit(model: model, parameters: parameters, scopes: scopes, dataSets: sets)
    problem.history = history
    let u = result.values.indices.map { j -> Double in
      switch parameters[j] {
      case .fixedLevel, .total: return log(result.values[j])
      case .enthalpy, .entropy, .interaction: return result.values[j]
      }
    }
    let values = try problem.evaluateResiduals(at: u, weighted: false)
    let n = probes.count
    let jac = UnsafeMutableBufferPointer<Double>.allocate(capacity: n * p)
    defer { jac.deallocate() }
    guard problem.fullJacobian(at: u, into: jac, weighted: false) else {
      throw Failure(description: "the derivatives of \(observable) could not be formed at the fitted values")
    }
    let z = Distributions.twoSidedNormalQuantile(level)
    let c = result.fitVariableCovariance
    return conditions.indices.map { i in
      var variance = 0.0
      for a in 0..<p {
        for b in 0..<p { variance += jac[i * p + a] * c[a * p + b] * jac[i * p + b] }
      }
      let v = values[i], s = variance.squareRoot()
      let useLog = logarithmic ?? (v > 0)
      let (lo, hi) = useLog && v > 0 ? (v * exp(-z * s / v), v * exp(z * s / v)) : (v - z * s, v + z * s)
      return BandPoint(conditions: conditions[i], value: v, standardError: s, lower: lo, upper: hi)
    }
  }
}
