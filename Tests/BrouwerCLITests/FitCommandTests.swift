import Foundation
import XCTest

/// `brouwer fit` end to end: data in, fitted parameters out, exit statuses.
final class FitCommandTests: XCTestCase {
  var dir = URL(fileURLWithPath: "/tmp")

  override func setUpWithError() throws { dir = try CLI.scratch() }
  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

  /// The value after `NAME=` in the report's `reuse:` line.
  func reused(_ name: String, in report: String) throws -> Double {
    let line = try XCTUnwrap(report.split(separator: "\n").first { $0.hasPrefix("reuse:") })
    let key = "\"\(name)="
    let start = try XCTUnwrap(line.range(of: key)).upperBound
    return try XCTUnwrap(Double(line[start...].prefix { $0 != "\"" }))
  }

  func testRecoversTheDopantLevelThatMadeTheData() throws {
    // "measured" δ: a GDC with 13 % Gd; fitting the 10 % file must find 0.13
    let sweep = try CLI.run(["sweep", "gdc10", "--set", "Gd_Ce'=0.13", "--T", "800C", "--pO2", "1e-25:1e-10:7",
                             "--columns", "T_K,pO2_atm,delta"])
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    let out = dir.appendingPathComponent("fit.csv").path
    let r = try CLI.run(["fit", "gdc10", "--data", "-", "--fit", "Gd_Ce'", "--output", out], stdin: sweep.stdout)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(try reused("Gd_Ce'", in: r.stdout), 0.13, accuracy: 1e-7)
    XCTAssertTrue(r.stdout.contains("7 values of delta"), r.stdout)
    let rows = csvRecords(try String(contentsOfFile: out, encoding: .utf8))
    XCTAssertEqual(rows.count, 7)
    for row in rows {
      XCTAssertEqual(try XCTUnwrap(Double(row["residual_log"] ?? "")), 0, accuracy: 1e-7)
    }
  }

