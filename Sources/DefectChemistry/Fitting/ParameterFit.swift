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
/// Levels and totals are fitted as ln(value), so they stay positive; ΔH (eV) and ΔS (k_B) as they
/// are. Residuals are ln(model/measured) (`.log`, for quantities spanning decades such as δ or σ)
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

    /// The outcome to act on: a bound or an undetermined direction outranks non-convergence, which they
    /// usually cause.
    public var verdict: Verdict {
      if !boundHits.isEmpty { return .atBound }
      if !degeneracies.isEmpty { return .notIdentifiable }
      return converged ? .ok : .notConverged
    }
  }

  public let model: DefectModel
  public let parameters: [DefectModel.Parameter]
  public let observable: String
  public let data: [MeasuredValue]
  public let scale: ResidualScale
  /// An anneal-and-quench history applied to every trial model (the anneal is solved again for each).
  public var history: AnnealQuench?
  private let column: CSVLayout.Column
  /// The observable's values for a solved state (the model's ``DerivedQuantities``, in the chosen unit).
  private let values: ColumnValues

  public init(model: DefectModel, parameters: [DefectModel.Parameter], observable: String, data: [MeasuredValue],
              scale: ResidualScale, units: CSVLayout.ConcentrationUnit = .fu) throws(Failure) {
    guard !parameters.isEmpty else { throw Failure(description: "nothing to fit: name at least one parameter") }
    guard data.count >= parameters.count else {
      throw Failure(description: "\(data.count) measurements cannot determine \(parameters.count) parameters")
    }
    for (k, p) in parameters.enumerated() where parameters[..<k].contains(p) {
      throw Failure(description: "\(model.describe(p)) is named twice")
    }
    do {
      column = try ColumnCatalog(model: model).select([observable], conditions: ColumnCatalog.conditionColumns(model: model),
                                                     option: "observable")[0].1
      values = try ColumnValues(model: model, units: units)
    } catch {
      throw Failure(description: error.description)
    }
    switch column {
    case .axis, .converged, .residual, .slope:
      throw Failure(description: "'\(observable)' is not a computed quantity that can be fitted")
    default: break
    }
    if scale == .log, let bad = data.first(where: { !($0.value > 0) }) {
      throw Failure(description: "\(bad.line.map { "line \($0): " } ?? "")\(observable) = \(bad.value) cannot be fitted on a log scale (use linear residuals)")
    }
    for m in data {
      if let u = m.uncertainty, !(u > 0) {
        throw Failure(description: "\(m.line.map { "line \($0): " } ?? "")uncertainty must be > 0, got \(u)")
      }
    }
    self.model = model
    self.parameters = parameters
    self.observable = observable
    self.data = data
    self.scale = scale
  }

  /// Fits from `starts` (engine units; default: the model's current values). `exactJacobian: false`
  /// forces GSL's forward differences (for comparison); observables that need slopes, and fits with an
  /// anneal history, always use them.
  public func run(starts: [Double]? = nil, maxIterations: Int = 200, exactJacobian: Bool = true) throws(Failure) -> Result {
    let starts = starts ?? parameters.map { model.value(of: $0) }
    guard starts.count == parameters.count else { throw Failure(description: "one start value per parameter") }
    for (p, v) in zip(parameters, starts) where isLogarithmic(p) && !(v > 0) {
      throw Failure(description: "start value of \(model.describe(p)) must be > 0, got \(v)")
    }
    let weighted = data.allSatisfy { $0.uncertainty != nil }
    var firstFailure: String?
    let rejections = Rejections()
    let lsq = NonlinearLeastSquares(observations: data.count, parameters: parameters.count)
    let fit: NonlinearLeastSquares.Result
    do {
      let analytic: ((UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Bool)?
      // (an anneal history makes the frozen amounts depend on the parameters through a second equilibrium:
      // those fits keep finite differences)
      analytic = exactJacobian && !column.needs.contains(.pressureSlopes) && history == nil ? { u, jac in
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
          for (i, m) in self.data.enumerated() { r[i] = self.residual(values[i], m, weighted: weighted) }
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
        diagnostics.append(.atBound(name: model.describe(parameters[j]), value: values[j], rejected: near.1, reason: near.2))
      }
    }
    for d in analysis.degeneracies {
      let names = d.involved.map { model.describe(parameters[$0]) }
      let combination = d.involved.map { j -> String in
        let c = d.coefficients[j]
        let sign = c >= 0 ? "+" : "−"
        let amount = String(format: "%.4g", abs(c))
        switch parameters[j] {
        case .fixedLevel, .total: return "ln(\(model.describe(parameters[j]))) by \(sign)\(amount)"
        case .enthalpy, .interaction: return "\(model.describe(parameters[j])) by \(sign)\(amount) eV"
        case .entropy: return "\(model.describe(parameters[j])) by \(sign)\(amount) k_B"
        }
      }
      let text = (d.involved.count == 1 ? "changing " : "changing together ") + combination.joined(separator: " and ")
      diagnostics.append(.notIdentifiable(names: names, combination: text, relativeSingularValue: d.relativeSingularValue))
    }
    let plain = zip(fitted, data).map { residual($0, $1, weighted: false) }
    let rms = (plain.reduce(0) { $0 + $1 * $1 } / Double(n)).squareRoot()
    var best = model
    for (parameter, v) in zip(parameters, values) {
      do { best = try best.setting(parameter, to: v) } catch { throw Failure(description: error.message) }
    }
    let converged = fit.converged
    return Result(names: parameters.map { model.describe($0) }, starts: starts, values: values,
                  standardErrors: errors, undetermined: undetermined, rejectedSteps: fit.rejectedEvaluations,
                  correlation: correlation, fitted: fitted, residuals: fit.residuals,
                  rms: rms, chiSquared: fit.chiSquared, degreesOfFreedom: dof, weighted: weighted,
                  iterations: fit.iterations, evaluations: fit.functionEvaluations,
                  jacobianEvaluations: fit.jacobianEvaluations, converged: converged,
                  reason: fit.reason, model: best, reducedChiSquared: reduced, chiSquaredProbability: probability,
                  covarianceScaling: scaling, covariance: covariance, fitVariableCovariance: uCovariance,
                  singularValues: analysis.singularValues, degeneracies: analysis.degeneracies, boundHits: hits,
                  diagnostics: diagnostics)
  }

  /// Trial values the model refused (parameter index, value, why), collected during a run.
  private final class Rejections {
    var entries: [(Int, Double, String)] = []
  }

  private func isLogarithmic(_ p: DefectModel.Parameter) -> Bool {
    switch p {
    case .fixedLevel, .total: return true
    case .enthalpy, .entropy, .interaction: return false
    }
  }

  private func residual(_ value: Double, _ m: MeasuredValue, weighted: Bool) -> Double {
    switch scale {
    case .log:
      let r = log(value / m.value)
      return weighted ? r / (m.uncertainty! / m.value) : r
    case .linear:
      let r = value - m.value
      return weighted ? r / m.uncertainty! : r
    }
  }

  /// The observable at every measurement for fit variables `u` (ln of levels, ΔH, ΔS).
  private func evaluate(at u: [Double], rejections: Rejections? = nil) throws(Failure) -> [Double] {
    var trial = model
    for (j, (parameter, x)) in zip(parameters, u).enumerated() {
      let v = isLogarithmic(parameter) ? exp(x) : x
      do { trial = try trial.setting(parameter, to: v) } catch {
        rejections?.entries.append((j, v, error.message))
        throw Failure(description: "at \(model.describe(parameter)) = \(v): \(error.message)")
      }
    }
    if let history {
      do { trial = try history.quench(trial).model } catch { throw Failure(description: "with \(describe(u)): \(error.message)") }
    }
    let solver = EquilibriumSolver(model: trial)
    let trialValues = values.with(model: trial)
    let needs = column.needs
    var out: [Double] = []
    out.reserveCapacity(data.count)
    /// The error for measurement `m`; the trial values are only described when a point fails.
    func failure(_ m: MeasuredValue, _ what: String) -> Failure {
      Failure(description: "\(m.line.map { "line \($0): " } ?? "")at T = \(m.conditions.temperature) K with \(describe(u)), \(what)")
    }
    for m in data {
      let state: EquilibriumState
      do { state = try solver.solve(m.conditions, continuation: true) } catch {
        throw Failure(description: "\(m.line.map { "line \($0): " } ?? "")\(error.description)")
      }
      guard state.converged else { throw failure(m, "the equilibrium did not converge") }
      let slopes = needs.contains(.pressureSlopes) ? solver.sensitivities(includingTemperature: needs.contains(.temperatureSlopes)) : nil
      var point = CSVLayout.Point(temperature: m.conditions.temperature, concentrations: state.concentrations, slopes: slopes)
      guard let v = trialValues.value(column, of: &point), v.isFinite else { throw failure(m, "\(observable) is undefined") }
      if scale == .log && !(v > 0) {
        throw failure(m, "the model gives \(observable) = \(v), which a log residual cannot compare (start elsewhere, or use linear residuals)")
      }
      out.append(v)
    }
    return out
  }

  /// ∂r/∂u by forward differences of full re-solves (relative step 1e-7, as GSL's), the fallback when the
  /// exact Jacobian cannot be formed at `u`. `false` if the residuals cannot be evaluated there either.
  private func forwardDifferenceJacobian(at u: [Double], into jac: UnsafeMutableBufferPointer<Double>, weighted: Bool) -> Bool {
    let p = parameters.count
    guard let base = try? evaluate(at: u) else { return false }
    let r0 = zip(base, data).map { residual($0, $1, weighted: weighted) }
    for j in 0..<p {
      var shifted = u
      let h = 1e-7 * max(abs(u[j]), 1e-7)
      shifted[j] += h
      guard let values = try? evaluate(at: shifted) else { return false }
      for (k, m) in data.enumerated() { jac[k * p + j] = (residual(values[k], m, weighted: weighted) - r0[k]) / h }
    }
    return true
  }

  /// The model with fit variables `u` set.
  private func trialModel(at u: [Double]) throws(Failure) -> DefectModel {
    var trial = model
    for (parameter, x) in zip(parameters, u) {
      let v = isLogarithmic(parameter) ? exp(x) : x
      do { trial = try trial.setting(parameter, to: v) } catch {
        throw Failure(description: "at \(model.describe(parameter)) = \(v): \(error.message)")
      }
    }
    return trial
  }

  /// ∂r_k/∂u_j (row-major n × p) at fit variables `u`, exactly: each state's d ln c/dθ comes from the
  /// implicit-function theorem (``EquilibriumSolver/parameterSensitivities(_:)``, one LU per point); the
  /// observable — a closed form in the concentrations and the model — is differentiated along
  /// (θ, c·exp(h·d ln c/dθ)) by a Richardson-extrapolated central difference, which re-solves nothing.
  /// dθ/du = θ for levels and totals (fitted as ln θ), 1 for ΔH, ΔS and W.
  private func jacobian(at u: [Double], into jac: UnsafeMutableBufferPointer<Double>, weighted: Bool) throws(Failure) {
    let trial = try trialModel(at: u)
    let solver = EquilibriumSolver(model: trial)
    let p = parameters.count
    // Models shifted by ±h, ±h/2 in each parameter (the observable may depend on the model itself, e.g.
    // δ's reference content on a dopant level); steps relative to the value, absolute for small ones.
    var steps: [Double] = []
    var shifted: [[ColumnValues]] = []
    for parameter in parameters {
      let v = trial.value(of: parameter)
      let h = 1e-4 * max(abs(v), isLogarithmic(parameter) ? 1e-6 : 1e-2)
      steps.append(h)
      var layouts: [ColumnValues] = []
      for d in [h, -h, h / 2, -h / 2] {
        do { layouts.append(values.with(model: try trial.setting(parameter, to: v + d))) } catch {
          throw Failure(description: "at \(model.describe(parameter)) = \(v + d): \(error.message)")
        }
      }
      shifted.append(layouts)
    }
    let trialValues = values.with(model: trial)
    for (k, m) in data.enumerated() {
      let state: EquilibriumState
      do { state = try solver.solve(m.conditions, continuation: true) } catch {
        throw Failure(description: "\(m.line.map { "line \($0): " } ?? "")\(error.description)")
      }
      guard state.converged, let rows = solver.parameterSensitivities(parameters) else {
        throw Failure(description: "\(m.line.map { "line \($0): " } ?? "")the equilibrium did not converge while forming the Jacobian")
      }
      var base = CSVLayout.Point(temperature: m.conditions.temperature, concentrations: state.concentrations, slopes: nil)
      guard let value = trialValues.value(column, of: &base), value.isFinite else {
        throw Failure(description: "\(m.line.map { "line \($0): " } ?? "")\(observable) is undefined")
      }
      for j in 0..<p {
        let h = steps[j]
        var g = [Double]()
        for (q, d) in [h, -h, h / 2, -h / 2].enumerated() {
          let shiftedLayout = shifted[j][q]
          var c = state.concentrations
          for i in c.indices {
            if case .fixed(let level) = shiftedLayout.model.species[i].role { c[i] = level } else { c[i] *= exp(d * rows[j][i]) }
          }
          var point = CSVLayout.Point(temperature: m.conditions.temperature, concentrations: c, slopes: nil)
          guard let x = shiftedLayout.value(column, of: &point), x.isFinite else {
            throw Failure(description: "\(m.line.map { "line \($0): " } ?? "")\(observable) is undefined near the trial point")
          }
          g.append(x)
        }
        let dValue = (4 * (g[2] - g[3]) / h - (g[0] - g[1]) / (2 * h)) / 3
        let dTheta = isLogarithmic(parameters[j]) ? trial.value(of: parameters[j]) : 1
        var entry = dValue * dTheta
        switch scale {
        case .log: entry /= value; if weighted { entry /= m.uncertainty! / m.value }
        case .linear: if weighted { entry /= m.uncertainty! }
        }
        jac[k * p + j] = entry
      }
    }
  }

  private func describe(_ u: [Double]) -> String {
    zip(parameters, u).map { p, x in "\(model.describe(p)) = \(isLogarithmic(p) ? exp(x) : x)" }.joined(separator: ", ")
  }
}
