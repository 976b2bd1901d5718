import Foundation
import XCTest

/// Runs that leave a material's declared validity box say so once per axis on stderr, and the
/// `in_validity` column marks each row (issue 9 item 5).
final class ValidityRangeTests: XCTestCase {
  func testLeavingTheValidityBoxWarnsOncePerAxis() throws {
    // ceo2: T_K 1273…1773, pO2_atm 1e-15…1, δ 0…0.1 (a state bound: checked after the conditions)
    let r = try CLI.run(["sweep", "ceo2", "--T", "1000:1500:6", "--pO2", "1e-20:1:21", "--columns", "T_K"])
    XCTAssertEqual(r.status, 0, r.stderr)
    // ceo2's attractive vacancy excess adds one solver note (homotopy, no continuation); the warnings are the rest
    let lines = r.stderr.split(separator: "\n").filter { !$0.hasPrefix("brouwer: note:") }
    XCTAssertEqual(lines.count, 3, r.stderr)
    XCTAssertTrue(lines[0].contains("T_K 1000…1500 (down to 1000)") && lines[0].contains("(1273…1773.15)"), r.stderr)
    XCTAssertTrue(lines[1].contains("pO2_atm 1e-20…1 (down to 1e-20)") && lines[1].contains("(1e-15…1)"), r.stderr)
    XCTAssertTrue(lines[2].contains("delta ") && lines[2].contains("leaves the validity range of ceo2 (0…0.1)"), r.stderr)
    XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("brouwer: warning:") })
  }

  func testInsideTheBoxIsSilent() throws {
    // °C-typed bounds are inside; δ ≤ 0.038 (the δ bound 0.1 is reached near 1e-6 atm at 1773 K)
    let r = try CLI.run(["sweep", "ceo2", "--T", "1000C:1500C:3", "--pO2", "1e-4:1:3"])
    XCTAssertEqual(r.status, 0, r.stderr)
    // nothing but ceo2's solver note (attractive vacancy excess: homotopy at every point)
    XCTAssertEqual(r.stderr.split(separator: "\n").filter { !$0.hasPrefix("brouwer: note: ceo2 has attractive") }, [], r.stderr)
    XCTAssertFalse(r.stdout.contains("in_validity"), "in_validity is on request only")
  }

  func testInValidityColumnMarksEachRow() throws {
    let r = try CLI.run(["sweep", "ceo2", "--T", "1200,1300", "--pO2", "1e-20,1e-10", "--columns", "T_K,pO2_atm,in_validity"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(r.stdout, """
      T_K,pO2_atm,in_validity
      1200.0,1e-20,false
      1200.0,1e-10,false
      1300.0,1e-20,false
      1300.0,1e-10,true

      """)
  }

  func testFitAndSolveWarnToo() throws {
    let solve = try CLI.run(["solve", "lscf6428", "--T", "800C", "--pO2", "1e-3"])
    XCTAssertEqual(solve.status, 0, solve.stderr)
    XCTAssertTrue(solve.stderr.contains("pO2_atm = 0.001 leaves the validity range of lscf6428"), solve.stderr)
    let fit = try CLI.run(["fit", "lscf6428", "--data", "-", "--fit", "oxidation.dS"],
                          stdin: "T_K,pO2_atm,delta\n1073,0.21,0.037\n1500,0.21,0.05\n")
    XCTAssertTrue(fit.stderr.contains("T_K 1073…1500 (up to 1500) leaves the validity range of lscf6428 (873…1173.15)"), fit.stderr)
  }
}
