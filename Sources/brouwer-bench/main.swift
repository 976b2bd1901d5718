// brouwer-bench — solver throughput on one core (release build: swift run -c release brouwer-bench).
//
// A 40-decade pO2 sweep (1e-35 … 1e5 atm, 10 points per decade) × 100 temperatures (600 … 1500 K)
// of a material (default: built-in gdc10), solved point by point on one thread:
//   cold          every point from nothing (dual Newton cold start + hybridsj polish)
//   continuation  each isotherm cold at its first point, then each point from its neighbours
// iterations/pt counts dual-Newton plus hybridsj iterations.
// Prints points per second, µs per point, the worst residual and the number of unconverged points.
//
// brouwer-bench [MATERIAL] --end-to-end [--threads N] [--points N] [--isotherms K]: the sweep as the CLI runs it —
// SweepRunner with the full default column set, rows formatted into byte buffers and handed to a
// byte sink (counted, not written) — on 1 thread and on N threads (default: all cores). Prints
// µs per point per core (wall time × threads / points) and the bytes produced. --isotherms (default 100)
// keeps the points per isotherm of a big run in a small one (for instruction counts under callgrind).
//
// brouwer-bench --formatting [--values N]: the CSV number formatter (ByteBuffer.append) against
// Double.write(to:) — ns per value for each, and every value's text compared (exit 1 on a difference).

import BuiltinMaterials
import DefectChemistry
import DecimalText
import Foundation

func monotonicSeconds() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_MONOTONIC, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

let commandLine = Array(CommandLine.arguments.dropFirst())
let endToEnd = commandLine.contains("--end-to-end")
func option(_ name: String, in words: [String]) -> Int? {
  guard let i = words.firstIndex(of: name), i + 1 < words.count else { return nil }
  return Int(words[i + 1])
}
let threadOption = option("--threads", in: commandLine)
let pointOption = option("--points", in: commandLine)
if commandLine.contains("--formatting") {
  Formatting.run(values: option("--values", in: commandLine) ?? 10_000_000)
}
let positional = commandLine.enumerated().filter { i, a in
  !a.hasPrefix("--") && !(i > 0 && ["--threads", "--points", "--isotherms", "--values"].contains(commandLine[i - 1]))
}.map(\.element)
let materialName = positional.first ?? "gdc10"
guard let text = BuiltinMaterials.yaml(named: materialName) ?? (try? String(contentsOfFile: materialName, encoding: .utf8)) else {
  FileHandle.standardError.write(Data("brouwer-bench: no built-in material or file '\(materialName)'\n".utf8))
  exit(2)
}
let model: DefectModel
do { model = try DefectModel.load(yaml: text, file: materialName) } catch {
  FileHandle.standardError.write(Data("brouwer-bench: \(error)\n".utf8))
  exit(2)
}
guard model.pressureNames == ["pO2"] || model.pressureNames.allSatisfy({ ["pO2", "pH2O"].contains($0) }) else {
  FileHandle.standardError.write(Data("brouwer-bench: \(model.name) needs \(model.pressureNames)\n".utf8))
  exit(2)
}

if endToEnd {
  EndToEnd.run(model: model, threads: threadOption ?? ProcessInfo.processInfo.activeProcessorCount,
               points: pointOption ?? 1_000_000, isotherms: max(1, option("--isotherms", in: commandLine) ?? 100))
  exit(0)
}

let temperatures = (0..<100).map { 600.0 + 900.0 * Double($0) / 99 }
let lnPO2 = (0...400).map { (-35.0 + 0.1 * Double($0)) * log(10.0) }
let pointsPerPass = temperatures.count * lnPO2.count
let solver = EquilibriumSolver(model: model)
var lnP = [Double](repeating: log(0.03), count: model.gases.count)  // pH2O = 0.03 atm if the model has water
let o2 = model.pressureNames.firstIndex(of: "pO2")!

struct Figures {
  var seconds = 0.0, points = 0, worst = 0.0, unconverged = 0, iterations = 0, cold = 0
}

@MainActor
func pass(continuation: Bool) -> Figures {
  var f = Figures()
  let start = monotonicSeconds()
  for T in temperatures {
    solver.resetContinuation()
    for x in lnPO2 {
      lnP[o2] = x
      let o = lnP.withUnsafeBufferPointer { solver.solvePoint(temperature: T, lnPressures: $0, continuation: continuation) }
      f.points += 1
      f.worst = max(f.worst, o.residual)
      f.iterations += o.iterations
      if o.coldStart { f.cold += 1 }
      if !o.converged { f.unconverged += 1 }
    }
  }
  f.seconds = monotonicSeconds() - start
  return f
}

print("brouwer-bench: \(model.name), \(lnPO2.count) pO2 points (1e-35…1e5 atm) × \(temperatures.count) temperatures (600…1500 K) = \(pointsPerPass) points per pass, 1 thread")
print("mode          passes     points/s  µs/point  iterations/pt  cold starts/pass  max residual  unconverged")
for (name, continuation, passes) in [("cold", false, 3), ("continuation", true, 10)] {
  _ = pass(continuation: continuation)  // warm-up
  var total = Figures()
  for _ in 0..<passes {
    let f = pass(continuation: continuation)
    total.seconds += f.seconds; total.points += f.points; total.worst = max(total.worst, f.worst)
    total.unconverged += f.unconverged; total.iterations += f.iterations; total.cold += f.cold
  }
  let rate = Double(total.points) / total.seconds
  print(name.padding(toLength: 12, withPad: " ", startingAt: 0) + String(format: "  %6d  %11.0f  %8.3f  %13.2f  %16d  %12.2e  %d", passes, rate,
               1e6 / rate, Double(total.iterations) / Double(total.points), total.cold / passes, total.worst, total.unconverged))
}
