import Foundation
import XCTest

/// Tables that combine: --tag, carrier aliases as column names, plot --group-by, lines never joined backwards.
final class CombinedTablesTests: XCTestCase {
  var dir = URL(fileURLWithPath: "/tmp")
  override func setUpWithError() throws { dir = try CLI.scratch() }
  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

  /// Two materials' sweeps with the same generic columns, concatenated as `cat` would (header repeated).
  func concatenated() throws -> URL {
    var text = ""
    for material in ["gdc10", "lsf64"] {
      let r = try CLI.run(["sweep", material, "--T", "800C", "--pO2", "1e-20:1:11", "--quiet", "--tag", material,
                           "--columns", "T_K,pO2_atm,holes,electrons,vacancies"])
      XCTAssertEqual(r.status, 0, r.stderr)
      text += r.stdout
    }
    let file = dir.appendingPathComponent("both.csv")
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file
  }

  func testAliasesResolvePerMaterialAndKeepTheirNameAsHeader() throws {
    let records = csvRecords(try String(contentsOf: try concatenated(), encoding: .utf8)).filter { $0["material"] != "material" }
    XCTAssertEqual(records.count, 22)
    let gdc = try CLI.run(["solve", "gdc10", "--T", "800C", "--pO2", "1e-20", "--format", "csv", "--columns", "h.,Ce_Ce',V_O.."])
    let lsf = try CLI.run(["solve", "lsf64", "--T", "800C", "--pO2", "1e-20", "--format", "csv", "--columns", "Fe_Fe.,Fe_Fe',V_O.."])
    let g = csvRecords(gdc.stdout)[0], l = csvRecords(lsf.stdout)[0]
    XCTAssertEqual(records[0]["material"], "gdc10")
    XCTAssertEqual(records[0]["holes"], g["h."])
    XCTAssertEqual(records[0]["electrons"], g["Ce_Ce'"])
    XCTAssertEqual(records[11]["material"], "lsf64")
    XCTAssertEqual(records[11]["holes"], l["Fe_Fe."])
    XCTAssertEqual(records[11]["vacancies"], l["V_O.."])
  }

  func testGroupByDrawsOneLinePerMaterialAndBackwardsXIsSplit() throws {
    let file = try concatenated()
    let grouped = try CLI.run(["plot", "--csv", file.path, "--y", "holes", "--group-by", "material"])
    XCTAssertEqual(grouped.status, 0, grouped.stderr)
    XCTAssertTrue(grouped.stdout.contains("data-series=\"holes|gdc10\"") && grouped.stdout.contains("data-series=\"holes|lsf64\""))
    XCTAssertFalse(grouped.stderr.contains("backwards"))
    let joined = try CLI.run(["plot", "--csv", file.path, "--y", "holes"])
    XCTAssertEqual(joined.status, 0, joined.stderr)
    XCTAssertTrue(joined.stderr.contains("pO2_atm runs backwards"), joined.stderr)
    // every drawn piece runs left to right
    for polyline in joined.stdout.split(separator: "\n").filter({ $0.hasPrefix("<polyline points=") }) {
      let xs = polyline.split(separator: "\"")[1].split(separator: " ").map { Double($0.split(separator: ",")[0])! }
      XCTAssertEqual(xs, xs.sorted(), "a line runs backwards: \(polyline.prefix(120))")
    }
  }

  func testCelsiusAxisAndTransferenceOnZeroToOne() throws {
    let r = try CLI.run(["plot", "gdc10", "--T", "600C:1000C:5", "--pO2", "1e-20", "--x", "T_C", "--y", "t_ion"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("data-x-range=\"600.0 1000.0\""), String(r.stdout.prefix(2000)))
    XCTAssertTrue(r.stdout.contains("data-y-scale=\"linear\" data-y-range=\"0.0 1.0\""))
    XCTAssertTrue(r.stdout.contains("T (°C)"))
  }
}
