import BuiltinMaterials
import Dispatch
import Foundation
import DecimalText
import TestSupport
import XCTest
@testable import DefectChemistry

/// The sweep runner's contract: rows in grid order, independent of the thread count and of the thread
/// that calls it — also a thread of the global queue the runner's own work items use — and a failed
/// write ends the run with that error.
final class SweepRunnerTests: XCTestCase {
  private func runner(threads: Int) throws -> SweepRunner {
    let model = try DefectModel.load(yaml: XCTUnwrap(BuiltinMaterials.yaml(named: "gdc10")), file: "gdc10")
    // 3 lines of 2 500 points: 3 segments per line (segment length 1000), several blocks for 1–2 threads
    let pO2 = (0..<2500).map { pow(10, -30 + 30 * Double($0) / 2499) }
    let grid = SweepGrid(axes: [SweepGrid.Axis(.temperature, [900, 1000, 1100]), SweepGrid.Axis(.pressure("pO2"), pO2)])
    return try SweepRunner(model: model, grid: grid, layout: CSVLayout(model: model, grid: grid), threads: threads)
  }

  private func rows(_ runner: SweepRunner) -> (String, SweepRunner.Summary) {
    var bytes: [UInt8] = []
    let summary = runner.run(emitBytes: { bytes.append(contentsOf: $0) })
    return (String(decoding: bytes, as: UTF8.self), summary)
  }

  func testRowsAreTheSameForAnyThreadCount() throws {
    let (one, summary) = rows(try runner(threads: 1))
    XCTAssertEqual(summary.points, 7500)
    XCTAssertEqual(summary.unconverged, 0)
    XCTAssertEqual(one.split(separator: "\n").count, 7500)
    for threads in [2, 3, 8] {
      XCTAssertEqual(rows(try runner(threads: threads)).0, one, "\(threads) threads")
    }
  }

  func testCallersOnTheGlobalQueueFinishAndGetTheSameRows() throws {
    // Many runs started from global-queue threads at once: each caller solves what no work item has
    // taken, so none waits for a pool thread that never comes (a liveness check with a generous bound,
    // not a speed test).
    let reference = rows(try runner(threads: 1)).0
    let callers = 24
    let results = ResultBox(count: callers)
    let group = DispatchGroup()
    for i in 0..<callers {
      let r = try runner(threads: 2)
      DispatchQueue.global().async(group: group) {
        var bytes: [UInt8] = []
        _ = r.run(emitBytes: { bytes.append(contentsOf: $0) })
        results.set(i, String(decoding: bytes, as: UTF8.self))
      }
    }
    XCTAssertEqual(group.wait(timeout: .now() + 600), .success, "runs called from global-queue threads did not finish")
    for i in 0..<callers { XCTAssertEqual(results.get(i), reference, "caller \(i)") }
  }

  /// The runner solves two points, then both their slopes (interleaved LU, a Jacobian kept from the residual
  /// check), then both rows. Its rows must be, byte for byte, those of the plain one-point-at-a-time path:
  /// solve, `sensitivities(into:)`, `appendRow` — for odd and even line lengths, shards that start and end
  /// inside a line, and every built-in material.
  func testPairedSlopesGiveTheRowsOfOnePointAtATime() throws {
    for name in BuiltinMaterials.names {
      let model = try DefectModel.load(yaml: XCTUnwrap(BuiltinMaterials.yaml(named: name)), file: name)
      let pO2 = (0..<37).map { pow(10, -25 + 25 * Double($0) / 36) }
      var axes = [SweepGrid.Axis(.temperature, [900, 1100]), SweepGrid.Axis(.pressure("pO2"), pO2)]
      if model.pressureNames.contains("pH2O") { axes.insert(SweepGrid.Axis(.pressure("pH2O"), [0.03]), at: 1) }
      let grid = SweepGrid(axes: axes)
      let layout = try CSVLayout(model: model, grid: grid)
      XCTAssertTrue(layout.needsSlopes)
      // the plain path, line by line (one segment per line: each starts cold)
      var expected: [String] = []
      let solver = EquilibriumSolver(model: model)
      let scratch = RowScratch()
      scratch.prepare(for: layout)
      var slopes = Sensitivities(withRespectTo: .init(names: [], values: []), temperature: [])
      var concentrations = [Double](repeating: 0, count: model.species.count)
      for T in [900.0, 1100] {
        solver.resetContinuation()
        for p in pO2 {
          let lnP = model.pressureNames.map { $0 == "pO2" ? log(p) : log(0.03) }
          let outcome = lnP.withUnsafeBufferPointer { solver.solvePoint(temperature: T, lnPressures: $0, continuation: true) }
          concentrations.withUnsafeMutableBufferPointer { solver.copyConcentrations(into: $0) }
          let haveSlopes = outcome.converged && solver.sensitivities(into: &slopes, includingTemperature: false)
          var out = ByteBuffer(capacity: 256)
          let axisValues = model.pressureNames.contains("pH2O") ? [T, 0.03, p] : [T, p]
          layout.appendRow(to: &out, axisValues: axisValues, temperature: T, concentrations: concentrations,
                           slopes: haveSlopes ? slopes : nil, converged: outcome.converged, residual: outcome.residual,
                           scratch: scratch)
          expected.append(out.string)
        }
      }
      for (points, threads) in [(nil, 1), (nil, 2), (Optional(5..<62), 1), (Optional(36..<39), 1)] as [(Range<Int>?, Int)] {
        var bytes: [UInt8] = []
        _ = try SweepRunner(model: model, grid: grid, layout: layout, threads: threads)
          .run(points: points, emitBytes: { bytes.append(contentsOf: $0) })
        let want = (points ?? 0..<expected.count).map { expected[$0] }.joined()
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), want, "\(name) points \(String(describing: points)) threads \(threads)")
      }
    }
  }

  func testAFailedWriteEndsTheRunWithThatError() throws {
    struct Full: Error {}
    let r = try runner(threads: 2)
    var calls = 0
    XCTAssertThrowsError(try r.run(emitBytes: { _ in
      calls += 1
      if calls == 2 { throw Full() }
    })) { XCTAssertTrue($0 is Full) }
    XCTAssertEqual(calls, 2, "nothing is written after the failure")
  }
}

