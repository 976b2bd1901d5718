import Foundation
import XCTest

/// On-request columns: T_C, exact E_a of each σ (fixed pO2 and fixed δ), σ·T.
final class ActivationColumnTests: XCTestCase {
  /// Acceptor-doped ceria without association: in air [V_O..] = [Gd]/2, E_a(σ_ion) = the hopping energy.
  static let pinned = """
    name: pinned-test
    sublattices: {Ce: 1, O: 2}
    density: {value: "2.5e22 cm-3"}
    species:
      - {label: "Gd_Ce'", fixed: 0.1}
      - {label: "Ce_Ce'", mobility: {law: hopping, A: 490, Ea: 0.40 eV}}
      - {label: "Ce_Ce^x", host: true}
      - {label: "V_O..", mobility: {law: hopping, A: 232.6, Ea: 0.70856 eV}}
      - {label: "O_O^x", host: true}
      - {label: "h.", band: {N300: 1.0e-3}, mobility: {law: hopping, A: 490, Ea: 0.32 eV}}
    reactions:
      - {name: reduction, equation: "O_O^x + 2 Ce_Ce^x = 1/2 O2(g) + V_O.. + 2 Ce_Ce'", dH: 4.34 eV, dS: 12 kB}
      - {name: intrinsic, equation: "Ce_Ce' + h. = Ce_Ce^x", dH: -3.0 eV, dS: 0 kB}
    """

  func testActivationColumnsOnRequest() throws {
    let dir = try CLI.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    let material = dir.appendingPathComponent("pinned.yaml").path
    try Self.pinned.write(toFile: material, atomically: true, encoding: .utf8)
    let r = try CLI.run(["sweep", material, "--T", "700C,800C", "--pO2", "0.21",
                         "--columns", "T_C,Ea_sigma_ion_eV,Ea_sigma_V_O.._fixed_delta_eV,sigmaT_ion_S_K_cm,sigma_ion_S_cm"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let rows = csvRecords(r.stdout)
    XCTAssertEqual(rows.count, 2)
    for (row, tc) in zip(rows, [700.0, 800.0]) {
      XCTAssertEqual(try XCTUnwrap(Double(row["T_C"] ?? "")), tc, accuracy: 1e-9)
      // [V_O..] = [Gd]/2 in air: E_a(σ_ion) is the vacancy migration energy of the file, 0.70856 eV (plus
      // k_BT²·d ln[V]/dT from the tiny reduction x, < 1e-5 eV here); at fixed δ exactly the migration energy
      XCTAssertEqual(try XCTUnwrap(Double(row["Ea_sigma_ion_eV"] ?? "")), 0.70856, accuracy: 1e-5)
      XCTAssertEqual(try XCTUnwrap(Double(row["Ea_sigma_V_O.._fixed_delta_eV"] ?? "")), 0.70856, accuracy: 1e-6)
      let sigma = try XCTUnwrap(Double(row["sigma_ion_S_cm"] ?? ""))
      XCTAssertEqual(try XCTUnwrap(Double(row["sigmaT_ion_S_K_cm"] ?? "")), sigma * (tc + 273.15), accuracy: 1e-12 * sigma * 1000)
    }
    let unknown = try CLI.run(["sweep", "gdc10", "--T", "700C", "--pO2", "0.21", "--columns", "Ea_sigma_bogus_eV"])
    XCTAssertEqual(unknown.status, 2)
    XCTAssertTrue(unknown.stderr.contains("Ea_sigma_ion_eV"), "the error lists the on-request columns: \(unknown.stderr)")
  }
}
