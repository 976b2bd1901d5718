import DefectChemistry
import Foundation

/// A planned sweep (`brouwer sweep`): the runner over the grid; any range of its points can be run.
final class SweepHandle: @unchecked Sendable {
  let lock = NSLock()
  let runner: SweepRunner
  let grid: SweepGrid
  /// Everything run so far (state spans, values that cannot be represented), for ``brouwer_sweep_warnings``.
  var total = SweepRunner.Summary()
  /// The concentration unit of the layout, for bands.
  let units: CSVLayout.ConcentrationUnit
  init(runner: SweepRunner, grid: SweepGrid, units: CSVLayout.ConcentrationUnit) {
    self.runner = runner
    self.grid = grid
    self.units = units
  }
}

private struct Cancelled: Error {}

@_cdecl("brouwer_sweep_new")
public func brouwer_sweep_new(_ material: OpaquePointer?, _ temperature: CText?, _ pO2: CText?, _ pH2O: CText?, _ pH2: CText?,
                              _ overrides: CText?, _ columns: CText?, _ slopes: Int32, _ units: CText?, _ threads: Int32,
                              _ out: HandleOut, _ warnings: TextOut, _ message: ErrorOut) -> Int32 {
  guarded(message) {
    guard let handle = object(material, as: MaterialHandle.self), let out else { throw BoundaryError("brouwer_sweep_new: a NULL argument") }
    var pressures: [String: String] = [:]
    for (name, value) in [("pO2", pO2), ("pH2O", pH2O), ("pH2", pH2)] { if let value = text(value) { pressures[name] = value } }
    let resolved = try ConditionRequest(temperature: text(temperature), pressures: pressures, overrides: lines(overrides)).resolve(for: handle.model)
    let unit = try concentrationUnit(units)
    let layout = try makeLayout(model: resolved.model, grid: resolved.grid, columns: text(columns), slopes: slopes != 0,
                                units: unit)
    guard threads >= 0, threads <= SweepRunner.maximumThreads else {
      throw BoundaryError("--threads must be between 1 and \(SweepRunner.maximumThreads), got \(threads)")
    }
    let runner = try SweepRunner(model: resolved.model, grid: resolved.grid, layout: layout,
                                 threads: threads == 0 ? ProcessInfo.processInfo.activeProcessorCount : Int(threads))
    warnings?.pointee = cString((resolved.warnings.map { "warning: \($0)" } + resolved.notes.map { "note: \($0)" }).joined(separator: "\n"))
    handOut(SweepHandle(runner: runner, grid: resolved.grid, units: unit), to: out)
    return statusOK
  }
}

@_cdecl("brouwer_sweep_free")
public func brouwer_sweep_free(_ sweep: OpaquePointer?) { release(sweep) }

@_cdecl("brouwer_sweep_point_count")
public func brouwer_sweep_point_count(_ sweep: OpaquePointer?) -> Int { object(sweep, as: SweepHandle.self)?.grid.count ?? 0 }

@_cdecl("brouwer_sweep_column_count")
public func brouwer_sweep_column_count(_ sweep: OpaquePointer?) -> Int { object(sweep, as: SweepHandle.self)?.runner.layout.columns.count ?? 0 }

@_cdecl("brouwer_sweep_headers")
public func brouwer_sweep_headers(_ sweep: OpaquePointer?) -> UnsafeMutablePointer<CChar>? {
  object(sweep, as: SweepHandle.self).flatMap { cString($0.runner.layout.headers.joined(separator: "\n")) }
}

@_cdecl("brouwer_sweep_line_length")
public func brouwer_sweep_line_length(_ sweep: OpaquePointer?) -> Int { object(sweep, as: SweepHandle.self)?.grid.axes.last?.values.count ?? 1 }