private final class ResultBox: @unchecked Sendable {
  private let lock = NSLock()
  private var values: [String?]
  init(count: Int) { values = Array(repeating: nil, count: count) }
  func set(_ i: Int, _ s: String) { lock.lock(); values[i] = s; lock.unlock() }
  func get(_ i: Int) -> String? { lock.lock(); defer { lock.unlock() }; return values[i] }
}

/// The typed rows (`SweepRunner.table`, `run(emitRows:)`) are the CSV's numbers: every field of every
/// built-in's sweep (with slopes; unconverged points included) reads back as the table's value, bit for bit,
/// and an empty field is exactly a `nil` value.
final class SweepTableTests: XCTestCase {
  func testTableValuesAreTheCSVFieldsBitForBit() throws {
    for name in BuiltinMaterials.names {
      let model = try DefectModel.load(yaml: XCTUnwrap(BuiltinMaterials.yaml(named: name)), file: name)
      var axes = [SweepGrid.Axis(.temperature, [300, 900, 1400]), SweepGrid.Axis(.pressure("pO2"), logSpaced(1e-40, 1e5, count: 23))]
      if model.pressureNames.contains("pH2O") { axes.insert(SweepGrid.Axis(.pressure("pH2O"), [1e-4, 0.03]), at: 1) }
      let grid = SweepGrid(axes: axes)
      let layout = try CSVLayout(model: model, grid: grid, slopes: true, selection: CSVLayout(model: model, grid: grid, slopes: true).available)
      for threads in [1, 2] {
        let runner = try SweepRunner(model: model, grid: grid, layout: layout, threads: threads)
        var bytes: [UInt8] = []
        let csvSummary = runner.run(emitBytes: { bytes.append(contentsOf: $0) })
        let table = runner.table()
        XCTAssertEqual(table.rowCount, grid.count, name)
        XCTAssertEqual(table.summary.unconverged, csvSummary.unconverged, name)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(lines.count, grid.count, name)
        for (r, line) in lines.enumerated() {
          let fields = line.split(separator: ",", omittingEmptySubsequences: false)
          XCTAssertEqual(table.converged(r), fields[table.convergedColumn!] == "true", name)
          // the text of each typed value (what plot keeps) is the CSV writer's field, byte for byte
          let cols = layout.columns.count
          XCTAssertEqual(fields.map(String.init), (0..<cols).map { layout.field(table.values[r * cols + $0], column: $0) }, "\(name) row \(r)")
          for (k, field) in fields.enumerated() {
            if layout.columns[k] == .reason { continue }   // text (compared above): the value is a column index
            let v = table.value(r, k)
            switch field {
            case "true": XCTAssertEqual(v, 1)
            case "false": XCTAssertEqual(v, 0)
            case "": XCTAssertNil(v, "\(name) \(table.headers[k]) row \(r)")
            default: XCTAssertEqual(v?.bitPattern, Double(field)?.bitPattern, "\(name) \(table.headers[k]) row \(r)")
            }
          }
        }
        // a shard of the table is the same rows
        let shard = runner.table(points: 7..<31)
        XCTAssertEqual(shard.firstPoint, 7)
        XCTAssertEqual(shard.values.count, 24 * layout.columns.count)
        for i in 0..<shard.values.count {
          XCTAssertEqual(shard.values[i].bitPattern, table.values[7 * layout.columns.count + i].bitPattern, name)
        }
      }
    }
  }
}
