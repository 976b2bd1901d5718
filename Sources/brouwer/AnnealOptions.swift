import ArgumentParser
import DefectChemistry

/// `--anneal T[,pO2[,pH2O]]` and `--frozen LABEL,…`, shared by `solve`, `sweep`, `plot` and `fit`.
struct AnnealOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp(
    "Anneal-and-quench: equilibrate at T (1273, 1000C), pO2 and pH2O (as the material needs), freeze the oxygen (and water) content, then re-equilibrate everything else — association, pairing, electronic carriers — at each measurement point.",
    valueName: "T[,pO2[,pH2O]]"))
  var anneal: String?

  @Option(name: .long, help: ArgumentHelp(
    "Freeze these species one by one at their annealed amounts instead of the contents (e.g. \"V_O..,(Gd_Ce V_O).\": the pairs keep their anneal-T amount).",
    valueName: "LABEL,…"))
  var frozen: String?

  /// The anneal history for `model`, or `nil` without `--anneal`.
  func history(for model: DefectModel) throws -> AnnealQuench? {
    guard let anneal else {
      if frozen != nil { throw InputError("--frozen needs --anneal T[,pO2[,pH2O]] (the conditions the species are frozen at)") }
      return nil
    }
    do { return try AnnealQuench(parsing: anneal, frozen: frozen, for: model) } catch { throw InputError(error.description) }
  }

  /// `model` quenched as `--anneal`/`--frozen` say (unchanged without `--anneal`), with a note on
  /// stderr saying what was frozen at what, unless `quiet`.
  /// A grid with `--set` ranges is refused: each swept value would need its own anneal.
  func apply(to model: DefectModel, parameterAxes grid: SweepGrid? = nil, quiet: Bool = false) throws -> (DefectModel, AnnealQuench.Outcome?) {
    guard let history = try history(for: model) else { return (model, nil) }
    if let grid, let axis = grid.axes.first, case .parameter(let p) = axis.coordinate {
      throw InputError("--anneal with a --set range or list (\(model.describe(p))) is not supported: each value needs its own anneal; run one command per value")
    }
    let outcome: AnnealQuench.Outcome
    do { outcome = try history.quench(model) } catch { throw InputError(error.description) }
    if !quiet { Warnings.add("brouwer: " + Self.describe(outcome, model: model)) }
    // the anneal is a state of the model too: say when it lies outside the material's validity box
    let c = outcome.annealState.conditions
    var span = ["T_K": c.temperature...c.temperature]
    for (name, p) in c.pressures { span["\(name)_atm"] = p...p }
    for warning in model.validityWarnings(span: span) { Warnings.add("brouwer: warning: the --anneal state: \(warning)") }
    let bounds = StateValidity(model: model)
    var stateSpan: [String: ClosedRange<Double>] = [:]
    bounds.record(temperature: c.temperature, concentrations: outcome.annealState.concentrations, into: &stateSpan)
    ConditionOptions.warnOutsideStateBounds(bounds, span: stateSpan, context: "the --anneal state: ")
    return (outcome.model, outcome)
  }

  /// What a quench did, as the library words it (``AnnealQuench/Outcome/summary(of:)``).
  static func describe(_ outcome: AnnealQuench.Outcome, model: DefectModel) -> String { outcome.summary(of: model) }
}
