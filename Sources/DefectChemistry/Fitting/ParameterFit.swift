import Foundation
import GSL

/// One measured value of an output column (`delta`, `sigma_total_S_cm`, `OH_O.`, …) at given conditions.
public struct MeasuredValue: Sendable {
  public var conditions: Conditions
  public var value: Double
  /// Absolute standard uncertainty of `value`, if known (then residuals are weighted by it).
  public var uncertainty: Double?
  /// Where the value came from (a data file's line), for messages.
  public var line: Int?

  public init(conditions: Conditions, value: Double, uncertainty: Double? = nil, line: Int? = nil) {
    self.conditions = conditions
    self.value = value
    self.uncertainty = uncertainty
    self.line = line
  }
}

/// Least-squares fit of model parameters (dopant levels, fixed totals, reaction ΔH and ΔS) to
/// measurements of one output column, with GSL's `multifit_nlinear` over exact equilibrium states.
///
/// Levels, totals and mobility prefactors (A, μ300) are fitted as ln(value), so they stay positive; ΔH (eV),
/// ΔS (k_B), W, a mobility's Ea (eV) and band exponent m as they are. Residuals are ln(model/measured) (`.log`, for quantities spanning decades such as δ or σ)
/// or model − measured (`.linear`), divided by the (relative, for `.log`) uncertainty when given.
public struct ParameterFit {
  public enum ResidualScale: String, Sendable, CaseIterable { case log, linear }

  public struct Failure: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  public struct Result: Sendable {
    public var names: [String]
    public var starts: [Double]
    public var values: [Double]
    /// One standard error per parameter (`nan` without degrees of freedom or when undetermined).
    public var standardErrors: [Double]
    /// Per parameter: the data do not determine it (changing it does not change the fitted values,
    /// or only together with another parameter).
    public var undetermined: [Bool]
    /// Trial steps that reached unsolvable states (levels beyond the sites, non-converging equilibria)
    /// and were rejected.
    public var rejectedSteps: Int
    /// Correlation matrix of the parameters, row-major.
    public var correlation: [Double]
    /// The model's value of the observable at each measurement, with the fitted parameters.
    public var fitted: [Double]
    /// Residuals as minimised (ln ratio or difference; divided by uncertainties when given).
    public var residuals: [Double]
    /// √(Σ r²/n) of the unweighted residuals (in ln units for `.log`).
    public var rms: Double
    public var chiSquared: Double
    public var degreesOfFreedom: Int
    public var weighted: Bool
    public var iterations: Int
    public var evaluations: Int
    /// Evaluations of the exact Jacobian (0 when GSL formed it by finite differences, as for observables
    /// that are themselves derivatives: Θ, D̃, activation energies, slopes).
    public var jacobianEvaluations: Int
    public var converged: Bool
    public var reason: String
    /// The material with the fitted values set.
    public var model: DefectModel
    /// χ²/dof (`nan` without degrees of freedom).
    public var reducedChiSquared: Double = .nan
    /// P(χ² ≥ the value found) on `degreesOfFreedom` if the stated uncertainties were right (`nil`
    /// when unweighted or without degrees of freedom).
    public var chiSquaredProbability: Double? = nil
    /// How (JᵀJ)⁻¹ was scaled into `covariance` and `standardErrors`.
    public var covarianceScaling: CovarianceScaling = .statedUncertainties
    /// Covariance of the parameter values in engine units (pfu, eV, k_B), row-major p × p, scaled as
    /// `covarianceScaling` says; `nan` in rows of undetermined parameters. Linearised (Wald): levels are
    /// fitted as ln, so their entries are θ_i θ_j cov(ln θ_i, ln θ_j).
    public var covariance: [Double] = []
    /// Covariance of the fit variables (ln of levels and totals, ΔH, ΔS, W), scaled the same way.
    public var fitVariableCovariance: [Double] = []
    /// Singular values of the column-normalised weighted Jacobian, relative to the largest, descending.
    public var singularValues: [Double] = []
    /// Directions the data cannot fix (empty when the problem is identifiable).
    public var degeneracies: [Degeneracy] = []
    /// Parameters that ran into the edge of their admissible range.
    public var boundHits: [BoundHit] = []
    /// One-line messages for the user (χ²/dof far from 1, bounds, identifiability), most serious last.
    public var diagnostics: [Diagnostic] = []
    /// Per data set: the material with the shared and that data set's own fitted values set (`model`
    /// holds the shared ones only).
    public var models: [DefectModel] = []
    /// Where each data set's values sit in `fitted` and `residuals`.
    public var ranges: [Range<Int>] = []

