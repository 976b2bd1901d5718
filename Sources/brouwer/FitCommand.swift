import ArgumentParser
import DefectChemistry
import Foundation

/// `brouwer fit MATERIAL --data FILE --fit NAME[=START] …` — least-squares fit of dopant levels,
/// totals or reaction ΔH/ΔS to measured values of one output column.
struct Fit: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Fit dopant levels, totals, reaction dH/dS, interaction W or mobilities to measured data (GSL multifit_nlinear).",
    discussion: """
      The data file is a CSV with the conditions (T_K or T_C; pO2_atm or log10_pO2_atm, and pH2O_atm \
      for proton conductors — or one value for all rows with --T, --pO2, --pH2O) and one measured \
      column named like the sweep output: delta, sigma_total_S_cm, OH_O., H_pfu, … An optional column \
      NAME_err (or --uncertainty COLUMN) weights the residuals: it holds ABSOLUTE standard uncertainties, \
      in the unit of NAME (with log residuals each is used as the relative uncertainty NAME_err/NAME). \
      Residuals are ln(model/measured) by default, or model − measured with --residuals linear. dH and dS \
      are reported in the unit the material file writes them in.
      Repeat --data for a joint fit (FILE,KEY=VALUE… sets a file's own observable, uncertainty, residuals, \
      units, conditions or anneal state: anneal-T=1400C,anneal-pO2=0.21 for a quenched sample, anneal=none \
      for one measured in equilibrium); NAME@K fits a parameter for the K-th file only. Exit status: 0 fine (a \
      chi²/dof warning included), 1 no convergence, 2 bad input, 3 not identifiable, 4 a parameter at its bound.
      --output-material FILE.yaml writes the fitted material with its covariance (a fit: block) for \
      sweep/plot/map --band; --plot FILE.svg draws the data, the model with its band, and the residuals.
      Example: brouwer fit gdc10 --data tga.csv --fit "Gd_Ce'" --fit reduction.dH
      Joint: brouwer fit gdc10 --data tga.csv --data "probe.csv,T=900C" --fit "Gd_Ce'" --fit reduction.dH --fit reduction.dS
      """)

  @Argument(help: "A built-in material, a YAML file, or - for stdin.")
  var material: String

  @Option(name: .long, help: ArgumentHelp(
    "The measured data (CSV), or - for stdin. Repeat for a joint fit; each may carry its own settings after commas: observable=, uncertainty=, residuals=, units=, T=, pO2=, pH2O=, pH2= (e.g. \"sigma.csv,observable=sigma_total_S_cm,T=900C\"); its own anneal state instead of --anneal: anneal-T=, anneal-pO2=, anneal-pH2O=, frozen=LABEL (one per key), or anneal=none (measured in equilibrium).",
    valueName: "FILE[,KEY=VALUE…]"))
  var data: [String] = []

  @Option(name: .customLong("fit"), help: ArgumentHelp(
    "A parameter to fit, optionally with a start value: \"Gd_Ce'\", reduction.dH=4.0eV. Repeat for several. NAME@K fits it for the K-th --data only (e.g. one dopant level per sample).",
    valueName: "NAME[@K][=START]"))
  var fits: [String] = []

  @Option(name: .long, help: "The measured column (default: the only non-condition column).")
  var observable: String?

  @Option(name: .long, help: "Column of absolute standard uncertainties of the observable, in its unit (default: OBSERVABLE_err if present).")
  var uncertainty: String?

  @Option(name: .long, help: "Residuals: log (ln model/measured) or linear (model − measured).")
  var residuals: ResidualChoice = .auto

  @Option(name: .long, help: "Unit of a species observable: fu, site or cm3.")
  var units: CSVLayout.ConcentrationUnit = .fu

  /// --set fixes parameters before fitting; --T, --pO2, --pH2O, --pH2 (single values) give the
  /// conditions of every row when the data file has no such column.
  @OptionGroup var conditions: ConditionOptions
  @OptionGroup var annealing: AnnealOptions

  @Option(name: .long, help: "Write the data with the fitted values and residuals as CSV to FILE.")
  var output: String?

  @Option(name: .long, help: ArgumentHelp(
    "Write the material with the fitted values and a fit: block (values, standard errors, covariance, chi²/dof) to FILE; sweep, plot and map accept it and draw confidence bands with --band. Written only when the fit is usable (exit status 0).",
    valueName: "FILE.yaml"))
  var outputMaterial: String?

  @Option(name: .long, help: "With parameters fitted per data set (NAME@K): whose values --output-material writes (1-based K).")
  var outputMaterialDataSet: Int?

  @Option(name: .long, help: ArgumentHelp(
    "Profile-likelihood intervals of these fitted parameters (names as in --fit, comma-separated), next to the linearised (Wald) ones.",
    valueName: "NAME,…"))
  var profile: String?

  @Option(name: .long, help: ArgumentHelp(
    "Draw the fit as SVG: per data set the measured points (error bars from the uncertainty column), the fitted model through them with its confidence band (--level), and the residuals below; written only when the fit is usable.",
    valueName: "FILE.svg"))
  var plot: String?

  @Option(name: .long, help: "Confidence level of the --profile intervals and the --plot bands (0 < LEVEL < 1; default 0.6827, one standard deviation).")
  var level: Double = 0.682_689_492

  @Option(name: .long, help: "Report format: table or json.")
  var format: ReportFormat = .table

  @Option(name: .long, help: "Jacobian: exact (implicit-function sensitivities; the default) or differences (GSL forward differences, for comparison).")
  var jacobian: JacobianChoice = .exact

  enum JacobianChoice: String, ExpressibleByArgument, CaseIterable { case exact, differences }

  enum ResidualChoice: String, ExpressibleByArgument, CaseIterable { case auto, log, linear }
  enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

  func run() throws {
    let (model, ranges) = try ConditionOptions.overriding(try MaterialArgument.load(material), with: conditions.overrides)
    if let range = ranges.first, case .parameter(let p) = range.coordinate {
      throw InputError("--set \(model.describe(p)): fit takes one value per --set, not a range or list")
    }
    guard !data.isEmpty else { throw InputError("--data: give the measured data (a CSV file, or - for stdin)") }
    if outputMaterialDataSet != nil && outputMaterial == nil {
      throw InputError("--output-material-data-set chooses whose values --output-material writes: give --output-material FILE.yaml too")
    }
    let specs = try data.map(DataSpec.init)
    if specs.filter({ $0.path == "-" }).count > 1 { throw InputError("--data: stdin (-) can be read only once") }
    let parameters: [DefectModel.Parameter], scopes: [Int?], starts: [Double], constants: [String: Double]
    do {
      (parameters, scopes, starts) = try FitRequest.parameters(fits, model: model, dataSets: specs.count)
      constants = try FitRequest.constants(temperature: conditions.temperature,
                                           pressures: [("pO2", conditions.pO2), ("pH2O", conditions.pH2O), ("pH2", conditions.pH2)])
    } catch { throw InputError(error.description) }
    var sets: [MeasuredData] = []
    var dataSets: [ParameterFit.DataSet] = []
    var scales: [ParameterFit.ResidualScale] = []
    for (spec, history) in zip(specs, try DataSpec.histories(specs, for: model, command: annealing)) {
      let measured = try FitData.read(spec.path, model: model, observable: spec.observable ?? observable,
                                      uncertainty: spec.uncertainty ?? uncertainty, constants: constants.merging(spec.constants) { $1 })
      let choice = spec.residuals ?? residuals
      let scale: ParameterFit.ResidualScale = switch choice {
      case .log: .log
      case .linear: .linear
      case .auto: measured.values.allSatisfy { $0.value > 0 } ? .log : .linear
      }
      sets.append(measured)
      scales.append(scale)
      dataSets.append(ParameterFit.DataSet(label: measured.source, observable: measured.observable, data: measured.values,
                                           scale: scale, units: spec.units ?? units, history: history))
    }
    var span: [String: ClosedRange<Double>] = [:]
    func widen(_ key: String, _ v: Double) { span[key] = span[key].map { min($0.lowerBound, v)...max($0.upperBound, v) } ?? v...v }
    for m in sets.flatMap(\.values) {
      widen("T_K", m.conditions.temperature)
      for (name, p) in m.conditions.pressures { widen("\(name)_atm", p) }
    }
    ConditionOptions.warnOutsideValidity(model, span: span)
    var problem: ParameterFit
    do {
      problem = try ParameterFit(model: model, parameters: parameters, scopes: scopes, dataSets: dataSets)
    } catch { throw InputError("\(sets.count == 1 ? sets[0].source + ": " : "")\(error.description)") }
    if let history = try annealing.history(for: model) {
      do { Warnings.add("brouwer: start: " + AnnealOptions.describe(try history.quench(model), model: model)) } catch {
        throw InputError(error.description)
      }
    }
    guard level > 0 && level < 1 else { throw InputError("--level: a confidence level between 0 and 1 (e.g. 0.95), got \(level)") }
    var profiled: [Int] = []
    if let profile {
      let names = parameters.indices.map(problem.name(of:))
      for item in try ListOption.items(profile, option: "--profile", example: "reduction.dH", noun: "name", unique: true) {
        guard let j = names.firstIndex(of: item) else {
          throw InputError("--profile: \(MessageText.quoted(item)) is not fitted (fitted: \(names.joined(separator: ", ")))")
        }
        profiled.append(j)
      }
    }
    let result: ParameterFit.Result
    do { result = try problem.run(starts: starts, exactJacobian: jacobian == .exact) } catch {
      // a fit that runs into unsolvable states is a failure of this fit, not bad input
      note("brouwer: the fit failed: \(sets.count == 1 ? sets[0].source + ": " : "")\(error.description)")
      throw ExitStatus(code: 1)
    }
    if let output {
      if sets.count == 1 { try writeTable(result, sets[0], to: output, scale: scales[0]) } else { try writeJointTable(result, sets, to: output, scales: scales) }
    }
    if let plot { try FitPlot.write(to: plot, problem: problem, result: result, sets: sets, level: level) }
    let measured = sets[0], scale = scales[0]
    let units = parameters.map(\.unit)
    let fileUnits = parameters.map { model.declaredUnit(of: $0) }
    var profileLines: [String] = []
    var profileJSON: [String] = []
    for j in profiled where result.verdict == .ok {
      let interval: ParameterFit.ProfileInterval
      do { interval = try problem.profile(j, of: result, level: level) } catch {
        note("brouwer: --profile \(result.names[j]): \(error.description)")
        continue
      }
      let inFile = { (v: Double?) -> Double? in v.map { v in fileUnits[j].flatMap { model.value(v, of: parameters[j], in: $0) } ?? v } }
      let unit = fileUnits[j] ?? units[j]
      let end = { (v: Double?) in inFile(v).map(self.short) ?? "open" }
      let pct = String(format: "%.3g", 100 * level)
      profileLines.append("profile \(result.names[j]) (\(pct) %): \(end(interval.lower)) … \(end(interval.upper)) \(unit); Wald \(end(interval.waldLower)) … \(end(interval.waldUpper)); ends differ by \(interval.discrepancy.isFinite ? String(format: "%.3g", 100 * interval.discrepancy) + " %" : "an open end") of the Wald half-width")
      profileJSON.append("{\"name\": \(JSONText.string(result.names[j])), \"level\": \(JSONText.number(level)), \"lower\": \(JSONText.number(inFile(interval.lower))), \"upper\": \(JSONText.number(inFile(interval.upper))), \"wald_lower\": \(JSONText.number(inFile(interval.waldLower))), \"wald_upper\": \(JSONText.number(inFile(interval.waldUpper))), \"unit\": \(JSONText.string(unit)), \"discrepancy\": \(JSONText.number(interval.discrepancy))}")
      if !(interval.discrepancy <= ParameterFit.profileDiscrepancyLimit) {
        Warnings.add("brouwer: warning: the linearised interval of \(result.names[j]) is unreliable (its ends differ from the profile's by \(interval.discrepancy.isFinite ? String(format: "%.0f", 100 * interval.discrepancy) + " %" : "an open end") of its half-width): quote the profile interval")
      }
    }
    if !profiled.isEmpty && result.verdict != .ok { note("brouwer: --profile: no intervals, the fit is not usable (see below)") }
    switch format {
    case .table:
      print(report(result, sets, scales: scales, units: units, fileUnits: fileUnits, parameters: parameters, model: model, scale: scale))
      for line in profileLines { print(line) }
    case .json:
      let text = json(result, measured, units: units, fileUnits: fileUnits, parameters: parameters, model: model, scale: scale)
      print(profileJSON.isEmpty ? text : String(text.dropLast()) + ", \"profiles\": [\(profileJSON.joined(separator: ", "))]}")
    }
    let states = problem.stateSpan(of: result)
    ConditionOptions.warnOutsideStateBounds(states.bounds, span: states.span, context: "with the fitted values, ")
    for warning in FitWarnings.warnings(result, parameters: parameters, model: model,
                                                 observable: sets.map(\.observable).first { $0.hasPrefix("sigma_") || $0.hasPrefix("t_") || $0.hasPrefix("Dchem") } ?? measured.observable) {
      Warnings.add("brouwer: warning: " + warning)
    }
    for diagnostic in result.diagnostics {
      switch diagnostic {
      case .chiSquaredHigh, .chiSquaredLow: Warnings.add("brouwer: warning: " + diagnostic.description)
      case .atBound, .notIdentifiable: note("brouwer: " + diagnostic.description)
      }
    }
    if !result.converged && result.verdict == .notConverged {
      note("brouwer: the fit did not converge (\(result.reason)); the values above are the last iterate")
    }
    if let outputMaterial {
      if result.verdict == .ok {
        try FitMaterialOutput.write(result, problem: problem, sets: sets, scales: scales, dataSet: outputMaterialDataSet, to: outputMaterial)
      } else {
        note("brouwer: --output-material: \(outputMaterial) not written: the fit is not usable")
      }
    }
    // 0 fine (χ²/dof warnings included: the errors are scaled), 1 failed or no convergence,
    // 3 not identifiable, 4 a parameter at the edge of its range
    switch result.verdict {
    case .ok: break
    case .notConverged: throw ExitStatus(code: 1)
    case .notIdentifiable: throw ExitStatus(code: 3)
    case .atBound: throw ExitStatus(code: 4)
    }
  }

  private func short(_ x: Double) -> String { x.isFinite ? String(format: "%.6g", x) : "—" }

  private func report(_ r: ParameterFit.Result, _ sets: [FitData], scales: [ParameterFit.ResidualScale], units: [String], fileUnits: [String?],
                      parameters: [DefectModel.Parameter], model: DefectModel, scale: ParameterFit.ResidualScale) -> String {
    var lines: [String] = []
    let d = sets[0]
    func weighting(_ d: FitData, _ scale: ParameterFit.ResidualScale) -> String {
      r.weighted
        ? "weighted by \(d.uncertaintyColumn ?? "uncertainties") (absolute, in the unit of \(d.observable)\(scale == .log ? "; relative u/value for log residuals" : ""))"
        : "unweighted"
    }
    if sets.count == 1 {
      lines.append("brouwer fit: \(model.name), \(r.fitted.count) values of \(d.observable) from \(d.source) (\(scale.rawValue) residuals, \(weighting(d, scale)))")
    } else {
      lines.append("brouwer fit: \(model.name), joint fit of \(sets.count) data sets, \(r.fitted.count) values")
      for (k, (set, sc)) in zip(sets, scales).enumerated() {
        let range = k < r.ranges.count ? r.ranges[k] : 0..<0
        let plain = range.map { i in sc == .log ? log(r.fitted[i] / set.values[i - range.lowerBound].value) : r.fitted[i] - set.values[i - range.lowerBound].value }
        let rms = plain.isEmpty ? Double.nan : (plain.reduce(0) { $0 + $1 * $1 } / Double(plain.count)).squareRoot()
        let chi2 = range.reduce(0.0) { $0 + r.residuals[$1] * r.residuals[$1] }
        lines.append("  data set \(k + 1): \(set.values.count) values of \(set.observable) from \(set.source) (\(sc.rawValue) residuals, \(weighting(set, sc))); rms \(short(rms)), chi² \(short(chi2))")
      }
    }
    var table = [["parameter", "start", "fitted", "std. error", "unit"]]
    for j in r.names.indices {
      // dH, dS in the unit the material file uses (the engine's eV and k_B otherwise)
      let inFile = { (v: Double) in fileUnits[j].flatMap { model.value(v, of: parameters[j], in: $0) } ?? v }
      let error = r.boundHits.contains { $0.parameter == j } ? "at its bound"
        : r.undetermined[j] ? "undetermined" : short(inFile(r.standardErrors[j]))
      table.append([r.names[j], short(inFile(r.starts[j])), short(inFile(r.values[j])), error, fileUnits[j] ?? units[j]])
    }
    let widths = (0..<5).map { c in table.map { $0[c].count }.max()! }
    for row in table {
      lines.append(row.enumerated().map { c, v in v.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
        .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
    }
    let rmsUnit = sets.count > 1 ? " (all data sets, each in its own residual unit)" : scale == .log ? " (ln units; ≈ \(String(format: "%.3g", 100 * (exp(r.rms) - 1))) %)" : " (\(d.observable))"
    lines.append("rms residual \(short(r.rms))\(rmsUnit); chi² \(short(r.chiSquared)) on \(r.degreesOfFreedom) degrees of freedom, chi²/dof \(short(r.reducedChiSquared))"
      + (r.chiSquaredProbability.map { " (probability \(String(format: "%.3g", $0)))" } ?? ""))
    switch r.covarianceScaling {
    case .statedUncertainties: lines.append("standard errors: from the stated uncertainties (covariance not scaled)")
    case .residualScatter(let f): lines.append("standard errors: no uncertainties given, covariance scaled by the residual scatter chi²/dof = \(short(f))")
    case .inflated(let f): lines.append("standard errors: INFLATED by √(chi²/dof) = \(short(f.squareRoot())) because the stated uncertainties do not explain the scatter")
    }
    if r.names.count > 1 {
      let p = r.names.count
      var pairs: [String] = []
      for i in 0..<p {
        for j in (i + 1)..<p {
          let c = r.correlation[i * p + j]
          pairs.append("\(r.names[i])–\(r.names[j]) \(c.isFinite ? String(format: "%.3f", c) : "—")")
        }
      }
      lines.append("correlation: " + pairs.joined(separator: ", "))
    }
    lines.append((r.converged ? "converged" : "NOT converged") + " after \(r.iterations) iterations (\(r.reason)), \(r.evaluations) evaluations of \(r.fitted.count) equilibria"
      + (r.jacobianEvaluations > 0 ? ", \(r.jacobianEvaluations) exact Jacobians" : ", Jacobian by finite differences")
      + (r.rejectedSteps > 0 ? "; \(r.rejectedSteps) trial points could not be solved and were rejected" : ""))
    // in the file's unit where it has one (--set reads "-64.19kJ/mol" as well as eV)
    func setting(_ j: Int) -> String {
      let value = fileUnits[j].flatMap { unit in model.value(r.values[j], of: parameters[j], in: unit).map { CSVLayout.number($0) + unit } }
      return "--set \"\(model.describe(parameters[j]))=\(value ?? CSVLayout.number(r.values[j]))\""
    }
    // shared parameters on one line; a parameter fitted per data set gets a line for its data set
    let shared = r.names.indices.filter { r.names[$0] == model.describe(parameters[$0]) }
    if !shared.isEmpty { lines.append("reuse: " + shared.map(setting).joined(separator: " ")) }
    for k in 0..<sets.count where sets.count > 1 {
      let own = r.names.indices.filter { r.names[$0].hasSuffix("@\(k + 1)") }
      if !own.isEmpty { lines.append("reuse for data set \(k + 1): " + (shared + own).map(setting).joined(separator: " ")) }
    }
    return lines.joined(separator: "\n")
  }

  private func json(_ r: ParameterFit.Result, _ d: FitData, units: [String], fileUnits: [String?],
                    parameters: [DefectModel.Parameter], model: DefectModel, scale: ParameterFit.ResidualScale) -> String {
    let (num, str) = (JSONText.number, JSONText.string)
    let file = model.name
    let params = r.names.indices.map { j in
      var inFile = ""
      if let unit = fileUnits[j] {
        inFile = ", \"file_unit\": \(str(unit)), \"file_value\": \(num(model.value(r.values[j], of: parameters[j], in: unit))), "
          + "\"file_standard_error\": \(num(model.value(r.standardErrors[j], of: parameters[j], in: unit)))"
      }
      return "{\"name\": \(str(r.names[j])), \"unit\": \(str(units[j])), \"start\": \(num(r.starts[j])), \"value\": \(num(r.values[j])), \"standard_error\": \(num(r.standardErrors[j])), \"determined\": \(!r.undetermined[j])\(inFile)}"
    }
    return "{\"material\": \(str(file)), \"data\": \(str(d.source)), \"observable\": \(str(d.observable)), "
      + "\"residuals\": \(str(scale.rawValue)), \"weighted\": \(r.weighted), \"points\": \(r.fitted.count), "
      + "\"parameters\": [\(params.joined(separator: ", "))], \"rms\": \(num(r.rms)), \"chi_squared\": \(num(r.chiSquared)), "
      + "\"degrees_of_freedom\": \(r.degreesOfFreedom), \"reduced_chi_squared\": \(num(r.reducedChiSquared)), "
      + "\"chi_squared_probability\": \(num(r.chiSquaredProbability)), \"covariance_scaling\": \(str(r.covarianceScaling.name)), "
      + "\"covariance_factor\": \(num(r.covarianceScaling.factor)), \"correlation\": [\(r.correlation.map(num).joined(separator: ", "))], "
      + "\"warnings\": [\(r.diagnostics.map { str($0.description) }.joined(separator: ", "))], \"verdict\": \(str(r.verdict.name)), "
      + "\"iterations\": \(r.iterations), \"converged\": \(r.converged), "
      + "\"reason\": \(str(r.reason))}"
  }

  /// One long table for a joint fit: data set, observable, conditions (every pressure any set has), measured, fitted, residual.
  private func writeJointTable(_ r: ParameterFit.Result, _ sets: [FitData], to path: String, scales: [ParameterFit.ResidualScale]) throws {
    var pressures: [String] = []
    for set in sets { for m in set.values { for name in m.conditions.pressures.keys.sorted() where !pressures.contains(name) { pressures.append(name) } } }
    try OutputSink.deliver(to: path) { sink in
      var text = (["data_set", "observable", "T_K"] + pressures.map { "\($0)_atm" } + ["measured", "fitted", "residual_kind", "residual"])
        .map(CSVLayout.quote).joined(separator: ",") + "\n"
      var i = 0
      for (k, (set, scale)) in zip(sets, scales).enumerated() {
        for m in set.values {
          let fitted = r.fitted[i]
          i += 1
          var fields = [String(k + 1), CSVLayout.quote(set.observable), CSVLayout.number(m.conditions.temperature)]
          fields += pressures.map { m.conditions.pressures[$0].map(CSVLayout.number) ?? "" }
          let residual = scale == .log ? log(fitted / m.value) : fitted - m.value
          fields += [CSVLayout.number(m.value), CSVLayout.number(fitted), scale.rawValue, CSVLayout.number(residual)]
          text += fields.joined(separator: ",") + "\n"
        }
      }
      try sink.write(text)
    }
  }

  private func writeTable(_ r: ParameterFit.Result, _ d: FitData, to path: String, scale: ParameterFit.ResidualScale) throws {
    try OutputSink.deliver(to: path) { sink in
      var text = (d.conditionColumns + ["\(d.observable)_measured", "\(d.observable)_fitted", "residual_\(scale.rawValue)"])
        .map(CSVLayout.quote).joined(separator: ",") + "\n"
      for (m, fitted) in zip(d.values, r.fitted) {
        var fields = [CSVLayout.number(m.conditions.temperature)]
        for column in d.conditionColumns.dropFirst() {
          fields.append(CSVLayout.number(m.conditions.pressures[String(column.dropLast(4))] ?? .nan))
        }
        let residual = scale == .log ? log(fitted / m.value) : fitted - m.value
        fields += [CSVLayout.number(m.value), CSVLayout.number(fitted), CSVLayout.number(residual)]
        text += fields.joined(separator: ",") + "\n"
      }
      try sink.write(text)
    }
  }
}

extension ParameterFit.ResidualScale: ExpressibleByArgument {}
