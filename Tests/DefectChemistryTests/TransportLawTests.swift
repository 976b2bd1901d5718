import DefectChemistry
import Foundation
import XCTest

/// Transport beyond a constant mobility (site exclusion, blocking) and mixed bulk/surface-controlled
/// permeation, against their closed forms. Tolerances are implementation tolerances.
final class TransportLawTests: XCTestCase {
  /// A ferrite-like model: Sr_La' acceptors, Fe_Fe. polarons (with the modifiers under test), vacancies.
  static func ferrite(polaronMobility extra: String) -> String {
    """
    name: transport-law-test
    sublattices: {La: 1, Fe: 1, O: 3}
    density: {value: 1.7e22 cm-3}
    species:
      - {label: "La_La^x", host: true}
      - {label: "Sr_La'", fixed: 0.4}
      - {label: "Fe_Fe^x", host: true}
      - {label: "Fe_Fe.", mobility: {law: hopping, A: 1000, Ea: 0.1 eV\(extra)}}
      - {label: "V_O..", mobility: {law: hopping, A: 300, Ea: 0.8 eV, site_exclusion: true}}
      - {label: "O_O^x", host: true}
    reactions:
      - {name: oxidation, equation: "1/2 O2(g) + V_O.. + 2 Fe_Fe^x = O_O^x + 2 Fe_Fe.", dH: -1.0 eV, dS: -6 kB}
    """
  }

  static let e = PhysicalConstants.elementaryCharge

  func testSiteExclusionGivesTheSmallPolaronMaximumAtHalfFilling() throws {
    // σ = e·N·μ·y(1 − y) for a carrier with one site pfu: maximum e·N·μ/4 at y = ½.
    let model = try DefectModel.load(yaml: Self.ferrite(polaronMobility: ", site_exclusion: true"), file: "t.yaml")
    let h = model.speciesIndex("Fe_Fe.")!, v = model.speciesIndex("V_O..")!
    let T = 1000.0
    let mu = model.species[h].mobility!.value(at: T)
    var best = (y: 0.0, sigma: 0.0)
    for k in 0...1000 {
      let y = Double(k) / 1000
      var c = [Double](repeating: 0, count: model.species.count)
      c[h] = y
      c[v] = 0.3
      let t = try XCTUnwrap(TransportProperties(model: model, temperature: T, concentrations: c))
      let closed = Self.e * 1.7e22 * mu * y * (1 - y)
      XCTAssertEqual(t.partial[h], closed, accuracy: 1e-14 * max(closed, 1e-300))
      if t.partial[h] > best.sigma { best = (y, t.partial[h]) }
      // vacancies on 3 O sites: σ_V = 2e·N·μ_V·c(1 − c/3)
      let muV = model.species[v].mobility!.value(at: T)
      XCTAssertEqual(t.partial[v], 2 * Self.e * 1.7e22 * muV * 0.3 * (1 - 0.1), accuracy: 1e-13 * t.partial[v])
    }
    XCTAssertEqual(best.y, 0.5)
    XCTAssertEqual(best.sigma, Self.e * 1.7e22 * mu / 4, accuracy: 1e-14 * best.sigma)
  }

  func testBlockingFactorIsOneMinusBlockerFractionToTheN() throws {
    let model = try DefectModel.load(yaml: Self.ferrite(polaronMobility: ", blocked_by: {\"V_O..\": 4, \"V_O.. + O_O^x\": 0.5}"), file: "t.yaml")
    let h = model.speciesIndex("Fe_Fe.")!, v = model.speciesIndex("V_O..")!, o = model.speciesIndex("O_O^x")!
    for (cv, co) in [(0.0, 3.0), (0.06, 2.94), (0.3, 2.2), (3.0, 0.0)] {
      var c = [Double](repeating: 0, count: model.species.count)
      c[h] = 0.35
      c[v] = cv
      c[o] = co
      let f = model.mobilityFactor(of: h, concentrations: c)
      XCTAssertEqual(f, pow(1 - cv / 3, 4) * pow(max(0, 1 - (cv + co) / 3), 0.5), accuracy: 1e-15)
    }
    XCTAssertEqual(model.mobilityFactor(of: v, concentrations: [0, 0.4, 0, 0.35, 1.5, 1.5]), 0.5, accuracy: 1e-15)
  }

  func testTransportKeysAreCheckedWithTheirLine() {
    let band = Self.ferrite(polaronMobility: "").replacingOccurrences(
      of: "  - {label: \"O_O^x\", host: true}",
      with: "  - {label: \"O_O^x\", host: true}\n  - {label: \"h.\", band: {N300: 1}, mobility: {law: band, mu300: 1, site_exclusion: true}}")
    XCTAssertThrowsError(try DefectModel.load(yaml: band, file: "b.yaml")) { error in
      XCTAssertTrue("\(error)".contains("b.yaml:11") && "\(error)".contains("site_exclusion"), "\(error)")
    }
    let unknown = Self.ferrite(polaronMobility: ", blocked_by: {\"V_Fe'''\": 2}")
    XCTAssertThrowsError(try DefectModel.load(yaml: unknown, file: "u.yaml")) { error in
      XCTAssertTrue("\(error)".contains("u.yaml:8") && "\(error)".contains("unknown species"), "\(error)")
    }
    let law = Self.ferrite(polaronMobility: "") + "\nsurface_exchange: {law: fast, k0: 1, Ea: 1 eV}\n"
    XCTAssertThrowsError(try DefectModel.load(yaml: law, file: "s.yaml")) { error in
      XCTAssertTrue("\(error)".contains("k_chem") && "\(error)".contains("exchange_rate"), "\(error)")
    }
  }

