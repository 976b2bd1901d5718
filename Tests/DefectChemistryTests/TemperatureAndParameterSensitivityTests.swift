import BuiltinMaterials
import DefectChemistry
import Foundation
import XCTest

/// Exact d ln c/dT and d ln c/dθ (implicit-function theorem) against central differences of full solves.
final class TemperatureAndParameterSensitivityTests: XCTestCase {
  private func lnConcentrations(_ model: DefectModel, T: Double, p: [String: Double]) throws -> [Double] {
    let s = try EquilibriumSolver(model: model).solve(Conditions(temperature: T, pressures: p))
    XCTAssertTrue(s.converged)
    return s.concentrations.map { log($0) }
  }

  private func builtin(_ name: String) throws -> DefectModel {
    try DefectModel.load(yaml: try XCTUnwrap(BuiltinMaterials.yaml(named: name)), file: name)
  }

  private func nonIdealOxide() throws -> DefectModel {
    try DefectModel.load(yaml: """
      name: fd-test
      sublattices: {M: 1, O: 1}
      species:
        - {label: "M_M^x", host: true}
        - {label: "O_O^x", host: true}
        - {label: "V_O.."}
        - {label: "e'", band: {N300: 0.01, statistics: fermi-dirac}}
      reactions:
        - {name: reduction, equation: "O_O^x = V_O.. + 2 e' + 1/2 O2(g)", dH: 3.0 eV, dS: 5 kB}
      interactions:
        - {name: vv, species: "V_O..", partner: "V_O..", W: 0.7 eV}
      """, file: "fd.yaml")
  }

  /// Richardson-extrapolated central difference, (4·D(h/2) − D(h))/3 with D(h) = (f(h) − f(−h))/(2h): O(h⁴).
  private func richardson(step h: Double, _ f: (Double) throws -> [Double]) throws -> [Double] {
    let (a, b, c, d) = (try f(h), try f(-h), try f(h / 2), try f(-h / 2))
    return a.indices.map { i in (4 * (c[i] - d[i]) / h - (a[i] - b[i]) / (2 * h)) / 3 }
  }

  func testTemperatureSlopesMatchCentralDifferences() throws {
    let cases: [(DefectModel, Double, [String: Double])] = [
      (try builtin("gdc10"), 1073, ["pO2": 1e-15]),
      (try builtin("ceo2"), 1700, ["pO2": 1e-3]),
      (try builtin("lscf6428"), 1000, ["pO2": 0.05]),
      (try builtin("bzy10"), 800, ["pO2": 1e-10, "pH2O": 0.02]),
      (try nonIdealOxide(), 1400, ["pO2": 1e-18]),
    ]
    for (model, T, p) in cases {
      let solver = EquilibriumSolver(model: model)
      let state = try solver.solve(Conditions(temperature: T, pressures: p))
      XCTAssertTrue(state.converged)
      let exact = try XCTUnwrap(solver.sensitivities()).temperature
      let fdAll = try richardson(step: 2e-3 * T) { try lnConcentrations(model, T: T + $0, p: p) }
      for i in model.species.indices where model.species[i].isFree {
        let fd = fdAll[i]
        XCTAssertEqual(exact[i], fd, accuracy: 1e-6 * max(abs(fd), 1e-4), "\(model.name) \(model.species[i].name)")
      }
    }
  }

  func testParameterSlopesMatchCentralDifferences() throws {
    let ceria = try DefectModel.load(yaml: AssociatesAndTotalsTests.associatedGDC, file: "assoc.yaml")
    let cases: [(DefectModel, [String], Double, [String: Double])] = [
      (ceria, ["reduction.dH", "reduction.dS", "Gd"], 1000, ["pO2": 1e-18]),
      (try builtin("gdc10"), ["Gd_Ce'", "reduction.dH"], 1073, ["pO2": 1e-20]),
      (try builtin("lscf6428"), ["vv.W", "oxidation.dS", "Sr_La'"], 1073, ["pO2": 0.01]),
      (try nonIdealOxide(), ["vv.W", "reduction.dH"], 1300, ["pO2": 1e-15]),
    ]
    for (model, names, T, p) in cases {
      let parameters = try names.map { try model.parameter(named: $0) }
      let solver = EquilibriumSolver(model: model)
      XCTAssertTrue(try solver.solve(Conditions(temperature: T, pressures: p)).converged)
      let exact = try XCTUnwrap(solver.parameterSensitivities(parameters))
      for (k, parameter) in parameters.enumerated() {
        let v = model.value(of: parameter)
        let fdAll = try richardson(step: 1e-3 * max(abs(v), 0.1)) { try lnConcentrations(model.setting(parameter, to: v + $0), T: T, p: p) }
        for i in model.species.indices where model.species[i].isFree {
          let fd = fdAll[i]
          XCTAssertEqual(exact[k][i], fd, accuracy: 1e-6 * max(abs(fd), 1e-3), "\(model.name) \(names[k]) \(model.species[i].name)")
        }
      }
    }
  }

  func testDiluteExtrinsicElectronsHaveTheClosedFormActivationEnthalpy() throws {
    // Acceptor-doped ceria, [V] pinned at [Gd]/2, electrons dilute: n ∝ exp(−ΔH_red/(2k_BT))·…, so
    // d ln n/dT = ΔH_red/(2 k_B T²) up to the relative change of [V] = [Gd]/2 + n/2 (≈ n/[Gd] < 1e-6).
    let model = try DefectModel.load(yaml: TestModels.ceria(), file: "c.yaml")
    let solver = EquilibriumSolver(model: model)
    let T = 600.0
    let state = try solver.solve(Conditions(temperature: T, pO2: 1e-22))
    XCTAssertLessThan(try XCTUnwrap(model.concentration("Ce_Ce'", in: state)), 1e-7)
    let slope = try XCTUnwrap(solver.sensitivities()).temperature[model.speciesIndex("Ce_Ce'")!]
    XCTAssertEqual(slope, 4.0 / (2 * (1.380649e-23 / 1.602176634e-19) * T * T), accuracy: 1e-6 * slope)
  }
}