  func testRefitsLSCFOxidationToPublishedIsothermsAsJSON() throws {
    let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Data/reference/lscf6428_delta_bouwmeester.csv").path
    let r = try CLI.run(["fit", "lscf6428", "--data", reference, "--fit", "oxidation.dH=-50kJ/mol",
                         "--fit", "oxidation.dS=-20J/(mol K)", "--format", "json"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(json["points"] as? Int, 24)
    XCTAssertEqual(json["converged"] as? Bool, true)
    // at least as good as the shipped fit (rms 0.1267 in ln δ, with its vacancy excess W held at the file's
    // value), and the same optimum: −78.6 kJ/mol
    XCTAssertLessThanOrEqual(try XCTUnwrap(json["rms"] as? Double), 0.1268)
    let parameters = try XCTUnwrap(json["parameters"] as? [[String: Any]])
    let dH = try XCTUnwrap(parameters.first { $0["name"] as? String == "oxidation.dH" }?["value"] as? Double)
    XCTAssertEqual(dH * 96.485332, -78.63, accuracy: 0.5)
  }

  func testBadFitInputsExitTwoAndWriteNothing() throws {
    let out = dir.appendingPathComponent("never.csv").path
    let noColumn = try CLI.run(["fit", "gdc10", "--data", "-", "--fit", "Gd_Ce'", "--output", out],
                               stdin: "T_K,delta\n1073,0.01\n")
    XCTAssertEqual(noColumn.status, 2)
    XCTAssertTrue(noColumn.stderr.contains("pO2_atm"), noColumn.stderr)
    let badNumber = try CLI.run(["fit", "gdc10", "--data", "-", "--fit", "Gd_Ce'", "--output", out],
                                stdin: "T_K,pO2_atm,delta\n1073,1e-20,0.01\n1073,abc,0.02\n")
    XCTAssertEqual(badNumber.status, 2)
    XCTAssertTrue(badNumber.stderr.contains("<stdin>:3"), badNumber.stderr)
    let unknown = try CLI.run(["fit", "gdc10", "--data", "-", "--fit", "Ce_Ce'"], stdin: "T_K,pO2_atm,delta\n1073,1e-20,0.01\n")
    XCTAssertEqual(unknown.status, 2)
    XCTAssertTrue(unknown.stderr.contains("--fit"), unknown.stderr)
    let none = try CLI.run(["fit", "gdc10", "--data", "-"], stdin: "T_K,pO2_atm,delta\n1073,1e-20,0.01\n")
    XCTAssertEqual(none.status, 2)
    XCTAssertFalse(FileManager.default.fileExists(atPath: out))
  }
  func testStartAtTheOptimumBlankLinesAndUndeterminedParameters() throws {
    let sweep = try CLI.run(["sweep", "gdc10", "--set", "Gd_Ce'=0.13", "--T", "800C", "--pO2", "1e-25:1e-10:7",
                             "--columns", "T_K,pO2_atm,delta"])
    let data = sweep.stdout + "\n\n"  // trailing blank lines are not data
    // starting exactly at the optimum is convergence, not "no progress"
    let atOptimum = try CLI.run(["fit", "gdc10", "--data", "-", "--fit", "Gd_Ce'=0.13"], stdin: data)
    XCTAssertEqual(atOptimum.status, 0, atOptimum.stderr + atOptimum.stdout)
    XCTAssertEqual(try reused("Gd_Ce'", in: atOptimum.stdout), 0.13, accuracy: 1e-9)
    // at one temperature ΔH and ΔS of a reaction enter only through ln K = ΔS − ΔH/k_BT: the data determine
    // them only together — say so, exit 3 (not identifiable). (Not the hole–polaron entropy: δ = ([Ce_Ce'] − [h.])/2
    // does depend on it, by p/n ≈ 1e-8 here, which the exact δ of issue 22 item 5 now resolves and a fit may use.)
    let flat = try CLI.run(["fit", "gdc10", "--data", "-", "--fit", "reduction.dH", "--fit", "reduction.dS"], stdin: data)
    XCTAssertEqual(flat.status, 3)
    XCTAssertTrue(flat.stderr.contains("cannot fix reduction.dH, reduction.dS separately"), flat.stderr)
    XCTAssertTrue(flat.stdout.contains("undetermined"), flat.stdout)
    // a start the model cannot take is bad input
    let zero = try CLI.run(["fit", "gdc10", "--data", "-", "--fit", "Gd_Ce'=0"], stdin: data)
    XCTAssertEqual(zero.status, 2)
    // a constant that conflicts with a column is refused, not silently ignored
    let both = try CLI.run(["fit", "gdc10", "--data", "-", "--fit", "Gd_Ce'", "--pO2", "1e-5"], stdin: data)
    XCTAssertEqual(both.status, 2)
    XCTAssertTrue(both.stderr.contains("conflicts with the column pO2_atm"), both.stderr)
  }

  /// The three ways a fit can mislead, each with its message and exit status: not identifiable (3), a
  /// parameter at its bound (4), χ²/dof far above 1 with stated uncertainties (0, errors inflated and said).
  func testNotIdentifiableAtABoundAndChiSquaredFarAboveOne() throws {
    let sweep = try CLI.run(["sweep", "gdc10", "--T", "800C", "--pO2", "1e-22:1e-10:5", "--columns", "T_K,pO2_atm,delta"])
    let singular = try CLI.run(["fit", "gdc10", "--data", "-", "--fit", "reduction.dH=4eV", "--fit", "reduction.dS"], stdin: sweep.stdout)
    XCTAssertEqual(singular.status, 3, singular.stderr)
    XCTAssertTrue(singular.stderr.contains("not identifiable: these data cannot fix reduction.dH, reduction.dS separately"), singular.stderr)
    XCTAssertTrue(singular.stdout.contains("undetermined"), singular.stdout)
    XCTAssertFalse(singular.stdout.contains("e+0"), singular.stdout)  // no 1e9 eV errors
    let lscf = try CLI.run(["sweep", "ceo2", "--T", "800C", "--pO2", "1e-2:1:3", "--columns", "T_K,pO2_atm,delta"])
    let scaled = lscf.stdout.split(separator: "\n").enumerated().map { k, line -> String in
      guard k > 0 else { return String(line) }
      let f = line.split(separator: ",")
      return "\(f[0]),\(f[1]),\(Double(f[2])! * 0.3)"
    }.joined(separator: "\n")
    let bound = try CLI.run(["fit", "ceo2", "--data", "-", "--fit", "vv.W=90eV"], stdin: scaled)
    XCTAssertEqual(bound.status, 4, bound.stderr)
    XCTAssertTrue(bound.stderr.contains("vv.W runs into the edge of what the model admits"), bound.stderr)
    XCTAssertFalse(bound.stderr.contains("no convergence in"), bound.stderr)
    XCTAssertTrue(bound.stdout.contains("at its bound"), bound.stdout)
    // ±15 % scatter stated as 2 %
    let noisy = sweep.stdout.split(separator: "\n").enumerated().map { k, line -> String in
      guard k > 0 else { return line + ",delta_err" }
      let f = line.split(separator: ",")
      let v = Double(f[2])! * (k % 2 == 0 ? 1.15 : 1 / 1.15)
      return "\(f[0]),\(f[1]),\(v),\(0.02 * v)"
    }.joined(separator: "\n")
    let high = try CLI.run(["fit", "gdc10", "--data", "-", "--fit", "Gd_Ce'", "--format", "json"], stdin: noisy)
    XCTAssertEqual(high.status, 0, high.stderr)
    XCTAssertTrue(high.stderr.contains("they do not explain the scatter"), high.stderr)
    let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(high.stdout.utf8)) as? [String: Any])
    XCTAssertEqual(json["covariance_scaling"] as? String, "inflated")
    XCTAssertEqual(json["verdict"] as? String, "ok")
    XCTAssertGreaterThan(try XCTUnwrap(json["reduced_chi_squared"] as? Double), 10)
    let table = try CLI.run(["fit", "gdc10", "--data", "-", "--fit", "Gd_Ce'"], stdin: noisy)
    XCTAssertTrue(table.stdout.contains("standard errors: INFLATED by √(chi²/dof)"), table.stdout)
  }