    /// The outcome to act on: a bound or an undetermined direction outranks non-convergence, which they
    /// usually cause.
    public var verdict: Verdict {
      if !boundHits.isEmpty { return .atBound }
      if !degeneracies.isEmpty { return .notIdentifiable }
      return converged ? .ok : .notConverged
    }
  }

  /// One data set of a (joint) fit: measurements of one observable, with its own residual kind, unit
  /// and, optionally, its own anneal-and-quench history.
  public struct DataSet: Sendable {
    /// For messages and reports (a file name).
    public var label: String
    public var observable: String
    public var data: [MeasuredValue]
    public var scale: ResidualScale
    public var units: CSVLayout.ConcentrationUnit
    /// Applied to every trial model of this data set (`nil`: the fit's `history`, if any).
    public var history: AnnealQuench?

    public init(label: String, observable: String, data: [MeasuredValue], scale: ResidualScale,
                units: CSVLayout.ConcentrationUnit = .fu, history: AnnealQuench? = nil) {
      self.label = label
      self.observable = observable
      self.data = data
      self.scale = scale
      self.units = units
      self.history = history
    }
  }

  public let model: DefectModel
  public let parameters: [DefectModel.Parameter]
  /// Per parameter: `nil` when shared by every data set, else the index of the only data set it applies
  /// to (e.g. one dopant level per sample).
  public let scopes: [Int?]
  public let dataSets: [DataSet]
  /// The first data set's observable (the only one of a single-set fit).
  public var observable: String { dataSets[0].observable }
  /// Every measurement, data set after data set (the order of `Result.fitted` and `residuals`).
  public var data: [MeasuredValue] { dataSets.flatMap(\.data) }
  /// The first data set's residual kind.
  public var scale: ResidualScale { dataSets[0].scale }
  /// An anneal-and-quench history applied to every trial model of the data sets without their own (the
  /// anneal is solved again for each).
  public var history: AnnealQuench?
  /// Per data set: the observable's column and its values for a solved state (the model's
  /// ``DerivedQuantities``, in the chosen unit).
  private let columns: [CSVLayout.Column]
  private let layouts: [ColumnValues]

  /// A fit of one observable (the single-data-set form of ``init(model:parameters:scopes:dataSets:)``).
  public init(model: DefectModel, parameters: [DefectModel.Parameter], observable: String, data: [MeasuredValue],
              scale: ResidualScale, units: CSVLayout.ConcentrationUnit = .fu) throws(Failure) {
    try self.init(model: model, parameters: parameters, scopes: nil,
                  dataSets: [DataSet(label: observable, observable: observable, data: data, scale: scale, units: units)])
  }

