import BuiltinMaterials
import DefectChemistry
import XCTest

/// The front end of Sources/DefectChemistry/README.md ("Entry points"), written against the library alone:
/// it compiles, and its numbers are physics (the acceptor plateau of GDC20) and the CLI's (the same typed
/// rows the CSV writer prints).
final class FrontEndExampleTests: XCTestCase {
  func testTheReadmeFrontEnd() throws {
    let gdc = try DefectModel.load(yaml: BuiltinMaterials.yaml(named: "gdc10")!, file: "gdc10")
    let request = ConditionRequest(temperature: "800C", pressures: ["pO2": "1e-30:1:31"], overrides: ["Gd_Ce'=0.2"])
    let resolved = try request.resolve(for: gdc)
    let layout = try CSVLayout(model: resolved.model, grid: resolved.grid,
                               selection: ["pO2_atm", "V_O..", "sigma_ion_S_cm", "converged"])
    let table = try SweepRunner(model: resolved.model, grid: resolved.grid, layout: layout).table()
    XCTAssertEqual(table.rowCount, 31)
    XCTAssertEqual(resolved.warnings.count, 1, "pO2 below 1e-24 leaves gdc10's validity box: \(resolved.warnings)")
    var rows: [(pO2: Double, vacancies: Double, sigma: Double)] = []
    for r in 0..<table.rowCount where table.converged(r) {
      rows.append((table.value(r, 0)!, table.value(r, 1)!, table.value(r, 2)!))
    }
    XCTAssertEqual(rows.count, 31)
    // acceptor plateau: above ≈ 1e-8 atm the free vacancies (and σ_ion) do not depend on pO2 (within 1e-3),
    // and free + bound vacancies = ½[Gd] = 0.1 there
    let oxidising = rows.filter { $0.pO2 >= 1e-8 }
    for row in oxidising {
      XCTAssertEqual(row.sigma / oxidising.last!.sigma, 1, accuracy: 1e-3)
      XCTAssertLessThan(row.vacancies, 0.1)
    }
    // the same numbers as the CSV the CLI prints for this request
    var bytes: [UInt8] = []
    _ = try SweepRunner(model: resolved.model, grid: resolved.grid, layout: layout).run(emitBytes: { bytes.append(contentsOf: $0) })
    let csv = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
    for (r, line) in csv.enumerated() {
      let f = line.split(separator: ",")
      XCTAssertEqual(Double(f[2])!.bitPattern, rows[r].sigma.bitPattern)
    }
  }

  func testABadRequestIsOneMessageNamingTheOption() throws {
    let gdc = try DefectModel.load(yaml: BuiltinMaterials.yaml(named: "gdc10")!, file: "gdc10")
    for (request, fragment) in [
      (ConditionRequest(temperature: nil, pressures: ["pO2": "1"]), "--T is required"),
      (ConditionRequest(temperature: "800C", pressures: ["pO2": "nan"]), "--pO2"),
      (ConditionRequest(temperature: "800C"), "--pO2 is required"),
      (ConditionRequest(temperature: "800C", pressures: ["pO2": "1"], overrides: ["Xx_Ce'=1"]), "Xx_Ce'"),
    ] {
      XCTAssertThrowsError(try request.resolve(for: gdc)) { error in
        XCTAssertTrue("\(error)".contains(fragment), "\(error)")
      }
    }
  }
}
