import ArgumentParser
import BrouwerPlot
import DefectChemistry
import Foundation

/// `brouwer domain MATERIAL --T …` — electrolytic-domain boundaries (pO2 where t_ion = 0.5, 0.99, …)
/// and carrier crossings per temperature, as CSV or as the classic domain diagram (SVG).
struct Domain: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Find the pO2 of electrolytic-domain boundaries (t_ion levels) and carrier crossings per T (CSV or SVG).",
    discussion: """
      For each temperature the equilibrium is scanned along pO2 and every sign change of t_ion − LEVEL \
      (and of ln A − ln B for each --cross A,B) is refined by GSL's Brent root finder on ln pO2 to 1e-10 \
      in log10 pO2. side is n for a boundary where t_ion rises with pO2 (the reducing side), p where it \
      falls; for a crossing it names the larger quantity above it. --format svg draws log pO2 against \
      1000/T (the electrolytic domain diagram), or against T in °C with --T-axis C (ticks at round °C) or K.
      Example: brouwer domain gdc10 --T 500C:1000C:11 --cross "Ce_Ce',V_O.."
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case csv, svg }

  @Argument(help: "A built-in material, a YAML file, or - for stdin.")
  var material: String

  @Option(name: .customLong("T"), help: "Temperature(s): 1073, 800C, 500C:1000C:11, or a list.")
  var temperature: String

  @Option(name: .customLong("pO2"), help: "pO2 range scanned for crossings, lo:hi[:points] in atm (default 1e-45:1e5:501).")
  var pO2 = "1e-45:1e5:501"

  @Option(name: .customLong("pH2O"), help: "Water partial pressure in atm (models that exchange H2O(g)).")
  var pH2O: String?

  @Option(name: .long, help: "t_ion levels whose pO2 is wanted (comma-separated, each in (0, 1)); 'none' for crossings only.")
  var levels = "0.5,0.99"

  @Option(name: .customLong("cross"), help: ArgumentHelp("Two columns whose crossing is wanted, e.g. \"Ce_Ce',V_O..\" or sigma_V_O.._S_cm,sigma_h._S_cm; repeatable.", valueName: "A,B"))
  var crossings: [String] = []

  @Option(name: .customLong("set"), help: ArgumentHelp("Override a parameter (one value): \"Gd_Ce'=0.2\", reduction.dH=4.1eV.", valueName: "NAME=VALUE"))
  var overrides: [String] = []

  @OptionGroup var annealing: AnnealOptions

  @Option(name: .long, help: "csv (the boundaries) or svg (the domain diagram).")
  var format: Format = .csv

  @Option(name: .customLong("T-axis"), help: ArgumentHelp("The horizontal axis of --format svg: 1000/T (default), C (T in °C) or K, as plot --x spells them.", valueName: "1000/T|C|K"))
  var temperatureAxis: String?

  @Option(name: .long, help: "Write to FILE (atomically) instead of stdout.")
  var output: String?

  /// One requested boundary: what is zero on it, and how its rows are labelled.
  struct Boundary {
    var quantity: PressureCrossings.Quantity
    var name: String
    var sideIfRising: String
    var sideIfFalling: String
  }

  /// The most equilibrium solves one run plans (temperatures × boundaries × scan points): about a
  /// minute, and ten times a fine diagram (1000 temperatures × 10 boundaries × 1000 points = 10⁷).
  static let maximumSolves = 10_000_000

  func run() throws {
    let tAxis = try temperatureAxis.map { try TemperatureAxis($0) } ?? .inverse
    if let temperatureAxis, format != .svg {
      throw InputError("--T-axis \(temperatureAxis) chooses the axis of the diagram (--format svg); the CSV has T_K")
    }
    let levelList = try levelValues()
    let crossList = try crossingPairs()
    let (base, ranges) = try ConditionOptions.overriding(try MaterialArgument.load(material), with: overrides)
    if let range = ranges.first, case .parameter(let p) = range.coordinate {
      throw InputError("--set \(base.describe(p)): domain takes one value per --set, not a range or list")
    }
    let (model, _) = try annealing.apply(to: base)
    let (lo, hi, steps) = try scanRange()
    let finder: PressureCrossings
    do { finder = try PressureCrossings(model: model) } catch { throw InputError(error.description) }
    let boundaries = try requestedBoundaries(finder, levels: levelList, crossings: crossList)
    // refuse a grid that would run for many minutes before building its (possibly huge) axis
    if let count = AxisValues.count(temperature) {
      let (a, o1) = count.multipliedReportingOverflow(by: boundaries.count)
      let (solves, o2) = a.multipliedReportingOverflow(by: steps)
      if o1 || o2 || solves > Self.maximumSolves {
        throw InputError("domain: \(count) temperatures × \(boundaries.count) boundaries × \(steps) scan points\(o1 || o2 ? "" : " = \(solves) solves") is more than a domain diagram needs (at most \(Self.maximumSolves), e.g. 1000 temperatures × 10 boundaries × 1000 points); use fewer temperatures, levels or --pO2 scan points")
      }
    }
    let temperatures: [Double]
    do { temperatures = try AxisValues.parse(temperature, option: "--T", spacing: .linear, number: AxisValues.temperature) }
    catch { throw InputError("\(error.description) (expected a temperature > 0 K, e.g. 800C)") }
    var pressures: [String: Double] = [:]
    for name in model.pressureNames where name != "pO2" {
      guard name == "pH2O", let text = pH2O else { throw InputError("--\(name) is required: \(model.name) exchanges \(name.dropFirst())(g)") }
      guard let p = AxisValues.pressure(text) else { throw InputError("--pH2O: one pressure > 0 atm, got \"\(text)\"") }
      pressures[name] = p
    }
    // the temperatures and fixed pressures are the run's conditions; the pO2 scan is a search window, not data
    var span: [String: ClosedRange<Double>] = [:]
    if let tLo = temperatures.min(), let tHi = temperatures.max() { span["T_K"] = tLo...tHi }
    for (name, p) in pressures { span["\(name)_atm"] = p...p }
    ConditionOptions.warnOutsideValidity(model, span: span)

    // the states at the boundaries found, against the material's state bounds (δ, valences, …)
    let stateBounds = StateValidity(model: model)
    var stateSpan: [String: ClosedRange<Double>] = [:]
    var rows: [(T: Double, boundary: Int, side: String, log10p: Double)] = []
    for T in temperatures {
      for (b, boundary) in boundaries.enumerated() {
        let found: [PressureCrossings.Crossing]
        do {
          found = try finder.crossings(of: boundary.quantity, temperature: T, pressures: pressures,
                                       log10Range: lo...hi, steps: steps)
        } catch {
          note("brouwer: \(boundary.name) at T = \(CSVLayout.number(T)) K: \(error.description)")
          throw ExitStatus(code: 1)
        }
        if found.isEmpty {
          note("brouwer: no \(boundary.name) between \(String(format: "%g", pow(10, lo))) and \(String(format: "%g", pow(10, hi))) atm at T = \(CSVLayout.number(T)) K")
        }
        for c in found {
          rows.append((T, b, c.rising ? boundary.sideIfRising : boundary.sideIfFalling, c.log10pO2))
          if !stateBounds.isEmpty, let state = finder.concentrations(temperature: T, pressures: pressures, log10pO2: c.log10pO2) {
            stateBounds.record(temperature: T, concentrations: state, into: &stateSpan)
          }
        }
      }
    }
    ConditionOptions.warnOutsideStateBounds(stateBounds, span: stateSpan, context: "at the boundaries found, ")
    switch format {
    case .csv:
      var text = "T_K,boundary,side,log10_pO2_atm,pO2_atm\n"
      for r in rows {
        text += [CSVLayout.number(r.T), CSVLayout.quote(boundaries[r.boundary].name), CSVLayout.quote(r.side),
                 CSVLayout.number(r.log10p), CSVLayout.number(pow(10, r.log10p))].joined(separator: ",") + "\n"
      }
      try OutputSink.deliver(to: output) { try $0.write(text) }
    case .svg:
      let chart = try DomainDiagram(model: model, temperatures: temperatures, boundaries: boundaries.map(\.name), rows: rows,
                                    temperatureAxis: tAxis).chart()
      try OutputSink.deliver(to: output) { try $0.write(chart.svg()) }
    }
  }

  private func scanRange() throws -> (Double, Double, Int) {
    let parts = pO2.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
    guard parts.count == 2 || parts.count == 3, let a = AxisValues.pressure(parts[0]), let b = AxisValues.pressure(parts[1]), a < b else {
      throw InputError("--pO2: expected the scanned range lo:hi[:points] with 0 < lo < hi atm, got \"\(pO2)\"")
    }
    var steps = Int((log10(b) - log10(a)) * 10) + 1
    if parts.count == 3 {
      guard let n = Int(parts[2]), n >= 2, n <= 100_000 else { throw InputError("--pO2: the number of scan points must be 2…100000, got \"\(parts[2])\"") }
      steps = n
    }
    return (log10(a), log10(b), steps)
  }

  /// The --levels values with their typed text (none for `--levels none`).
  private func levelValues() throws -> [(value: Double, text: String)] {
    if levels.trimmingCharacters(in: .whitespaces) == "none" {
      if crossings.isEmpty { throw InputError("--levels none: nothing left to find; give --cross A,B or some levels") }
      return []
    }
    let example = "0.5,0.99 (or none)"
    let values = try ListOption.numbers(levels, option: "--levels", example: example, bounds: .openUnit, unique: true, maximumCount: 100)
    return zip(values, try ListOption.items(levels, option: "--levels", example: example)).map { ($0, $1) }
  }

  /// The --cross pairs as typed.
  private func crossingPairs() throws -> [(String, String)] {
    try crossings.map { try ListOption.pair($0, option: "--cross", example: "\"Ce_Ce',V_O..\"", noun: "column") }
  }

  private func requestedBoundaries(_ finder: PressureCrossings, levels: [(value: Double, text: String)],
                                   crossings: [(String, String)]) throws -> [Boundary] {
    var result: [Boundary] = []
    if !levels.isEmpty {
      guard let tion = finder.column(named: "t_ion") else {
        if crossings.isEmpty {
          throw InputError("\(finder.model.name) has no conductivities (mobilities and a density), so no t_ion: ask for --cross A,B instead")
        }
        return try crossingBoundaries(finder, crossings)
      }
      for level in levels {
        result.append(Boundary(quantity: .level(tion, level.value), name: "t_ion=\(level.text)", sideIfRising: "n", sideIfFalling: "p"))
      }
    }
    return result + (try crossingBoundaries(finder, crossings))
  }

  private func crossingBoundaries(_ finder: PressureCrossings, _ crossings: [(String, String)]) throws -> [Boundary] {
    var seen: [(CSVLayout.Column, CSVLayout.Column)] = []
    return try crossings.map { typed in
      // a carrier alias (electrons, holes, vacancies, protons) names the model's species
      let (ta, tb) = (CarrierAliases.resolve(typed.0, in: finder.model), CarrierAliases.resolve(typed.1, in: finder.model))
      guard let a = finder.column(named: ta), let b = finder.column(named: tb) else {
        let bad = finder.column(named: ta) == nil ? typed.0 : typed.1
        throw InputError("--cross: no column '\(bad)' (available: \(finder.catalog.table.map(\.0).filter { $0 != "converged" && $0 != "residual" }.joined(separator: ", ")))")
      }
      let (na, nb) = (finder.name(a), finder.name(b))
      guard a != b else {
        throw InputError("--cross: \(MessageText.quoted(typed.0)) and \(MessageText.quoted(typed.1)) are the same column (\(na)): a column never crosses itself; name two different columns")
      }
      guard !seen.contains(where: { ($0.0 == a && $0.1 == b) || ($0.0 == b && $0.1 == a) }) else {
        throw InputError("--cross: the crossing of \(na) and \(nb) is asked for twice")
      }
      seen.append((a, b))
      return Boundary(quantity: .ratio(a, b), name: "\(na)=\(nb)", sideIfRising: na, sideIfFalling: nb)
    }
  }
}
