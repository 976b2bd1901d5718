import BuiltinMaterials
import DefectChemistry
import Foundation
import XCTest

/// Material-file forms added for the classic materials: an empty reaction side (`0 = e' + h.`), δ counted
/// as an excess (`nonstoichiometry: {excess: true}`, La2NiO4+δ), the template of `brouwer show --template`
/// and the common names of built-ins.
final class MaterialFileFormTests: XCTestCase {
  private static let intrinsic = """
    name: intrinsic
    sublattices: {Zr: 1, O: 2}
    species:
      - {label: "Y_Zr'", fixed: 0.16}
      - {label: "Zr_Zr^x"}
      - {label: "V_O.."}
      - {label: "O_O^x"}
      - {label: "e'", band: {N300: 1.0e-3}}
      - {label: "h.", band: {N300: 2.0e-3}}
    reactions:
      - {name: reduction, equation: "O_O^x = 1/2 O2(g) + V_O.. + 2 e'", dH: "5 eV", dS: "3 kB"}
      - {name: gap, equation: "EQUATION", dH: "4 eV", dS: "2 kB"}
    """

  /// Implementation: n·p = N_c·N_v·exp(ΔS/k − ΔH/kT) at every state, whichever side is written empty.
  func testEmptySideGivesTheIntrinsicProduct() throws {
    for equation in ["0 = e' + h.", "e' + h. = nil"] {
      let text = Self.intrinsic.replacingOccurrences(of: "EQUATION", with: equation)
      let model = try DefectModel.load(yaml: text, file: "intrinsic.yaml")
      let solver = EquilibriumSolver(model: model)
      let e = try XCTUnwrap(model.speciesIndex("e'")), h = try XCTUnwrap(model.speciesIndex("h."))
      for T in [800.0, 1200, 1600] {
        for pO2 in [1e-30, 1e-10, 1.0] {
          let s = try solver.solve(Conditions(temperature: T, pO2: pO2))
          XCTAssertTrue(s.converged)
          let kT = PhysicalConstants.boltzmannEV * T
          let N = pow(T / 300, 1.5)
          var K = exp(2 - 4 / kT) * (1e-3 * N) * (2e-3 * N)
          if equation.hasPrefix("e'") { K = (1e-3 * N) * (2e-3 * N) / exp(2 - 4 / kT) }  // written the other way round
          XCTAssertEqual(s.concentrations[e] * s.concentrations[h] / K, 1, accuracy: 1e-10, "\(equation) T=\(T) pO2=\(pO2)")
        }
      }
    }
  }

  func testABlankSideIsStillAnErrorNamingTheLine() {
    let text = Self.intrinsic.replacingOccurrences(of: "EQUATION", with: " = e' + h.")
    XCTAssertThrowsError(try DefectModel.load(yaml: text, file: "x.yaml")) { error in
      let message = "\(error)"
      XCTAssertTrue(message.contains("x.yaml:12"), message)
      XCTAssertTrue(message.contains("0 = e' + h."), message)
    }
  }

  /// `excess: true`: δ = O content − nominal, positive for an oxygen-excess oxide; the deficit form is its negative.
  func testExcessNonstoichiometryIsTheOxygenExcess() throws {
    let excess = try BuiltinMaterialValidationTests.builtin("lno")
    let text = try XCTUnwrap(BuiltinMaterials.yaml(named: "lno")).replacingOccurrences(of: "  excess: true\n", with: "")
    let deficit = try DefectModel.load(yaml: text, file: "lno-deficit.yaml")
    let solver = EquilibriumSolver(model: excess)
    let oi = try XCTUnwrap(excess.speciesIndex("O_i''"))
    for (T, pO2) in [(873.15, 1.0), (1073.15, 0.21), (1173.15, 1e-4)] {
      let s = try solver.solve(Conditions(temperature: T, pO2: pO2))
      let d = try XCTUnwrap(excess.nonstoichiometry(of: s.concentrations))
      XCTAssertEqual(d, s.concentrations[oi], accuracy: 1e-15)
      XCTAssertGreaterThan(d, 0)
      XCTAssertEqual(try XCTUnwrap(deficit.nonstoichiometry(of: s.concentrations)), -d)
    }
  }

  /// The skeleton of `brouwer show --template` is a valid material that solves over the usual box.
  func testTemplateLoadsAndSolves() throws {
    XCTAssertTrue(BuiltinMaterials.template.contains("[R] replace me"))
    let model = try DefectModel.load(yaml: BuiltinMaterials.template, file: "new-material.yaml")
    let solver = EquilibriumSolver(model: model)
    for T in stride(from: 600.0, through: 1400, by: 200) {
      for pO2 in logSpaced(1e-30, 1, count: 16) {
        XCTAssertTrue(try solver.solve(Conditions(temperature: T, pO2: pO2), continuation: true).converged)
      }
    }
  }

  func testCommonNamesFindTheirBuiltin() {
    for (alias, name) in BuiltinMaterials.aliases {
      XCTAssertTrue(BuiltinMaterials.names.contains(name), "\(alias) → \(name)")
      XCTAssertEqual(BuiltinMaterials.yaml(named: alias.uppercased()), BuiltinMaterials.yaml(named: name))
    }
    XCTAssertNotNil(BuiltinMaterials.yaml(named: "ysz"))
  }

  /// A total named after its dopant label (gdc10's "Gd_Ce'") answers to every Kröger–Vink spelling, in
  /// `--set`/`--fit` and as a validity key (the Unicode spelling was "solved for, not a fixed level or a total").
  func testATotalAnswersToEverySpellingOfItsLabel() throws {
    let text = try XCTUnwrap(BuiltinMaterials.yaml(named: "gdc10"))
      .replacingOccurrences(of: "  \"Gd_Ce'\": [0.05, 0.2]", with: "  \"Gd_Ce′\": [0.05, 0.2]")
    XCTAssertTrue(text.contains("Gd_Ce′\": [0.05"))
    let model = try DefectModel.load(yaml: text, file: "gdc10-unicode.yaml")
    XCTAssertEqual(model.validity["Gd_Ce'"], 0.05...0.2)
    for spelling in ["Gd_Ce'", "Gd_Ce′", "Gd_Ce’"] {
      XCTAssertEqual(try model.parameter(named: spelling), .total(0), spelling)
    }
  }
}
