import ArgumentParser
import DefectChemistry

/// Conditions and parameter overrides shared by `sweep` and `solve`.
struct ConditionOptions: ParsableArguments {
  @Option(name: .customLong("T"), help: "Temperature(s): 1073, 800C, 600:1400:9 (linear), or a list 900C,1000C.")
  var temperature: String?

  @Option(name: .customLong("pO2"), help: "Oxygen partial pressure(s) in atm: 0.21, 1e-30:1:31 (log-spaced), or a list.")
  var pO2: String?

  @Option(name: .customLong("pH2O"), help: "Water partial pressure(s) in atm (proton conductors).")
  var pH2O: String?

  @Option(name: .customLong("pH2"), help: "Hydrogen partial pressure(s) in atm (models that exchange H2(g)).")
  var pH2: String?

  @Option(name: .customLong("set"), help: ArgumentHelp(
    "Override a fixed level, total or reaction parameter: \"Gd_Ce'=0.2\", reduction.dH=4.1eV; a range or list sweeps it.",
    valueName: "NAME=VALUE"))
  var overrides: [String] = []

  /// The model with single-valued `--set`s applied, and the grid (parameters, T, pressures; pO2 innermost).
  func grid(for base: DefectModel) throws -> (DefectModel, SweepGrid) {
    try Self.grid(for: base, temperature: temperature, pO2: pO2, pH2O: pH2O, pH2: pH2, overrides: overrides)
  }

  static func grid(for base: DefectModel, temperature: String?, pO2: String?, pH2O: String?, pH2: String?,
                   overrides: [String]) throws -> (DefectModel, SweepGrid) {
    var pressures: [String: String] = [:]
    for (name, text) in [("pO2", pO2), ("pH2O", pH2O), ("pH2", pH2)] { if let text { pressures[name] = text } }
    let request = ConditionRequest(temperature: temperature, pressures: pressures, overrides: overrides)
    let resolved: ConditionRequest.Resolved
    do { resolved = try request.resolve(for: base) } catch { throw InputError(error.description) }
    for w in resolved.warnings { Warnings.add("brouwer: warning: \(w)") }
    for n in resolved.notes { Warnings.add("brouwer: note: \(n)") }
    return (resolved.model, resolved.grid)
  }

  /// Says once on stderr (when the run ends without an error), per validity axis, that a run leaves the
  /// material's validity box; and the caveat of models that may have several solutions.
  static func warnOutsideValidity(_ model: DefectModel, span: [String: ClosedRange<Double>]) {
    for warning in model.validityWarnings(span: span) { Warnings.add("brouwer: warning: \(warning)") }
    if let caveat = model.severalSolutionsCaveat { Warnings.add("brouwer: note: \(caveat)") }
  }

  /// Says once on stderr, per state bound of the material (δ, a valence, … in `validity:`; the expansion law's
  /// range when lattice columns are shown), that the run's converged states leave it; `context` names a
  /// part of the run ("the --anneal state: ").
  static func warnOutsideStateBounds(_ bounds: StateValidity, span: [String: ClosedRange<Double>], context: String = "") {
    for warning in bounds.warnings(span: span) { Warnings.add("brouwer: warning: \(context)\(warning)") }
  }

  /// Solves `model` at `states` and says once per state bound of the material that they leave (`context`
  /// names where they are: "at the membrane faces, ").
  static func warnOutsideStateBounds(_ model: DefectModel, solvingAt states: [Conditions], context: String) {
    let bounds = StateValidity(model: model)
    var span: [String: ClosedRange<Double>] = [:]
    bounds.record(solving: model, at: states, into: &span)
    warnOutsideStateBounds(bounds, span: span, context: context)
  }

  /// Says once what a sweep's run found (``SweepRunner/Summary/warnings(layout:)``): state bounds its states
  /// leave, and columns without a value in some solved rows (those rows are `converged=false`).
  static func warnAfterRun(_ summary: SweepRunner.Summary, layout: CSVLayout) {
    for warning in summary.warnings(layout: layout) { Warnings.add("brouwer: warning: \(warning)") }
  }

  /// `base` with the single-valued `--set`s applied, and one parameter axis per `--set` range or list.
  static func overriding(_ base: DefectModel, with overrides: [String]) throws -> (DefectModel, [SweepGrid.Axis]) {
    do { return try base.applying(overrides: overrides) } catch { throw InputError(error.description) }
  }
}
