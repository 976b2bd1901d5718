import Foundation
import XCTest

final class SweepCommandTests: XCTestCase {
  var dir = URL(fileURLWithPath: "/tmp")
  var material = ""

  override func setUpWithError() throws {
    dir = try CLI.scratch()
    material = dir.appendingPathComponent("gdc.yaml").path
    try testMaterial.write(toFile: material, atomically: true, encoding: .utf8)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

  func testSweepWritesHeaderAndOneRowPerPoint() throws {
    let r = try CLI.run(["sweep", material, "--T", "1073", "--pO2", "1e-30:1:31"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let rows = csvRows(r.stdout)
    XCTAssertEqual(rows[0], ["T_K", "pO2_atm", "Gd_Ce'", "Ce_Ce'", "Ce_Ce^x", "V_O..", "O_O^x", "h.", "delta",
                             "thermodynamic_factor", "converged", "residual"])
    XCTAssertEqual(rows.count, 32)
    XCTAssertEqual(Double(rows[1][1])!, 1e-30, accuracy: 1e-44)
    XCTAssertEqual(Double(rows[31][1])!, 1.0)
    for row in csvRecords(r.stdout) {
      XCTAssertEqual(row["converged"], "true")
      XCTAssertLessThanOrEqual(try XCTUnwrap(Double(row["residual"] ?? "")), 1e-10)
      // charge balance from the printed numbers: [Gd'] + [Ce'] = 2[V] + [h]
      let v = try ["Gd_Ce'", "Ce_Ce'", "V_O..", "h."].map { try XCTUnwrap(Double(row[$0] ?? "")) }
      XCTAssertEqual(v[0] + v[1], 2 * v[2] + v[3], accuracy: 1e-12)
      // δ = [V] − x/2 for GDC10 written O1.95−δ
      XCTAssertEqual(try XCTUnwrap(Double(row["delta"] ?? "")), v[2] - 0.05, accuracy: 1e-13)
    }
    // the -1/4 regime shows in the table: [Ce'] falls by 10^(5/4) per 5 decades at high pO2
    let n1 = Double(rows[26][3])!, n2 = Double(rows[31][3])!
    XCTAssertEqual(log10(n1 / n2), 1.25, accuracy: 0.01)
  }

  func testColumnsAcceptUnicodeKrogerVinkSpellings() throws {
    let r = try CLI.run(["sweep", material, "--T", "1073", "--pO2", "1", "--columns", "V_O••,Gd_Ce′,O_O×"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let rows = csvRows(r.stdout)
    XCTAssertEqual(rows[0], ["V_O..", "Gd_Ce'", "O_O^x"], "headers are the canonical ASCII labels")
    XCTAssertEqual(Double(rows[1][0])! + Double(rows[1][2])!, 2, accuracy: 1e-12)  // O sites: [V_O..] + [O_O^x] = 2
  }

  func testGridIsTemperatureOuterPressureInner() throws {
    let r = try CLI.run(["sweep", material, "--T", "700C,800C", "--pO2", "1e-20:1e-10:3"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let rows = csvRows(r.stdout).dropFirst().map { ($0[0], $0[1]) }
    XCTAssertEqual(rows.map(\.0), ["973.15", "973.15", "973.15", "1073.15", "1073.15", "1073.15"])
    XCTAssertEqual(rows.map(\.1), ["1e-20", "1e-15", "1e-10", "1e-20", "1e-15", "1e-10"])
  }

  func testSetOverridesAFixedLevelAndCanBeSwept() throws {
    let one = try CLI.run(["sweep", material, "--T", "1073", "--pO2", "1", "--set", "Gd_Ce'=0.2"])
    XCTAssertEqual(one.status, 0, one.stderr)
    let row = csvRows(one.stdout)[1]
    XCTAssertEqual(row[2], "0.2")
    XCTAssertEqual(Double(row[5])!, 0.1, accuracy: 1e-5)  // [V] = x/2 in air
    let swept = try CLI.run(["sweep", material, "--T", "1073", "--pO2", "1e-20,1", "--set", "Gd_Ce'=0.1:0.3:3",
                             "--set", "reduction.dH=4.1eV", "--columns", "set_Gd_Ce'_pfu,pO2_atm,V_O..,converged"])
    XCTAssertEqual(swept.status, 0, swept.stderr)
    let rows = csvRows(swept.stdout)
    XCTAssertEqual(rows[0], ["set_Gd_Ce'_pfu", "pO2_atm", "V_O..", "converged"])
    XCTAssertEqual(rows.count, 7)
    XCTAssertEqual(rows.dropFirst().map { $0[0] }, ["0.1", "0.1", "0.2", "0.2", "0.3", "0.3"])
    XCTAssertEqual(Double(rows[6][2])!, 0.15, accuracy: 1e-4)
    // linear grids print the decimals the user typed (no 0.15000000000000002)
    let fine = try CLI.run(["sweep", material, "--T", "1073", "--pO2", "1", "--set", "Gd_Ce'=0.05:0.2:4",
                            "--columns", "set_Gd_Ce'_pfu"])
    XCTAssertEqual(csvRows(fine.stdout).dropFirst().map { $0[0] }, ["0.05", "0.1", "0.15", "0.2"])
    // δ of built-in GDC is measured from 2 − [Gd]/2 at each swept level: δ = ([Ce_Ce'] − [h.])/2 on every row
    let gdc = try CLI.run(["sweep", "gdc10", "--T", "800C", "--pO2", "1e-20", "--set", "Gd_Ce'=0.05:0.2:4",
                           "--columns", "Ce_Ce',h.,delta"])
    XCTAssertEqual(gdc.status, 0, gdc.stderr)
    for row in csvRows(gdc.stdout).dropFirst() {
      let (ce, h, delta) = (Double(row[0])!, Double(row[1])!, Double(row[2])!)
      XCTAssertEqual(delta, (ce - h) / 2, accuracy: 1e-12)
    }
  }

  func testShardsConcatenateToTheWholeSweepByteForByte() throws {
    let args = ["sweep", material, "--T", "900:1300:5", "--pO2", "1e-25:1:26", "--slopes"]
    let whole = try CLI.run(args)
    XCTAssertEqual(whole.status, 0)
    var joined = ""
    for k in 1...3 {
      let part = try CLI.run(args + ["--shard", "\(k)/3", "--threads", "\(k)"])
      XCTAssertEqual(part.status, 0, part.stderr)
      joined += part.stdout
    }
    XCTAssertEqual(joined, whole.stdout)
    let single = try CLI.run(args + ["--threads", "1"])
    XCTAssertEqual(single.stdout, whole.stdout)
  }

  /// More shards than points: the empty shards print nothing (the first its header) and say so; joined, the
  /// shards are still the whole sweep.
  func testMoreShardsThanPointsStillJoinToTheWholeSweep() throws {
    let args = ["sweep", material, "--T", "1073", "--pO2", "1e-10,1"]
    let whole = try CLI.run(args)
    var joined = ""
    for k in 1...5 {
      let part = try CLI.run(args + ["--shard", "\(k)/5"])
      XCTAssertEqual(part.status, 0, part.stderr)
      joined += part.stdout
      let empty = part.stdout.split(separator: "\n").count <= (k == 1 ? 1 : 0)
      XCTAssertEqual(part.stderr.contains("brouwer: note: shard \(k)/5 holds none of the grid's 2 points"), empty, part.stderr)
      let quiet = try CLI.run(args + ["--shard", "\(k)/5", "--quiet"])
      XCTAssertEqual(quiet.stderr, "")
    }
    XCTAssertEqual(joined, whole.stdout)
  }

  func testStdinInputAndOutputFile() throws {
    let out = dir.appendingPathComponent("out.csv").path
    let r = try CLI.run(["sweep", "-", "--T", "1073", "--pO2", "1e-10:1:3", "--output", out], stdin: testMaterial)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(r.stdout, "")
    let text = try String(contentsOfFile: out, encoding: .utf8)
    XCTAssertEqual(csvRows(text).count, 4)
  }

  func testUnitsSiteAndCm3() throws {
    let site = csvRows(try CLI.run(["sweep", material, "--T", "1073", "--pO2", "1", "--units", "site"]).stdout)
    let fu = csvRows(try CLI.run(["sweep", material, "--T", "1073", "--pO2", "1"]).stdout)
    XCTAssertEqual(Double(site[1][5])!, Double(fu[1][5])! / 2, accuracy: 1e-15)
    let cm3 = csvRows(try CLI.run(["sweep", material, "--T", "1073", "--pO2", "1", "--units", "cm3"]).stdout)
    XCTAssertEqual(Double(cm3[1][2])!, 0.1 * 2.52e22, accuracy: 1e9)
  }
}

/// The built-in materials from the command line, as the README's first command uses them.
final class BuiltinMaterialCommandTests: XCTestCase {
  func testMaterialsListsTheBuiltinsAndShowPrintsAValidFile() throws {
    let list = try CLI.run(["materials"])
    XCTAssertEqual(list.status, 0, list.stderr)
    for name in ["ceo2", "gdc10", "gdc20", "lsf64", "lsf", "lscf6428", "bzy10", "bcy10"] {
      XCTAssertTrue(list.stdout.contains("\n\(name) "), name)
    }
    let show = try CLI.run(["show", "gdc10"])
    XCTAssertEqual(show.status, 0)
    let check = try CLI.run(["check", "-"], stdin: show.stdout)
    XCTAssertEqual(check.status, 0, check.stderr)
    XCTAssertEqual(try CLI.run(["show", "unobtainium"]).status, 2)
  }

  func testReadmeSweepOfGDC10() throws {
    let r = try CLI.run(["sweep", "gdc10", "--T", "800C", "--pO2", "1e-30:1:31"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let rows = csvRecords(r.stdout)
    XCTAssertEqual(rows.count, 31)
    for row in rows {
      XCTAssertEqual(row["converged"], "true")
      let tIon = try XCTUnwrap(Double(row["t_ion"] ?? "")), tEl = try XCTUnwrap(Double(row["t_el"] ?? ""))
      XCTAssertEqual(tIon + tEl, 1, accuracy: 1e-12)
    }
  }

  func testProtonConductorSweepHasWaterColumns() throws {
    let r = try CLI.run(["sweep", "bzy10", "--T", "600C", "--pH2O", "0.023", "--pO2", "1e-30,0.21"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let rows = csvRecords(r.stdout)
    XCTAssertEqual(rows.first?["pH2O_atm"], "0.023")
    // the limited-uptake closed form with Schober & Bohn's constants (Data/reference/bzy10_hydration_schober_bohn2000.csv)
    XCTAssertEqual(try XCTUnwrap(Double(rows[0]["OH_O."] ?? "")), 0.0358791724, accuracy: 1e-8)
    XCTAssertNotNil(rows[0]["H_pfu"])
    let missing = try CLI.run(["sweep", "bzy10", "--T", "600C", "--pO2", "1"])
    XCTAssertEqual(missing.status, 2)
    XCTAssertTrue(missing.stderr.contains("--pH2O"))
  }

  func testPermeationCommand() throws {
    let r = try CLI.run(["permeation", "gdc10", "--T", "800C,900C", "--feed", "0.21", "--permeate", "1e-20", "--thickness", "1mm,2mm"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let rows = csvRecords(r.stdout)
    XCTAssertEqual(rows.count, 4)
    let j1 = try XCTUnwrap(Double(rows[0]["J_O2_bulk_mol_cm2_s"] ?? "")), j2 = try XCTUnwrap(Double(rows[1]["J_O2_bulk_mol_cm2_s"] ?? ""))
    XCTAssertEqual(j1 / j2, 2, accuracy: 1e-12)  // J ∝ 1/L
    XCTAssertNil(rows[0]["J_O2_mol_cm2_s"], "gdc10 has no surface kinetics: only the bulk flux, labelled as such")
    let mL = try XCTUnwrap(Double(rows[0]["J_O2_bulk_mL_cm2_min"] ?? ""))
    XCTAssertEqual(mL, j1 * (8.31446261815324 * 273.15 / 101_325 * 1e6) * 60, accuracy: 1e-9 * mL)  // V_m(STP) from R
    XCTAssertEqual(try CLI.run(["permeation", "gdc10", "--T", "800C", "--feed", "0.21", "--permeate", "0.21", "--thickness", "1mm"]).status, 2)
  }
}
