import Foundation
import XCTest

/// `brouwer check` prints each mobile species' law with its site-exclusion and blocking factors, and the
/// surface-exchange law (docs/theory.md §8.4–8.5).
final class CheckTransportTests: XCTestCase {
  func testCheckPrintsTheTransportLaws() throws {
    let lsf = try CLI.run(["check", "lsf64"])
    XCTAssertEqual(lsf.status, 0, lsf.stderr)
    XCTAssertTrue(lsf.stdout.contains("Fe_Fe. (electronic): μ = (1327.47/T)·exp(−0.1 eV/k_BT), f = (1 − [Fe_Fe.])·(1 − [V_O..]/3)^32"), lsf.stdout)
    let gdc = try CLI.run(["check", "gdc20"])
    XCTAssertTrue(gdc.stdout.contains("f = (1 − [V_O..]/2)·(1 − ([Gd_Ce'] + [(Gd_Ce V_O).]))^2"), gdc.stdout)
    let lscf = try CLI.run(["check", "lscf6428"])
    XCTAssertTrue(lscf.stdout.contains("surface exchange: J_O2 = ℜ₀·((p_hi/p_lo)^0.5 − 1)"), lscf.stdout)
  }
}
