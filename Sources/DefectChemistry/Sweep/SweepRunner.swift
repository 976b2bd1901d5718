import Dispatch
import DecimalText
import Foundation

/// Runs a ``SweepGrid`` in parallel and streams its rows in grid order: as CSV bytes (``run(points:emitBytes:progress:)``),
/// or as values (``run(points:emitRows:progress:)``, ``table(points:)``) for a front end that wants numbers.
///
/// Work is split into segments: runs of at most ``segmentLength`` points of the innermost axis. Each
/// segment starts cold and continues point to point, and segment boundaries depend only on the grid,
/// so a row never depends on which thread, block or shard computed it: concatenated shards equal
/// the whole sweep byte for byte. Segments are processed in blocks (a few per core) and written in
/// order, so memory stays constant for any size.
public final class SweepRunner: @unchecked Sendable {
  public let grid: SweepGrid
  public let layout: CSVLayout
  public let threads: Int
  /// One model per combination of swept parameters (parameters are the outermost axes).
  private let models: [DefectModel]
  private let parameterAxes: Int
  private let linesPerCombination: Int
  /// Longest run solved by continuation from one cold start.
  public static let segmentLength = 1000
  /// ln of the innermost axis' values when that axis is a pressure (computed once, not once per line).
  private let innerLogarithms: [Double]
  /// More worker threads than this are never started (the CLI refuses a larger --threads).
  public static let maximumThreads = 1024

  public struct Summary: Sendable {
    public var points = 0
    public var unconverged = 0
    public var worstResidual = 0.0
    /// Per state bound of the layout (``CSVLayout/stateValidity``), the lowest and highest value of the
    /// converged points: what ``StateValidity/warnings(span:)`` reads. Empty when there is no such bound.
    public var stateSpan: [String: ClosedRange<Double>] = [:]
    /// Per layout column, how many converged rows have no value there (an empty CSV field: a quantity that
    /// overflows or is undefined at that state, e.g. an activation energy whose slope cancels). Only columns
    /// with at least one such row appear.
    public var emptyInConvergedRows: [Int: Int] = [:]
    /// Points whose equilibrium converged but that have a value which cannot be represented: their rows are
    /// `converged=false` (``CSVLayout/Column/reason`` names the column).
    public var unrepresentable = 0
    /// Points whose equilibrium converged.
    public var converged: Int { points - unconverged }
    /// Rows not valid: not converged, or with a value that cannot be represented.
    public var invalid: Int { unconverged + unrepresentable }

    /// Nothing run yet (to merge blocks or shards into).
    public init() {}
  }

  /// The layout's columns that hold a computed value (not coordinates, flags or the residual).
  private let valueColumns: [Int]

