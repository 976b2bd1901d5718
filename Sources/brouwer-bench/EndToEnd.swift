import DefectChemistry
import Foundation

/// The end-to-end sweep benchmark: grid → solve → all default columns → CSV bytes → sink.
enum EndToEnd {
  static func run(model: DefectModel, threads: Int, points: Int, isotherms: Int = 100) {
    // isotherms (600 … 1500 K), each a log-spaced pO2 line 1e-35 … 1e5 atm; pH2O/pH2 fixed if exchanged
    let perLine = max(2, points / isotherms)
    let temperatures = isotherms == 1 ? [1050.0] : (0..<isotherms).map { 600.0 + 900.0 * Double($0) / Double(isotherms - 1) }
    var axes = [SweepGrid.Axis(.temperature, temperatures)]
    for name in model.pressureNames where name != "pO2" { axes.append(SweepGrid.Axis(.pressure(name), [0.03])) }
    axes.append(SweepGrid.Axis(.pressure("pO2"), (0..<perLine).map { pow(10, -35 + 40 * Double($0) / Double(perLine - 1)) }))
    let grid = SweepGrid(axes: axes)
    let layout: CSVLayout
    do { layout = try CSVLayout(model: model, grid: grid) } catch {
      FileHandle.standardError.write(Data("brouwer-bench: \(error)\n".utf8))
      exit(2)
    }
    print("brouwer-bench --end-to-end: \(model.name), \(grid.count) points (\(isotherms) T × \(perLine) pO2), \(layout.headers.count) columns (all default), output to a byte sink")
    print("threads  seconds   points/s  µs/point/core  MB out  unconverged")
    for n in Array(Set([1, threads])).sorted() {
      guard let runner = try? SweepRunner(model: model, grid: grid, layout: layout, threads: n) else { exit(2) }
      var bytes = 0
      var checksum: UInt8 = 0
      let start = monotonicSeconds()
      let summary = runner.run(emitBytes: { buffer in
        bytes += buffer.count
        checksum ^= buffer.last ?? 0  // touch the bytes as a writer would
      })
      let seconds = monotonicSeconds() - start
      let rate = Double(summary.points) / seconds
      print(String(format: "%7d  %7.2f  %9.0f  %13.3f  %6.1f  %d", n, seconds, rate, seconds * Double(n) * 1e6 / Double(summary.points),
                   Double(bytes) / 1e6, summary.unconverged) + (checksum == 255 ? " " : ""))
    }
  }
}
