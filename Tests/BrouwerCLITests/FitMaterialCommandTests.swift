import Foundation
import XCTest

/// `brouwer fit --output-material` → `brouwer check` / `sweep --band`: a fit's result used by other commands.
final class FitMaterialCommandTests: XCTestCase {
  var dir = URL(fileURLWithPath: "/tmp")

  override func setUpWithError() throws { dir = try CLI.scratch() }
  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

  /// δ of gdc10 with reduction ΔH = 4.30 eV at two temperatures, ±3 % (``FitFixture``).
  func measured() throws -> String { try FitFixture.tga(in: dir) }

  func testFittedMaterialCarriesItsCovarianceIntoSweepBands() throws {
    let data = try measured()
    let material = dir.appendingPathComponent("fitted.yaml").path
    let fit = try CLI.run(["fit", "gdc10", "--data", data, "--fit", "reduction.dH", "--fit", "reduction.dS", "--output-material", material,
                           "--format", "json"])
    XCTAssertEqual(fit.status, 0, fit.stderr)
    let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as? [String: Any])
    let parameters = try XCTUnwrap(json["parameters"] as? [[String: Any]])
    let dH = try XCTUnwrap(parameters[0]["value"] as? Double), sH = try XCTUnwrap(parameters[0]["standard_error"] as? Double)
    // the file: loads, holds the fitted ΔH (in its eV) and says where it came from
    let text = try String(contentsOfFile: material, encoding: .utf8)
    XCTAssertTrue(text.contains("# fitted: see fit: below (was 4.34 eV)"), text)
    XCTAssertTrue(text.contains("\nfit:\n"), text)
    let check = try CLI.run(["check", material])
    XCTAssertEqual(check.status, 0, check.stderr)
    XCTAssertTrue(check.stdout.contains("fit covariance (sweep, plot, map --band): 2 fitted parameters"), check.stdout)
    XCTAssertTrue(check.stdout.contains(String(format: "reduction.dH = %.6g ± %.6g eV", dH, sH)), check.stdout)

