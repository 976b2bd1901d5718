import ArgumentParser
import BrouwerPlot
import DefectChemistry
import Foundation

/// `brouwer map MATERIAL --T a:b:n --pO2 a:b:n (--z COLUMN | --dominant)` — a defect map over two axes (SVG).
struct DefectMap: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "map",
    abstract: "Draw a column over two conditions as an SVG heat map with contours, or the dominant-defect map.",
    discussion: """
      Exactly two of --T, --pO2, --pH2O, --pH2, --set take ranges: the innermost (pO2 before pH2O before T, \
      T before a --set) is the horizontal axis. --z COLUMN colours by any sweep column (log colour scale when \
      the values are positive and span more than two decades) with labelled contour lines; --dominant \
      colours each point by its largest species and draws the regime boundaries where two species are equal. \
      --T-axis C shows a temperature axis in °C (ticks at round °C), 1000/T as an Arrhenius axis.
      Example: brouwer map gdc10 --T 500C:1000C:41 --pO2 1e-30:1:121 --dominant --output gdc10-map.svg
      """)

  @Argument(help: "A built-in material, a YAML file, or - for stdin.")
  var material: String

  @OptionGroup var conditions: ConditionOptions
  @OptionGroup var annealing: AnnealOptions
  @OptionGroup var bandOptions: BandOptions

  @Option(name: .long, help: "The column to colour by (e.g. Ce_Ce', t_ion, sigma_total_S_cm, delta).")
  var z: String?

  @Flag(name: .long, help: "Colour by the dominant (largest) species instead, with regime boundaries.")
  var dominant = false

  @Option(name: .long, help: "Species competing in --dominant (default: every species except the regular host occupants and fixed levels).")
  var species: String?

  @Option(name: .long, help: "Concentration unit: fu, site or cm3.")
  var units: CSVLayout.ConcentrationUnit = .fu

  @Option(name: .customLong("z-scale"), help: "Colour scale: log, linear or auto (log when positive and spanning > 2 decades).")
  var zScale: Plot.ScaleChoice = .auto

  @Option(name: .long, help: "Contour levels, comma-separated (default: the colour bar's ticks); 'none' for no contours.")
  var contours: String?

  @Option(name: .customLong("T-axis"), help: ArgumentHelp("The temperature axis in K, C (°C) or 1000/T (default K), as plot --x spells them.", valueName: "K|C|1000/T"))
  var temperatureAxis: String?

  @Option(name: .long, help: "Title (default: the material, its formula and what is mapped).")
  var title: String?

  @Option(name: .long, help: "Write the SVG to FILE (atomically) instead of stdout.")
  var output: String?

  func validate() throws {
    if dominant == (z != nil) { throw ValidationError("give either --z COLUMN or --dominant") }
    if species != nil && !dominant { throw ValidationError("--species chooses the competitors of --dominant") }
    if bandOptions.band != nil && dominant { throw ValidationError("--band maps the confidence band of --z COLUMN, not --dominant") }
  }

  /// The most contour lines one map draws (each is traced over the whole grid).
  static let maximumContours = 100

  func run() throws {
    // list options are checked before anything is solved
    let contourLevels: [Double]? = try contours.map { text in
      text.trimmingCharacters(in: .whitespaces) == "none" ? []
        : try ListOption.numbers(text, option: "--contours", example: "0.5,0.9 (or none)", unique: true, maximumCount: Self.maximumContours)
    }
    let tAxis = try temperatureAxis.map { try TemperatureAxis($0) } ?? .kelvin
    let speciesNames = try species.map { try ListOption.items($0, option: "--species", example: "\"V_O..,Ce_Ce'\"", noun: "species", unique: true) }
    let (equilibriumModel, grid) = try conditions.grid(for: try MaterialArgument.load(material))
    let (model, quench) = try annealing.apply(to: equilibriumModel, parameterAxes: grid)
    let varying = grid.axes.indices.filter { grid.axes[$0].values.count > 1 }
    guard varying.count == 2 else {
      throw InputError("map: exactly two conditions must take ranges (e.g. --T 500C:1000C:41 --pO2 1e-30:1:121); \(varying.count) \(varying.count == 1 ? "does" : "do")")
    }
    guard grid.count <= 1_000_000 else { throw InputError("map: \(grid.count) points is more than a map needs (at most 1000000)") }
    let (xa, ya) = (varying[1], varying[0])
    if let temperatureAxis, !varying.contains(where: { grid.axes[$0].isTemperature }) {
      throw InputError("--T-axis \(temperatureAxis): the temperature is not an axis of this map (give --T a range, e.g. --T 500C:1000C:41)")
    }
    let full: CSVLayout
    do { full = try CSVLayout(model: model, grid: grid, units: units) } catch { throw InputError(error.description) }
    // only the mapped columns are computed, so that a column nobody asked for (Θ after a quench) cannot make a
    // row invalid
    let wanted = try wantedColumns(model, full, speciesNames).map { full.headers[$0] }
    let layout: CSVLayout
    do { layout = try CSVLayout(model: model, grid: grid, units: units, selection: wanted + ["converged"]) }
    catch { throw InputError(error.description) }
    let columns = Array(wanted.indices)
    let runner: SweepRunner
    do { runner = try SweepRunner(model: model, grid: grid, layout: layout) } catch { throw InputError(error.description) }
    let table = runner.table()
    let summary = table.summary
    ConditionOptions.warnAfterRun(summary, layout: layout)
    // nodes sorted ascending along each axis, in the unit drawn (T in K, °C or as 1000/T)
    let drawn = { (a: Int) in grid.axes[a].values.map { grid.axes[a].isTemperature ? tAxis.coordinate($0) : $0 } }
    let (xDrawn, yDrawn) = (drawn(xa), drawn(ya))
    let xOrder = xDrawn.indices.sorted { xDrawn[$0] < xDrawn[$1] }
    let yOrder = yDrawn.indices.sorted { yDrawn[$0] < yDrawn[$1] }
    let (nx, ny) = (xOrder.count, yOrder.count)
    var xRank = [Int](repeating: 0, count: nx), yRank = [Int](repeating: 0, count: ny)
    for (r, i) in xOrder.enumerated() { xRank[i] = r }
    for (r, j) in yOrder.enumerated() { yRank[j] = r }
    var fields = [[Double?]](repeating: [Double?](repeating: nil, count: nx * ny), count: columns.count)
    for k in 0..<table.rowCount where table.converged(k) {
      let at = grid.indices(of: table.firstPoint + k)
      let node = yRank[at[ya]] * nx + xRank[at[xa]]
      for (c, column) in columns.enumerated() { fields[c][node] = table.value(k, column) }
    }
    // --band: the band's half-width instead of the value (relative, in %, for bands formed in ln value)
    var bandWhat: (level: Double, relative: Bool)?
    if let level = try bandOptions.level(for: equilibriumModel, grid: grid) {
      let history = try annealing.history(for: equilibriumModel)
      let bands = try BandOptions.bands(of: table, grid: grid, model: history == nil ? model : equilibriumModel, level: level,
                                        units: units, history: history)
      guard let b = bands.columns.firstIndex(of: columns[0]) else {
        throw InputError("--band: \(layout.headers[columns[0]]) has no band (coordinates, flags, slopes, Θ, D̃ and E_a have none)")
      }
      let relative = SweepBands.isLogarithmic(layout.columns[columns[0]])
      fields[0] = fields[0].map { _ in nil }
      for k in 0..<table.rowCount {
        guard let v = table.value(k, columns[0]), bands.upper[b][k].isFinite else { continue }
        let at = grid.indices(of: table.firstPoint + k)
        fields[0][yRank[at[ya]] * nx + xRank[at[xa]]] = relative ? 100 * (bands.upper[b][k] / v - 1) : bands.upper[b][k] - v
      }
      bandWhat = (level, relative)
    }
    let xValues = xOrder.map { xDrawn[$0] }, yValues = yOrder.map { yDrawn[$0] }
    let xKind: PlotScale.Kind = grid.axes[xa].isPressure ? .log : .linear
    let yKind: PlotScale.Kind = grid.axes[ya].isPressure ? .log : .linear
    guard let xs = PlotScale(xKind, lower: xValues.first!, upper: xValues.last!),
          let ys = PlotScale(yKind, lower: yValues.first!, upper: yValues.last!) else {
      throw InputError("map: an axis needs at least two distinct values")
    }
    let field: HeatMap.Field
    let what: String
    if dominant {
      let names = columns.map { layout.headers[$0] }
      let scores = fields.map { $0.map { v in v.flatMap { $0 > 0 ? log($0) : nil } } }
      field = .dominant(scores: scores, names: names, labels: names.map { name in
        (try? KrogerVinkLabel(parsing: name)).map(PlotSpecification.krogerVink) ?? LineChart.RichText(stringLiteral: name)
      })
      what = "dominant defect"
    } else {
      let values = fields[0]
      let usable = values.compactMap { $0 }.filter(\.isFinite)
      guard !usable.isEmpty else {
        note("brouwer: no point converged with a value of \(z!); there is nothing to map")
        throw ExitStatus(code: 1)
      }
      let positive = usable.allSatisfy { $0 > 0 }
      let kind: PlotScale.Kind = zScale.kind ?? (positive && usable.max()! / usable.min()! > 100 ? .log : .linear)
      guard kind == .linear || positive, let scale = PlotScale.covering(usable, kind: kind, air: false) else {
        throw InputError("--z-scale log: \(z!) has values ≤ 0")
      }
      if kind == .log, let level = contourLevels?.first(where: { $0 <= 0 }) {
        throw InputError("--contours: \(String(format: "%g", level)) is out of range on the log colour scale of \(z!) (levels > 0 only; or --z-scale linear)")
      }
      let header = layout.headers[columns[0]]
      var label = PlotSpecification.label(header)
      if let kv = try? KrogerVinkLabel(parsing: header) {  // a concentration: [X] and its unit
        let unit = switch units { case .fu: "per formula unit"; case .site: "site fraction"; case .cm3: "cm⁻³" }
        label = LineChart.RichText([.init("[")] + PlotSpecification.krogerVink(kv).runs + [.init("], \(unit)")])
      }
      what = layout.headers[columns[0]]
      if let bandWhat {
        let kv = try? KrogerVinkLabel(parsing: header)
        let name = kv.map { LineChart.RichText([.init("[")] + PlotSpecification.krogerVink($0).runs + [.init("]")]) } ?? PlotSpecification.label(header)
        let level = String(format: "%.4g", 100 * bandWhat.level)
        label = LineChart.RichText([.init("\(level) % band half-width of ")] + name.runs + [.init(bandWhat.relative ? ", %" : "")])
        field = .continuous(values: values, scale: scale, label: label)
      } else {
        field = .continuous(values: values, scale: scale, label: label)
      }
    }
    var map = HeatMap(title: title.map { LineChart.RichText(stringLiteral: $0) }
                        ?? LineChart.RichText(stringLiteral: "\(model.name) — \(model.formula)"),
                      subtitle: subtitle(bandWhat.map { "\(String(format: "%.4g", 100 * $0.level)) % band of \(what) (from the fit: block)" } ?? what,
                                         grid: grid, varying: varying, quench: quench),
                      xLabel: PlotSpecification.label(axisColumn(grid.axes[xa], model, tAxis)),
                      yLabel: PlotSpecification.label(axisColumn(grid.axes[ya], model, tAxis)),
                      xValues: xValues, yValues: yValues, x: xs, y: ys, field: field)
    if let contourLevels { map.contourLevels = contourLevels }
    try OutputSink.deliver(to: output) { try $0.write(map.svg()) }
    if summary.invalid > 0 {
      var parts: [String] = []
      if summary.unconverged > 0 { parts.append("\(summary.unconverged) of \(summary.points) points did not converge") }
      if summary.unrepresentable > 0 { parts.append("\(summary.unrepresentable) of \(summary.points) points have no value of \(what)") }
      note("brouwer: \(parts.joined(separator: " and ")) (grey cells)")
      throw ExitStatus(code: 1)
    }
  }

  /// Layout indices of the column(s) to read: --z, or the competing species.
  private func wantedColumns(_ model: DefectModel, _ layout: CSVLayout, _ species: [String]?) throws -> [Int] {
    if let z {
      let name = CarrierAliases.resolve(z, in: model)
      guard let k = CSVLayout.index(ofColumn: name, in: layout.headers),
            !["converged", "residual"].contains(layout.headers[k]) else {
        throw InputError("--z: no column '\(z)' (available: \(layout.headers.joined(separator: ", ")))")
      }
      return [k]
    }
    let names: [String]
    if let species {
      names = species.map { CarrierAliases.resolve($0, in: model) }
    } else {
      names = model.species.filter { $0.isFree && !$0.label.isRegular }.map(\.name)
    }
    guard names.count >= 2 else { throw InputError("--dominant needs at least two competing species") }
    let found = try names.map { name in
      guard let i = model.speciesIndex(name), let k = layout.headers.firstIndex(of: model.species[i].name) else {
        throw InputError("--species: \(model.name) has no species '\(name)' (species: \(model.species.map(\.name).joined(separator: ", ")))")
      }
      return k
    }
    // two spellings of one species (V_O.. and vacancies) would compete with themselves
    if let twice = ListOption.firstRepeated(found) {
      throw InputError("--species: \(layout.headers[twice]) is named twice (two spellings of the same species?)")
    }
    return found
  }

  private func axisColumn(_ axis: SweepGrid.Axis, _ model: DefectModel, _ temperature: TemperatureAxis) -> String {
    switch axis.coordinate {
    case .temperature: return temperature.column
    case .pressure(let name): return "\(name)_atm"
    case .parameter(let p): return "set_\(model.describe(p))_\(p.unit)"
    }
  }

  private func subtitle(_ what: String, grid: SweepGrid, varying: [Int], quench: AnnealQuench.Outcome?) -> String {
    var parts = [what]
    for (a, axis) in grid.axes.enumerated() where !varying.contains(a) {
      switch axis.coordinate {
      case .temperature: parts.append(PlotTable.describe("T_K", CSVLayout.number(axis.values[0])))
      case .pressure(let name): parts.append("\(name) = \(CSVLayout.number(axis.values[0])) atm")
      case .parameter: break
      }
    }
    if let quench { parts.append("quenched from \(CSVLayout.number(quench.annealState.conditions.temperature)) K") }
    return parts.joined(separator: ", ")
  }
}

extension SweepGrid.Axis {
  var isPressure: Bool { if case .pressure = coordinate { return true } else { return false } }
  var isTemperature: Bool { if case .temperature = coordinate { return true } else { return false } }
}
