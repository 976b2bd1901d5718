import Foundation
import XCTest

/// Synthetic thermogravimetry shared by the tests of fitted materials and their bands: δ of gdc10 made with
/// reduction ΔH = 4.30 eV at 800 and 900 °C, ±3 % (alternating, so χ²/dof is known), with a 3 % `delta_err`.
enum FitFixture {
  /// Writes the data to DIR/tga.csv and returns its path.
  static func tga(in dir: URL) throws -> String {
    let sweep = try CLI.run(["sweep", "gdc10", "--set", "reduction.dH=4.30", "--T", "1073,1173", "--pO2", "1e-20:1e-13:8",
                             "--columns", "T_K,pO2_atm,delta"])
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    var data = "T_K,pO2_atm,delta,delta_err\n"
    for (k, row) in csvRecords(sweep.stdout).enumerated() {
      let d = try XCTUnwrap(Double(row["delta"] ?? ""))
      data += "\(row["T_K"]!),\(row["pO2_atm"]!),\(d * (k % 2 == 0 ? 1.03 : 0.97)),\(0.03 * d)\n"
    }
    let path = dir.appendingPathComponent("tga.csv").path
    try data.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// gdc10 with ΔH, ΔS of reduction fitted to ``tga(in:)`` and written with its fit: block to DIR/fitted.yaml.
  static func fittedMaterial(in dir: URL) throws -> String {
    let csv = try tga(in: dir), material = dir.appendingPathComponent("fitted.yaml").path
    let fit = try CLI.run(["fit", "gdc10", "--data", csv, "--fit", "reduction.dH", "--fit", "reduction.dS", "--output-material", material])
    XCTAssertEqual(fit.status, 0, fit.stderr)
    return material
  }
}
