import Foundation
import XCTest

/// `brouwer permeation`: units, lists and ranges, option errors naming what was typed, and the
/// bulk-only and mixed-control columns.
final class PermeationCommandTests: XCTestCase {
  let base = ["permeation", "lscf6428", "--T", "800C", "--thickness", "1mm"]

  func testPressureUnitsGiveTheSameFlux() throws {
    var fluxes: [Double] = []
    for (feed, permeate) in [("0.21", "1e-3"), ("0.21atm", "0.001 atm"), ("0.2127825bar", "1.01325mbar"), ("21278.25Pa", "0.101325kPa")] {
      let r = try CLI.run(base + ["--feed", feed, "--permeate", permeate, "--bulk-only"])
      XCTAssertEqual(r.status, 0, r.stderr)
      let row = try XCTUnwrap(csvRecords(r.stdout).first)
      XCTAssertEqual(Double(row["feed_pO2_atm"]!)!, 0.21, accuracy: 1e-12)
      XCTAssertEqual(Double(row["permeate_pO2_atm"]!)!, 1e-3, accuracy: 1e-15)
      fluxes.append(Double(row["J_O2_bulk_mol_cm2_s"]!)!)
    }
    for j in fluxes { XCTAssertEqual(j, fluxes[0], accuracy: 1e-9 * fluxes[0]) }
  }

  func testPermeateTakesListsAndRanges() throws {
    let list = try CLI.run(base + ["--feed", "0.21", "--permeate", "1e-4,1e-3,1e-2", "--bulk-only"])
    XCTAssertEqual(list.status, 0, list.stderr)
    let rows = csvRecords(list.stdout)
    XCTAssertEqual(rows.map { Double($0["permeate_pO2_atm"]!)! }, [1e-4, 1e-3, 1e-2])
    let j = rows.map { Double($0["J_O2_bulk_mol_cm2_s"]!)! }
    XCTAssertTrue(j[0] > j[1] && j[1] > j[2], "a lower permeate pO2 drives more oxygen: \(j)")
    let range = try CLI.run(base + ["--feed", "0.21", "--permeate", "1e-4:1e-2:3", "--bulk-only"])
    XCTAssertEqual(csvRecords(range.stdout).map { Double($0["permeate_pO2_atm"]!)! }, [1e-4, 1e-3, 1e-2])
  }

  /// Thickness ranges are log-spaced, like pressures: 0.1 mm…10 mm in 3 points is 0.01, 0.1, 1 cm.
  func testThicknessRangesAreLogSpaced() throws {
    let r = try CLI.run(["permeation", "gdc10", "--T", "800C", "--feed", "0.21", "--permeate", "1e-20", "--thickness", "0.1mm:10mm:3", "--quiet"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let rows = csvRecords(r.stdout)
    XCTAssertEqual(rows.count, 3)
    for (row, L) in zip(rows, [0.01, 0.1, 1.0]) { XCTAssertEqual(Double(row["thickness_cm"]!)!, L, accuracy: 1e-15) }
  }

  func testErrorsNameTheOptionTyped() throws {
    for (args, option) in [(["--feed", "air", "--permeate", "1e-3"], "--feed"),
                           (["--feed", "0.21", "--permeate", "-1"], "--permeate"),
                           (["--feed", "0.21", "--permeate", "1e-3", "--k-chem", "fast"], "--k-chem")] {
      let r = try CLI.run(base + args)
      XCTAssertEqual(r.status, 2)
      XCTAssertTrue(r.stderr.contains(option) && !r.stderr.contains("--pO2"), r.stderr)
      XCTAssertEqual(r.stdout, "")
    }
  }

  func testFeedBelowPermeateAndRepeatedOptionsAreErrors() throws {
    let reverse = try CLI.run(base + ["--feed", "1e-3", "--permeate", "0.21"])
    XCTAssertEqual(reverse.status, 2)
    XCTAssertTrue(reverse.stderr.contains("above --feed") && reverse.stderr.contains("swap"), reverse.stderr)
    let twice = try CLI.run(base + ["--feed", "0.21", "--feed", "1", "--permeate", "1e-3"])
    XCTAssertEqual(twice.status, 2)
    XCTAssertTrue(twice.stderr.contains("--feed is given twice"), twice.stderr)
    XCTAssertEqual(twice.stdout, "")
  }

  func testQuietSilencesNotesButNotData() throws {
    let loud = try CLI.run(["permeation", "gdc10", "--T", "800C", "--feed", "0.21", "--permeate", "1e-20", "--thickness", "1mm"])
    XCTAssertTrue(loud.stderr.contains("bulk-limited flux only"), loud.stderr)
    let quiet = try CLI.run(["permeation", "gdc10", "--T", "800C", "--feed", "0.21", "--permeate", "1e-20", "--thickness", "1mm", "--quiet"])
    XCTAssertEqual(quiet.status, 0)
    XCTAssertEqual(quiet.stderr, "")
    XCTAssertEqual(quiet.stdout, loud.stdout)
  }

  func testMixedControlColumnsAndKChemOption() throws {
    let r = try CLI.run(base + ["--feed", "0.21", "--permeate", "1e-3"])
    XCTAssertEqual(r.status, 0, r.stderr)
    let row = try XCTUnwrap(csvRecords(r.stdout).first)
    let bulk = Double(row["J_O2_bulk_mol_cm2_s"]!)!, mixed = Double(row["J_O2_mol_cm2_s"]!)!
    XCTAssertLessThan(mixed, bulk)
    let p1 = Double(row["feed_surface_pO2_atm"]!)!, p2 = Double(row["permeate_surface_pO2_atm"]!)!
    XCTAssertTrue(0.21 > p1 && p1 > p2 && p2 > 1e-3, "\(p1) \(p2)")
    // a huge k_chem makes the surfaces irrelevant: the mixed flux returns to the bulk one
    let fast = try XCTUnwrap(csvRecords(try CLI.run(base + ["--feed", "0.21", "--permeate", "1e-3", "--k-chem", "1e3"]).stdout).first)
    XCTAssertEqual(Double(fast["J_O2_mol_cm2_s"]!)!, bulk, accuracy: 1e-4 * bulk)
    let only = try XCTUnwrap(csvRecords(try CLI.run(base + ["--feed", "0.21", "--permeate", "1e-3", "--bulk-only"]).stdout).first)
    XCTAssertNil(only["J_O2_mol_cm2_s"])
  }

  /// A proton conductor's flux is O2-equivalent (protons move against it): said once; not for an oxide-ion conductor.
  func testProtonConductorFluxIsCalledO2Equivalent() throws {
    let wet = try CLI.run(["permeation", "bzy10", "--T", "600C", "--feed", "0.21", "--permeate", "1e-3", "--thickness", "1mm", "--pH2O", "0.02"])
    XCTAssertEqual(wet.status, 0, wet.stderr)
    XCTAssertEqual(wet.stderr.components(separatedBy: "bzy10 conducts protons: the flux is O2-equivalent").count, 2, wet.stderr)
    let dry = try CLI.run(["permeation", "lscf6428", "--T", "800C", "--feed", "0.21", "--permeate", "0.05", "--thickness", "1mm"])
    XCTAssertFalse(dry.stderr.contains("conducts protons"), dry.stderr)
  }
}

