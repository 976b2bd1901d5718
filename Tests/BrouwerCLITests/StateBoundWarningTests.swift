import BuiltinMaterials
import Foundation
import XCTest

/// Every command that solves states checks the material's state bounds (`validity: {delta: …}`) and says so
/// once per run; `--quiet` silences it; the expansion law's own range is checked where its columns are shown
/// (issue 22, item 2).
final class StateBoundWarningTests: XCTestCase {
  /// ceo2 with δ bounded to 0…0.007, written to a scratch file: at 1773 K, 1e-12 atm ceo2 reaches δ ≈ 0.44.
  private func boundedCeria() throws -> String {
    // the file's own δ bound (if any) is replaced, not duplicated
    let yaml = try XCTUnwrap(BuiltinMaterials.yaml(named: "ceo2"))
      .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("  delta: [") }.joined(separator: "\n")
      .replacingOccurrences(of: "\nvalidity:\n", with: "\nvalidity:\n  delta: [0, 0.007]\n")
    XCTAssertTrue(yaml.contains("  delta: [0, 0.007]"))
    let file = try CLI.scratch().appendingPathComponent("ceo2-bounded.yaml")
    try yaml.write(to: file, atomically: true, encoding: .utf8)
    return file.path
  }

  private func deltaWarnings(_ r: CLIResult) -> [Substring] {
    r.stderr.split(separator: "\n").filter { $0.contains("delta") && $0.contains("leaves the validity range of ceo2 (0…0.007)") }
  }

  func testEveryCommandThatSolvesWarnsOnce() throws {
    let file = try boundedCeria()
    let dir = try CLI.scratch()
    let data = dir.appendingPathComponent("delta.csv")
    try "T_K,pO2_atm,delta\n1773,1e-12,0.44\n1773,1e-10,0.3\n1773,1e-8,0.17\n".write(to: data, atomically: true, encoding: .utf8)
    let runs: [(String, [String])] = [
      ("sweep", ["sweep", file, "--T", "1773", "--pO2", "1e-12:1:7", "--columns", "delta"]),
      ("solve", ["solve", file, "--T", "1773", "--pO2", "1e-12"]),
      ("plot", ["plot", file, "--T", "1773", "--pO2", "1e-12:1:7", "--output", dir.appendingPathComponent("p.svg").path]),
      ("map", ["map", file, "--T", "1600:1773:3", "--pO2", "1e-12:1:5", "--z", "delta", "--output", dir.appendingPathComponent("m.svg").path]),
      // [V_O..] = [(Ce_Ce V_O).] near 0.08 atm, where δ ≈ 0.0088
      ("domain", ["domain", file, "--T", "1773", "--cross", "V_O..,(Ce_Ce V_O).", "--pO2", "1e-10:1:100", "--format", "csv"]),
      ("fit", ["fit", file, "--data", data.path, "--fit", "reduction.dH"]),
      ("permeation", ["permeation", file, "--T", "1773", "--feed", "0.21", "--permeate", "1e-12", "--thickness", "1mm"]),
      ("anneal", ["sweep", file, "--T", "800C", "--pO2", "1e-3", "--anneal", "1773,1e-12", "--columns", "delta"]),
      ("cell", ["cell", file, "--T", "1773", "--cathode", "0.21", "--anode", "1e-12", "--thickness", "1mm"]),
    ]
    for (name, arguments) in runs {
      let r = try CLI.run(arguments)
      XCTAssertTrue([0, 1].contains(r.status), "\(name): \(r.stderr)")
      // with --anneal: the anneal state, and the quenched state the sweep reports (same δ), once each
      let warnings = deltaWarnings(r)
      XCTAssertEqual(warnings.count, name == "anneal" ? 2 : 1, "\(name): \(r.stderr)")
      if name == "anneal" { XCTAssertEqual(warnings.filter { $0.contains("the --anneal state: delta = ") }.count, 1, r.stderr) }
      XCTAssertTrue(warnings.first?.hasPrefix("brouwer: warning: ") ?? false, "\(name): \(r.stderr)")
    }
  }

  /// The anneal's own state is named as such, and the quenched state (same δ) is flagged by the sweep too.
  func testTheAnnealStateIsNamed() throws {
    let r = try CLI.run(["solve", try boundedCeria(), "--T", "800C", "--pO2", "1e-3", "--anneal", "1773,1e-12"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stderr.contains("brouwer: warning: the --anneal state: delta = 0.4"), r.stderr)
  }

  func testQuietSilencesButTheColumnRecords() throws {
    let file = try boundedCeria()
    let r = try CLI.run(["sweep", file, "--T", "1773", "--pO2", "1e-12,1", "--columns", "delta,in_validity", "--quiet"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(r.stderr, "")
    let rows = r.lines.dropFirst().map { $0.split(separator: ",") }
    XCTAssertEqual(rows.count, 2)
    XCTAssertGreaterThan(Double(rows[0][0])!, 0.007)
    XCTAssertEqual(rows[0][1], "false")
    XCTAssertLessThan(Double(rows[1][0])!, 0.007)
    XCTAssertEqual(rows[1][1], "true")
    let p = try CLI.run(["permeation", file, "--T", "1773", "--feed", "0.21", "--permeate", "1e-12", "--thickness", "1mm", "--quiet"])
    XCTAssertEqual(p.stderr, "")
  }

  /// Inside every bound nothing is said.
  func testInsideIsSilent() throws {
    let r = try CLI.run(["sweep", try boundedCeria(), "--T", "1300", "--pO2", "1e-3:1:4", "--columns", "delta"])
    XCTAssertEqual(r.status, 0, r.stderr)
    // nothing but ceo2's solver note (attractive vacancy excess: homotopy at every point)
    XCTAssertEqual(r.stderr.split(separator: "\n").filter { !$0.hasPrefix("brouwer: note: ceo2 has attractive") }, [], r.stderr)
  }

  /// lsf64's expansion law (932–1050 K, δ 0.05–0.2): its lattice columns at 800 °C in air are extrapolations.
  func testExpansionRangeWarnsWithLatticeColumnsOnly() throws {
    let with = try CLI.run(["sweep", "lsf64", "--T", "800C", "--pO2", "0.21", "--columns", "delta,lattice_A,in_validity"])
    XCTAssertEqual(with.status, 0, with.stderr)
    XCTAssertTrue(with.stderr.contains("T_K = 1073.15 leaves the range of lsf64's expansion law (932…1050)"), with.stderr)
    XCTAssertTrue(with.stdout.hasSuffix(",false\n"), with.stdout)
    let without = try CLI.run(["sweep", "lsf64", "--T", "800C", "--pO2", "0.21", "--columns", "delta,in_validity"])
    XCTAssertEqual(without.stderr, "")
    XCTAssertTrue(without.stdout.hasSuffix(",true\n"), without.stdout)
  }
}

/// A value that cannot be represented at a converged state makes its row `converged=false`, `reason` names the
/// column, the run warns once and exits 1 (issue 19): never an empty cell under `converged=true`.
final class EmptyValueWarningTests: XCTestCase {
  func testUnrepresentableValueMakesTheRowInvalidWithAReason() throws {
    // lsf64's expansion law with α_δ = −30 Å per unit δ: at 1e-20 atm (δ ≈ 0.3) a(T, δ) would be negative
    let yaml = try XCTUnwrap(BuiltinMaterials.yaml(named: "lsf64")).replacingOccurrences(of: "    value: 0.144\n", with: "    value: -30\n")
    let file = try CLI.scratch().appendingPathComponent("steep.yaml")
    try yaml.write(to: file, atomically: true, encoding: .utf8)
    let r = try CLI.run(["sweep", file.path, "--T", "1073.15", "--pO2", "1e-20,0.21", "--columns", "delta,lattice_A,converged,reason"])
    XCTAssertEqual(r.status, 1, r.stderr)
    XCTAssertEqual(r.lines.count, 3)
    let reduced = r.lines[1].split(separator: ",", omittingEmptySubsequences: false)
    XCTAssertEqual(Array(reduced.dropFirst()), ["", "false", "no value: lattice_A"], r.stdout)
    XCTAssertTrue(r.lines[2].hasSuffix(",true,"), r.stdout)
    XCTAssertTrue(r.stderr.contains("brouwer: warning: lattice_A has no value in 1 of 2 solved rows"), r.stderr)
    XCTAssertTrue(r.stderr.contains("1 of 2 points have a value that cannot be represented (rows with converged=false)"), r.stderr)
    // the reason of a point that did not converge, and of a valid row
    let ok = try CLI.run(["sweep", "gdc10", "--T", "800C", "--pO2", "0.21", "--columns", "delta,converged,reason"])
    XCTAssertEqual(ok.status, 0, ok.stderr)
    XCTAssertTrue(ok.lines[1].hasSuffix(",true,"), ok.stdout)
  }

  /// After a quench the oxygen content has no path along pO2: Θ, D̃ and E_a at fixed δ are not columns (rather
  /// than columns that are never valid), so a default quenched sweep is valid.
  func testQuenchedModelOffersNoThermodynamicFactor() throws {
    let r = try CLI.run(["sweep", "gdc10", "--T", "500C", "--pO2", "1e-5,1", "--anneal", "1000C,0.21", "--quiet"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertFalse(r.lines[0].contains("thermodynamic_factor") || r.lines[0].contains("Dchem"), r.lines[0])
    XCTAssertTrue(r.lines.dropFirst().allSatisfy { $0.contains(",true,") }, r.stdout)
  }
}