  /// Three files, three observables (δ at 800 °C, σ_total at 900 °C with T given per file, σ_ion(T) in air):
  /// one joint fit recovers the level, ΔH and ΔS that made them; a per-file level with @K.
  func testJoinsThreeDataFilesInOneFit() throws {
    func sweep(_ args: [String]) throws -> String {
      let r = try CLI.run(["sweep", "gdc10", "--set", "Gd_Ce'=0.13", "--set", "reduction.dH=4.3eV"] + args)
      XCTAssertEqual(r.status, 0, r.stderr)
      return r.stdout
    }
    let tga = dir.appendingPathComponent("tga.csv").path, probe = dir.appendingPathComponent("probe.csv").path
    let eis = dir.appendingPathComponent("eis.csv").path
    try sweep(["--T", "800C", "--pO2", "1e-20:1e-10:5", "--columns", "T_K,pO2_atm,delta"]).write(toFile: tga, atomically: true, encoding: .utf8)
    try sweep(["--T", "900C", "--pO2", "1e-22:1e-6:5", "--columns", "pO2_atm,sigma_total_S_cm"]).write(toFile: probe, atomically: true, encoding: .utf8)
    try sweep(["--T", "700C:1000C:4", "--pO2", "0.21", "--columns", "T_C,sigma_ion_S_cm"]).write(toFile: eis, atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("joint.csv").path
    let r = try CLI.run(["fit", "gdc10", "--data", tga, "--data", probe + ",T=900C", "--data", eis + ",pO2=0.21",
                         "--fit", "Gd_Ce'", "--fit", "reduction.dH=4eV", "--fit", "reduction.dS", "--output", out])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("joint fit of 3 data sets, 14 values"), r.stdout)
    XCTAssertEqual(try reused("Gd_Ce'", in: r.stdout), 0.13, accuracy: 1e-8)
    let dH = try XCTUnwrap(r.stdout.split(separator: "\"reduction.dH=").last?.split(separator: "eV\"").first)
    XCTAssertEqual(try XCTUnwrap(Double(dH)), 4.3, accuracy: 1e-7)
    let rows = csvRecords(try String(contentsOfFile: out, encoding: .utf8))
    XCTAssertEqual(rows.count, 14)
    XCTAssertEqual(Set(rows.compactMap { $0["observable"] }), ["delta", "sigma_total_S_cm", "sigma_ion_S_cm"])
    // the δ file alone cannot separate ΔH and ΔS: exit 3 with the combination
    let alone = try CLI.run(["fit", "gdc10", "--data", tga, "--fit", "Gd_Ce'", "--fit", "reduction.dH=4eV", "--fit", "reduction.dS"])
    XCTAssertEqual(alone.status, 3, alone.stderr)
    XCTAssertTrue(alone.stderr.contains("cannot fix reduction.dH, reduction.dS separately"), alone.stderr)
    // one level per file
    let each = try CLI.run(["fit", "gdc10", "--data", tga, "--data", probe + ",T=900C", "--fit", "Gd_Ce'@1", "--fit", "Gd_Ce'@2",
                            "--fit", "reduction.dH=4eV"])
    XCTAssertEqual(each.status, 0, each.stderr)
    XCTAssertTrue(each.stdout.contains("Gd_Ce'@1"), each.stdout)
    for k in 1...2 {
      let line = try XCTUnwrap(each.stdout.split(separator: "\n").first { $0.hasPrefix("reuse for data set \(k): ") })
      let value = try XCTUnwrap(Double(line.split(separator: "\"Gd_Ce'=")[1].prefix { $0 != "\"" }))
      XCTAssertEqual(value, 0.13, accuracy: 1e-7)
    }
  }

