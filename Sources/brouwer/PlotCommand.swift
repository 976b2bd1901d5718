import ArgumentParser
import BrouwerPlot
import DefectChemistry
import Foundation

/// `brouwer plot MATERIAL --T … --pO2 …` or `brouwer plot --csv FILE --y COLUMNS` — a Brouwer diagram
/// (or any column against a condition) as SVG.
struct Plot: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Draw a Brouwer diagram (or any columns against a condition) as SVG.",
    discussion: """
      Solves a sweep like 'brouwer sweep' (or reads a CSV it wrote, or any CSV, with --csv) and draws the \
      chosen columns against the varying condition: log–log for concentrations against pressure. Other \
      conditions with several values (e.g. --T 700C,800C) give one line per value. Points that did not \
      converge leave gaps and make the exit status 1.
      Measured data: --markers draws columns as points instead of lines (one marker shape per column, or \
      per value of another condition), with error bars from COLUMN_err or --errors COLUMN=ERRORS (absolute \
      uncertainties, drawn ±) or COLUMN=LOWER:UPPER (the ends of each bar); on a log axis a bar reaching \
      0 or below runs off the bottom edge.
      Example: brouwer plot gdc10 --T 800C --pO2 1e-30:1:121 --output gdc10.svg
      Data and model: brouwer plot --csv joined.csv --y model --markers measured --errors measured=measured_err
      Confidence bands: --band LEVEL for a material with a fit: block (brouwer fit --output-material) shades \
      each line's band; a --csv file's COLUMN_lower and COLUMN_upper (sweep --band) are shaded as they are.
      """)

  @Argument(help: "A built-in material, a YAML file, or - for stdin (omit with --csv).")
  var material: String?

  @OptionGroup var conditions: ConditionOptions
  @OptionGroup var annealing: AnnealOptions
  @OptionGroup var bandOptions: BandOptions

  @Option(name: .long, help: "Plot a CSV file (or - for stdin) instead of solving a material.")
  var csv: String?

  @Option(name: .long, help: "Column for the horizontal axis (default: the varying condition, pO2_atm first); 1000/T for an Arrhenius plot.")
  var x: String?

  @Option(name: .long, help: "Comma-separated columns to draw (default: every species except the regular host occupants).")
  var y: String?

  @Option(name: .long, help: "Concentration unit: fu (per formula unit), site (site fraction), cm3.")
  var units: CSVLayout.ConcentrationUnit = .fu

  @Option(name: .customLong("x-scale"), help: "log, linear or auto (log for pressures).")
  var xScale: ScaleChoice = .auto

  @Option(name: .customLong("y-scale"), help: "log, linear or auto (log if every value is positive).")
  var yScale: ScaleChoice = .auto

  @Option(name: .customLong("y-range"), help: "Vertical range lo:hi (default: the data, at most --decades decades on a log axis).")
  var yRange: String?

  @Option(name: .long, help: "Decades shown below the largest value on an automatic log axis.")
  var decades: Double = 16

  @Option(name: .long, help: "Title (default: the material and its formula, or the CSV file name).")
  var title: String?

  @Option(name: .long, help: "Write the SVG to FILE (atomically) instead of stdout.")
  var output: String?

  @Option(name: .long, help: ArgumentHelp(
    "Comma-separated columns to draw as markers (measured points, not joined) instead of lines; added to --y if not in it. A column COLUMN_err gives their error bars.",
    valueName: "COLUMN,…"))
  var markers: String?

  @Option(name: .long, help: ArgumentHelp(
    "Error bars of marker columns (--csv): COLUMN=ERRORS, absolute uncertainties drawn ±, or COLUMN=LOWER:UPPER, columns with the ends of each bar; comma-separated. The column is drawn as markers.",
    valueName: "COLUMN=ERRORS,…"))
  var errors: String?

  @Option(name: .customLong("group-by"), help: "Column(s) whose values get a line each (e.g. material, for concatenated tables).")
  var groupBy: String?

  @Flag(name: .customLong("no-slope-labels"), help: "Do not label Brouwer regimes (stretches whose exact slope is within 0.01 of a simple fraction such as −1/4).")
  var noSlopeLabels = false

  enum ScaleChoice: String, ExpressibleByArgument, CaseIterable { case auto, log, linear }

  func run() throws {
    let table: PlotTable
    switch (material, csv) {
    case (nil, nil): throw InputError("plot needs a MATERIAL (built-in, file or -) or --csv FILE")
    case (.some, .some): throw InputError("give either a MATERIAL or --csv, not both")
    case (.some(let material), nil):
      if errors != nil { throw InputError("--errors reads uncertainty columns of a --csv file; a solved MATERIAL has none (use --markers to draw its points)") }
      table = try solvedTable(material)
    case (nil, .some(let path)):
      if conditions.temperature != nil || conditions.pO2 != nil || conditions.pH2O != nil || conditions.pH2 != nil
        || !conditions.overrides.isEmpty || annealing.anneal != nil || annealing.frozen != nil
      {
        throw InputError("--csv plots a file as it is: --T, --pO2, --pH2O, --pH2, --set and --anneal apply to a MATERIAL only")
      }
      if bandOptions.band != nil {
        throw InputError("--band computes the bands of a MATERIAL with a fit: block; a --csv file's COLUMN_lower and COLUMN_upper columns are shaded as they are")
      }
      table = PlotTable(try CSVTable.read(path, option: "--csv"))
    }
    if table.unconverged == table.rows.count {
      note("brouwer: none of the \(table.rows.count) points converged; there is nothing to plot")
      throw ExitStatus(code: 1)
    }
    // generic carrier names (holes, electrons, vacancies, protons) resolved among the table's columns
    let y = try self.y.map { list in
      try ListOption.items(list, option: "--y", example: "V_O..,h.", noun: "column")
        .map { CarrierAliases.resolve($0, headers: table.header) }.joined(separator: ",")
    }
    let spec = try PlotSpecification(table: table, x: x, y: y, groupBy: groupBy, markers: markers, errors: errors)
    let chart = try spec.chart(xScale: xScale.kind, yScale: yScale.kind, yRange: yRange, decades: decades,
                               title: title.map { LineChart.RichText(stringLiteral: $0) } ?? table.title,
                               subtitle: table.subtitle(excluding: spec.xColumn, groups: spec.groupColumns),
                               unitsLabel: table.concentrationLabel, slopeLabels: !noSlopeLabels,
                               bandLabel: try bandOptions.level().map { "\(String(format: "%.4g", 100 * $0)) % confidence band (fit: block)" })
    try OutputSink.deliver(to: output) { try $0.write(chart.svg()) }
    if table.unconverged > 0 {
      note("brouwer: \(table.unconverged) of \(table.rows.count) points did not converge or have a value that cannot be represented (gaps in the plot)")
      throw ExitStatus(code: 1)
    }
  }

  /// Solves the sweep in memory (plots are for at most a million points) and keeps it as a table.
  private func solvedTable(_ material: String) throws -> PlotTable {
    let base = try MaterialArgument.load(material)
    let (equilibriumModel, grid) = try conditions.grid(for: base)
    let (model, quench) = try annealing.apply(to: equilibriumModel, parameterAxes: grid)
    guard grid.count <= 1_000_000 else {
      throw InputError("plot: \(grid.count) points is more than a plot needs (at most 1000000); use 'brouwer sweep' and --csv")
    }
    let layout: CSVLayout
    do {
      let full = try CSVLayout(model: model, grid: grid, units: units, slopes: !noSlopeLabels)
      if let selection = plottedColumns(of: full, model: model) {
        layout = try CSVLayout(model: model, grid: grid, units: units, slopes: !noSlopeLabels, selection: selection)
      } else {
        layout = full
      }
    } catch { throw InputError(error.description) }
    let runner: SweepRunner
    do { runner = try SweepRunner(model: model, grid: grid, layout: layout) } catch { throw InputError(error.description) }
    // Along each line at most ≈ 4000 points are kept (every k-th, the last, and every point that did not
    // converge): 8 or more per horizontal pixel, beyond what the drawn polyline resolves, so a 10⁶-point
    // plot holds thousands of rows, not a million.
    let lineLength = grid.lineLength
    let stride = max(1, lineLength / Self.pointsPerLine)
    var kept: [[String]] = []
    var headers = layout.headers
    let converged = layout.columns.firstIndex(of: .converged)
    let summary: SweepRunner.Summary
    if let level = try bandOptions.level(for: equilibriumModel, grid: grid) {
      // --band: the whole table first (one probe problem per banded column), each banded column's
      // COLUMN_lower and COLUMN_upper at the end of its rows; PlotSpecification shades them
      guard grid.count <= Self.bandPoints else {
        throw InputError("plot --band: \(grid.count) points is more than a banded plot needs (at most \(Self.bandPoints)); use 'brouwer sweep --band' and --csv")
      }
      let solved = runner.table()
      let history = try annealing.history(for: equilibriumModel)
      let bands = try BandOptions.bands(of: solved, grid: grid, model: history == nil ? model : equilibriumModel, level: level,
                                        units: units, history: history)
      for k in bands.columns {
        let (lo, hi) = SweepBands.headers(of: layout.headers[k])
        headers += [lo, hi]
      }
      let width = layout.columns.count
      for r in 0..<solved.rowCount {
        var fields = (0..<width).map { layout.field(solved.values[r * width + $0], column: $0) }
        for b in bands.columns.indices {
          for v in [bands.lower[b][r], bands.upper[b][r]] { fields.append(v.isFinite ? CSVLayout.number(v) : "") }
        }
        kept.append(fields)
      }
      summary = solved.summary
    } else {
    summary = runner.run(emitRows: { rows in
      for r in 0..<rows.count {
        let inner = (rows.firstPoint + r) % lineLength
        let row = rows.row(r)
        // every k-th point, the last of a line, and every point that did not converge
        let keep = stride == 1 || inner % stride == 0 || inner == lineLength - 1
          || converged.map { row[row.startIndex + $0] == 0 } ?? false
        if keep { kept.append(row.indices.map { layout.field(row[$0], column: $0 - row.startIndex) }) }
      }
    })
    }
    ConditionOptions.warnAfterRun(summary, layout: layout)
    var table = PlotTable(CSVTable(header: headers, rows: kept, source: model.name))
    let hosts = Set(model.species.filter { $0.label.isRegular }.map(\.name))
    table.defaultY = model.species.map(\.name).filter { !hosts.contains($0) }
    let history = quench.map { q in
      ", quenched from " + "\(CSVLayout.number(q.annealState.conditions.temperature)) K"
        + (q.annealState.conditions.pressures["pO2"].map { ", pO2 = \(CSVLayout.number($0)) atm" } ?? "")
    } ?? ""
    table.title = LineChart.RichText([.init(model.name), .init(" — " + model.formula + history)])
    table.concentrationLabel = switch units {
    case .fu: "concentration (per formula unit)"
    case .site: "site fraction"
    case .cm3: LineChart.RichText([.init("concentration (cm"), .init("−3", .sup), .init(")")])
    }
    return table
  }
}

