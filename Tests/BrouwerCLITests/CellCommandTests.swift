import Foundation
import XCTest

/// `brouwer cell`: the CSV against the library's closed forms through the CLI, gases and units, the load
/// modes, proton conductors with water on both sides, errors naming what was typed, and plotting the CSV.
final class CellCommandTests: XCTestCase {
  let F = 96485.33212331001
  let R = 8.31446261815324

  func number(_ row: [String: String], _ column: String) throws -> Double {
    try XCTUnwrap(Double(try XCTUnwrap(row[column], "no column \(column)")), "\(column) = \(row[column] ?? "")")
  }

  func testOpenCircuitColumnsAndNernstVoltage() throws {
    let r = try CLI.run(["cell", "gdc10", "--T", "700C:800C:3", "--cathode", "0.21", "--anode", "1e-20", "--thickness", "0.1mm:10mm:3"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let rows = csvRecords(r.stdout)
    XCTAssertEqual(rows.count, 9)
    XCTAssertEqual(r.stdout.split(separator: "\n").first.map(String.init),
                   "T_K,cathode_pO2_atm,anode_pO2_atm,thickness_cm,E_Nernst_V,E_OC_V,t_ion_mean,i_leak_A_cm2,J_O2_leak_mol_cm2_s,converged")
    // thickness ranges are log-spaced: 0.01, 0.1, 1 cm
    for (row, L) in zip(rows.prefix(3), [0.01, 0.1, 1.0]) { XCTAssertEqual(try number(row, "thickness_cm"), L, accuracy: 1e-15) }
    for row in rows {
      let T = try number(row, "T_K"), eN = try number(row, "E_Nernst_V"), e = try number(row, "E_OC_V")
      XCTAssertEqual(eN, R * T / (4 * F) * log(0.21 / 1e-20), accuracy: 1e-12)
      XCTAssertLessThan(e, eN)
      XCTAssertEqual(try number(row, "t_ion_mean"), e / eN, accuracy: 1e-12)
      // J_O2 = i_leak/4F, and i_leak·L is the same for every thickness
      XCTAssertEqual(try number(row, "J_O2_leak_mol_cm2_s"), try number(row, "i_leak_A_cm2") / (4 * F), accuracy: 1e-15)
      XCTAssertEqual(row["converged"], "true")
    }
    let leakTimesL = try rows.prefix(3).map { try number($0, "i_leak_A_cm2") * (try number($0, "thickness_cm")) }
    for x in leakTimesL { XCTAssertEqual(x, leakTimesL[0], accuracy: 1e-12 * leakTimesL[0]) }
  }

  /// The leakage is 4F times the Wagner flux of `brouwer permeation` over the same pO2 interval.
  func testLeakageIsFourFaradayTimesTheWagnerFlux() throws {
    let cell = try CLI.run(["cell", "gdc10", "--T", "800C", "--cathode", "0.21", "--anode", "1e-20", "--thickness", "1mm"])
    let flux = try CLI.run(["permeation", "gdc10", "--T", "800C", "--feed", "0.21", "--permeate", "1e-20", "--thickness", "1mm", "--quiet"])
    XCTAssertEqual(cell.status, 0, cell.stderr)
    let j = try number(try XCTUnwrap(csvRecords(flux.stdout).first), "J_O2_bulk_mol_cm2_s")
    let leak = try number(try XCTUnwrap(csvRecords(cell.stdout).first), "J_O2_leak_mol_cm2_s")
    XCTAssertEqual(leak, j, accuracy: 1e-8 * j)
  }

  func testFuelGasAndPressureUnits() throws {
    let a = try CLI.run(["cell", "sdc15", "--T", "600C", "--cathode", "O2=21kPa", "--anode", "H2=0.97,H2O=0.03", "--thickness", "20um"])
    let b = try CLI.run(["cell", "sdc15", "--T", "873.15", "--cathode", "0.20725388601036268", "--anode", "H2=97%x", "--thickness", "20um"])
    XCTAssertEqual(a.status, 0, a.stderr)
    XCTAssertEqual(b.status, 2)
    XCTAssertTrue(b.stderr.contains("--anode") && b.stderr.contains("H2"), b.stderr)
    let row = try XCTUnwrap(csvRecords(a.stdout).first)
    // pO2 of the fuel: (pH2O/(K·pH2))² with K = exp(−ΔG°/RT); NIST-JANAF ΔfG°(H2O) −203.512 (800 K) and
    // −198.081 kJ/mol (900 K) [R], interpolated: −199.54 kJ/mol at 873.15 K → log10 pO2 = −26.89
    let pa = try number(row, "anode_pO2_atm")
    let dG = -203.512e3 + (203.512e3 - 198.081e3) * 0.7315
    XCTAssertEqual(dG, -199.54e3, accuracy: 10)
    XCTAssertEqual(log10(pa), log10(pow(0.03 / 0.97, 2) * exp(2 * dG / (R * 873.15))), accuracy: 0.02)
    XCTAssertEqual(try number(row, "cathode_pO2_atm"), 21 / 101.325, accuracy: 1e-12)
  }

  /// Under a current: V = E_OC at I = 0, falls with I, i_ion + i_el = I, efficiency I/i_ion; under the
  /// voltage the current gives, the same state back.
  func testCurrentAndVoltageModesAgree() throws {
    let base = ["cell", "gdc10", "--T", "700C", "--cathode", "0.21", "--anode", "H2=0.97,H2O=0.03", "--thickness", "20um"]
    let r = try CLI.run(base + ["--current", "0:1:3"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let rows = csvRecords(r.stdout)
    XCTAssertEqual(try rows.map { try number($0, "current_A_cm2") }, [0, 0.5, 1])
    XCTAssertEqual(try number(rows[0], "voltage_V"), try number(rows[0], "E_OC_V"), accuracy: 1e-12)
    var last = Double.infinity
    for row in rows {
      let I = try number(row, "current_A_cm2"), V = try number(row, "voltage_V")
      XCTAssertLessThan(V, last)
      last = V
      XCTAssertEqual(try number(row, "i_ion_A_cm2") + (try number(row, "i_el_A_cm2")), I, accuracy: 1e-12)
      XCTAssertEqual(try number(row, "power_W_cm2"), V * I, accuracy: 1e-15)
      if I > 0 { XCTAssertEqual(try number(row, "faradaic_efficiency"), I / (try number(row, "i_ion_A_cm2")), accuracy: 1e-12) }
    }
    let v = try number(rows[1], "voltage_V")
    let back = try CLI.run(base + ["--voltage", "\(v)"])
    XCTAssertEqual(back.status, 0, back.stderr)
    let row = try XCTUnwrap(csvRecords(back.stdout).first)
    XCTAssertTrue(back.stdout.hasPrefix("T_K,") && back.stdout.contains(",voltage_V,current_A_cm2,"))
    XCTAssertEqual(try number(row, "current_A_cm2"), 0.5, accuracy: 1e-8)
  }

  /// A driven (negative) current, typed after `=`: the terminal voltage rises above E_OC, and the currents add up.
  func testDrivenCurrentRaisesTheVoltage() throws {
    let r = try CLI.run(["cell", "sdc15", "--T", "600C", "--cathode", "0.21", "--anode", "H2=0.97,H2O=0.03", "--thickness", "20um",
                         "--current=-1:-0.5:2", "--quiet"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let rows = csvRecords(r.stdout)
    XCTAssertEqual(try rows.map { try number($0, "current_A_cm2") }, [-1, -0.5])
    XCTAssertGreaterThan(try number(rows[0], "voltage_V"), try number(rows[1], "voltage_V"))
    XCTAssertGreaterThan(try number(rows[1], "voltage_V"), try number(rows[1], "E_OC_V"))
    for row in rows {
      XCTAssertEqual(try number(row, "i_ion_A_cm2") + (try number(row, "i_el_A_cm2")), try number(row, "current_A_cm2"), accuracy: 1e-12)
      XCTAssertEqual(try number(row, "faradaic_efficiency"), try number(row, "i_ion_A_cm2") / (try number(row, "current_A_cm2")), accuracy: 1e-12)
      XCTAssertLessThan(try number(row, "power_W_cm2"), 0, "a driven cell takes power")
    }
  }

  /// bzy10 with wet gases: pH2O columns; equal water allows a load, different water gives the OCV only.
  func testProtonConductorWithWaterOnBothSides() throws {
    let base = ["cell", "bzy10", "--T", "600C", "--anode", "H2=0.97,H2O=0.03", "--thickness", "20um"]
    let wet = try CLI.run(base + ["--cathode", "O2=0.21,H2O=0.03", "--current", "0.1"])
    XCTAssertEqual(wet.status, 0, wet.stderr)
    let row = try XCTUnwrap(csvRecords(wet.stdout).first)
    XCTAssertEqual(try number(row, "cathode_pH2O_atm"), 0.03)
    XCTAssertLessThan(try number(row, "voltage_V"), try number(row, "E_OC_V"))
    let drier = try CLI.run(base + ["--cathode", "O2=0.21,H2O=0.01"])
    XCTAssertEqual(drier.status, 0, drier.stderr)
    let d = try XCTUnwrap(csvRecords(drier.stdout).first)
    XCTAssertEqual(d["i_leak_A_cm2"], "", "no leakage without the water profile")
    XCTAssertEqual(d["t_ion_mean"], "", "E_OC/E_N is no mean transference number with a water gradient")
    XCTAssertNotEqual(try number(d, "E_OC_V"), try number(row, "E_OC_V"))
    let loaded = try CLI.run(base + ["--cathode", "O2=0.21,H2O=0.01", "--current", "0.1"])
    XCTAssertEqual(loaded.status, 2)
    XCTAssertTrue(loaded.stderr.contains("same pH2O"), loaded.stderr)
    let dry = try CLI.run(base + ["--cathode", "0.21"])
    XCTAssertEqual(dry.status, 2)
    XCTAssertTrue(dry.stderr.contains("--cathode needs its water"), dry.stderr)
  }

  func testErrorsNameTheOptionTyped() throws {
    let base = ["cell", "gdc10", "--T", "800C", "--thickness", "1mm"]
    for (args, words) in [(["--cathode", "1e-20", "--anode", "0.21"], ["swap --cathode and --anode"]),
                          (["--cathode", "0.21", "--anode", "0.21"], ["no driving force"]),
                          (["--cathode", "CO2=0.2", "--anode", "1e-20"], ["--cathode", "unknown gas \"CO2\""]),
                          (["--cathode", "0.21", "--anode", "H2=nan,H2O=0.03"], ["--anode", "H2"]),
                          (["--cathode", "0.21", "--anode", "1e-20", "--current", "nan"], ["--current"]),
                          (["--cathode", "0.21", "--anode", "1e-20", "--current", "1", "--voltage", "0.5"], ["exclude each other"])] {
      let r = try CLI.run(base + args)
      XCTAssertEqual(r.status, 2, args.joined(separator: " "))
      for w in words { XCTAssertTrue(r.stderr.contains(w), "\(w) in \(r.stderr)") }
      XCTAssertEqual(r.stdout, "")
    }
    let cold = try CLI.run(["cell", "gdc10", "--T", "200C", "--thickness", "1mm", "--cathode", "0.21", "--anode", "H2=0.97,H2O=0.03"])
    XCTAssertEqual(cold.status, 2)
    XCTAssertTrue(cold.stderr.contains("500–1700 K"), cold.stderr)
  }

  /// `brouwer plot --csv` draws a cell table as it is: OCV against T (one line per thickness) and a
  /// polarisation curve (x = the current, one line per T).
  func testPlotDrawsTheCellCSV() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cell-plot-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let ocv = dir.appendingPathComponent("ocv.csv").path, curve = dir.appendingPathComponent("iv.csv").path
    XCTAssertEqual(try CLI.run(["cell", "gdc10", "--T", "600C:800C:5", "--cathode", "0.21", "--anode", "H2=0.97,H2O=0.03",
                                "--thickness", "10um,1mm", "--output", ocv]).status, 0)
    let a = try CLI.run(["plot", "--csv", ocv, "--y", "E_OC_V,E_Nernst_V"])
    XCTAssertEqual(a.status, 0, a.stderr)
    XCTAssertTrue(a.stdout.contains("<svg") && a.stdout.contains("thickness_cm"), "lines per thickness")
    XCTAssertFalse(a.stderr.contains("runs backwards"), a.stderr)
    XCTAssertEqual(try CLI.run(["cell", "gdc10", "--T", "650C,750C", "--cathode", "0.21", "--anode", "H2=0.97,H2O=0.03",
                                "--thickness", "20um", "--current", "0:1:5", "--output", curve]).status, 0)
    let b = try CLI.run(["plot", "--csv", curve, "--y", "voltage_V"])
    XCTAssertEqual(b.status, 0, b.stderr)
    XCTAssertTrue(b.stdout.contains("current_A_cm2") || b.stdout.contains("current"), "x is the current")
    XCTAssertFalse(b.stderr.contains("runs backwards"), b.stderr)
  }
}
