import BuiltinMaterials
import DefectChemistry
import Foundation
import XCTest

/// Anneal-and-quench: by default the oxygen (and water) content is frozen and everything else — association,
/// pairing, electronic carriers — re-equilibrates at the measurement T; named species are frozen one by one.
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

  func testIonicDefectSpecies() throws {
    let model = try gdc10()
    XCTAssertEqual(model.ionicDefectSpecies.map { model.species[$0].name }, ["V_O.."])
    let bzy = try DefectModel.load(yaml: XCTUnwrap(BuiltinMaterials.yaml(named: "bzy10")), file: "bzy10.yaml")
    XCTAssertEqual(Set(bzy.ionicDefectSpecies.map { bzy.species[$0].name }), ["V_O..", "OH_O."])
  }

  func testQuenchKeepsOxygenContentAndVacancies() throws {
    let model = try gdc10()
    let quench = try AnnealQuench(anneal: Conditions(temperature: 1273.15, pO2: 1e-15)).quench(model)
    let v = model.speciesIndex("V_O..")!
    let annealed = quench.annealState
    XCTAssertEqual(quench.frozen.map(\.index), [])
    XCTAssertEqual(quench.contents.map(\.element), ["O"])
    // without association V_O.. is the only oxygen-site defect: a frozen O content is a frozen [V_O..]
    XCTAssertEqual(quench.contents[0].amount, 2 - annealed.concentrations[v], accuracy: 1e-15)
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

  /// Naming the ionic defects in `--frozen` keeps the old behaviour: each at its annealed amount.
  func testBuiltinGDC10FreezesItsAssociationStateWhenNamed() throws {
    let model = try DefectModel.load(yaml: XCTUnwrap(BuiltinMaterials.yaml(named: "gdc10")), file: "gdc10.yaml")
    let names = model.ionicDefectSpecies.map { model.species[$0].name }
    XCTAssertEqual(Set(names), ["Gd_Ce'", "(Gd_Ce V_O).", "V_O.."])
    let quench = try AnnealQuench(anneal: Conditions(temperature: 1273.15, pO2: 1e-15), frozen: names).quench(model)
    let delta0 = model.nonstoichiometry(of: quench.annealState.concentrations)!
    for (T, pO2) in [(773.15, 1e-15), (573.15, 0.21)] {
      let state = try solve(quench.model, T, pO2)
      XCTAssertEqual(quench.model.nonstoichiometry(of: state.concentrations)!, delta0, accuracy: 1e-12 * max(delta0, 1e-6))
      for i in model.ionicDefectSpecies {
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

  /// GDC with Gd–V association, quenched by content: the O content fixes the vacancies on O sites,
  /// s = [V_O..] + [(Gd_Ce V_O).], the Gd total g = [Gd_Ce'] + [A], and at the measurement T the association
  /// Gd_Ce' + V_O.. = A re-forms: with site-fraction activities (A on the Ce site, V_O.. on 2 O sites)
  /// K = 2A/((g − A)(s − A)), a quadratic in A; neutrality then leaves [Ce_Ce'] = 2s − g.
  func testContentQuenchOfGDCReformsPairsAsHandSolved() throws {
    let model = try DefectModel.load(yaml: XCTUnwrap(BuiltinMaterials.yaml(named: "gdc20")), file: "gdc20.yaml")
    let assoc = try XCTUnwrap(model.reactions.first { r in r.gases.isEmpty && r.species.contains { model.species[$0.index].name == "(Gd_Ce V_O)." } })
    let quench = try AnnealQuench(anneal: Conditions(temperature: 1673.15, pO2: 0.21)).quench(model)
    let a0 = quench.annealState.concentrations
    let iV = model.speciesIndex("V_O..")!, iA = model.speciesIndex("(Gd_Ce V_O).")!, iG = model.speciesIndex("Gd_Ce'")!
    let iN = model.speciesIndex("Ce_Ce'")!
    let s = a0[iV] + a0[iA], g = a0[iG] + a0[iA]
    for T in [773.15, 973.15] {
      let c = try solve(quench.model, T, 1e-3).concentrations
      let K = exp(assoc.lnK(at: T)) / 2   // A/((g − A)(s − A)) = K/2
      // K/2·(g − A)(s − A) = A  →  (K/2)A² − ((K/2)(g + s) + 1)A + (K/2)gs = 0, smaller root, cancellation-free
      let qa = K, qb = -(K * (g + s) + 1), qc = K * g * s
      let A = 2 * qc / (-qb + (qb * qb - 4 * qa * qc).squareRoot())
      XCTAssertEqual(c[iA], A, accuracy: 1e-12 * A, "T = \(T)")
      XCTAssertEqual(c[iV], s - A, accuracy: 1e-11 * (s - A), "T = \(T)")
      XCTAssertEqual(c[iG], g - A, accuracy: 1e-11 * (g - A), "T = \(T)")
      XCTAssertEqual(c[iN] + c[model.speciesIndex("h.")!] * 0, 2 * s - g, accuracy: 1e-9, "T = \(T)")
      // the pairs are not the anneal's: at lower T more vacancies are bound
      XCTAssertGreaterThan(c[iA], a0[iA])
    }
  }

  /// Issue 22's acceptance case: gdc20 annealed at 1400 °C in air and measured at 500 °C between 1e-5 and 1 atm
  /// gives σ_ion within 10 % of the 500 °C equilibrium by default; freezing the species one by one does not.
  func testGDC20QuenchedFrom1400CInAirHasTheEquilibriumIonicConductivity() throws {
    let model = try DefectModel.load(yaml: XCTUnwrap(BuiltinMaterials.yaml(named: "gdc20")), file: "gdc20.yaml")
    let anneal = Conditions(temperature: 1673.15, pO2: 0.21)
    let byContent = try AnnealQuench(anneal: anneal).quench(model).model
    let bySpecies = try AnnealQuench(anneal: anneal, frozen: model.ionicDefectSpecies.map { model.species[$0].name }).quench(model).model
    for pO2 in [1e-5, 1e-3, 0.21, 1] {
      let equilibrium = try XCTUnwrap(TransportProperties(model: model, temperature: 773.15, concentrations: solve(model, 773.15, pO2).concentrations)).ionic
      let quenched = try XCTUnwrap(TransportProperties(model: byContent, temperature: 773.15, concentrations: solve(byContent, 773.15, pO2).concentrations)).ionic
      let frozen = try XCTUnwrap(TransportProperties(model: bySpecies, temperature: 773.15, concentrations: solve(bySpecies, 773.15, pO2).concentrations)).ionic
      XCTAssertEqual(quenched / equilibrium, 1, accuracy: 0.10, "pO2 = \(pO2)")   // physics: the O content barely changes
      XCTAssertGreaterThan(frozen / equilibrium, 2, "pO2 = \(pO2): the pairs of 1400 °C kept")
    }
  }

  /// A proton conductor keeps its oxygen and its water content (two totals for the two gases).
  func testBZY10QuenchFreezesOxygenAndHydrogen() throws {
    let model = try DefectModel.load(yaml: XCTUnwrap(BuiltinMaterials.yaml(named: "bzy10")), file: "bzy10.yaml")
    let quench = try AnnealQuench(anneal: Conditions(temperature: 873.15, pressures: ["pO2": 0.21, "pH2O": 0.02])).quench(model)
    XCTAssertEqual(quench.contents.map(\.element), ["O", "H"])
    let oh = model.speciesIndex("OH_O.")!
    XCTAssertEqual(quench.contents[1].amount, quench.annealState.concentrations[oh], accuracy: 1e-15)
    let c = try EquilibriumSolver(model: quench.model).solve(Conditions(temperature: 573.15, pressures: ["pO2": 1e-10, "pH2O": 0.5]))
    XCTAssertTrue(c.converged)
    XCTAssertEqual(c.concentrations[oh], quench.annealState.concentrations[oh], accuracy: 1e-14)
    let derived = model.derivedQuantities
    XCTAssertEqual(derived.oxygenContent(c.concentrations), derived.oxygenContent(quench.annealState.concentrations), accuracy: 1e-14)
  }

  /// Two oxygen reactions (reduction to e', oxidation to h.): their gas-free combination, the intrinsic
  /// equilibrium 0 = 2 e' + 2 h., stays in the quenched model with the combined ΔH and ΔS.
  func testGasFreeCombinationOfRemovedReactionsIsKept() throws {
    let yaml = """
      name: two-redox
      formula: CeO2-δ
      sublattices: {Ce: 1, O: 2}
      species:
        - {label: "Ce_Ce^x", host: true}
        - {label: "O_O^x", host: true}
        - {label: "V_O.."}
        - {label: "e'", band: {N300: 0.01}}
        - {label: "h.", band: {N300: 0.01}}
        - {label: "Gd_Ce'", fixed: 0.05}
      reactions:
        - {name: reduction, equation: "O_O^x = 1/2 O2(g) + V_O.. + 2 e'", dH: "4.5 eV", dS: "10 kB"}
        - {name: oxidation, equation: "1/2 O2(g) + V_O.. = O_O^x + 2 h.", dH: "-1.0 eV", dS: "-8 kB"}
      """
    let model = try DefectModel.load(yaml: yaml, file: "two-redox.yaml")
    let quench = try AnnealQuench(anneal: Conditions(temperature: 1200, pO2: 1e-10)).quench(model)
    XCTAssertEqual(quench.model.reactions.count, 1)
    let combined = quench.model.reactions[0]
    XCTAssertTrue(combined.gases.isEmpty)
    XCTAssertEqual(combined.enthalpy, 3.5, accuracy: 1e-15)
    XCTAssertEqual(combined.entropy, 2, accuracy: 1e-15)
    let e = model.speciesIndex("e'")!, h = model.speciesIndex("h.")!
    XCTAssertEqual(Dictionary(uniqueKeysWithValues: combined.species.map { ($0.index, $0.nu) }), [e: 2, h: 2])
    // at the measurement T: n·p/(N²) = K^(1/2) of the combination, and δ = the anneal's
    let T = 700.0
    let c = try solve(quench.model, T, 1).concentrations
    let N = 0.01 * pow(T / 300, 1.5)
    XCTAssertEqual(2 * log(c[e] * c[h] / (N * N)), combined.lnK(at: T), accuracy: 1e-10)
    XCTAssertEqual(c[model.speciesIndex("V_O..")!], quench.annealState.concentrations[model.speciesIndex("V_O..")!], accuracy: 1e-15)
  }
}