  /// Builds the per-parameter models up front, so bad `--set` values fail before anything is written.
  public init(model: DefectModel, grid: SweepGrid, layout: CSVLayout,
              threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws(MaterialError) {
    self.grid = grid
    self.layout = layout
    self.threads = min(max(1, threads), Self.maximumThreads)
    var p = 0
    while p < grid.axes.count, case .parameter = grid.axes[p].coordinate { p += 1 }
    parameterAxes = p
    var variants = [model]
    for a in 0..<p {
      guard case .parameter(let parameter) = grid.axes[a].coordinate else { continue }
      var next: [DefectModel] = []
      for base in variants {
        for v in grid.axes[a].values { next.append(try base.setting(parameter, to: v)) }
      }
      variants = next
    }
    models = variants
    valueColumns = layout.columns.indices.filter { k in
      switch layout.columns[k] {
      case .axis, .converged, .residual, .inValidity, .reason, .temperatureCelsius: return false
      default: return layout.fieldKind(k) == .finiteOnly
      }
    }
    linesPerCombination = grid.lineCount / variants.count
    if let inner = grid.axes.last, case .pressure = inner.coordinate {
      innerLogarithms = inner.values.map { log($0) }
    } else {
      innerLogarithms = []
    }
  }

  /// Solves the points `range` (default: all) and hands CSV text to `emit` in order, a block at a time.
  /// `progress` receives the number of points done so far.
  public func run(points range: Range<Int>? = nil, emit: (String) throws -> Void,
                  progress: ((Int) -> Void)? = nil) rethrows -> Summary {
    try run(points: range, emitBytes: { try emit(String(decoding: $0, as: UTF8.self)) }, progress: progress)
  }

  /// Solves the points `range` (default: all) and hands the CSV bytes of each segment to `emitBytes`
  /// in grid order (see ``run(points:sink:emit:progress:)``).
  public func run(points range: Range<Int>? = nil, emitBytes: (UnsafeRawBufferPointer) throws -> Void,
                  progress: ((Int) -> Void)? = nil) rethrows -> Summary {
    try run(points: range, sink: CSVRows(), emit: { rows in
      if !rows.isEmpty { try rows.withUnsafeBytes { try emitBytes($0) } }
    }, progress: progress)
  }

  /// Solves the points `range` (default: all) and hands the values of each segment's rows to `emitRows`
  /// in grid order: the typed form of the same rows (``SweepRows``), for a front end that wants numbers.
  public func run(points range: Range<Int>? = nil, emitRows: (SweepRows) throws -> Void,
                  progress: ((Int) -> Void)? = nil) rethrows -> Summary {
    try run(points: range, sink: ValueRows(columns: layout.columns.count), emit: { rows in
      if !rows.values.isEmpty { try emitRows(rows) }
    }, progress: progress)
  }

  /// The whole sweep (or the points `range`) as one table of values.
  public func table(points range: Range<Int>? = nil) -> SweepTable {
    var values: [Double] = []
    var first: Int?
    let summary = run(points: range, emitRows: { rows in
      if first == nil { first = rows.firstPoint }
      values.append(contentsOf: rows.values)
    })
    return SweepTable(layout: layout, firstPoint: first ?? range?.lowerBound ?? 0, values: values, summary: summary)
  }

  /// Solves the points `range` (default: all) and hands what `sink` made of each segment's rows to
  /// `emit` in grid order. Threads beyond the number of segments are not started (nor given state).
  ///
  /// Segments are solved a block at a time (four per thread), by the calling thread and `threads − 1`
  /// work items on the global queue, each taking the next unsolved segment of the block as it finishes
  /// one. While the caller's `emit` handles one block, the work items already solve the next (two
  /// sets of buffers, so memory stays bounded by two blocks); then the caller joins them. Since the
  /// caller itself solves whatever nobody else has taken, a run finishes even when the global queue has
  /// no thread to spare (e.g. when called from one of its threads), and never uses more than `threads`
  /// threads for solving.
  func run<Sink: RowSink>(points range: Range<Int>? = nil, sink: Sink, emit: (inout Sink.Output) throws -> Void,
                          progress: ((Int) -> Void)? = nil) rethrows -> Summary {
    let range = range ?? 0..<grid.count
    var summary = Summary()
    guard !range.isEmpty else { return summary }
    let segments = segments(covering: range)
    let threads = min(self.threads, segments.count)
    let block = threads * 4
    let pool = WorkerPool(count: threads + 1)
    let slots = [Slots(sink, count: min(block, segments.count)), Slots(sink, count: min(block, segments.count))]
    defer { for s in slots { s.free() } }
    // Solves segments of `work` (block starting at `start`) into `outputs` until none is left.
    @Sendable func participate(_ work: BlockWork, _ start: Int, _ outputs: Slots<Sink>) {
      while let k = work.take() {
        let worker = pool.acquire()
        outputs.values[k].1 = self.solve(segment: segments[start + k], within: range, worker: worker, sink: sink,
                                         into: &outputs.values[k].0)
        pool.release(worker)
        work.finished()
      }
    }
    // Starts `threads − 1` work items on segments[start..<start + count] into `slots[set]`.
    func launch(_ start: Int, _ count: Int, into set: Int) -> BlockWork {
      let work = BlockWork(count: count)
      let outputs = slots[set]
      for _ in 0..<min(threads - 1, count) {
        DispatchQueue.global().async { participate(work, start, outputs) }
      }
      return work
    }
    var start = 0, count = min(block, segments.count), set = 0
    let first = launch(start, count, into: set)
    participate(first, start, slots[set])
    first.waitUntilDone()
    while count > 0 {
      // the next block is solved in the background while this one is written
      let nextStart = start + count, nextCount = min(block, segments.count - nextStart)
      let next = launch(nextStart, nextCount, into: 1 - set)
      // it uses the other buffers: stop it and wait for what is under way before leaving, also when
      // writing fails (after a complete block this does nothing)
      defer { next.cancel(); next.waitUntilDone() }
      let outputs = slots[set]
      for k in 0..<count {
        let s = outputs.values[k].1
        summary.merge(s)
        try emit(&outputs.values[k].0)
      }
      progress?(summary.points)
      participate(next, nextStart, slots[1 - set])
      next.waitUntilDone()
      (start, count, set) = (nextStart, nextCount, 1 - set)
    }
    return summary
  }

  /// One block of segments being solved: hands out the indices 0, 1, 2, … each once, counts the
  /// finished ones, and can be cancelled (no index is handed out after that).
  private final class BlockWork: @unchecked Sendable {
    private let condition = NSCondition()
    private var next = 0, done = 0, limit: Int
    init(count: Int) { limit = count }

    func take() -> Int? {
      condition.lock()
      defer { condition.unlock() }
      guard next < limit else { return nil }
      next += 1
      return next - 1
    }

    func finished() {
      condition.lock()
      done += 1
      condition.broadcast()
      condition.unlock()
    }

    func cancel() {
      condition.lock()
      limit = next
      condition.unlock()
    }

    /// Waits until every index has been handed out (or the block was cancelled) and every one handed
    /// out is finished.
    func waitUntilDone() {
      condition.lock()
      while done < next || next < limit { condition.wait() }
      condition.unlock()
    }
  }

  /// The per-thread solver states, lent to whichever thread solves the next segment (a segment's rows
  /// do not depend on which state solves it: each starts cold).
  private final class WorkerPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [Worker]
    init(count: Int) { free = (0..<count).map { _ in Worker() } }

    func acquire() -> Worker {
      lock.lock()
      defer { lock.unlock() }
      return free.removeLast()
    }

    func release(_ worker: Worker) {
      lock.lock()
      free.append(worker)
      lock.unlock()
    }
  }

