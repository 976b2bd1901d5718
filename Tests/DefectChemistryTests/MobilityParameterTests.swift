@testable import DefectChemistry
import Foundation
import XCTest

/// Mobility-law parameters as `--set`/`--fit` parameters (`mobility.LABEL.A`, `.Ea`, `.mu300`, `.m`): names,
/// validation, the closed form σ_k ∝ μ_k(T) at fixed concentrations, the exact Jacobian's direct term, and
/// what δ and σ each fix in a joint fit (issue 20).
final class MobilityParameterTests: XCTestCase {
  let kB = PhysicalConstants.boltzmannEV

  func testNamesInAnySpellingValidationAndMessages() throws {
    let gdc = try FitTestData.builtin("gdc10")
    let ascii = try gdc.parameter(named: "mobility.V_O...Ea")
    XCTAssertEqual(try gdc.parameter(named: "mobility.V_O••.Ea"), ascii)
    XCTAssertEqual(gdc.describe(ascii), "mobility.V_O...Ea")
    XCTAssertEqual(gdc.value(of: ascii), 0.4728, accuracy: 1e-15)  // the file's "0.4728 eV"
    XCTAssertEqual(gdc.value(of: try gdc.parameter(named: "mobility.V_O...A")), 111.0)
    XCTAssertEqual(gdc.parseValue("48 kJ/mol", for: ascii)!, 48 / PhysicalConstants.kJPerMolPerEV, accuracy: 1e-15)
    XCTAssertEqual(gdc.declaredUnit(of: ascii), "eV")
    XCTAssertTrue(ascii.dimension == .energy && !ascii.isLogarithmic)
    XCTAssertTrue(try gdc.parameter(named: "mobility.V_O...A").isLogarithmic)
    // bad names: an unknown label lists every settable mobility name; a key of the other law names the law's own
    func message(_ name: String) -> String {
      do { _ = try gdc.parameter(named: name); return "" } catch { return error.message }
    }
    let unknown = message("mobility.X_Y.A")
    for name in ["mobility.Ce_Ce'.A", "mobility.Ce_Ce'.Ea", "mobility.V_O...A", "mobility.V_O...Ea", "mobility.h..A", "mobility.h..Ea"] {
      XCTAssertTrue(unknown.contains(name), unknown)
    }
    XCTAssertTrue(message("mobility.V_O...mu300").contains("hopping law with parameters mobility.V_O...A, mobility.V_O...Ea"))
    XCTAssertTrue(message("mobility.Gd_Ce'.A").contains("Gd_Ce' has no mobility"))
    XCTAssertTrue(message("nonsense").contains("mobility.V_O...Ea"))  // the general list names them too
    // validation as the loader's: A > 0, 0 ≤ Ea ≤ 10 eV
    XCTAssertThrowsError(try gdc.setting(try gdc.parameter(named: "mobility.V_O...A"), to: 0))
    XCTAssertThrowsError(try gdc.setting(ascii, to: -0.01))
    XCTAssertThrowsError(try gdc.setting(ascii, to: 12))
    XCTAssertThrowsError(try gdc.setting(ascii, to: .nan))
    // band law: mu300 > 0, |m| ≤ 10
    let ysz = try FitTestData.builtin("ysz8")
    let mu = try ysz.parameter(named: "mobility.e'.mu300"), m = try ysz.parameter(named: "mobility.e′.m")
    XCTAssertEqual(ysz.value(of: mu), 1.0)
    XCTAssertEqual(ysz.value(of: m), 1.5)
    XCTAssertTrue(mu.isLogarithmic && !m.isLogarithmic && m.dimension == nil)
    XCTAssertThrowsError(try ysz.setting(mu, to: -1))
    XCTAssertThrowsError(try ysz.setting(m, to: 11))
    XCTAssertEqual(try ysz.setting(m, to: 2.5).value(of: m), 2.5)
    // a fitted mobility's [R] source is no longer "taken as given" (lsf64's Fe_Fe' mobility is a placeholder)
    let lsf = try FitTestData.builtin("lsf64")
    XCTAssertTrue(lsf.placeholderEntries().contains("Fe_Fe'"))
    XCTAssertFalse(lsf.placeholderEntries(excluding: [try lsf.parameter(named: "mobility.Fe_Fe'.A")]).contains("Fe_Fe'"))
    XCTAssertTrue(lsf.placeholderEntries(excluding: [try lsf.parameter(named: "mobility.Fe_Fe..A")]).contains("Fe_Fe'"))
    // the state never depends on a mobility: its implicit-function sensitivity is exactly 0
    let solver = EquilibriumSolver(model: gdc)
    _ = try solver.solve(Conditions(temperature: 1073, pO2: 1e-20))
    let rows = try XCTUnwrap(solver.parameterSensitivities([ascii, try gdc.parameter(named: "reduction.dH")]))
    XCTAssertTrue(rows[0].allSatisfy { $0 == 0 })
    XCTAssertTrue(rows[1].contains { $0 != 0 })
  }