  // MARK: mixed control

  func testMixedControlReducesToBulkOverOnePlusTwoLcOverL() {
    // Constant σ_amb and c_O = a + b·ln p: J = J_bulk/(1 + 2L_c/L), L_c = D̃/k_chem, D̃ = RTσ/(8F²b).
    let T = 1073.15, sigma = 0.02, b = 1.5e-4, k = 2e-5
    let F = PhysicalConstants.faraday, RT = PhysicalConstants.gasConstant * T
    let lnLow = log(1e-3), lnHigh = log(0.21)
    let lnP = (0...200).map { lnLow + (lnHigh - lnLow) * Double($0) / 200 }
    let dTilde = RT * sigma / (8 * F * F * b)
    for L in [0.005, 0.05, 0.1, 1.0] {
      let prefactor = RT / (16 * F * F * L)
      let s = MixedControl.solve(lnP: lnP, integral: lnP.map { sigma * ($0 - lnLow) }, prefactor: prefactor,
                                 feedRate: lnP.map { 0.5 * k * b * (lnHigh - $0) },
                                 permeateRate: lnP.map { 0.5 * k * b * ($0 - lnLow) })
      let bulk = prefactor * sigma * (lnHigh - lnLow)
      XCTAssertEqual(s.flux, bulk / (1 + 2 * (dTilde / k) / L), accuracy: 1e-12 * s.flux, "L = \(L)")
      // the surfaces split the driving force symmetrically
      XCTAssertEqual(lnHigh - s.feedSurfaceLnP, s.permeateSurfaceLnP - lnLow, accuracy: 1e-9)
    }
  }

  func testExchangeRateLawWithFastBulkIsSurfaceLimitedClosedForm() {
    // Infinitely fast bulk: both surfaces at one p_s, ℜ(√(p′/p_s) − 1) = ℜ(1 − √(p″/p_s)),
    // so J = ℜ·(√p′ − √p″)/(√p′ + √p″) — Xu & Thomson's formula for D_V → ∞.
    let r = 3.7e-8, pf = 0.21, pp = 1e-3
    let n = 20001
    let lnP = (0..<n).map { log(pp) + (log(pf) - log(pp)) * Double($0) / Double(n - 1) }
    let s = MixedControl.solve(lnP: lnP, integral: lnP.map { 1e6 * ($0 - log(pp)) }, prefactor: 1,
                               feedRate: lnP.map { r * ((pf / exp($0)).squareRoot() - 1) },
                               permeateRate: lnP.map { r * (1 - (pp / exp($0)).squareRoot()) })
    XCTAssertEqual(s.flux, r * (pf.squareRoot() - pp.squareRoot()) / (pf.squareRoot() + pp.squareRoot()), accuracy: 1e-6 * s.flux)
  }

  func testMixedFluxOfAModelApproachesBulkForFastSurfacesAndKChemLimitForSlowOnes() throws {
    let model = try DefectModel.load(yaml: Self.ferrite(polaronMobility: ""), file: "t.yaml")
    let wagner = try WagnerPermeation(model: model)
    let bulk = try wagner.flux(temperature: 1073, feed: 0.21, permeate: 1e-3, thickness: 0.1)
    let fast = try wagner.mixedFlux(temperature: 1073, feed: 0.21, permeate: 1e-3, thickness: 0.1,
                                    exchange: SurfaceExchange(law: .kChem, prefactor: 1e6, activationEnergy: 0))
    XCTAssertEqual(fast.bulkMolar, bulk.molar, accuracy: 1e-6 * bulk.molar)  // grid (trapezoid) vs qags
    XCTAssertEqual(fast.molar, bulk.molar, accuracy: 1e-4 * bulk.molar)
    // slow surfaces: J → ½k·Δc_O/2 (each face takes half of the oxygen-content difference)
    let slow = try wagner.mixedFlux(temperature: 1073, feed: 0.21, permeate: 1e-3, thickness: 0.1,
                                    exchange: SurfaceExchange(law: .kChem, prefactor: 1e-12, activationEnergy: 0))
    let solver = EquilibriumSolver(model: model)
    func oxygen(_ p: Double) throws -> Double {
      let s = try solver.solve(Conditions(temperature: 1073, pO2: p))
      return model.concentration("O_O^x", in: s)! * 1.7e22 / (PhysicalConstants.avogadro)
    }
    XCTAssertEqual(slow.molar, 0.5 * 1e-12 * (try oxygen(0.21) - oxygen(1e-3)) / 2, accuracy: 1e-3 * slow.molar)
    XCTAssertLessThan(slow.molar, fast.molar)
  }
}