  /// The fixed segments (point ranges within one line) that overlap `range`.
  private func segments(covering range: Range<Int>) -> [Range<Int>] {
    let L = grid.lineLength, S = Self.segmentLength
    var result: [Range<Int>] = []
    var line = range.lowerBound / L
    while line * L < range.upperBound {
      var start = line * L
      while start < (line + 1) * L {
        let end = min(start + S, (line + 1) * L)
        if end > range.lowerBound && start < range.upperBound { result.append(start..<end) }
        start = end
      }
      line += 1
    }
    return result
  }

  /// Result slots written by distinct threads at distinct indices.
  private final class Slots<Sink: RowSink>: @unchecked Sendable {
    let values: UnsafeMutableBufferPointer<(Sink.Output, Summary)>
    init(_ sink: Sink, count: Int) {
      values = .allocate(capacity: count)
      // one output per slot (a ByteBuffer owns its storage: never share one between slots)
      for i in 0..<count { (values.baseAddress! + i).initialize(to: (sink.makeOutput(), Summary())) }
    }
    func free() {
      values.deinitialize()
      values.deallocate()
    }
  }

  /// Per-thread solvers, one per parameter combination met so far.
  final class Worker: @unchecked Sendable {
    var solvers: [Int: EquilibriumSolver] = [:]
    var concentrations: [Double] = []
    /// The slopes of the current point, rewritten in place for each point.
    var slopes = Sensitivities(withRespectTo: .init(names: [], values: []), temperature: [])
    /// Row-writing scratch (partial conductivities, cached column texts).
    let scratch = RowScratch()
    /// The second point of a pair (``SweepRunner`` solves two points, then both their slopes).
    var pairConcentrations: [Double] = []
    var pairSlopes = Sensitivities(withRespectTo: .init(names: [], values: []), temperature: [])
  }