  /// σ_k = |z|e N c_k μ_k(T) f_k: at the same state, A → A′, Ea → Ea′ multiplies σ_k by (A′/A)·exp(−(Ea′ − Ea)/kT)
  /// and a band law's μ300 → μ300′, m → m′ by (μ300′/μ300)·(T/300)^−(m′ − m). Implementation: 1e-12.
  func testConductivityFollowsTheMobilityLawClosedForm() throws {
    let gdc = try FitTestData.builtin("gdc10")
    let a = try gdc.parameter(named: "mobility.V_O...A"), ea = try gdc.parameter(named: "mobility.V_O...Ea")
    let changed = try gdc.setting(a, to: 250).setting(ea, to: 0.61)
    for T in [800.0, 1000, 1200] {
      let c = try EquilibriumSolver(model: gdc).solve(Conditions(temperature: T, pO2: 1e-18))
      let c2 = try EquilibriumSolver(model: changed).solve(Conditions(temperature: T, pO2: 1e-18))
      XCTAssertEqual(c.concentrations, c2.concentrations)  // bit for bit: the equilibrium does not see μ
      let s = try XCTUnwrap(TransportProperties(model: gdc, temperature: T, concentrations: c.concentrations)).ionic
      let s2 = try XCTUnwrap(TransportProperties(model: changed, temperature: T, concentrations: c.concentrations)).ionic
      XCTAssertEqual(s2 / s, 250 / 111.0 * exp(-(0.61 - 0.4728) / (kB * T)), accuracy: 1e-12 * s2 / s)
    }
    let ysz = try FitTestData.builtin("ysz8")
    let mu = try ysz.parameter(named: "mobility.e'.mu300"), m = try ysz.parameter(named: "mobility.e'.m")
    let band = try ysz.setting(mu, to: 3).setting(m, to: 2.2)
    let e = try XCTUnwrap(ysz.speciesIndex("e'"))
    for T in [900.0, 1200] {
      let c = try EquilibriumSolver(model: ysz).solve(Conditions(temperature: T, pO2: 1e-25)).concentrations
      let s = try XCTUnwrap(TransportProperties(model: ysz, temperature: T, concentrations: c)).partial[e]
      let s2 = try XCTUnwrap(TransportProperties(model: band, temperature: T, concentrations: c)).partial[e]
      XCTAssertEqual(s2 / s, 3 * pow(T / 300, -(2.2 - 1.5)), accuracy: 1e-12 * s2 / s)
    }
  }

  /// σ_ion(T) of gdc10 at fixed pO2 "measured" with A = 200, Ea = 0.55 eV — built from the file's σ_ion by the closed
  /// form, not by setting the parameters — gives back A and Ea from the file's values (111, 0.4728 eV): 1e-8 relative.
  func testHoppingAAndEaRecoveredFromIonicConductivity() throws {
    let gdc = try FitTestData.builtin("gdc10")
    let solver = EquilibriumSolver(model: gdc)
    let data = try stride(from: 900.0, through: 1300, by: 50).map { T -> MeasuredValue in
      let conditions = Conditions(temperature: T, pO2: 1e-15)
      let c = try solver.solve(conditions).concentrations
      let s = try XCTUnwrap(TransportProperties(model: gdc, temperature: T, concentrations: c)).ionic
      return MeasuredValue(conditions: conditions, value: s * 200 / 111.0 * exp(-(0.55 - 0.4728) / (kB * T)))
    }
    let parameters = [try gdc.parameter(named: "mobility.V_O...A"), try gdc.parameter(named: "mobility.V_O...Ea")]
    let fit = try ParameterFit(model: gdc, parameters: parameters, observable: "sigma_ion_S_cm", data: data, scale: .log)
    let r = try fit.run()
    XCTAssertEqual(r.verdict, .ok, "\(r.diagnostics)")
    XCTAssertGreaterThan(r.jacobianEvaluations, 0)  // the exact Jacobian, not forward differences
    XCTAssertEqual(r.values[0], 200, accuracy: 1e-8 * 200)
    XCTAssertEqual(r.values[1], 0.55, accuracy: 1e-8 * 0.55)
    // the file's prefactor and barrier are what the data say when made with them (a fit that ignored the
    // direct dependence would stay at its start and fail the line above)
    XCTAssertEqual(r.model.value(of: parameters[0]), 200, accuracy: 1e-8 * 200)
  }