  func testProfileIntervalNextToTheWaldInterval() throws {
    // δ with ±30 % scatter stated as such: the profile interval of the level is asymmetric, the linearised
    // one is not, and the difference (more than a tenth of the half-width) is warned about
    let sweep = try CLI.run(["sweep", "gdc10", "--T", "800C", "--pO2", "1e-16:1e-10:4", "--columns", "T_K,pO2_atm,delta"])
    let noisy = sweep.stdout.split(separator: "\n").enumerated().map { k, line -> String in
      guard k > 0 else { return line + ",delta_err" }
      let f = line.split(separator: ",")
      let v = Double(f[2])! * exp(k % 2 == 0 ? 0.3 : -0.3)
      return "\(f[0]),\(f[1]),\(v),\(0.3 * v)"
    }.joined(separator: "\n")
    let r = try CLI.run(["fit", "gdc10", "--data", "-", "--fit", "Gd_Ce'", "--profile", "Gd_Ce'", "--format", "json"], stdin: noisy)
    XCTAssertEqual(r.status, 0, r.stderr)
    let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let profile = try XCTUnwrap((json["profiles"] as? [[String: Any]])?.first)
    let lower = try XCTUnwrap(profile["lower"] as? Double), upper = try XCTUnwrap(profile["upper"] as? Double)
    let wl = try XCTUnwrap(profile["wald_lower"] as? Double), wu = try XCTUnwrap(profile["wald_upper"] as? Double)
    XCTAssertLessThan(lower, upper)
    XCTAssertEqual((wl + wu) / 2, try XCTUnwrap((json["parameters"] as? [[String: Any]])?.first?["value"] as? Double), accuracy: 1e-12)
    XCTAssertGreaterThan(try XCTUnwrap(profile["discrepancy"] as? Double), 0.1)
    XCTAssertTrue(r.stderr.contains("the linearised interval of Gd_Ce' is unreliable"), r.stderr)
    let table = try CLI.run(["fit", "gdc10", "--data", "-", "--fit", "Gd_Ce'", "--profile", "Gd_Ce'", "--level", "0.95"], stdin: noisy)
    XCTAssertTrue(table.stdout.contains("profile Gd_Ce' (95 %):"), table.stdout)
  }
}
