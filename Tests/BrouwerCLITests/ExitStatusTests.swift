import Foundation
import XCTest

/// Exit status 0 / 1 / 2, one-line messages on stderr, and nothing half-written.
final class ExitStatusTests: XCTestCase {
  var dir = URL(fileURLWithPath: "/tmp")
  var material = ""

  override func setUpWithError() throws {
    dir = try CLI.scratch()
    material = dir.appendingPathComponent("gdc.yaml").path
    try testMaterial.write(toFile: material, atomically: true, encoding: .utf8)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

  private func assertBadInput(_ args: [String], mentions: String, stdin: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
    let r = try CLI.run(args, stdin: stdin)
    XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)", file: file, line: line)
    XCTAssertEqual(r.stdout, "", file: file, line: line)
    XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr, file: file, line: line)
    XCTAssertTrue(r.stderr.contains(mentions), "\(r.stderr) should mention \(mentions)", file: file, line: line)
  }

  func testBadOptionsExitWithStatusTwoNamingTheOption() throws {
    try assertBadInput(["sweep", material, "--T", "1073", "--pO2", "1", "--bogus"], mentions: "--bogus")
    try assertBadInput(["sweep", material, "--T", "-5", "--pO2", "1"], mentions: "--T")
    try assertBadInput(["sweep", material, "--T", "1073", "--pO2", "0"], mentions: "--pO2")
    try assertBadInput(["sweep", material, "--T", "1073", "--pO2", "nan"], mentions: "--pO2")
    try assertBadInput(["sweep", material, "--T", "1073", "--pO2", "1:1e-5:0"], mentions: "--pO2")
    try assertBadInput(["sweep", material, "--T", "1073"], mentions: "--pO2")
    try assertBadInput(["sweep", material, "--pO2", "1"], mentions: "--T")
    try assertBadInput(["sweep", material, "--T", "1073", "--pO2", "1", "--set", "Ce_Ce'=0.1"], mentions: "Ce_Ce'")
    try assertBadInput(["sweep", material, "--T", "1073", "--pO2", "1", "--set", "nothing=1"], mentions: "nothing")
    try assertBadInput(["sweep", material, "--T", "1073", "--pO2", "1", "--shard", "4/3"], mentions: "--shard")
    try assertBadInput(["sweep", material, "--T", "1073", "--pO2", "1", "--columns", "T_K,nope"], mentions: "nope")
    try assertBadInput(["sweep", "no-such-material", "--T", "1073", "--pO2", "1"], mentions: "no-such-material")
  }

  func testBadFileExitsTwoWithFileAndLineAndWritesNothing() throws {
    let bad = dir.appendingPathComponent("bad.yaml").path
    try testMaterial.replacingOccurrences(of: "V_O.. + 2 Ce_Ce'", with: "V_O.. + Ce_Ce'")
      .write(toFile: bad, atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("out.csv").path
    try assertBadInput(["sweep", bad, "--T", "1073", "--pO2", "1", "--output", out], mentions: "bad.yaml:14:")
    XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("out.csv") }
    XCTAssertEqual(leftovers, [])
    try assertBadInput(["check", bad], mentions: "not charge-balanced")
    try assertBadInput(["sweep", "-", "--T", "1073", "--pO2", "1"], mentions: "<stdin>", stdin: "name: x\nspecies: [\n")
  }

  func testCheckPrintsTheEquationsOfAValidFile() throws {
    let r = try CLI.run(["check", material])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("electroneutrality: 2[V_O..] + [h.] = [Gd_Ce'] + [Ce_Ce']"), r.stdout)
    XCTAssertTrue(r.stdout.contains("sites O: [V_O..] + [O_O^x] = 2"), r.stdout)
  }

  func testUnconvergedPointsExitOneWithEmptyValues() throws {
    // A model with no solution: 0.9 acceptors pfu, but the only positive defects are hole polarons on
    // the remaining 0.1 Ce sites and vacancies on 0.01 O sites (at most 0.12 charges pfu). Every point
    // must be reported as not converged, never as numbers.
    let extreme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/infeasible.yaml").path
    let out = dir.appendingPathComponent("x.csv").path
    let r = try CLI.run(["sweep", extreme, "--T", "300", "--pO2", "1e-40,1", "--output", out])
    XCTAssertEqual(r.status, 1, r.stderr)
    XCTAssertTrue(r.stderr.contains("did not converge"), r.stderr)
    let rows = csvRecords(try String(contentsOfFile: out, encoding: .utf8))
    let failed = rows.filter { $0["converged"] == "false" }
    XCTAssertFalse(failed.isEmpty)
    for row in failed {
      for (key, value) in row where !["T_K", "pO2_atm", "converged", "residual"].contains(key) {
        XCTAssertEqual(value, "", "\(key) must be empty for an unconverged point")
      }
    }
  }

  func testSolvePrintsATableJsonAndCsv() throws {
    let table = try CLI.run(["solve", material, "--T", "800C", "--pO2", "1e-20"])
    XCTAssertEqual(table.status, 0, table.stderr)
    XCTAssertTrue(table.stdout.contains("V_O.."))
    XCTAssertTrue(table.stdout.contains("delta ="))
    let json = try CLI.run(["solve", material, "--T", "1073.15", "--pO2", "1e-20", "--format", "json"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
    XCTAssertEqual(object["converged"] as? Bool, true)
    let slopes = (object["slopes"] as! [String: [String: Double]])["pO2"]!
    XCTAssertLessThan(slopes["Ce_Ce'"]!, -1.0 / 6)
    try assertBadInput(["solve", material, "--T", "1000,1100", "--pO2", "1"], mentions: "sweep")
  }
}