  /// The exact Jacobian (implicit-function sensitivities + the observable's own dependence on the model)
  /// against central differences of full re-solves, for σ-type observables and a mix of state and mobility
  /// parameters: 1e-6 relative (implementation).
  func testExactJacobianIncludesTheDirectMobilityTerm() throws {
    func check(_ model: DefectModel, _ names: [String], _ observable: String, _ points: [(Double, Double)]) throws {
      let parameters = try names.map { try model.parameter(named: $0) }
      let data = points.map { MeasuredValue(conditions: Conditions(temperature: $0.0, pO2: $0.1), value: 1) }
      let fit = try ParameterFit(model: model, parameters: parameters, observable: observable, data: data, scale: .log)
      let u = parameters.map { $0.isLogarithmic ? log(model.value(of: $0)) : model.value(of: $0) }
      let n = data.count, p = parameters.count
      let jac = UnsafeMutableBufferPointer<Double>.allocate(capacity: n * p)
      defer { jac.deallocate() }
      XCTAssertTrue(fit.fullJacobian(at: u, into: jac, weighted: false))
      for j in 0..<p {
        let h = 1e-5 * max(abs(u[j]), 0.1)
        var up = u, down = u
        up[j] += h
        down[j] -= h
        let rUp = try fit.evaluateResiduals(at: up, weighted: false), rDown = try fit.evaluateResiduals(at: down, weighted: false)
        let column = (0..<n).map { (rUp[$0] - rDown[$0]) / (2 * h) }
        let scale = column.map(abs).max()!
        // (an ionic carrier's mobility has no part in σ_el: then both columns are 0)
        if observable == "sigma_total_S_cm" { XCTAssertGreaterThan(scale, 1e-6, "\(names[j]) on \(observable)") }
        for i in 0..<n {
          XCTAssertEqual(jac[i * p + j], column[i], accuracy: 1e-6 * max(scale, 1e-300), "\(names[j]) on \(observable), row \(i)")
        }
      }
    }
    let lsf = try FitTestData.builtin("lsf64")
    let grid = [(873.0, 1e-3), (973.0, 1.0), (1073.0, 0.21), (1173.0, 1e-4), (1273.0, 1e-2)]
    let names = ["oxidation.dH", "oxidation.dS", "mobility.Fe_Fe..A", "mobility.Fe_Fe..Ea", "mobility.V_O...Ea"]
    for observable in ["sigma_total_S_cm", "sigma_el_S_cm", "sigma_ion_S_cm", "t_ion", "sigma_amb_S_cm"] {
      try check(lsf, names, observable, grid)
    }
    let ysz = try FitTestData.builtin("ysz8")
    try check(ysz, ["reduction.dH", "mobility.e'.mu300", "mobility.e'.m", "mobility.V_O...A"], "sigma_total_S_cm",
              [(1100, 1e-28), (1200, 1e-26), (1273, 1e-24), (1373, 1e-20)])
  }

