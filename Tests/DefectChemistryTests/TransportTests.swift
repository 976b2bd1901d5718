import DefectChemistry
import Foundation
import XCTest

/// Conductivities, transference numbers, derived quantities and the Wagner flux against closed forms.
final class TransportTests: XCTestCase {
  /// The ceria test model with transport: vacancies (Wang 2000 hopping law), Ce' polarons and band holes
  /// with mobilities chosen per test.
  static func ceria(electronA: Double = 490, holeMu: Double = 1.0) -> String {
    TestModels.ceria()
      .replacingOccurrences(of: "sublattices: {Ce: 1, O: 2}", with: "sublattices: {Ce: 1, O: 2}\ndensity: {value: 2.52e22 cm-3}\nvalence: {Ce: 4}\nnonstoichiometry: {element: O, nominal: 1.95}")
      .replacingOccurrences(of: "{label: \"V_O..\"}", with: "{label: \"V_O..\", mobility: {law: hopping, A: 232.6, Ea: 0.709 eV}}")
      .replacingOccurrences(of: "{label: \"Ce_Ce'\"}", with: "{label: \"Ce_Ce'\", mobility: {law: hopping, A: \(electronA), Ea: 0.40 eV}}")
      .replacingOccurrences(of: "{label: \"h.\", band: {N300: 1.0}}", with: "{label: \"h.\", band: {N300: 1.0}, mobility: {law: band, mu300: \(holeMu), m: 1.5}}")
  }

  private let prefactor: (Double, Double) -> Double = { T, L in
    PhysicalConstants.gasConstant * T / (16 * PhysicalConstants.faraday * PhysicalConstants.faraday * L)
  }

  func testPartialConductivitiesAddUpAndTransferenceNumbersSumToOne() throws {
    let model = try DefectModel.load(yaml: Self.ceria(), file: "t.yaml")
    let solver = EquilibriumSolver(model: model)
    for pO2 in logSpaced(1e-30, 1, count: 31) {
      let s = try solver.solve(Conditions(temperature: 1073, pO2: pO2), continuation: true)
      let t = try XCTUnwrap(TransportProperties(model: model, temperature: 1073, concentrations: s.concentrations))
      XCTAssertEqual(t.ionicTransference + t.electronicTransference, 1, accuracy: 1e-14)
      XCTAssertEqual(t.partial.reduce(0, +), t.total, accuracy: 1e-14 * t.total)
      let v = model.speciesIndex("V_O..")!
      XCTAssertEqual(t.ionic, t.partial[v])
      // σ_V = 2 e c N μ: recompute by hand
      let mu = 232.6 / 1073 * exp(-0.709 / (PhysicalConstants.boltzmannEV * 1073))
      XCTAssertEqual(t.partial[v], 2 * 1.602176634e-19 * s.concentrations[v] * 2.52e22 * mu, accuracy: 1e-13 * t.partial[v])
      XCTAssertEqual(t.ambipolar, t.ionicTransference * t.electronicTransference * t.total, accuracy: 1e-14 * t.total)
    }
  }

  func testFluxReducesToIonicClosedFormWhenElectronsDominate() throws {
    // Very mobile electrons: σ_el ≫ σ_ion, and [V] = x/2 nearly constant between 1e-5 and 1 atm.
    let model = try DefectModel.load(yaml: Self.ceria(electronA: 4.9e8, holeMu: 1e4), file: "t.yaml")
    let wagner = try WagnerPermeation(model: model)
    let T = 1073.0, L = 0.1
    let flux = try wagner.flux(temperature: T, feed: 1, permeate: 1e-5, thickness: L)
    let solver = EquilibriumSolver(model: model)
    let mid = try solver.solve(Conditions(temperature: T, pO2: 10.0.squareRoot() * 1e-3))
    let t = try XCTUnwrap(TransportProperties(model: model, temperature: T, concentrations: mid.concentrations))
    XCTAssertGreaterThan(t.electronic, 2e3 * t.ionic)  // so σ_amb = σ_ion (1 − O(5e-4))
    let closed = prefactor(T, L) * t.ionic * log(1 / 1e-5)
    XCTAssertEqual(flux.molar, closed, accuracy: 1e-3 * closed)
    XCTAssertLessThan(flux.molarError, 1e-6 * flux.molar)
  }

