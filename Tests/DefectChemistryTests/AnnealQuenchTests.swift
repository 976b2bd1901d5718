import BuiltinMaterials
import DefectChemistry
import Foundation
import XCTest

/// Anneal-and-quench: frozen ionic defects, electronic carriers re-equilibrated at the measurement T.
final class AnnealQuenchTests: XCTestCase {
  /// Acceptor-doped ceria with a fixed Gd level and no association (the built-in gdc10 associates Gd with
  /// vacancies, see `testBuiltinGDC10FreezesItsAssociationState`): the hand-solved quench below needs
  /// [V_O..] alone to carry the frozen ionic charge.
  private func gdc10() throws -> DefectModel {
    try DefectModel.load(yaml: TestModels.ceria(dopant: 0.10).replacingOccurrences(of: "name: ceria-test", with: "name: gdc10-plain").replacingOccurrences(of: "name: polaron", with: "name: intrinsic")
                          + "\nnonstoichiometry: {element: O, nominal: 2, per: {\"Gd_Ce'\": -0.5}}\n", file: "gdc10-plain.yaml")
  }

  private func solve(_ model: DefectModel, _ T: Double, _ pO2: Double) throws -> EquilibriumState {
    let state = try EquilibriumSolver(model: model).solve(Conditions(temperature: T, pO2: pO2))
    XCTAssertTrue(state.converged, "no convergence at \(T) K, \(pO2) atm")
    return state
  }

  func testDefaultFreezesIonicDefectsOnly() throws {
    let model = try gdc10()
    XCTAssertEqual(model.defaultFrozenSpecies.map { model.species[$0].name }, ["V_O.."])
    let bzy = try DefectModel.load(yaml: XCTUnwrap(BuiltinMaterials.yaml(named: "bzy10")), file: "bzy10.yaml")
    XCTAssertEqual(Set(bzy.defaultFrozenSpecies.map { bzy.species[$0].name }), ["V_O..", "OH_O."])
  }

  func testQuenchKeepsOxygenContentAndVacancies() throws {
    let model = try gdc10()
    let quench = try AnnealQuench(anneal: Conditions(temperature: 1273.15, pO2: 1e-15)).quench(model)
    let v = model.speciesIndex("V_O..")!
    let annealed = quench.annealState
    XCTAssertEqual(quench.frozen.map(\.index), [v])
    for (T, pO2) in [(773.15, 1e-15), (773.15, 0.21), (573.15, 1e-30)] {
      let state = try solve(quench.model, T, pO2)
      XCTAssertEqual(state.concentrations[v], annealed.concentrations[v], accuracy: 1e-15)
      let delta0 = model.nonstoichiometry(of: annealed.concentrations)!
      XCTAssertEqual(quench.model.nonstoichiometry(of: state.concentrations)!, delta0, accuracy: 1e-12 * delta0)
    }
  }

  func testQuenchedStateIsNeutralAndElectronicMassActionHoldsAtMeasurementT() throws {
    let model = try gdc10()
    let quench = try AnnealQuench(anneal: Conditions(temperature: 1273.15, pO2: 1e-12)).quench(model)
    let T = 873.15
    let c = try solve(quench.model, T, 1e-5).concentrations
    let charge = model.species.indices.reduce(0.0) { $0 + Double(model.species[$1].charge) * c[$1] }
    XCTAssertEqual(charge, 0, accuracy: 1e-13)
    // intrinsic: Ce_Ce' + h. = Ce_Ce^x, activities site fraction (1 Ce site pfu) and c/N_v(T)
    let intrinsic = try XCTUnwrap(model.reactions.first { $0.name == "intrinsic" })
    let h = model.speciesIndex("h.")!, n = model.speciesIndex("Ce_Ce'")!, ce = model.speciesIndex("Ce_Ce^x")!
    let nv = model.species[h].bandN300! * pow(T / 300, 1.5)
    XCTAssertEqual(log(c[ce] / (c[n] * c[h] / nv)), intrinsic.lnK(at: T), accuracy: 1e-10)
  }

