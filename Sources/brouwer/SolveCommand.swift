import ArgumentParser
import DefectChemistry
import Foundation

/// `brouwer solve MATERIAL --T … --pO2 …` — one equilibrium state, as a table, CSV or JSON.
struct Solve: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Solve one state and print it (table, csv or json).",
    discussion: "Example: brouwer solve gdc10 --T 800C --pO2 1e-20")

  enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

  @Argument(help: "A built-in material, a YAML file, or - for stdin.")
  var material: String

  @OptionGroup var conditions: ConditionOptions
  @OptionGroup var table: TableOptions
  @OptionGroup var annealing: AnnealOptions

  @Option(name: .long, help: "Output format: table, csv, json.")
  var format: Format = .table

  func run() throws {
    let (equilibriumModel, grid) = try conditions.grid(for: try MaterialArgument.load(material))
    guard grid.count == 1 else {
      throw InputError("solve takes one value per condition; use 'brouwer sweep' for ranges and lists")
    }
    let (model, quench) = try annealing.apply(to: equilibriumModel, quiet: format != .csv)
    let layout = try table.layout(model: model, grid: grid)
    var temperature = 0.0
    var pressures: [String: Double] = [:]
    for axis in grid.axes {
      switch axis.coordinate {
      case .temperature: temperature = axis.values[0]
      case .pressure(let name): pressures[name] = axis.values[0]
      case .parameter: break
      }
    }
    let solver = EquilibriumSolver(model: model)
    let state: EquilibriumState
    do { state = try solver.solve(Conditions(temperature: temperature, pressures: pressures)) } catch {
      throw InputError(error.description)
    }
    let slopes = state.converged ? solver.sensitivities() : nil
    if state.converged {
      var span: [String: ClosedRange<Double>] = [:]
      layout.stateValidity.record(temperature: temperature, concentrations: state.concentrations, into: &span)
      ConditionOptions.warnOutsideStateBounds(layout.stateValidity, span: span)
    }
    switch format {
    case .csv:
      var row = ""
      layout.appendRow(to: &row, axisValues: grid.axes.map { $0.values[0] }, temperature: temperature,
                       concentrations: state.concentrations, slopes: slopes, converged: state.converged, residual: state.residual)
      print(table.headerLine(layout) + table.tagged(row), terminator: "")
    case .json:
      print(StateReport(model: model, state: state, layout: layout, units: table.units, slopes: slopes, quench: quench).jsonText)
    case .table:
      print(humanTable(model, state, layout, slopes, quench))
    }
    if !state.converged {
      note("brouwer: the solver did not converge (residual \(state.residual)); no values are reported")
      throw ExitStatus(code: 1)
    }
  }

  private func humanTable(_ model: DefectModel, _ s: EquilibriumState, _ layout: CSVLayout,
                          _ slopes: Sensitivities?, _ quench: AnnealQuench.Outcome?) -> String {
    let conditions = (["T = \(CSVLayout.number(s.conditions.temperature)) K"]
      + model.pressureNames.map { "\($0) = \(CSVLayout.number(s.conditions.pressures[$0]!)) atm" }).joined(separator: ", ")
    var lines = ["\(model.name)\(model.formula.isEmpty ? "" : " (\(model.formula))") at \(conditions)"]
    if let quench { lines.append(AnnealOptions.describe(quench, model: model)) }
    guard s.converged else { return (lines + ["did not converge (residual \(s.residual))"]).joined(separator: "\n") }
    let unit = table.units.rawValue
    var rows = [["species", "c (\(unit))", "site fraction"] + model.pressureNames.map { "dln c/dln \($0)" }]
    for (i, sp) in model.species.enumerated() {
      let site = sp.siteIndices.first.map { s.concentrations[i] / model.sublattices[$0].sites }
      var row = [sp.name, format(s.concentrations[i] * layout.unitFactors[i]), site.map(format) ?? "—"]
      for p in model.pressureNames { row.append(slopes?.withRespectTo[p].map { format($0[i]) } ?? "—") }
      rows.append(row)
    }
    let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max()! }
    for row in rows {
      lines.append(row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
        .joined(separator: "  "))
    }
    var point = CSVLayout.Point(temperature: s.conditions.temperature, concentrations: s.concentrations, slopes: slopes)
    for (header, column) in zip(layout.headers, layout.columns) {
      switch column {
      case .axis, .species, .slope, .converged, .residual: continue
      default: if let v = layout.value(column, of: &point) { lines.append("\(header) = \(format(v))") }
      }
    }
    lines.append("converged: max residual \(String(format: "%.1e", s.residual))")
    return lines.joined(separator: "\n")
  }

  private func format(_ x: Double) -> String {
    x == 0 ? "0" : String(format: "%.6g", x)
  }

}