  func testFluxWithSingleElectronicPowerLawMatchesItsClosedForm() throws {
    // Immobile holes, sluggish electrons: σ_amb ≈ σ_el = σ0·pO2^(-1/4) (extrinsic n-type regime).
    let model = try DefectModel.load(yaml: Self.ceria(electronA: 1e-3, holeMu: 1e-12), file: "t.yaml")
    let wagner = try WagnerPermeation(model: model)
    let T = 1073.0, L = 0.05, p1 = 1e-6, p2 = 1e-12
    let flux = try wagner.flux(temperature: T, feed: p1, permeate: p2, thickness: L)
    let solver = EquilibriumSolver(model: model)
    let pm = (p1 * p2).squareRoot()
    let s = try solver.solve(Conditions(temperature: T, pO2: pm))
    let t = try XCTUnwrap(TransportProperties(model: model, temperature: T, concentrations: s.concentrations))
    XCTAssertLessThan(t.electronic, 1e-4 * t.ionic)
    let sigma0 = t.electronic * pow(pm, 0.25)
    let closed = prefactor(T, L) * sigma0 * (pow(p2, -0.25) - pow(p1, -0.25)) / 0.25
    XCTAssertEqual(flux.molar, closed, accuracy: 2e-3 * closed)
  }

  func testThermodynamicFactorMatchesFiniteDifferenceOfOxygenContent() throws {
    let model = try DefectModel.load(yaml: Self.ceria(), file: "t.yaml")
    let solver = EquilibriumSolver(model: model)
    for pO2 in [1e-22, 1e-15, 1e-8] {
      let s = try solver.solve(Conditions(temperature: 1073, pO2: pO2))
      let theta = try XCTUnwrap(model.thermodynamicFactor(concentrations: s.concentrations, slopes: try XCTUnwrap(solver.sensitivities())))
      func lnContent(_ p: Double) throws -> Double {
        let st = try solver.solve(Conditions(temperature: 1073, pO2: p))
        return log(1.95 - model.nonstoichiometry(of: st.concentrations)!)
      }
      let h = 1e-3
      let d = (try lnContent(pO2 * exp(h)) - lnContent(pO2 * exp(-h))) / (2 * h)
      XCTAssertEqual(theta, 0.5 / d, accuracy: 1e-5 * theta, "pO2 = \(pO2)")
    }
  }

  func testChemicalDiffusionIsConsistentWithThermodynamicFactor() throws {
    // D̃ = RT/(8F²)·σ_amb·∂ln p/∂c_O = R·T·σ_amb·Θ/(4F²·c_O) with c_O in mol/cm³.
    let model = try DefectModel.load(yaml: Self.ceria(), file: "t.yaml")
    let solver = EquilibriumSolver(model: model)
    let s = try solver.solve(Conditions(temperature: 1073, pO2: 1e-18))
    let slopes = try XCTUnwrap(solver.sensitivities())
    let t = try XCTUnwrap(TransportProperties(model: model, temperature: 1073, concentrations: s.concentrations))
    let d = try XCTUnwrap(model.chemicalDiffusionCoefficient(temperature: 1073, concentrations: s.concentrations, slopes: slopes, ambipolar: t.ambipolar))
    let theta = try XCTUnwrap(model.thermodynamicFactor(concentrations: s.concentrations, slopes: slopes))
    let cO = (1.95 - model.nonstoichiometry(of: s.concentrations)!) * 2.52e22 / 6.02214076e23
    let F = PhysicalConstants.faraday
    XCTAssertEqual(d, PhysicalConstants.gasConstant * 1073 * t.ambipolar * theta / (4 * F * F * cO), accuracy: 1e-10 * d)
  }

  func testCeriaValenceFollowsPolaronFraction() throws {
    let model = try DefectModel.load(yaml: Self.ceria(), file: "t.yaml")
    let s = try EquilibriumSolver(model: model).solve(Conditions(temperature: 1073, pO2: 1e-22))
    let n = model.concentration("Ce_Ce'", in: s)!, x = model.concentration("Ce_Ce^x", in: s)!
    XCTAssertEqual(model.averageValence(of: "Ce", concentrations: s.concentrations)!, 4 - n / (n + x), accuracy: 1e-14)
  }
}
