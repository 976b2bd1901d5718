import DefectChemistry
import Foundation

/// The report of ``brouwer_fit``: the fields of `brouwer fit --format json` and the per-point values.
private struct FitReport: Encodable {
  struct Parameter: Encodable {
    var name, unit: String
    var start, value, standard_error: Double
    var determined: Bool
    var file_unit: String?
    var file_value, file_standard_error: Double?
  }
  var material, data, observable, residuals: String
  var weighted: Bool
  var points: Int
  var parameters: [Parameter]
  var rms, chi_squared: Double
  var degrees_of_freedom, iterations, evaluations, jacobian_evaluations, rejected_steps: Int
  /// The statistics `brouwer fit` reports (``ParameterFit/Result``): χ²/dof, its tail probability, how the
  /// covariance was scaled (and by what), the one-line warnings, and the verdict.
  var reduced_chi_squared: Double
  var chi_squared_probability: Double?
  var covariance_scaling: String
  var covariance_scale_factor: Double
  var warnings: [String]
  var verdict: String
  var converged: Bool
  var reason: String
  /// Row-major p × p.
  var correlation: [Double]
  var condition_columns: [String]
  var conditions: [[Double]]
  var measured, fitted, residual: [Double]
  /// The material with the fitted values and a `fit:` block (`brouwer fit --output-material`), when the fit is usable.
  var material_yaml: String?
}

/// A fit as `brouwer fit` runs it (FitCommand): parameters NAME[=START], constant conditions, the data, the
/// residual scale, then ``ParameterFit``; the statistics are its result's.
@_cdecl("brouwer_fit")
public func brouwer_fit(_ material: OpaquePointer?, _ dataCSV: CText?, _ source: CText?, _ parameterList: CText?,
                        _ observable: CText?, _ uncertainty: CText?, _ residuals: CText?, _ units: CText?,
                        _ temperature: CText?, _ pO2: CText?, _ pH2O: CText?, _ anneal: CText?, _ frozen: CText?,
                        _ report: TextOut, _ message: ErrorOut) -> Int32 {
  guarded(message) {
    guard let handle = object(material, as: MaterialHandle.self), let csvText = text(dataCSV), let report else {
      throw BoundaryError("brouwer_fit: a NULL argument")
    }
    let model = handle.model
    let parameters: [DefectModel.Parameter], starts: [Double], constants: [String: Double]
    do {
      (parameters, _, starts) = try FitRequest.parameters(lines(parameterList), model: model)
      constants = try FitRequest.constants(temperature: text(temperature), pressures: [("pO2", text(pO2)), ("pH2O", text(pH2O))])
    } catch { throw BoundaryError(String(describing: error)) }
    let csv = try CSVTable(csv: csvText, source: text(source) ?? "<data>")
    let measured = try MeasuredData.read(csv, model: model, observable: text(observable), uncertainty: text(uncertainty), constants: constants)
    let scale: ParameterFit.ResidualScale
    switch text(residuals) ?? "auto" {
    case "log": scale = .log
    case "linear": scale = .linear
    case "auto": scale = measured.values.allSatisfy { $0.value > 0 } ? .log : .linear
    case let other: throw BoundaryError("--residuals: expected one of auto, log, linear, got \(MessageText.quoted(other))")
    }
    var problem: ParameterFit
    do {
      problem = try ParameterFit(model: model, parameters: parameters, observable: measured.observable,
                                 data: measured.values, scale: scale, units: try concentrationUnit(units))
    } catch { throw BoundaryError("\(measured.source): \(String(describing: error))") }
    if let annealText = text(anneal) {
      // --anneal: every trial model is annealed and quenched (checked once here, as the command line does)
      let history = try annealHistory(annealText, frozen: text(frozen), for: model)
      _ = try history.quench(model)
      problem.history = history
    } else if text(frozen) != nil {
      throw BoundaryError("--frozen needs --anneal T[,pO2[,pH2O]] (the conditions the species are frozen at)")
    }
    let r: ParameterFit.Result
    do { r = try problem.run(starts: starts, exactJacobian: true) } catch {
      throw BoundaryError("the fit failed: \(measured.source): \(String(describing: error))")
    }
    let rows = FitReport(
      material: model.name, data: measured.source, observable: measured.observable, residuals: scale.rawValue,
      weighted: r.weighted, points: r.fitted.count,
      parameters: r.names.indices.map { j in
        let unit = model.declaredUnit(of: parameters[j])
        return .init(name: r.names[j], unit: parameters[j].unit, start: r.starts[j], value: r.values[j],
                     standard_error: r.standardErrors[j], determined: !r.undetermined[j], file_unit: unit,
                     file_value: unit.flatMap { model.value(r.values[j], of: parameters[j], in: $0) },
                     file_standard_error: unit.flatMap { model.value(r.standardErrors[j], of: parameters[j], in: $0) })
      },
      rms: r.rms, chi_squared: r.chiSquared, degrees_of_freedom: r.degreesOfFreedom, iterations: r.iterations,
      evaluations: r.evaluations, jacobian_evaluations: r.jacobianEvaluations, rejected_steps: r.rejectedSteps,
      reduced_chi_squared: r.reducedChiSquared, chi_squared_probability: r.chiSquaredProbability,
      covariance_scaling: r.covarianceScaling.name, covariance_scale_factor: r.covarianceScaling.factor,
      warnings: r.diagnostics.map(\.description), verdict: r.verdict.name,
      converged: r.converged, reason: r.reason, correlation: r.correlation,
      condition_columns: measured.conditionColumns,
      conditions: measured.values.map { m in
        [m.conditions.temperature] + measured.conditionColumns.dropFirst().map { m.conditions.pressures[String($0.dropLast(4))] ?? .nan }
      },
      measured: measured.values.map(\.value), fitted: r.fitted, residual: r.residuals,
      material_yaml: r.verdict == .ok ? try? model.textWithFit(problem.fitRecord(
        of: r, data: ["\(measured.source): \(measured.values.count) values of \(measured.observable) (\(scale.rawValue) residuals\(measured.uncertaintyColumn.map { ", uncertainties \($0)" } ?? ""))"],
        command: "brouwer_fit (C/Python) of \(parameters.map(model.describe).joined(separator: ", "))")) : nil)
    report.pointee = cString(jsonText(rows))
    return r.verdict == .ok ? statusOK : statusUnconverged
  }
}
