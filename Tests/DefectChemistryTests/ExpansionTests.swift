import BuiltinMaterials
import DefectChemistry
import Foundation
import XCTest

/// Chemical and thermal expansion columns against the LSF64 coefficients of J. Solid State Chem. 293 (2021) 121838 [V-abs].
final class ExpansionTests: XCTestCase {
  func lsf64() throws -> DefectModel {
    try DefectModel.load(yaml: XCTUnwrap(BuiltinMaterials.yaml(named: "lsf64")), file: "lsf64.yaml")
  }

  func testLSF64CarriesThePublishedCoefficients() throws {
    let e = try XCTUnwrap(try lsf64().expansion)
    XCTAssertEqual(e.chemical, 0.144)      // Å per unit δ
    XCTAssertEqual(e.thermal, 5.72e-5)     // Å/K
    XCTAssertEqual(e.validity["delta"], 0.05...0.2)
  }

  func testLatticeFollowsTheCoefficientsAlongSolvedStates() throws {
    let model = try lsf64()
    let solver = EquilibriumSolver(model: model)
    func state(_ T: Double, _ p: Double) throws -> (a: Double, delta: Double, strain: Double) {
      let s = try solver.solve(Conditions(temperature: T, pO2: p))
      XCTAssertTrue(s.converged)
      return (try XCTUnwrap(model.latticeParameter(temperature: T, concentrations: s.concentrations)),
              try XCTUnwrap(model.nonstoichiometry(of: s.concentrations)),
              try XCTUnwrap(model.chemicalStrain(temperature: T, concentrations: s.concentrations)))
    }
    // isothermal: Δa/Δδ is the chemical coefficient
    let (a1, d1, s1) = try state(1000, 0.21), (a2, d2, _) = try state(1000, 1e-12)
    XCTAssertGreaterThan(d2 - d1, 0.05)
    XCTAssertEqual((a2 - a1) / (d2 - d1), 0.144, accuracy: 1e-12)
    // at fixed δ (a model with the same δ at two T is not at hand): a(T2, δ) − a(T1, δ) from the law itself
    let e = try XCTUnwrap(model.expansion)
    XCTAssertEqual(e.latticeParameter(temperature: 1050, delta: 0.1) - e.latticeParameter(temperature: 950, delta: 0.1), 100 * 5.72e-5, accuracy: 1e-14)
    // strain: α_δ·δ / a(T, δ = 0)
    XCTAssertEqual(s1, 0.144 * d1 / (3.900 + 5.72e-5 * (1000 - 973.15)), accuracy: 1e-15)
  }

  func testExpansionNeedsItsReference() {
    let yaml = """
      name: x
      sublattices: {M: 1, O: 2}
      species:
        - {label: "M_M^x", host: true}
        - {label: "O_O^x", host: true}
        - {label: "V_O.."}
        - {label: "e'", band: {N300: 1}}
      reactions:
        - {name: red, equation: "O_O^x = 1/2 O2(g) + V_O.. + 2 e'", dH: 5 eV, dS: 10 kB}
      expansion:
        chemical_A_per_delta: 0.1
      """
    XCTAssertThrowsError(try DefectModel.load(yaml: yaml, file: "x.yaml")) { error in
      XCTAssertTrue(String(describing: error).contains("x.yaml:11: expansion needs 'reference'"), "\(error)")
    }
  }
}
