import Foundation
import XCTest

/// Mobility-law parameters on the command line: `sweep --set mobility.LABEL.KEY=…` and `fit --fit mobility.LABEL.KEY`.
final class FitMobilityCommandTests: XCTestCase {
  func reused(_ name: String, in report: String) throws -> String {
    let line = try XCTUnwrap(report.split(separator: "\n").first { $0.hasPrefix("reuse:") })
    let start = try XCTUnwrap(line.range(of: "\"\(name)=")).upperBound
    return String(line[start...].prefix { $0 != "\"" })
  }

  func testSetScalesTheConductivityAndFitRecoversThePolaronBarrier() throws {
    // --set A: σ_ion ∝ A at the same state (gdc10's V_O.. A is 111)
    func sigmaIon(_ extra: [String]) throws -> Double {
      let r = try CLI.run(["sweep", "gdc10", "--T", "1073", "--pO2", "0.21", "--columns", "sigma_ion_S_cm"] + extra)
      XCTAssertEqual(r.status, 0, r.stderr)
      return try XCTUnwrap(Double(r.lines[1]))
    }
    XCTAssertEqual(try sigmaIon(["--set", "mobility.V_O...A=333"]) / sigmaIon([]), 3, accuracy: 1e-12)
    XCTAssertEqual(try sigmaIon(["--set", "mobility.V_O••.Ea=0.5728eV"]) / sigmaIon([]),
                   exp(-0.1 / (8.617_333_262e-5 * 1073)), accuracy: 1e-9)
    // "measured" electronic conductivity of reduced gdc10 with a polaron barrier of 45 kJ/mol instead of 0.40 eV
    let sweep = try CLI.run(["sweep", "gdc10", "--set", "mobility.Ce_Ce'.Ea=45kJ/mol", "--T", "900:1300:5", "--pO2", "1e-20",
                             "--columns", "T_K,pO2_atm,sigma_el_S_cm"])
    XCTAssertEqual(sweep.status, 0, sweep.stderr)
    let exact = try CLI.run(["fit", "gdc10", "--data", "-", "--fit", "mobility.Ce_Ce'.Ea"], stdin: sweep.stdout)
    XCTAssertEqual(exact.status, 0, exact.stderr)
    // reported and reused in the file's unit (gdc10 writes "0.40 eV")
    XCTAssertEqual(try XCTUnwrap(Double(try reused("mobility.Ce_Ce'.Ea", in: exact.stdout).replacingOccurrences(of: "eV", with: ""))),
                   45 / 96.485_332_12, accuracy: 1e-8)
    XCTAssertTrue(exact.stdout.contains("exact Jacobians"), exact.stdout)
    let differences = try CLI.run(["fit", "gdc10", "--data", "-", "--fit", "mobility.Ce_Ce'.Ea", "--jacobian", "differences"],
                                  stdin: sweep.stdout)
    XCTAssertEqual(differences.status, 0, differences.stderr)
    XCTAssertTrue(differences.stdout.contains("Jacobian by finite differences"), differences.stdout)
    XCTAssertEqual(try XCTUnwrap(Double(try reused("mobility.Ce_Ce'.Ea", in: differences.stdout).replacingOccurrences(of: "eV", with: ""))),
                   45 / 96.485_332_12, accuracy: 1e-6)
    // δ does not depend on a mobility: not identifiable (exit 3), naming it
    let delta = try CLI.run(["sweep", "gdc10", "--T", "900:1300:5", "--pO2", "1e-20", "--columns", "T_K,pO2_atm,delta"])
    let blind = try CLI.run(["fit", "gdc10", "--data", "-", "--fit", "mobility.Ce_Ce'.Ea", "--fit", "reduction.dH"], stdin: delta.stdout)
    XCTAssertEqual(blind.status, 3, blind.stderr)
    XCTAssertTrue(blind.stderr.contains("cannot fix mobility.Ce_Ce'.Ea at all"), blind.stderr)
  }

  func testBadMobilityNamesExitTwoListingTheSettableOnes() throws {
    let unknown = try CLI.run(["sweep", "gdc10", "--T", "1073", "--pO2", "0.21", "--set", "mobility.Q_Ce.A=1"])
    XCTAssertEqual(unknown.status, 2)
    XCTAssertTrue(unknown.stderr.contains("settable mobility parameters: mobility.Ce_Ce'.A, mobility.Ce_Ce'.Ea, mobility.V_O...A"), unknown.stderr)
    XCTAssertTrue(unknown.stdout.isEmpty)
    let wrongLaw = try CLI.run(["fit", "gdc10", "--data", "-", "--fit", "mobility.V_O...mu300"], stdin: "T_K,pO2_atm,sigma_ion_S_cm\n1073,0.21,0.08\n")
    XCTAssertEqual(wrongLaw.status, 2)
    XCTAssertTrue(wrongLaw.stderr.contains("hopping law with parameters mobility.V_O...A, mobility.V_O...Ea"), wrongLaw.stderr)
    let negative = try CLI.run(["sweep", "gdc10", "--T", "1073", "--pO2", "0.21", "--set", "mobility.V_O...Ea=-0.1"])
    XCTAssertEqual(negative.status, 2)
    XCTAssertTrue(negative.stderr.contains("0 … 10 eV"), negative.stderr)
    let immobile = try CLI.run(["sweep", "gdc10", "--T", "1073", "--pO2", "0.21", "--set", "mobility.Gd_Ce'.A=1"])
    XCTAssertEqual(immobile.status, 2)
    XCTAssertTrue(immobile.stderr.contains("Gd_Ce' has no mobility"), immobile.stderr)
  }
}
