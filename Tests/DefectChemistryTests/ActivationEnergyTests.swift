import BuiltinMaterials
import DefectChemistry
import Foundation
import XCTest

/// E_a = −k_B d ln(σT)/d(1/T) from the exact temperature slopes.
final class ActivationEnergyTests: XCTestCase {
  private func builtin(_ name: String) throws -> DefectModel {
    try DefectModel.load(yaml: try XCTUnwrap(BuiltinMaterials.yaml(named: name)), file: name)
  }

  private func sigmaT(_ model: DefectModel, T: Double, p: [String: Double]) throws -> [Double] {
    let s = try EquilibriumSolver(model: model).solve(Conditions(temperature: T, pressures: p))
    let t = try XCTUnwrap(TransportProperties(model: model, temperature: T, concentrations: s.concentrations))
    return (t.partial + [t.ionic, t.electronic, t.total]).map { $0 * T }
  }

  func testExactActivationEnergyMatchesCentralDifferenceOfFullSolves() throws {
    for (name, T, p) in [("gdc10", 900.0, ["pO2": 1e-18]), ("lscf6428", 1000.0, ["pO2": 0.05]),
                         ("bzy10", 700.0, ["pO2": 1e-3, "pH2O": 0.02]), ("ceo2", 1500.0, ["pO2": 1e-4])] {
      let model = try builtin(name)
      let solver = EquilibriumSolver(model: model)
      let s = try solver.solve(Conditions(temperature: T, pressures: p))
      let e = try XCTUnwrap(model.activationEnergies(temperature: T, concentrations: s.concentrations,
                                                      slopes: XCTUnwrap(solver.sensitivities())))
      let exact = e.partial + [e.ionic, e.electronic, e.total]
      // E_a = −k_B d ln(σT)/d(1/T); central difference in u = 1/T with Richardson extrapolation
      let u = 1 / T, h = 1e-3 * u
      func lnSigmaT(_ du: Double) throws -> [Double] { try sigmaT(model, T: 1 / (u + du), p: p).map { log($0) } }
      let (a, b, c, d) = (try lnSigmaT(h), try lnSigmaT(-h), try lnSigmaT(h / 2), try lnSigmaT(-h / 2))
      for k in exact.indices where exact[k].isFinite {
        let derivative = (4 * (c[k] - d[k]) / h - (a[k] - b[k]) / (2 * h)) / 3
        XCTAssertEqual(exact[k], -(1.380649e-23 / 1.602176634e-19) * derivative, accuracy: 1e-6 * max(1, abs(exact[k])), "\(name) column \(k)")
      }
    }
  }

  func testFixedVacancyConductorGivesTheMigrationEnergy() throws {
    // Acceptor-doped ceria in air: [V_O..] = [Gd]/2 fixed by the dopant, so E_a(σ_ion) is the hopping energy.
    let model = try DefectModel.load(yaml: try Self.pinnedVacancyCeria, file: "pinned.yaml")
    let solver = EquilibriumSolver(model: model)
    let T = 800.0
    let s = try solver.solve(Conditions(temperature: T, pO2: 0.21))
    let e = try XCTUnwrap(model.activationEnergies(temperature: T, concentrations: s.concentrations,
                                                    slopes: XCTUnwrap(solver.sensitivities())))
    guard case .hopping(_, let migration) = try XCTUnwrap(model.species[model.speciesIndex("V_O..")!].mobility) else {
      return XCTFail("GDC vacancies hop")
    }
    XCTAssertEqual(e.partial[model.speciesIndex("V_O..")!], migration, accuracy: 1e-6)
  }

  /// Acceptor-doped ceria with [V_O..] pinned by the acceptor and no association (Tests/Fixtures).
  static var pinnedVacancyCeria: String {
    get throws {
      let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/pinned-vacancy-ceria.yaml")
      return try String(contentsOf: url, encoding: .utf8)
    }
  }

  func testAtFixedOxygenContentPolaronsShowOnlyTheirHoppingEnergy() throws {
    // Reduced doped ceria (n = 2x ≫ p): at fixed δ the electron count is fixed, so E_a(σ_Ce') = Ea(hop);
    // at fixed pO2 it adds half the reduction enthalpy (the −1/4 regime with [V] pinned).
    let model = try DefectModel.load(yaml: try Self.pinnedVacancyCeria, file: "pinned.yaml")
    let solver = EquilibriumSolver(model: model)
    let T = 1073.0
    let s = try solver.solve(Conditions(temperature: T, pO2: 1e-20))
    let slopes = try XCTUnwrap(solver.sensitivities())
    let ce = model.speciesIndex("Ce_Ce'")!
    guard case .hopping(_, let hop) = try XCTUnwrap(model.species[ce].mobility) else { return XCTFail("polarons hop") }
    let fixed = try XCTUnwrap(model.activationEnergies(temperature: T, concentrations: s.concentrations, slopes: slopes,
                                                        fixedOxygenContent: true))
    XCTAssertEqual(fixed.partial[ce], hop, accuracy: 0.02 * hop)
    // the path keeps the oxygen content: Σ n_O c_i d ln c_i/dT = 0 along it
    let path = try XCTUnwrap(model.temperaturePath(concentrations: s.concentrations, slopes: slopes, fixedOxygenContent: true))
    let o = model.speciesIndex("O_O^x")!, v = model.speciesIndex("V_O..")!
    XCTAssertEqual(s.concentrations[o] * path[o], 0, accuracy: 1e-12 * s.concentrations[v] * abs(path[v]) + 1e-18)
    let open = try XCTUnwrap(model.activationEnergies(temperature: T, concentrations: s.concentrations, slopes: slopes))
    XCTAssertGreaterThan(open.partial[ce], hop + 1)
  }
}
