import Foundation
import XCTest

/// `brouwer fit --data FILE,anneal-T=…,anneal-pO2=…`: a data set with its own anneal-and-quench state in a
/// joint fit, the others measured in equilibrium (or under the command's --anneal).
final class FitAnnealPerDataSetTests: XCTestCase {
  var dir = URL(fileURLWithPath: "/tmp")
  override func setUpWithError() throws { dir = try CLI.scratch() }
  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

  /// The true reduction of the synthetic data (gdc10's file has 4.34 eV and 99.9 J/(mol K)).
  static let truth = ["--set", "reduction.dH=4.3eV", "--set", "reduction.dS=95J/(mol K)"]

  /// Writes the two synthetic files: δ(pO2) in equilibrium at 900 °C, and δ of a sample annealed at
  /// 1100 °C, pO2 = 1e-12 atm and quenched, measured at 700–900 °C in air (its O content, so δ, is the
  /// anneal's). Returns (equilibrium, quenched) paths.
  func syntheticFiles() throws -> (String, String) {
    let eq = dir.appendingPathComponent("tga-900C.csv").path, q = dir.appendingPathComponent("quenched.csv").path
    let a = try CLI.run(["sweep", "gdc10"] + Self.truth + ["--T", "900C", "--pO2", "1e-18:1e-12:4", "--columns", "T_K,pO2_atm,delta"])
    XCTAssertEqual(a.status, 0, a.stderr)
    try a.stdout.write(toFile: eq, atomically: true, encoding: .utf8)
    let b = try CLI.run(["sweep", "gdc10"] + Self.truth + ["--anneal", "1100C,1e-12", "--T", "700C:900C:3", "--pO2", "0.21",
                                                           "--columns", "T_K,pO2_atm,delta"])
    XCTAssertEqual(b.status, 0, b.stderr)
    try b.stdout.write(toFile: q, atomically: true, encoding: .utf8)
    // quenched: one δ at every measurement temperature
    XCTAssertEqual(Set(csvRecords(b.stdout).compactMap { $0["delta"] }).count, 1, b.stdout)
    return (eq, q)
  }

  /// (dH in eV, dS in J/(mol K)) from the report's reuse: line.
  func reduction(_ report: String) throws -> (dH: Double, dS: Double) {
    let line = try XCTUnwrap(report.split(separator: "\n").first { $0.hasPrefix("reuse:") }, report)
    func value(_ key: String, _ unit: String) throws -> Double {
      let start = try XCTUnwrap(line.range(of: "\"\(key)=")).upperBound
      return try XCTUnwrap(Double(line[start...].prefix { $0 != "\"" }.dropLast(unit.count)), String(line))
    }
    return (try value("reduction.dH", "eV"), try value("reduction.dS", "J/(mol K)"))
  }

  func testQuenchedAndEquilibriumDataSetsRecoverTheReduction() throws {
    let (eq, q) = try syntheticFiles()
    let fit = ["fit", "gdc10", "--fit", "reduction.dH=4eV", "--fit", "reduction.dS"]
    let r = try CLI.run(fit + ["--data", eq, "--data", q + ",anneal-T=1100C,anneal-pO2=1e-12"])
    XCTAssertEqual(r.status, 0, r.stderr)
    // noise-free data made by brouwer itself: recovered to the solver's precision (implementation)
    let (dH, dS) = try reduction(r.stdout)
    XCTAssertEqual(dH, 4.3, accuracy: 1e-7)
    XCTAssertEqual(dS, 95, accuracy: 1e-5)
    XCTAssertTrue(r.stderr.contains("data set 2 (\(q)): annealed at 1373.15 K, pO2 = 1e-12 atm"), r.stderr)

    // the equilibrium isotherm alone fixes ΔG at 900 °C only: ΔH and ΔS need the quenched sample's 1100 °C
    let alone = try CLI.run(fit + ["--data", eq])
    XCTAssertEqual(alone.status, 3, alone.stderr)

    // read as equilibrium at 700–900 °C in air (the anneal keys dropped), the quenched δ means something else
    let dropped = try CLI.run(fit + ["--data", eq, "--data", q])
    XCTAssertTrue([0, 1].contains(dropped.status), dropped.stderr)
    let wrong = try reduction(dropped.stdout)
    XCTAssertGreaterThan(abs(wrong.dH - 4.3), 0.5, dropped.stdout)

    // the same state given by the command's --anneal, with the isotherm marked anneal=none: the same fit
    let shared = try CLI.run(fit + ["--anneal", "1100C,1e-12", "--data", eq + ",anneal=none", "--data", q])
    XCTAssertEqual(shared.status, 0, shared.stderr)
    let (dH2, dS2) = try reduction(shared.stdout)
    XCTAssertEqual(dH2, 4.3, accuracy: 1e-7)
    XCTAssertEqual(dS2, 95, accuracy: 1e-5)
    // and a file's own state overrides the command's: a wrong --anneal for the quenched file is not used
    let overridden = try CLI.run(fit + ["--anneal", "900C,1e-20", "--data", eq + ",anneal=none",
                                        "--data", q + ",anneal-T=1373.15,anneal-pO2=1e-12"])
    XCTAssertEqual(overridden.status, 0, overridden.stderr)
    XCTAssertEqual(try reduction(overridden.stdout).dH, 4.3, accuracy: 1e-7)
    XCTAssertTrue(overridden.stderr.contains("--anneal applies to no data set"), overridden.stderr)
  }

  func testBadAnnealKeysExitTwoNamingTheFileAndKey() throws {
    let data = dir.appendingPathComponent("d.csv").path
    try "T_K,pO2_atm,delta\n1073.15,1e-15,0.001\n1173.15,1e-15,0.003\n".write(toFile: data, atomically: true, encoding: .utf8)
    let cases: [(String, String)] = [
      (",anneal-T=hot,anneal-pO2=1e-12", "anneal-T must be one temperature"),
      (",anneal-T=-300C,anneal-pO2=1e-12", "anneal-T must be one temperature"),
      (",anneal-T=1100C,anneal-pO2=0", "anneal-pO2 must be one pressure > 0 atm"),
      (",anneal-pO2=1e-12", "anneal-pO2= needs anneal-T="),
      (",anneal-T=1100C", "give anneal-pO2= with anneal-T="),
      (",anneal-T=1100C,anneal-pO2=1e-12,anneal-pH2O=0.02", "anneal-pH2O=: gdc10 does not exchange H2O(g)"),
      (",anneal=yes", "anneal takes only none"),
      (",anneal=none,anneal-T=1100C", "anneal=none (measured in equilibrium) contradicts anneal-T="),
      (",anneal-T=1100C,anneal-pO2=1e-12,frozen=Xx_Ce'", "frozen=: gdc10 has no species 'Xx_Ce''"),
      (",anneal-T=1100C,anneal-pO2=1e-12,frozen=V_O..,frozen=V_O..", "frozen=V_O.. is given twice"),
    ]
    for (keys, message) in cases {
      let r = try CLI.run(["fit", "gdc10", "--data", data, "--data", data + keys, "--fit", "reduction.dH"])
      XCTAssertEqual(r.status, 2, keys + ": " + r.stderr)
      XCTAssertTrue(r.stderr.contains("--data \(data): "), keys + ": " + r.stderr)
      XCTAssertTrue(r.stderr.contains(message), keys + ": " + r.stderr)
      XCTAssertEqual(r.stdout, "", keys)
    }
  }
}