  /// A joint fit of δ(T, pO2) and σ_total(T, pO2) of lsf64 made with a changed oxidation constant AND a changed
  /// hole (Fe_Fe.) mobility: jointly all four come back; δ alone cannot see the mobility (not identifiable,
  /// naming exactly the two mobility parameters); σ alone at one temperature has a two-dimensional free
  /// direction (ΔH + T·ΔS at fixed ΔG, ln A + Ea/kT at fixed μ(T)); σ alone over several temperatures and
  /// pressures does fix all four — on exact data — but with the thermodynamic and the mobility parameters
  /// strongly correlated, and with larger standard errors than the joint fit (1 % stated uncertainties).
  func testJointDeltaAndConductivityFixThermodynamicsAndMobility() throws {
    let lsf = try FitTestData.builtin("lsf64")
    let names = ["oxidation.dH", "oxidation.dS", "mobility.Fe_Fe..A", "mobility.Fe_Fe..Ea"]
    let parameters = try names.map { try lsf.parameter(named: $0) }
    let truth: [Double] = [-0.9, -6.0, 2000, 0.15]
    var made = lsf
    for (p, v) in zip(parameters, truth) { made = try made.setting(p, to: v) }
    let temperatures = [873.0, 973, 1073, 1173], pressures = [1e-4, 1e-3, 1e-2, 0.1, 1]
    let solver = EquilibriumSolver(model: made)
    var delta: [MeasuredValue] = [], sigma: [MeasuredValue] = []
    for T in temperatures {
      for p in pressures {
        let conditions = Conditions(temperature: T, pO2: p)
        let c = try solver.solve(conditions).concentrations
        let d = try XCTUnwrap(made.nonstoichiometry(of: c))
        let s = try XCTUnwrap(TransportProperties(model: made, temperature: T, concentrations: c)).total
        delta.append(MeasuredValue(conditions: conditions, value: d, uncertainty: 0.01 * d))
        sigma.append(MeasuredValue(conditions: conditions, value: s, uncertainty: 0.01 * s))
      }
    }
    let deltaSet = ParameterFit.DataSet(label: "delta", observable: "delta", data: delta, scale: .log)
    let sigmaSet = ParameterFit.DataSet(label: "sigma", observable: "sigma_total_S_cm", data: sigma, scale: .log)

    let joint = try ParameterFit(model: lsf, parameters: parameters, dataSets: [deltaSet, sigmaSet]).run()
    XCTAssertEqual(joint.verdict, .ok, "\(joint.diagnostics)")
    for j in 0..<4 { XCTAssertEqual(joint.values[j], truth[j], accuracy: 1e-7 * abs(truth[j]), names[j]) }

    let deltaOnly = try ParameterFit(model: lsf, parameters: parameters, dataSets: [deltaSet]).run()
    XCTAssertEqual(deltaOnly.verdict, .notIdentifiable)
    XCTAssertEqual(deltaOnly.undetermined, [false, false, true, true])
    XCTAssertEqual(Set(deltaOnly.degeneracies.flatMap(\.involved)), [2, 3])
    XCTAssertTrue(deltaOnly.degeneracies.allSatisfy { $0.relativeSingularValue == 0 })  // exactly: ∂δ/∂μ = 0
    XCTAssertEqual(deltaOnly.values[0], truth[0], accuracy: 1e-7 * 0.9)  // δ still fixes the oxidation constant
    XCTAssertEqual(deltaOnly.values[2], lsf.value(of: parameters[2]), accuracy: 1e-12 * 1327.47)  // and leaves A where it was

    let oneT = ParameterFit.DataSet(label: "sigma 1073 K", observable: "sigma_total_S_cm",
                                    data: sigma.filter { $0.conditions.temperature == 1073 }, scale: .log)
    let single = try ParameterFit(model: lsf, parameters: parameters, dataSets: [oneT]).run()
    XCTAssertEqual(single.verdict, .notIdentifiable)
    XCTAssertEqual(single.undetermined, [true, true, true, true])
    // any direction of the free plane keeps ΔG(1073 K) and μ(1073 K): δΔS = δΔH/kT, δ ln A = δEa/kT
    for d in single.degeneracies {
      let c = d.coefficients, kT = kB * 1073
      XCTAssertEqual(c[1] * kT, c[0], accuracy: 1e-5 * max(abs(c[0]), 1e-3))
      XCTAssertEqual(c[2] * kT, c[3], accuracy: 1e-5 * max(abs(c[3]), 1e-3))
    }

    let sigmaOnly = try ParameterFit(model: lsf, parameters: parameters, dataSets: [sigmaSet]).run()
    XCTAssertEqual(sigmaOnly.verdict, .ok, "\(sigmaOnly.diagnostics)")
    for j in 0..<4 { XCTAssertEqual(sigmaOnly.values[j], truth[j], accuracy: 1e-6 * abs(truth[j]), names[j]) }
    // but σ separates them only through the weak pO2 dependence of [Fe_Fe.] and of the vacancy blocking:
    // ρ(oxidation.dH, mobility.Fe_Fe..Ea) and the standard errors with 1 % uncertainties
    let rhoSigma = abs(sigmaOnly.correlation[0 * 4 + 3]), rhoJoint = abs(joint.correlation[0 * 4 + 3])
    XCTAssertGreaterThan(rhoSigma, 0.85)
    XCTAssertLessThan(rhoJoint, 0.75)
    for j in 0..<4 { XCTAssertGreaterThan(sigmaOnly.standardErrors[j], 2 * joint.standardErrors[j], names[j]) }
  }

  /// gdc20's free-vacancy law was anchored by hand to Wang 2000's σ_ion in air at 600 and 900 °C (docs/materials.md):
  /// the fit of A and Ea to those two rows must give the file's A = 111.0, Ea = 0.4728 eV back (implementation;
  /// the tolerance is the file's rounding to 4 digits).
  func testGDC20AnchorIsWhatTheFitFinds() throws {
    let gdc = try FitTestData.builtin("gdc20")
    let rows = try BuiltinMaterialValidationTests.reference("gdc_ionic_conductivity_wang2000.csv").filter { $0["T_C"] == 600 || $0["T_C"] == 900 }
    XCTAssertEqual(rows.count, 2)
    let data = rows.map { MeasuredValue(conditions: Conditions(temperature: $0["T_K"]!, pO2: 0.21), value: $0["sigma_ion_S_cm"]!) }
    let parameters = [try gdc.parameter(named: "mobility.V_O...A"), try gdc.parameter(named: "mobility.V_O...Ea")]
    let r = try ParameterFit(model: gdc, parameters: parameters, observable: "sigma_ion_S_cm", data: data, scale: .log)
      .run(starts: [300, 0.7])
    XCTAssertTrue(r.converged)
    XCTAssertEqual(r.values[0], 111.0, accuracy: 0.05)
    XCTAssertEqual(r.values[1], 0.4728, accuracy: 5e-5)
  }
}
