import Foundation
import XCTest

/// On-request columns: T_C, exact E_a of each σ (fixed pO2 and fixed δ), σ·T.
final class ActivationColumnTests: XCTestCase {
  func testActivationColumnsOnRequest() throws {
    // acceptor-doped ceria without association: in air [V_O..] = [Gd]/2, so E_a(σ_ion) = the hopping energy
    let material = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/pinned-vacancy-ceria.yaml").path
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