    // bands: bracket the value; at 95 % the log half-width is 1.959964 × that at one standard deviation
    func band(_ level: String) throws -> [[String: String]] {
      let r = try CLI.run(["sweep", material, "--T", "1123", "--pO2", "1e-18:1e-14:3", "--columns", "T_K,pO2_atm,delta,Ce_Ce',sigma_total_S_cm",
                           "--band", level])
      XCTAssertEqual(r.status, 0, r.stderr)
      XCTAssertEqual(r.lines.first, "T_K,pO2_atm,delta,delta_lower,delta_upper,Ce_Ce',Ce_Ce'_lower,Ce_Ce'_upper,sigma_total_S_cm,sigma_total_S_cm_lower,sigma_total_S_cm_upper")
      return csvRecords(r.stdout)
    }
    let one = try band("0.682689492"), wide = try band("95%")
    let plain = csvRecords(try CLI.run(["sweep", material, "--T", "1123", "--pO2", "1e-18:1e-14:3", "--columns", "T_K,pO2_atm,delta,Ce_Ce',sigma_total_S_cm"]).stdout)
    XCTAssertEqual(one.count, 3)
    for (k, (a, b)) in zip(one, wide).enumerated() {
      XCTAssertEqual(a["Ce_Ce'"], plain[k]["Ce_Ce'"])  // the values are the sweep's, bit for bit
      let v = try XCTUnwrap(Double(a["Ce_Ce'"] ?? "")), lo = try XCTUnwrap(Double(a["Ce_Ce'_lower"] ?? "")), hi = try XCTUnwrap(Double(a["Ce_Ce'_upper"] ?? ""))
      XCTAssertLessThan(lo, v)
      XCTAssertGreaterThan(hi, v)
      XCTAssertEqual(log(hi / v), log(v / lo), accuracy: 1e-12)  // formed in ln c: symmetric there
      let hi95 = try XCTUnwrap(Double(b["Ce_Ce'_upper"] ?? ""))
      XCTAssertEqual(log(hi95 / v) / log(hi / v), 1.959_963_985, accuracy: 1e-6)
      // δ is banded linearly: symmetric in δ
      let d = try XCTUnwrap(Double(a["delta"] ?? "")), dl = try XCTUnwrap(Double(a["delta_lower"] ?? "")), du = try XCTUnwrap(Double(a["delta_upper"] ?? ""))
      XCTAssertEqual(du - d, d - dl, accuracy: 1e-12 * d)
      XCTAssertGreaterThan(du, d)
    }
  }

  func testBandRefusalsAreBadInput() throws {
    let material = try FitFixture.fittedMaterial(in: dir)
    let data = dir.appendingPathComponent("tga.csv").path  // written by the fixture
    let cases: [([String], String)] = [
      (["sweep", "gdc10", "--T", "1073", "--pO2", "1e-15", "--band", "0.95"], "gdc10 records no fit covariance"),
      (["sweep", material, "--T", "1073", "--pO2", "1e-15", "--band", "1.5"], "--band: a confidence level between 0 and 1"),
      (["sweep", material, "--T", "1073", "--pO2", "1e-15", "--band", "wide"], "--band: a confidence level such as 0.95"),
      (["sweep", material, "--T", "1073", "--pO2", "1e-15", "--band", "0.95", "--set", "reduction.dH=4.2"], "the covariance belongs to the fitted values"),
      (["sweep", material, "--T", "1073", "--pO2", "1e-15", "--band", "0.95", "--set", "reduction.dS=10:12:3"], "reduction.dS is swept"),
      (["fit", "gdc10", "--data", data, "--fit", "reduction.dH", "--output-material-data-set", "1"], "give --output-material FILE.yaml too"),
    ]
    for (arguments, message) in cases {
      let r = try CLI.run(arguments)
      XCTAssertEqual(r.status, 2, "\(arguments): \(r.stderr)")
      XCTAssertTrue(r.stderr.contains(message), "\(arguments): \(r.stderr)")
      XCTAssertEqual(r.stdout, "", "nothing half-written: \(arguments)")
    }
  }

  func testAnUnusableFitWritesNoMaterial() throws {
    // one temperature: ΔH and ΔS only fixed in combination → exit 3, no file
    let sweep = try CLI.run(["sweep", "gdc10", "--T", "1073", "--pO2", "1e-20:1e-13:8", "--columns", "T_K,pO2_atm,delta"])
    let data = dir.appendingPathComponent("one-T.csv").path
    try sweep.stdout.write(toFile: data, atomically: true, encoding: .utf8)
    let material = dir.appendingPathComponent("never.yaml").path
    let r = try CLI.run(["fit", "gdc10", "--data", data, "--fit", "reduction.dH", "--fit", "reduction.dS", "--output-material", material])
    XCTAssertEqual(r.status, 3, r.stderr)
    XCTAssertTrue(r.stderr.contains("--output-material: \(material) not written: the fit is not usable"), r.stderr)
    XCTAssertFalse(FileManager.default.fileExists(atPath: material))
  }

  func testPerDataSetParametersNeedAChoiceOfDataSet() throws {
    let data = try measured()
    let material = dir.appendingPathComponent("sample2.yaml").path
    let base = ["fit", "gdc10", "--data", data, "--data", data, "--fit", "reduction.dH", "--fit", "reduction.dS", "--fit", "Gd_Ce'@2"]
    let refused = try CLI.run(base + ["--output-material", material])
    XCTAssertEqual(refused.status, 2, refused.stderr)
    XCTAssertTrue(refused.stderr.contains("Gd_Ce'@2 is fitted per data set"), refused.stderr)
    let r = try CLI.run(base + ["--output-material", material, "--output-material-data-set", "2"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let check = try CLI.run(["check", material])
    XCTAssertEqual(check.status, 0, check.stderr)
    XCTAssertTrue(check.stdout.contains("3 fitted parameters"), check.stdout)
  }

  func testMapDrawsTheBandsHalfWidth() throws {
    let material = try FitFixture.fittedMaterial(in: dir)
    let grid = ["--T", "900C:1100C:5", "--pO2", "1e-20:1e-10:6"]
    let map = try CLI.run(["map", material] + grid + ["--z", "Ce_Ce'", "--band", "95%", "--contours", "2,3,4"])
    XCTAssertEqual(map.status, 0, map.stderr)
    XCTAssertTrue(map.stdout.contains("95 % band of Ce_Ce&#39; (from the fit: block)"), map.stdout)
    XCTAssertTrue(map.stdout.contains("95 % band half-width of [Ce"), map.stdout)
    // the mapped numbers are the sweep's band half-widths in %: every contour drawn lies within their range
    let sweep = try CLI.run(["sweep", material] + grid + ["--columns", "T_K,pO2_atm,Ce_Ce'", "--band", "0.95"])
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    let widths = try csvRecords(sweep.stdout).map { row in
      100 * (try XCTUnwrap(Double(row["Ce_Ce'_upper"] ?? "")) / (try XCTUnwrap(Double(row["Ce_Ce'"] ?? ""))) - 1)
    }
    let drawn = map.stdout.components(separatedBy: "data-level=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
    XCTAssertFalse(drawn.isEmpty)
    for level in drawn { XCTAssertTrue(widths.min()! < level && level < widths.max()!, "\(level) outside \(widths.min()!)…\(widths.max()!)") }
    XCTAssertEqual(try CLI.run(["map", material] + grid + ["--dominant", "--band", "0.95"]).status, 2)
  }
}
