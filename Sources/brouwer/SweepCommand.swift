import ArgumentParser
import DefectChemistry
import Foundation

/// `brouwer sweep MATERIAL [--T …] [--pO2 …] [--pH2O …] [--set …]` — CSV of equilibrium states over a grid.
struct Sweep: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Solve over a grid of conditions and write CSV (T outer, pO2 inner).",
    discussion: """
      Ranges are start:stop:count (pressures log-spaced, temperatures and parameters linear); lists are a,b,c.
      Example: brouwer sweep gdc10 --T 800C --pO2 1e-30:1:31 > gdc10.csv
      """)

  @Argument(help: "A built-in material (see 'brouwer materials'), a YAML file, or - for stdin.")
  var material: String

  @OptionGroup var conditions: ConditionOptions
  @OptionGroup var table: TableOptions
  @OptionGroup var annealing: AnnealOptions
  @OptionGroup var bandOptions: BandOptions

  @Option(name: .customLong("shard"), help: "Run only the K-th of N contiguous slices of the grid (K/N, 1-based).")
  var shard: String?

  @Option(name: .long, help: "Write to FILE (atomically) instead of stdout.")
  var output: String?

  @Flag(name: .long, help: "Nothing on stderr but errors: no progress bar, summary or warnings (the in_validity column still records the validity box).")
  var quiet = false

  @Option(name: .long, help: "Worker threads (default: all cores).")
  var threads: Int?

  func run() throws {
    Warnings.silenced = quiet
    let base = try MaterialArgument.load(material)
    let (equilibriumModel, grid) = try conditions.grid(for: base)
    let (model, _) = try annealing.apply(to: equilibriumModel, parameterAxes: grid, quiet: quiet)
    let layout = try table.layout(model: model, grid: grid)
    var range = 0..<grid.count
    var header = true
    if let shard {
      let parts = shard.split(separator: "/")
      guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else {
        throw InputError("--shard: expected K/N with 1 ≤ K ≤ N, got \(MessageText.quoted(shard))")
      }
      range = grid.shard(k, of: n)
      header = k == 1
      // more shards than points: this one has none (concatenated shards are still the whole sweep)
      if range.isEmpty && !quiet {
        note("brouwer: note: shard \(k)/\(n) holds none of the grid's \(grid.count) point\(grid.count == 1 ? "" : "s")\(header ? ": only the header is printed" : ": nothing is printed")")
      }
    }
    if let threads, !(1...SweepRunner.maximumThreads).contains(threads) {
      throw InputError("--threads must be between 1 and \(SweepRunner.maximumThreads), got \(threads)")
    }
    let runner: SweepRunner
    do { runner = try SweepRunner(model: model, grid: grid, layout: layout, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount) }
    catch { throw InputError(error.description) }
    let bar = ProgressBar(total: range.count, quiet: quiet)
    let summary: SweepRunner.Summary
    if let level = try bandOptions.level(for: equilibriumModel, grid: grid) {
      // bands need the whole table first (one probe problem per column), then the text
      let solved = runner.table(points: range)
      let history = try annealing.history(for: equilibriumModel)
      let bands = try BandOptions.bands(of: solved, grid: grid, model: history == nil ? model : equilibriumModel, level: level,
                                        units: table.units, history: history)
      let (names, rows) = BandOptions.csv(solved, bands: bands, headers: table.headerNames(layout))
      summary = solved.summary
      try OutputSink.deliver(to: output) { sink in
        if header { try sink.write(((table.tag == nil ? [] : ["material"]) + names).map(CSVLayout.quote).joined(separator: ",") + "\n") }
        try sink.write(table.tagged(rows))
      }
    } else {
      summary = try OutputSink.deliver(to: output) { sink in
        if header { try sink.write(table.headerLine(layout)) }
        // rows go out as bytes; --tag prefixes each row, which needs the text
        if table.tag == nil { return try runner.run(points: range, emitBytes: sink.write, progress: bar.update) }
        return try runner.run(points: range, emit: { try sink.write(table.tagged($0)) }, progress: bar.update)
      }
    }
    ConditionOptions.warnAfterRun(summary, layout: layout)
    if summary.invalid > 0 {
      var parts: [String] = []
      if summary.unconverged > 0 { parts.append("\(summary.unconverged) of \(summary.points) points did not converge") }
      if summary.unrepresentable > 0 { parts.append("\(summary.unrepresentable) of \(summary.points) points have a value that cannot be represented") }
      note("brouwer: \(parts.joined(separator: " and ")) (rows with converged=false)")
      throw ExitStatus(code: 1)
    }
    if !quiet && bar.enabled { note("brouwer: \(summary.points) points, max residual \(summary.worstResidual)") }
  }
}

/// Column and unit choices shared by `sweep` and `solve`.
struct TableOptions: ParsableArguments {
  @Option(name: .long, help: "Concentration unit: fu (per formula unit), site (site fraction), cm3.")
  var units: CSVLayout.ConcentrationUnit = .fu

  @Option(name: .long, help: "Comma-separated columns to print, in this order (default: all).")
  var columns: String?

  @Flag(name: .long, help: "Add exact slopes d ln c / d ln p per species (p = pO2, pH2O, …).")
  var slopes = false

  @Option(name: .long, help: "Add a first column 'material' holding NAME on every row, so that tables of several materials concatenate.")
  var tag: String?

  func layout(model: DefectModel, grid: SweepGrid) throws -> CSVLayout {
    if let tag { _ = try ListOption.word(tag, option: "--tag", example: model.name) }
    let typed = try columns.map { try ListOption.items($0, option: "--columns", example: "T_K,pO2_atm,delta", noun: "column") }
    let selection = typed.map { $0.map { CarrierAliases.resolve($0, in: model) } }
    do { return try CSVLayout(model: model, grid: grid, units: units, slopes: slopes || (selection?.contains { $0.hasPrefix("dlnc_") } ?? false), selection: selection) }
    catch { throw InputError(error.description) }
  }
}

extension TableOptions {
  /// The names typed in --columns, in order.
  var typedColumns: [String]? { columns.flatMap { try? ListOption.items($0, option: "--columns", example: "T_K") } }

  /// The header row: a carrier alias typed in --columns (`holes`) stays the column's name, so that
  /// tables of several materials share a header; with --tag, `material` comes first.
  func headerLine(_ layout: CSVLayout) -> String {
    var names = headerNames(layout)
    if tag != nil { names.insert("material", at: 0) }
    return names.map(CSVLayout.quote).joined(separator: ",") + "\n"
  }

  /// The column names (a carrier alias typed in --columns kept as typed), without --tag's `material`.
  func headerNames(_ layout: CSVLayout) -> [String] {
    var names = layout.headers
    if let typed = typedColumns, typed.count == names.count {
      for (k, name) in typed.enumerated() where CarrierAliases.resolve(name, in: layout.model) != name { names[k] = name }
    }
    return names
  }

  /// `rows` (whole lines) with the --tag value in front of each.
  func tagged(_ rows: String) -> String {
    guard let tag else { return rows }
    let field = CSVLayout.quote(tag) + ","
    var out = ""
    out.reserveCapacity(rows.utf8.count + 64)
    for line in rows.split(separator: "\n", omittingEmptySubsequences: false).dropLast() { out += field + line + "\n" }
    return out
  }
}

extension CSVLayout.ConcentrationUnit: ExpressibleByArgument {}