extension Plot {
  /// Points kept along one line of a solved plot (see `solvedTable`).
  static let pointsPerLine = 4000
  /// Points of a plot with --band (every point gets its band, none is thinned out).
  static let bandPoints = 100_000

  /// Only the columns a plot of a solved material can use — conditions, the --y columns (default: the
  /// species that are not regular hosts), a non-computed --x, --group-by, their exact slopes, and the
  /// convergence flags — so that a 10⁶-point plot holds a few columns, not every derived one. `nil` (keep
  /// them all, so that an error lists every column) when a --y, --x or --group-by name is not among them.
  fileprivate func plottedColumns(of full: CSVLayout, model: DefectModel) -> [String]? {
    let hosts = Set(model.species.filter { $0.label.isRegular }.map(\.name))
    // (a list that does not parse keeps every column; the plot then reports it with ListOption's message)
    let ys: [String]
    if let y {
      guard let items = try? ListOption.items(y, option: "--y", example: "V_O..,h.", noun: "column") else { return nil }
      ys = items.map { CarrierAliases.resolve($0, in: model) }
    } else {
      ys = model.species.map(\.name).filter { !hosts.contains($0) }
    }
    var wanted = ys
    if let markers {
      guard let items = try? ListOption.items(markers, option: "--markers", example: "sigma_measured", noun: "column") else { return nil }
      wanted += items.filter { !wanted.contains($0) }
    }
    if let x, !PlotTable.computed.contains(x) { wanted.append(x) }
    if let groupBy {
      guard let items = try? ListOption.items(groupBy, option: "--group-by", example: "T_K", noun: "column") else { return nil }
      wanted += items
    }
    var chosen: [String] = []
    for name in wanted {
      guard let k = CSVLayout.index(ofColumn: name, in: full.headers) else { return nil }
      chosen.append(full.headers[k])
    }
    let keep = Set(chosen)
    return full.headers.filter { h in
      keep.contains(h) || h == "converged" || h == "residual" || PlotTable.isCondition(h)
        || (h.hasPrefix("dlnc_dln") && keep.contains(where: { h.hasSuffix("_" + $0) }))
    }
  }
}

extension Plot.ScaleChoice {
  var kind: PlotScale.Kind? {
    switch self {
    case .auto: return nil
    case .log: return .log
    case .linear: return .linear
    }
  }
}