  /// A joint fit: one weighted least-squares problem over every data set, parameters shared unless
  /// `scopes` ties one to a single data set.
  public init(model: DefectModel, parameters: [DefectModel.Parameter], scopes: [Int?]? = nil,
              dataSets: [DataSet]) throws(Failure) {
    guard !parameters.isEmpty else { throw Failure(description: "nothing to fit: name at least one parameter") }
    guard !dataSets.isEmpty else { throw Failure(description: "no data: give at least one data set") }
    let scopes = scopes ?? [Int?](repeating: nil, count: parameters.count)
    guard scopes.count == parameters.count else { throw Failure(description: "one scope per parameter") }
    let total = dataSets.reduce(0) { $0 + $1.data.count }
    guard total >= parameters.count else {
      throw Failure(description: "\(total) measurements cannot determine \(parameters.count) parameters")
    }
    for (k, p) in parameters.enumerated() {
      if let s = scopes[k], !(0..<dataSets.count).contains(s) {
        throw Failure(description: "\(model.describe(p)) is tied to data set \(s + 1), but there are \(dataSets.count)")
      }
      for q in 0..<k where parameters[q] == p {
        // the same parameter twice: only as per-data-set copies, never shared and per set at once
        if scopes[q] == nil || scopes[k] == nil || scopes[q] == scopes[k] {
          throw Failure(description: "\(model.describe(p)) is named twice")
        }
      }
    }
    var columns: [CSVLayout.Column] = []
    var layouts: [ColumnValues] = []
    for set in dataSets {
      let column: CSVLayout.Column
      do {
        column = try ColumnCatalog(model: model).select([set.observable], conditions: ColumnCatalog.conditionColumns(model: model),
                                                        option: "observable")[0].1
        layouts.append(try ColumnValues(model: model, units: set.units))
      } catch {
        throw Failure(description: error.description)
      }
      switch column {
      case .axis, .converged, .residual, .slope:
        throw Failure(description: "'\(set.observable)' is not a computed quantity that can be fitted")
      default: break
      }
      columns.append(column)
      if set.scale == .log, let bad = set.data.first(where: { !($0.value > 0) }) {
        throw Failure(description: "\(bad.line.map { "line \($0): " } ?? "")\(set.observable) = \(bad.value) cannot be fitted on a log scale (use linear residuals)")
      }
      for m in set.data {
        if let u = m.uncertainty, !(u > 0) {
          throw Failure(description: "\(m.line.map { "line \($0): " } ?? "")uncertainty must be > 0, got \(u)")
        }
      }
    }
    self.model = model
    self.parameters = parameters
    self.scopes = scopes
    self.dataSets = dataSets
    self.columns = columns
    self.layouts = layouts
  }

  /// The name of parameter `j` in reports: `NAME`, or `NAME@K` (K from 1) when tied to data set K.
  public func name(of j: Int) -> String {
    model.describe(parameters[j]) + (scopes[j].map { "@\($0 + 1)" } ?? "")
  }

  /// Whether parameter `j` acts on data set `k`.
  private func applies(_ j: Int, to k: Int) -> Bool { scopes[j] == nil || scopes[j] == k }

  /// Where each data set's measurements sit in the residual vector.
  public var ranges: [Range<Int>] {
    var out: [Range<Int>] = []
    var start = 0
    for set in dataSets {
      out.append(start..<(start + set.data.count))
      start += set.data.count
    }
    return out
  }