@_cdecl("brouwer_sweep_run")
public func brouwer_sweep_run(_ sweep: OpaquePointer?, _ first: Int, _ count: Int, _ out: UnsafeMutablePointer<Double>?, _ n: Int,
                              _ cancel: UnsafePointer<Int32>?, _ unconverged: UnsafeMutablePointer<Int>?, _ message: ErrorOut) -> Int32 {
  guard let s = object(sweep, as: SweepHandle.self), let out else { return fail(message, "brouwer_sweep_run: a NULL argument") }
  let columns = s.runner.layout.columns.count
  guard first >= 0, count >= 0, first <= s.grid.count, count <= s.grid.count - first else {
    return fail(message, "brouwer_sweep_run: points \(first)..<\(first + count) outside the grid of \(s.grid.count)")
  }
  guard n == count * columns else { return fail(message, "brouwer_sweep_run: out has \(n) values for \(count) rows of \(columns) columns") }
  s.lock.lock()
  defer { s.lock.unlock() }
  var offset = 0
  do {
    let summary = try s.runner.run(points: first..<(first + count), emitRows: { rows in
      if let cancel, cancel.pointee != 0 { throw Cancelled() }
      rows.values.withUnsafeBufferPointer { (out + offset).update(from: $0.baseAddress!, count: $0.count) }
      offset += rows.values.count
    })
    unconverged?.pointee = summary.invalid
    s.total.merge(summary)
  } catch {
    return fail(message, "interrupted", status: statusInterrupted)
  }
  return statusOK
}

/// The warnings of the points run so far, one per line (state bounds left, columns without a value in solved
/// rows): the command line's words after a sweep, without "brouwer: ". The caller frees the text.
@_cdecl("brouwer_sweep_warnings")
public func brouwer_sweep_warnings(_ sweep: OpaquePointer?) -> UnsafeMutablePointer<CChar>? {
  guard let s = object(sweep, as: SweepHandle.self) else { return nil }
  s.lock.lock()
  defer { s.lock.unlock() }
  return cString(s.total.warnings(layout: s.runner.layout).map { "warning: \($0)" }.joined(separator: "\n"))
}

/// The confidence bands of a whole sweep (`brouwer sweep --band LEVEL`) from the values `values` that
/// ``brouwer_sweep_run`` gave for all its points: `lower` and `upper` (points × columns each) receive each
/// banded column's ends, NaN elsewhere; `banded` (columns ints, may be NULL) 1 for the banded columns.
@_cdecl("brouwer_sweep_band")
public func brouwer_sweep_band(_ sweep: OpaquePointer?, _ level: Double, _ values: UnsafePointer<Double>?, _ n: Int,
                               _ lower: UnsafeMutablePointer<Double>?, _ upper: UnsafeMutablePointer<Double>?,
                               _ banded: UnsafeMutablePointer<Int32>?, _ warnings: TextOut, _ message: ErrorOut) -> Int32 {
  guarded(message) {
    guard let s = object(sweep, as: SweepHandle.self), let values, let lower, let upper else {
      throw BoundaryError("brouwer_sweep_band: a NULL argument")
    }
    let columns = s.runner.layout.columns.count
    guard n == s.grid.count * columns else {
      throw BoundaryError("brouwer_sweep_band: \(n) values for \(s.grid.count) points of \(columns) columns")
    }
    guard level > 0 && level < 1 else { throw BoundaryError("--band: a confidence level between 0 and 1, got \(level)") }
    let table = SweepTable(layout: s.runner.layout, firstPoint: 0, values: Array(UnsafeBufferPointer(start: values, count: n)),
                           summary: SweepRunner.Summary())
    let bands: SweepBands
    do { bands = try SweepBands(table: table, grid: s.grid, model: s.runner.layout.model, level: level, units: s.units) } catch {
      throw BoundaryError("--band: \(error)")
    }
    (lower).update(repeating: .nan, count: n)
    (upper).update(repeating: .nan, count: n)
    banded?.update(repeating: 0, count: columns)
    for (b, k) in bands.columns.enumerated() {
      banded?[k] = 1
      for r in 0..<table.rowCount {
        lower[r * columns + k] = bands.lower[b][r]
        upper[r * columns + k] = bands.upper[b][r]
      }
    }
    var notes: [String] = []
    if bands.missing > 0 { notes.append("warning: --band: \(bands.missing) band value\(bands.missing == 1 ? "" : "s") could not be formed (NaN)") }
    warnings?.pointee = cString(notes.joined(separator: "\n"))
    return statusOK
  }
}
