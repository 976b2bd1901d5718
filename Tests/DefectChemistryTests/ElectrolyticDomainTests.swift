import DefectChemistry
import Foundation
import XCTest

/// Domain boundaries from Brent on ln pO2 against the closed form of a two-carrier model.
final class ElectrolyticDomainTests: XCTestCase {
  /// Acceptor A = 0.1 compensated by V_O.. (μ_V = A_V/T, Ea = 0) with band electrons e' (μ_n constant);
  /// O_O^x = ½O2 + V_O.. + 2e'. With V = (A + n)/2, t_ion = L  ⇔  n·μ_n = (A + n)·μ_V·(1 − L)/L, so
  /// n = A·r/(μ_n − r), r = μ_V(1 − L)/L; then ln pO2 = 2[ln K + ln((2 − V)/2) − ln(V/2) − 2 ln(n/N_c)].
  static let twoCarrier = """
    name: two-carrier
    sublattices: {M: 1, O: 2}
    density: {value: 2.5e22 cm-3}
    species:
      - {label: "A_M'", fixed: 0.1}
      - {label: "M_M^x", host: true}
      - {label: "V_O..", mobility: {law: hopping, A: 0.1, Ea: 0 eV}}
      - {label: "O_O^x", host: true}
      - {label: "e'", band: {N300: 0.5}, mobility: {law: band, mu300: 0.05, m: 0}}
    reactions:
      - {name: reduction, equation: "O_O^x = 1/2 O2(g) + V_O.. + 2 e'", dH: 5.0 eV, dS: 10 kB}
    """

  func closedFormLog10pO2(model: DefectModel, T: Double, level L: Double) -> Double {
    let A = 0.1, muV = 0.1 / T, muN = 0.05
    let r = muV * (1 - L) / L
    let n = A * r / (muN - r)
    let V = (A + n) / 2
    let nc = 0.5 * pow(T / 300, 1.5)
    let lnK = model.reactions[0].lnK(at: T)
    return 2 * (lnK + log((2 - V) / 2) - log(V / 2) - 2 * log(n / nc)) / M_LN10
  }

  func testTransferenceBoundariesMatchTheClosedForm() throws {
    let model = try DefectModel.load(yaml: Self.twoCarrier, file: "two-carrier.yaml")
    let finder = try PressureCrossings(model: model)
    let tion = try XCTUnwrap(finder.column(named: "t_ion"))
    for T in [900.0, 1100, 1300] {
      for L in [0.5, 0.9, 0.99] {
        let found = try finder.crossings(of: .level(tion, L), temperature: T, log10Range: -40...5, steps: 91)
        XCTAssertEqual(found.count, 1, "T=\(T) L=\(L)")
        XCTAssertTrue(found[0].rising)  // t_ion rises with pO2 on the n side
        XCTAssertEqual(found[0].log10pO2, closedFormLog10pO2(model: model, T: T, level: L), accuracy: 1e-10, "T=\(T) L=\(L)")
      }
    }
  }

  func testCarrierCrossingMatchesTheClosedForm() throws {
    // [e'] = [V_O..]  ⇔  n = V = (A + n)/2  ⇔  n = A = 0.1
    let model = try DefectModel.load(yaml: Self.twoCarrier, file: "two-carrier.yaml")
    let finder = try PressureCrossings(model: model)
    let (e, v) = (try XCTUnwrap(finder.column(named: "e'")), try XCTUnwrap(finder.column(named: "V_O..")))
    let T = 1200.0
    let found = try finder.crossings(of: .ratio(e, v), temperature: T, log10Range: -60...5, steps: 131)
    let n = 0.1, V = 0.1, nc = 0.5 * pow(T / 300, 1.5)
    let expected = 2 * (model.reactions[0].lnK(at: T) + log((2 - V) / 2) - log(V / 2) - 2 * log(n / nc)) / M_LN10
    XCTAssertEqual(found.count, 1)
    XCTAssertFalse(found[0].rising)  // electrons dominate below, vacancies above
    XCTAssertEqual(found[0].log10pO2, expected, accuracy: 1e-10)
  }
}
