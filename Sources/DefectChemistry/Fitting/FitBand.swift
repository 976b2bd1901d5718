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
    let u = result.values.indices.map { j -> Double in parameters[j].isLogarithmic ? log(result.values[j]) : result.values[j] }
    return try Self.deltaMethod(problem, at: u, covariance: result.fitVariableCovariance, conditions: conditions,
                                level: level, logarithmic: logarithmic, observable: observable)

  }

  /// value ± z·√(g C gᵀ) at `conditions` (the first `conditions.count` probes of `problem`), g the exact
  /// derivatives of the value with respect to the fit variables `u`, C their covariance.
  static func deltaMethod(_ problem: ParameterFit, at u: [Double], covariance c: [Double], conditions: [Conditions],
                          level: Double, logarithmic: Bool?, observable: String) throws(Failure) -> [BandPoint] {
    let p = u.count
    let values = try problem.evaluateResiduals(at: u, weighted: false)
    let n = problem.data.count
    let jac = UnsafeMutableBufferPointer<Double>.allocate(capacity: n * p)
    defer { jac.deallocate() }
    guard problem.fullJacobian(at: u, into: jac, weighted: false) else {
      throw Failure(description: "the derivatives of \(observable) could not be formed at the fitted values")
    }
    let z = Distributions.twoSidedNormalQuantile(level)
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

  /// The band of `observable` at `conditions` from a material's recorded fit (`fit:` block, ``FitCovariance``)
  /// — what `sweep --band` adds: value ± z·σ, σ² = g C gᵀ with g = ∂value/∂parameters exact (the engine's
  /// sensitivities) and C the recorded covariance. `nil` where the state or its derivatives cannot be formed.
  /// `history` quenches as in a fit; `logarithmic` as in ``band(_:at:of:level:units:dataSet:logarithmic:)``.
  public static func band(_ observable: String, model: DefectModel, covariance fit: FitCovariance, at conditions: [Conditions],
                          level: Double = 0.682_689_492, units: CSVLayout.ConcentrationUnit = .fu,
                          history: AnnealQuench? = nil, logarithmic: Bool? = nil) throws(Failure) -> [BandPoint?] {
    guard !conditions.isEmpty else { return [] }
    guard level > 0 && level < 1 else { throw Failure(description: "a confidence level between 0 and 1, got \(level)") }
    if let changed = fit.changedParameter(in: model) {
      throw Failure(description: "\(changed.name) is \(changed.now) here but \(changed.recorded) in the fit the covariance comes from: a band needs the fitted values")
    }
    let parameters = fit.parameters
    let p = parameters.count
    // fit variables: ln x for levels, totals and prefactors, x otherwise; C_u = C / (dx/du)_a (dx/du)_b
    let x = parameters.map { model.value(of: $0) }
    if let j = (0..<p).first(where: { parameters[$0].isLogarithmic && !(x[$0] > 0) }) {
      throw Failure(description: "\(fit.entries[j].name) = \(x[j]): a band needs a level > 0")
    }
    let u = (0..<p).map { parameters[$0].isLogarithmic ? log(x[$0]) : x[$0] }
    let d = (0..<p).map { parameters[$0].isLogarithmic ? x[$0] : 1 }
    var cu = fit.covariance
    for a in 0..<p { for b in 0..<p { cu[a * p + b] /= d[a] * d[b] } }
    func probe(_ points: [Conditions]) throws(Failure) -> [BandPoint] {
      var probes = points.map { MeasuredValue(conditions: $0, value: 0) }
      while probes.count < p { probes.append(probes[0]) }
      let problem = try ParameterFit(model: model, parameters: parameters, dataSets: [
        DataSet(label: "band", observable: observable, data: probes, scale: .linear, units: units, history: history),
      ])
      return try deltaMethod(problem, at: u, covariance: cu, conditions: points, level: level, logarithmic: logarithmic,
                             observable: observable)
    }
    do { return try probe(conditions) } catch {
      // one point that cannot be solved spoils the batch: then point by point
      return conditions.map { c in (try? probe([c]))?.first }
    }
  }
}

extension ParameterFit {
  /// What `fit --output-material` writes into the material (``DefectModel/textWithFit(_:)``): the shared
  /// parameters and those of data set `dataSet` (0-based), their values and their marginal covariance, and
  /// the fit's summary. `data` describes the data sets, `command` how the fit was made.
  public func fitRecord(of result: Result, dataSet: Int = 0, data: [String], command: String) -> DefectModel.FitRecord {
    let chosen = parameters.indices.filter { scopes[$0] == nil || scopes[$0] == dataSet }
    let p = result.values.count
    var covariance: [Double] = []
    for i in chosen { for j in chosen { covariance.append(result.covariance[i * p + j]) } }
    return DefectModel.FitRecord(parameters: chosen.map { parameters[$0] }, values: chosen.map { result.values[$0] },
                                 covariance: covariance, data: data, reducedChiSquared: result.reducedChiSquared,
                                 degreesOfFreedom: result.degreesOfFreedom, scaling: result.covarianceScaling.name, command: command)
  }
}
