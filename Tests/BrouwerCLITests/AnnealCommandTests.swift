import Foundation
import XCTest

/// `--anneal` / `--frozen` on solve, sweep and fit: what is frozen is said, frozen amounts are printed as annealed.
final class AnnealCommandTests: XCTestCase {
  func testSweepWithAnnealKeepsTheOxygenContentAndSaysWhatWasFrozen() throws {
    let anneal = try CLI.run(["solve", "gdc10", "--T", "1000C", "--pO2", "1e-15", "--format", "csv", "--columns", "V_O..,delta"])
    XCTAssertEqual(anneal.status, 0, anneal.stderr)
    let annealed = anneal.lines[1].split(separator: ",").map { Double($0)! }
    let r = try CLI.run(["sweep", "gdc10", "--T", "500C,700C", "--pO2", "1e-20,0.21", "--anneal", "1000C,1e-15",
                         "--columns", "T_K,pO2_atm,V_O..,delta,Ce_Ce'"])
    XCTAssertEqual(r.status, 0, r.stderr)
    // the oxygen content is frozen; the Gd–vacancy pairs re-form at each measurement T
    XCTAssertTrue(r.stderr.contains("annealed at 1273.15 K, pO2 = 1e-15 atm and quenched: frozen O content = "), r.stderr)
    XCTAssertEqual(r.lines.count, 5)
    var free: [Double] = []
    for line in r.lines.dropFirst() {
      let v = line.split(separator: ",").map { Double($0)! }
      XCTAssertEqual(v[3], annealed[1], accuracy: 1e-14)
      free.append(v[2])
    }
    XCTAssertLessThan(free[0], annealed[0], "at 500 °C more vacancies are bound than at 1000 °C")
    XCTAssertEqual(free[0], free[1], "nothing depends on pO2 after the quench")
    // naming the species freezes each as annealed (the old default)
    let named = try CLI.run(["sweep", "gdc10", "--T", "500C", "--pO2", "0.21", "--anneal", "1000C,1e-15",
                             "--frozen", "V_O..,(Gd_Ce V_O).,Gd_Ce'", "--columns", "V_O.."])
    XCTAssertEqual(named.status, 0, named.stderr)
    XCTAssertTrue(named.stderr.contains("frozen Gd_Ce' = "), named.stderr)
    XCTAssertTrue(named.stderr.contains("V_O.. = \(annealed[0]) pfu"), named.stderr)
    XCTAssertEqual(Double(named.lines[1])!, annealed[0])
  }

  func testAnnealErrorsNameTheOption() throws {
    let missing = try CLI.run(["solve", "bzy10", "--T", "300C", "--pO2", "0.21", "--pH2O", "0.02", "--anneal", "600C,0.21"])
    XCTAssertEqual(missing.status, 2)
    XCTAssertTrue(missing.stderr.contains("--anneal: bzy10 exchanges H2O(g)"), missing.stderr)
    let unknown = try CLI.run(["solve", "gdc10", "--T", "500C", "--pO2", "0.21", "--anneal", "1000C,0.21", "--frozen", "V_Ce''''"])
    XCTAssertEqual(unknown.status, 2)
    XCTAssertTrue(unknown.stderr.contains("--frozen: gdc10 has no species"), unknown.stderr)
    let orphan = try CLI.run(["solve", "gdc10", "--T", "500C", "--pO2", "0.21", "--frozen", "V_O.."])
    XCTAssertEqual(orphan.status, 2)
    XCTAssertTrue(orphan.stderr.contains("--frozen needs --anneal"), orphan.stderr)
  }

  func testSolveJSONReportsTheAnneal() throws {
    let anneal = try CLI.run(["solve", "gdc10", "--T", "1000C", "--pO2", "1e-15", "--format", "csv", "--columns", "V_O.."])
    let v = anneal.lines[1]
    let r = try CLI.run(["solve", "gdc10", "--T", "500C", "--pO2", "0.21", "--anneal", "1000C,1e-15", "--format", "json"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("\"anneal\": {\"T_K\": 1273.15, \"pO2_atm\": 1e-15, \"frozen\": {"), r.stdout)
    XCTAssertTrue(r.stdout.contains("\"frozen\": {\"O content\": "), r.stdout)
    let named = try CLI.run(["solve", "gdc10", "--T", "500C", "--pO2", "0.21", "--anneal", "1000C,1e-15", "--frozen", "V_O..,(Gd_Ce V_O).,Gd_Ce'", "--format", "json"])
    XCTAssertEqual(named.status, 0, named.stderr)
    XCTAssertTrue(named.stdout.contains("\"V_O..\": \(v)"), named.stdout)
  }
}

/// `brouwer fit` says what NAME_err means, reports dS in the file's unit and warns about correlations and placeholders.
final class FitReportTests: XCTestCase {
  func testUnitsCorrelationAndPlaceholderWarnings() throws {
    let data = try CLI.run(["sweep", "gdc10", "--T", "700C:1000C:4", "--pO2", "1e-20,1e-10", "--columns", "T_K,pO2_atm,delta", "--quiet"])
    let withErrors = data.lines.enumerated().map { $0.offset == 0 ? $0.element + ",delta_err" : $0.element + ",1e-9" }.joined(separator: "\n")
    let r = try CLI.run(["fit", "gdc10", "--data", "-", "--fit", "reduction.dH=4.2eV", "--fit", "reduction.dS"], stdin: withErrors + "\n")
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("weighted by delta_err (absolute, in the unit of delta; relative u/value for log residuals)"), r.stdout)
    let dS = try XCTUnwrap(r.lines.first { $0.hasPrefix("reduction.dS") }).split(separator: " ", omittingEmptySubsequences: true)
    XCTAssertEqual(Double(dS[2])!, 99.9, accuracy: 1e-4)
    XCTAssertEqual(dS.suffix(2).joined(separator: " "), "J/(mol K)")
    XCTAssertTrue(r.stderr.contains("reduction.dH and reduction.dS are correlated (ρ = 0.9"), r.stderr)
    XCTAssertTrue(r.stderr.contains("placeholder [R] entries of gdc10 taken as given: h., intrinsic"), r.stderr)
  }

  /// The anneal is a state of the model: one outside the validity box is said once, like the measurement's.
  func testAnAnnealOutsideTheValidityBoxIsWarnedOnce() throws {
    let r = try CLI.run(["sweep", "gdc20", "--T", "1000C", "--pO2", "1e-5:1:3", "--anneal", "1400C,0.21"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let lines = r.stderr.split(separator: "\n").filter { $0.contains("the --anneal state") }
    XCTAssertEqual(lines.count, 1, r.stderr)
    XCTAssertTrue(lines[0].contains("T_K = 1673.15"), r.stderr)
    let inside = try CLI.run(["sweep", "gdc20", "--T", "1000C", "--pO2", "1e-5:1:3", "--anneal", "950C,0.21"])
    XCTAssertFalse(inside.stderr.contains("the --anneal state"), inside.stderr)
  }
}
