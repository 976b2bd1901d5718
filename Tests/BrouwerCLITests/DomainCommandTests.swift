import Foundation
import XCTest

/// `brouwer domain`: the pO2 it reports is where `solve` gives the level asked for.
final class DomainCommandTests: XCTestCase {
  func testBoundariesAreWhereSolveGivesTheLevel() throws {
    let r = try CLI.run(["domain", "gdc10", "--T", "700C,900C", "--levels", "0.5,0.99", "--cross", "Ce_Ce',V_O.."])
    XCTAssertEqual(r.status, 0, r.stderr)
    let records = csvRecords(r.stdout)
    XCTAssertEqual(records.count, 6, r.stdout)
    for rec in records {
      let T = rec["T_K"]!, p = rec["pO2_atm"]!
      XCTAssertEqual(pow(10, Double(rec["log10_pO2_atm"]!)!), Double(p)!, accuracy: 1e-12 * Double(p)!)
      let solved = csvRecords(try CLI.run(["solve", "gdc10", "--T", T, "--pO2", p, "--format", "csv", "--columns", "t_ion,Ce_Ce',V_O.."]).stdout)[0]
      switch rec["boundary"]! {
      case "t_ion=0.5": XCTAssertEqual(Double(solved["t_ion"]!)!, 0.5, accuracy: 1e-9); XCTAssertEqual(rec["side"], "n")
      case "t_ion=0.99": XCTAssertEqual(Double(solved["t_ion"]!)!, 0.99, accuracy: 1e-9)
      case "Ce_Ce'=V_O..":
        XCTAssertEqual(log(Double(solved["Ce_Ce'"]!)! / Double(solved["V_O.."]!)!), 0, accuracy: 1e-9)
        XCTAssertEqual(rec["side"], "V_O..")
      default: XCTFail("unexpected boundary \(rec["boundary"]!)")
      }
    }
  }

  func testDiagramHasOneLinePerBoundaryAndSide() throws {
    let r = try CLI.run(["domain", "gdc10", "--T", "600C:1000C:5", "--format", "svg"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("data-series=\"t_ion=0.5|n\""))
    XCTAssertTrue(r.stdout.contains("data-series=\"t_ion=0.99|n\""))
    let bad = try CLI.run(["domain", "gdc10", "--T", "800C", "--levels", "1.5"])
    XCTAssertEqual(bad.status, 2)
    XCTAssertTrue(bad.stderr.contains("--levels"), bad.stderr)
  }
}