  /// Fits from `starts` (engine units; default: the model's current values). `exactJacobian: false`
  /// forces GSL's forward differences (for comparison); observables that need slopes, and fits with an
  /// anneal history, always use them.
  public func run(starts: [Double]? = nil, maxIterations: Int = 200, exactJacobian: Bool = true) throws(Failure) -> Result {
    let starts = starts ?? parameters.map { model.value(of: $0) }
    guard starts.count == parameters.count else { throw Failure(description: "one start value per parameter") }
    for (j, (p, v)) in zip(parameters, starts).enumerated() where isLogarithmic(p) && !(v > 0) {
      throw Failure(description: "start value of \(name(of: j)) must be > 0, got \(v)")
    }
    let data = self.data
    let weighted = data.allSatisfy { $0.uncertainty != nil }
    var firstFailure: String?
    let rejections = Rejections()
    let lsq = NonlinearLeastSquares(observations: data.count, parameters: parameters.count)
    let fit: NonlinearLeastSquares.Result
    do {
      let analytic: ((UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Bool)?
      // (an anneal history makes the frozen amounts depend on the parameters through a second equilibrium:
      // those fits keep finite differences)
      let exactPossible = !columns.contains { $0.needs.contains(.pressureSlopes) } && history == nil
        && dataSets.allSatisfy { $0.history == nil }
      analytic = exactJacobian && exactPossible ? { u, jac in
        do throws(Failure) {
          try self.jacobian(at: Array(u), into: jac, weighted: weighted)
          return true
        } catch {
          // e.g. θ ± h leaves a level's range near a bound: forward differences for this iteration instead
          return self.forwardDifferenceJacobian(at: Array(u), into: jac, weighted: weighted)
        }
      } : nil
      fit = try lsq.fit(start: zip(parameters, starts).map { isLogarithmic($0) ? log($1) : $1 },
                        maxIterations: maxIterations, jacobian: analytic) { u, r in
        do throws(Failure) {
          let values = try self.evaluate(at: Array(u), rejections: rejections)
          for (i, m) in data.enumerated() { r[i] = self.residual(values[i], m, i, weighted: weighted) }
          return true
        } catch {
          if firstFailure == nil { firstFailure = error.description }
          return false
        }
      }
    } catch {
      throw Failure(description: firstFailure ?? error.description)
    }
    let values = zip(parameters, fit.parameters).map { isLogarithmic($0) ? exp($1) : $1 }
    let fitted = try evaluate(at: fit.parameters)
    let n = data.count, p = parameters.count
    let dof = n - p
    // χ² against its distribution; the covariance scaling follows from it
    let reduced = dof > 0 ? fit.chiSquared / Double(dof) : .nan
    var diagnostics: [Diagnostic] = []
    var probability: Double?
    let scaling: CovarianceScaling
    if !weighted {
      scaling = .residualScatter(reduced)
    } else if dof > 0 {
      let upper = Distributions.chiSquaredUpperTail(fit.chiSquared, degreesOfFreedom: dof)
      let lower = Distributions.chiSquaredLowerTail(fit.chiSquared, degreesOfFreedom: dof)
      probability = upper
      if upper < Self.chiSquaredAlarm {
        scaling = .inflated(reduced)
        diagnostics.append(.chiSquaredHigh(reduced: reduced, degreesOfFreedom: dof, probability: upper))
      } else {
        scaling = .statedUncertainties
        if lower < Self.chiSquaredAlarm {
          diagnostics.append(.chiSquaredLow(reduced: reduced, degreesOfFreedom: dof, probability: lower))
        }
      }
    } else {
      scaling = .statedUncertainties
    }
    // identifiability from the SVD of the (column-normalised) Jacobian at the optimum
    let analysis = Self.analyse(jacobian: fit.jacobian, rows: n, columns: p)
    var undetermined = [Bool](repeating: false, count: p)
    for d in analysis.degeneracies { for j in d.involved { undetermined[j] = true } }
    let factor = scaling.factor
    var uCovariance = analysis.covariance.map { $0 * factor }
    var covariance = [Double](repeating: .nan, count: p * p)
    var errors: [Double] = []
    let dThetadU = (0..<p).map { isLogarithmic(parameters[$0]) ? values[$0] : 1 }
    for i in 0..<p {
      for j in 0..<p {
        if undetermined[i] || undetermined[j] { uCovariance[i * p + j] = .nan }
        covariance[i * p + j] = uCovariance[i * p + j] * dThetadU[i] * dThetadU[j]
      }
      errors.append(covariance[i * p + i].squareRoot())
    }
    var correlation = [Double](repeating: .nan, count: p * p)
    for i in 0..<p {
      for j in 0..<p {
        correlation[i * p + j] = uCovariance[i * p + j] / (uCovariance[i * p + i] * uCovariance[j * p + j]).squareRoot()
      }
    }
    // a parameter whose rejected trials lie next to its fitted value ran into its admissible range
    var hits: [BoundHit] = []
    for j in 0..<p {
      let u = fit.parameters[j]
      let near = rejections.entries.filter { $0.0 == j }.map { e -> (Double, Double, String) in
        let ue = isLogarithmic(parameters[j]) ? log(e.1) : e.1
        return (abs(ue - u), e.1, e.2)
      }.min { $0.0 < $1.0 }
      if let near, near.0 <= 1e-3 * max(1, abs(u)) {
        hits.append(BoundHit(parameter: j, value: values[j], rejected: near.1, reason: near.2))
        diagnostics.append(.atBound(name: name(of: j), value: values[j], rejected: near.1, reason: near.2))
      }
    }
    for d in analysis.degeneracies {
      let names = d.involved.map { name(of: $0) }
      let combination = d.involved.map { j -> String in
        let c = d.coefficients[j]
        let sign = c >= 0 ? "+" : "−"
        let amount = String(format: "%.4g", abs(c))
        switch parameters[j] {
        case .fixedLevel, .total: return "ln(\(name(of: j))) by \(sign)\(amount)"
        case .enthalpy, .interaction: return "\(name(of: j)) by \(sign)\(amount) eV"
        case .entropy: return "\(name(of: j)) by \(sign)\(amount) k_B"
        case .mobility(_, let key):
          switch key {
          case .prefactor, .mu300: return "ln(\(name(of: j))) by \(sign)\(amount)"
          case .activationEnergy: return "\(name(of: j)) by \(sign)\(amount) eV"
          case .exponent: return "\(name(of: j)) by \(sign)\(amount)"
          }
        }
      }
      let text = (d.involved.count == 1 ? "changing " : "changing together ") + combination.joined(separator: " and ")
      diagnostics.append(.notIdentifiable(names: names, combination: text, relativeSingularValue: d.relativeSingularValue))
    }
    let plain = zip(fitted, data).enumerated().map { residual($1.0, $1.1, $0, weighted: false) }
    let rms = (plain.reduce(0) { $0 + $1 * $1 } / Double(n)).squareRoot()
    var best = model
    for (j, (parameter, v)) in zip(parameters, values).enumerated() where scopes[j] == nil {
      do { best = try best.setting(parameter, to: v) } catch { throw Failure(description: error.message) }
    }
    var perSet: [DefectModel] = []
    for k in dataSets.indices {
      var m = best
      for (j, (parameter, v)) in zip(parameters, values).enumerated() where scopes[j] == k {
        do { m = try m.setting(parameter, to: v) } catch { throw Failure(description: error.message) }
      }
      perSet.append(m)
    }
    let converged = fit.converged
    return Result(names: parameters.indices.map(name(of:)), starts: starts, values: values,
                  standardErrors: errors, undetermined: undetermined, rejectedSteps: fit.rejectedEvaluations,
                  correlation: correlation, fitted: fitted, residuals: fit.residuals,
                  rms: rms, chiSquared: fit.chiSquared, degreesOfFreedom: dof, weighted: weighted,
                  iterations: fit.iterations, evaluations: fit.functionEvaluations,
                  jacobianEvaluations: fit.jacobianEvaluations, converged: converged,
                  reason: fit.reason, model: best, reducedChiSquared: reduced, chiSquaredProbability: probability,
                  covarianceScaling: scaling, covariance: covariance, fitVariableCovariance: uCovariance,
                  singularValues: analysis.singularValues, degeneracies: analysis.degeneracies, boundHits: hits,
                  diagnostics: diagnostics, models: perSet, ranges: ranges)
  }

  /// Trial values the model refused (parameter index, value, why), collected during a run.
  private final class Rejections {
    var entries: [(Int, Double, String)] = []
  }

  private func isLogarithmic(_ p: DefectModel.Parameter) -> Bool { p.isLogarithmic }

  /// Weighted (or not) residuals at fit variables `u`, for profiles.
  func evaluateResiduals(at u: [Double], weighted: Bool) throws(Failure) -> [Double] {
    let values = try evaluate(at: u)
    return zip(values, data).enumerated().map { residual($1.0, $1.1, $0, weighted: weighted) }
  }

  /// The Jacobian of the residuals at `u` (exact where possible, else forward differences); `false` if
  /// it cannot be formed.
  func fullJacobian(at u: [Double], into jac: UnsafeMutableBufferPointer<Double>, weighted: Bool) -> Bool {
    let exactPossible = !columns.contains { $0.needs.contains(.pressureSlopes) } && history == nil
      && dataSets.allSatisfy { $0.history == nil }
    if exactPossible, (try? jacobian(at: u, into: jac, weighted: weighted)) != nil { return true }
    return forwardDifferenceJacobian(at: u, into: jac, weighted: weighted)
  }

  /// The data set of measurement `i` (in the order of `data`).
  private func set(of i: Int) -> Int { ranges.firstIndex { $0.contains(i) }! }

  private func residual(_ value: Double, _ m: MeasuredValue, _ i: Int, weighted: Bool) -> Double {
    switch dataSets[set(of: i)].scale {
    case .log:
      let r = log(value / m.value)
      return weighted ? r / (m.uncertainty! / m.value) : r
    case .linear:
      let r = value - m.value
      return weighted ? r / m.uncertainty! : r
    }
  }

  /// The model of data set `k` with fit variables `u` set (before its anneal history).
  private func trialModel(at u: [Double], for k: Int, rejections: Rejections? = nil) throws(Failure) -> DefectModel {
    var trial = model
    for (j, (parameter, x)) in zip(parameters, u).enumerated() where applies(j, to: k) {
      let v = isLogarithmic(parameter) ? exp(x) : x
      do { trial = try trial.setting(parameter, to: v) } catch {
        rejections?.entries.append((j, v, error.message))
        throw Failure(description: "at \(name(of: j)) = \(v): \(error.message)")
      }
    }
    return trial
  }

  /// The observable at every measurement for fit variables `u` (ln of levels, ΔH, ΔS).
  private func evaluate(at u: [Double], rejections: Rejections? = nil) throws(Failure) -> [Double] {
    var out: [Double] = []
    out.reserveCapacity(ranges.last!.upperBound)
    for (k, set) in dataSets.enumerated() {
      var trial = try trialModel(at: u, for: k, rejections: rejections)
      if let history = set.history ?? history {
        do { trial = try history.quench(trial).model } catch { throw Failure(description: "with \(describe(u)): \(error.message)") }
      }
      let solver = EquilibriumSolver(model: trial)
      let trialValues = layouts[k].with(model: trial)
      let column = columns[k]
      let needs = column.needs
      /// The error for measurement `m`; the trial values are only described when a point fails.
      func failure(_ m: MeasuredValue, _ what: String) -> Failure {
        Failure(description: "\(where_(m, k))at T = \(m.conditions.temperature) K with \(describe(u)), \(what)")
      }
      for m in set.data {
        let state: EquilibriumState
        do { state = try solver.solve(m.conditions, continuation: true) } catch {
          throw Failure(description: "\(where_(m, k))\(error.description)")
        }
        guard state.converged else { throw failure(m, "the equilibrium did not converge") }
        let slopes = needs.contains(.pressureSlopes) ? solver.sensitivities(includingTemperature: needs.contains(.temperatureSlopes)) : nil
        var point = CSVLayout.Point(temperature: m.conditions.temperature, concentrations: state.concentrations, slopes: slopes)
        guard let v = trialValues.value(column, of: &point), v.isFinite else { throw failure(m, "\(set.observable) is undefined") }
        if set.scale == .log && !(v > 0) {
          throw failure(m, "the model gives \(set.observable) = \(v), which a log residual cannot compare (start elsewhere, or use linear residuals)")
        }
        out.append(v)
      }
    }
    return out
  }

  /// "line N: " (with the data set's label when there are several) for messages.
  private func where_(_ m: MeasuredValue, _ k: Int) -> String {
    let label = dataSets.count > 1 ? "\(dataSets[k].label): " : ""
    return label + (m.line.map { "line \($0): " } ?? "")
  }

  /// ∂r/∂u by forward differences of full re-solves (relative step 1e-7, as GSL's), the fallback when the
  /// exact Jacobian cannot be formed at `u`. `false` if the residuals cannot be evaluated there either.
  private func forwardDifferenceJacobian(at u: [Double], into jac: UnsafeMutableBufferPointer<Double>, weighted: Bool) -> Bool {
    let p = parameters.count
    let data = self.data
    guard let base = try? evaluate(at: u) else { return false }
    let r0 = zip(base, data).enumerated().map { residual($1.0, $1.1, $0, weighted: weighted) }
    for j in 0..<p {
      var shifted = u
      let h = 1e-7 * max(abs(u[j]), 1e-7)
      shifted[j] += h
      guard let values = try? evaluate(at: shifted) else { return false }
      for (k, m) in data.enumerated() { jac[k * p + j] = (residual(values[k], m, k, weighted: weighted) - r0[k]) / h }
    }
    return true
  }

  /// ∂r_k/∂u_j (row-major n × p) at fit variables `u`, exactly: each state's d ln c/dθ comes from the
  /// implicit-function theorem (``EquilibriumSolver/parameterSensitivities(_:)``, one LU per point); the
  /// observable — a closed form in the concentrations and the model — is differentiated along
  /// (θ, c·exp(h·d ln c/dθ)) by a Richardson-extrapolated central difference, which re-solves nothing.
  /// dθ/du = θ for levels, totals and mobility prefactors (fitted as ln θ), 1 for ΔH, ΔS, W, Ea and m. A
  /// mobility parameter has d ln c/dθ = 0 (the state does not depend on it): its whole column is the
  /// observable's direct dependence, through the shifted models' mobility laws. A parameter tied to another
  /// data set has a zero column for this one.
  private func jacobian(at u: [Double], into jac: UnsafeMutableBufferPointer<Double>, weighted: Bool) throws(Failure) {
    let p = parameters.count
    var row = 0
    for (k, set) in dataSets.enumerated() {
      let trial = try trialModel(at: u, for: k)
      let solver = EquilibriumSolver(model: trial)
      let active = (0..<p).filter { applies($0, to: k) }
      let column = columns[k]
      // Models shifted by ±h, ±h/2 in each parameter (the observable may depend on the model itself, e.g.
      // δ's reference content on a dopant level); steps relative to the value, absolute for small ones.
      var steps: [Double] = []
      var shifted: [[ColumnValues]] = []
      for j in active {
        let parameter = parameters[j]
        let v = trial.value(of: parameter)
        let h = 1e-4 * max(abs(v), isLogarithmic(parameter) ? 1e-6 : 1e-2)
        steps.append(h)
        var variants: [ColumnValues] = []
        for d in [h, -h, h / 2, -h / 2] {
          do { variants.append(layouts[k].with(model: try trial.setting(parameter, to: v + d))) } catch {
            throw Failure(description: "at \(name(of: j)) = \(v + d): \(error.message)")
          }
        }
        shifted.append(variants)
      }
      let trialValues = layouts[k].with(model: trial)
      for m in set.data {
        defer { row += 1 }
        for j in 0..<p { jac[row * p + j] = 0 }
        let state: EquilibriumState
        do { state = try solver.solve(m.conditions, continuation: true) } catch {
          throw Failure(description: "\(where_(m, k))\(error.description)")
        }
        guard state.converged, let rows = solver.parameterSensitivities(active.map { parameters[$0] }) else {
          throw Failure(description: "\(where_(m, k))the equilibrium did not converge while forming the Jacobian")
        }
        var base = CSVLayout.Point(temperature: m.conditions.temperature, concentrations: state.concentrations, slopes: nil)
        guard let value = trialValues.value(column, of: &base), value.isFinite else {
          throw Failure(description: "\(where_(m, k))\(set.observable) is undefined")
        }
        for (a, j) in active.enumerated() {
          let h = steps[a]
          var g = [Double]()
          for (q, d) in [h, -h, h / 2, -h / 2].enumerated() {
            let shiftedLayout = shifted[a][q]
            var c = state.concentrations
            for i in c.indices {
              if case .fixed(let level) = shiftedLayout.model.species[i].role { c[i] = level } else { c[i] *= exp(d * rows[a][i]) }
            }
            var point = CSVLayout.Point(temperature: m.conditions.temperature, concentrations: c, slopes: nil)
            guard let x = shiftedLayout.value(column, of: &point), x.isFinite else {
              throw Failure(description: "\(where_(m, k))\(set.observable) is undefined near the trial point")
            }
            g.append(x)
          }
          let dValue = (4 * (g[2] - g[3]) / h - (g[0] - g[1]) / (2 * h)) / 3
          let dTheta = isLogarithmic(parameters[j]) ? trial.value(of: parameters[j]) : 1
          var entry = dValue * dTheta
          switch set.scale {
          case .log: entry /= value; if weighted { entry /= m.uncertainty! / m.value }
          case .linear: if weighted { entry /= m.uncertainty! }
          }
          jac[row * p + j] = entry
        }
      }
    }
  }

  private func describe(_ u: [Double]) -> String {
    zip(parameters, u).enumerated().map { j, px in "\(name(of: j)) = \(isLogarithmic(px.0) ? exp(px.1) : px.1)" }.joined(separator: ", ")
  }
}