  /// Solves one segment and writes its rows into `text` (emptied first; its storage is reused).
  private func solve<Sink: RowSink>(segment: Range<Int>, within range: Range<Int>, worker: Worker, sink: Sink,
                                    into text: inout Sink.Output) -> Summary {
    let combination = segment.lowerBound / grid.lineLength / linesPerCombination
    let model = models[combination]
    let solver = worker.solvers[combination] ?? {
      let s = EquilibriumSolver(model: model)
      s.evaluatesJacobianWithResidual = self.layout.needsSlopes
      worker.solvers[combination] = s
      return s
    }()
    solver.resetContinuation()
    // columns derived from the model (δ's reference follows a swept dopant level) use the model solved
    let layout = self.layout.with(model: model)
    if worker.concentrations.count != model.species.count {
      worker.concentrations = [Double](repeating: 0, count: model.species.count)
    }
    sink.start(&text, at: max(segment.lowerBound, range.lowerBound))
    worker.scratch.prepare(for: layout)
    var summary = Summary()
    var lnP = [Double](repeating: 0, count: model.gases.count)
    var pressures = [Double](repeating: 1, count: model.gases.count)
    var axisValues = [Double](repeating: 0, count: grid.axes.count)
    var temperature = 0.0
    // A segment lies within one line: the outer coordinates are fixed, only the innermost axis moves.
    let outer = grid.indices(of: segment.lowerBound)
    let inner = grid.axes.count - 1
    var innerGas: Int?
    for (a, axis) in grid.axes.enumerated() {
      let v = axis.values[outer[a]]
      axisValues[a] = v
      switch axis.coordinate {
      case .temperature: temperature = v
      case .pressure(let name):
        if let g = model.pressureNames.firstIndex(of: name) {
          pressures[g] = v
          if a == inner { innerGas = g }
        }
      case .parameter: break
      }
    }
    let innerIsTemperature = grid.axes[inner].coordinate == .temperature
    for g in 0..<lnP.count { lnP[g] = log(pressures[g]) }
    let lineStart = segment.lowerBound - outer[inner]
    let innerValues = grid.axes[inner].values
    // the worker's arrays, held locally for the segment (no class-property access per point)
    var concentrations: [Double] = [], slopes = Sensitivities(withRespectTo: .init(names: [], values: []), temperature: [])
    swap(&concentrations, &worker.concentrations)
    swap(&slopes, &worker.slopes)
    defer { swap(&concentrations, &worker.concentrations); swap(&slopes, &worker.slopes) }
    let needsSlopes = layout.needsSlopes, needsTemperatureSlopes = layout.needsTemperatureSlopes
    // With pressure slopes only, points are taken in pairs: two are solved in turn, then both their slopes
    // (two independent LU chains, interleaved: ``EquilibriumSolver/keptPressureSlopes(_:_:slots:)``), then both
    // rows in order — the same numbers as one point at a time.
    let paired = needsSlopes && !needsTemperatureSlopes
    let scratch = worker.scratch
    var second: [Double] = [], secondSlopes = Sensitivities(withRespectTo: .init(names: [], values: []), temperature: [])
    swap(&second, &worker.pairConcentrations)
    swap(&secondSlopes, &worker.pairSlopes)
    defer { swap(&second, &worker.pairConcentrations); swap(&secondSlopes, &worker.pairSlopes) }
    if second.count != concentrations.count { second = [Double](repeating: 0, count: concentrations.count) }
    // a solved point: its inner coordinate, T, outcome, and whether its J was kept for a paired slope
    typealias Solved = (inner: Double, temperature: Double, outcome: EquilibriumSolver.PointOutcome, kept: Bool)
    // Solves `point` from the previous one; for a point of `range`, counts it and returns it (points before
    // the range are solved only to continue from).
    func solveNext(_ point: Int) -> Solved? {
      let v = innerValues[point - lineStart]
      if let g = innerGas { lnP[g] = innerLogarithms[point - lineStart] } else if innerIsTemperature { temperature = v }
      let outcome = lnP.withUnsafeBufferPointer {
        solver.solvePoint(temperature: temperature, lnPressures: $0, continuation: true)
      }
      guard range.contains(point) else { return nil }
      summary.points += 1
      if !outcome.converged { summary.unconverged += 1 }
      summary.worstResidual = max(summary.worstResidual, outcome.residual)
      return (v, temperature, outcome, false)
    }
    let stateValidity = layout.stateValidity
    let valueColumns = self.valueColumns
    func row(_ p: Solved, _ c: [Double], _ s: Sensitivities?) {
      axisValues[inner] = p.inner
      if p.outcome.converged && !stateValidity.isEmpty {
        stateValidity.record(temperature: p.temperature, concentrations: c, into: &summary.stateSpan,
                             forms: scratch.stateMinority)
      }
      sink.append(layout, to: &text, axisValues: axisValues, temperature: p.temperature, concentrations: c, slopes: s,
                  converged: p.outcome.converged, residual: p.outcome.residual, scratch: scratch)
      // a converged row with an empty field is flagged (the run's summary counts it per column)
      if p.outcome.converged {
        let values = scratch.values
        var any = false
        for k in valueColumns where !values[k].isFinite {
          summary.emptyInConvergedRows[k, default: 0] += 1
          any = true
        }
        if any { summary.unrepresentable += 1 }
      }
    }
    var pending: Solved?   // the first of a pair, waiting for the second
    for point in segment {
      guard var solved = solveNext(point) else { continue }
      if let first = pending {
        second.withUnsafeMutableBufferPointer { solver.copyConcentrations(into: $0) }
        solved.kept = solved.outcome.converged && solver.keepJacobian(slot: 1)
        let (okA, okB) = solver.keptPressureSlopes(&slopes, &secondSlopes, slots: (first.kept, solved.kept))
        row(first, concentrations, okA ? slopes : nil)
        row(solved, second, okB ? secondSlopes : nil)
        pending = nil
        continue
      }
      concentrations.withUnsafeMutableBufferPointer { solver.copyConcentrations(into: $0) }
      if paired {
        solved.kept = solved.outcome.converged && solver.keepJacobian(slot: 0)
        pending = solved
      } else {
        let haveSlopes = needsSlopes && solved.outcome.converged
          && solver.sensitivities(into: &slopes, includingTemperature: needsTemperatureSlopes)
        row(solved, concentrations, haveSlopes ? slopes : nil)
      }
    }
    if let first = pending {   // the last point of an odd count: its slopes alone
      let (okA, _) = solver.keptPressureSlopes(&slopes, &secondSlopes, slots: (first.kept, false))
      row(first, concentrations, okA ? slopes : nil)
    }
    return summary
  }
}

extension SweepRunner.Summary {
  /// Adds the points of `other` (another block or shard of the same layout).
  public mutating func merge(_ other: SweepRunner.Summary) {
    points += other.points
    unconverged += other.unconverged
    worstResidual = max(worstResidual, other.worstResidual)
    if !other.stateSpan.isEmpty { stateSpan = StateValidity.merged(stateSpan, other.stateSpan) }
    for (k, n) in other.emptyInConvergedRows { emptyInConvergedRows[k, default: 0] += n }
    unrepresentable += other.unrepresentable
  }

  /// What a front end says once after a run over `layout`: the state bounds its converged points leave
  /// (``StateValidity/warnings(span:)``) and, per column, the solved rows with a value that cannot be
  /// represented (those rows are `converged=false`). Without "brouwer: warning: ".
  public func warnings(layout: CSVLayout) -> [String] {
    layout.stateValidity.warnings(span: stateSpan) + emptyInConvergedRows.sorted(by: { $0.key < $1.key }).map { k, n in
      "\(layout.headers[k]) has no value in \(n) of \(converged) solved rows: it cannot be represented at those states (it overflows or is undefined there); the rows are converged=false (the reason column says why)"
    }
  }
}