  func testQuenchFromTToTIsTheEquilibrium() throws {
    let model = try gdc10()
    for (T, pO2) in [(1073.15, 1e-18), (1273.15, 0.21), (973.15, 1e-22)] {
      let quench = try AnnealQuench(anneal: Conditions(temperature: T, pO2: pO2)).quench(model)
      let equilibrium = try solve(model, T, pO2).concentrations
      let quenched = try solve(quench.model, T, pO2).concentrations
      // 1e-12 pfu for every species; relative 1e-9 for the minority carriers, whose amount n − p = 2[V_O..] − [Gd]
      // is a difference of numbers ≈ 0.1: one ulp of the frozen [V_O..] is already ≈ 1e-12 of n at 1e-5 pfu
      for i in model.species.indices {
        XCTAssertEqual(quenched[i], equilibrium[i], accuracy: 1e-12, model.species[i].name)
        XCTAssertEqual(quenched[i], equilibrium[i], accuracy: 1e-9 * equilibrium[i], model.species[i].name)
      }
    }
  }

  /// GDC10 annealed at 1000 °C, 1e-15 atm, quenched to 500 °C: with v = [V_O..] frozen and D = 2v − [Gd],
  /// neutrality n − p = D and Ce_Ce' + h. = Ce_Ce^x give n² + (a − D)·n − (0.9)·a = 0, a = N_v(T)/K(T).
  func testQuenchedGDC10MatchesHandSolvedElectronicReequilibration() throws {
    let model = try gdc10()
    let quench = try AnnealQuench(anneal: Conditions(temperature: 1273.15, pO2: 1e-15)).quench(model)
    let T = 773.15
    let c = try solve(quench.model, T, 1e-15).concentrations
    let v = quench.annealState.concentrations[model.speciesIndex("V_O..")!]
    let gd = 0.10
    let D = 2 * v - gd
    XCTAssertGreaterThan(D, 1e-4)  // the anneal reduced the sample: the quench keeps Ce_Ce' polarons
    let h = model.speciesIndex("h.")!
    let intrinsic = try XCTUnwrap(model.reactions.first { $0.name == "intrinsic" })
    let a = model.species[h].bandN300! * pow(T / 300, 1.5) / exp(intrinsic.lnK(at: T))
    let b = a - D
    let n = b < 0 ? (-b + (b * b + 4 * 0.9 * a).squareRoot()) / 2 : 2 * 0.9 * a / (b + (b * b + 4 * 0.9 * a).squareRoot())
    let p = (0.9 - n) * a / n  // = n − D, without the cancellation
    XCTAssertEqual(c[model.speciesIndex("Ce_Ce'")!], n, accuracy: 1e-12 * n)
    XCTAssertEqual(c[h], p, accuracy: 1e-10 * p)
    XCTAssertEqual(c[model.speciesIndex("Ce_Ce^x")!], 0.9 - n, accuracy: 1e-12)
    // and it is not the 500 °C equilibrium at the same pO2 (that has far fewer polarons)
    let equilibrium = try solve(model, T, 1e-15).concentrations
    XCTAssertGreaterThan(n, 10 * equilibrium[model.speciesIndex("Ce_Ce'")!])
  }

  func testBuiltinGDC10FreezesItsAssociationState() throws {
    let model = try DefectModel.load(yaml: XCTUnwrap(BuiltinMaterials.yaml(named: "gdc10")), file: "gdc10.yaml")
    let names = model.defaultFrozenSpecies.map { model.species[$0].name }
    XCTAssertEqual(Set(names), ["Gd_Ce'", "(Gd_Ce V_O).", "V_O.."])
    let quench = try AnnealQuench(anneal: Conditions(temperature: 1273.15, pO2: 1e-15)).quench(model)
    let delta0 = model.nonstoichiometry(of: quench.annealState.concentrations)!
    for (T, pO2) in [(773.15, 1e-15), (573.15, 0.21)] {
      let state = try solve(quench.model, T, pO2)
      XCTAssertEqual(quench.model.nonstoichiometry(of: state.concentrations)!, delta0, accuracy: 1e-12 * max(delta0, 1e-6))
      for i in model.defaultFrozenSpecies {
        XCTAssertEqual(state.concentrations[i], quench.annealState.concentrations[i], accuracy: 1e-15)
      }
    }
  }

  func testFreezingEveryChargedSpeciesIsAnError() throws {
    let model = try gdc10()
    let quench = AnnealQuench(anneal: Conditions(temperature: 1273.15, pO2: 1e-15), frozen: ["V_O..", "Ce_Ce'", "h."])
    XCTAssertThrowsError(try quench.quench(model)) { error in
      let text = String(describing: error)
      XCTAssertTrue(text.contains("freezing Ce_Ce', V_O.., h.") && text.contains("well-posed"), text)
    }
    XCTAssertThrowsError(try AnnealQuench(anneal: Conditions(temperature: 1273.15, pO2: 1e-15), frozen: ["Gd_Ce'"]).quench(model))
  }
}
