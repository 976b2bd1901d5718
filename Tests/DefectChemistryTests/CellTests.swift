import DefectChemistry
import Foundation
import XCTest

/// Cell quantities of a mixed-conducting electrolyte (docs/theory.md §8.6) against closed forms derived
/// there [D]: two carriers with constant conductivities (OCV = t_ion·E_N, leakage, V = t_ion·E_N − I·L/σ_total),
/// the Nernst limit, σ_el ∝ pO2^−1/4 with constant σ_ion, and a proton conductor with different pH2O on the
/// two sides. Tolerances are implementation tolerances (quadrature and root to 1e-10 relative) unless said.
final class CellTests: XCTestCase {
  let F = PhysicalConstants.faraday
  let R = PhysicalConstants.gasConstant

  func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }

  // MARK: - Constant conductivities

  func testConstantConductivitiesMatchTheirClosedForms() throws {
    let si = 0.05, se = 0.02, T = 1073.15, L = 0.05
    let cell = ElectrolyteCell { _, _ in CellConductivities(oxideIon: si, electronic: se) }
    let path = CellPath(pO2Anode: 1e-20, pO2Cathode: 0.21)
    let t = si / (si + se), amb = si * se / (si + se)
    let eN = R * T / (4 * F) * log(0.21 / 1e-20)
    let oc = try cell.openCircuit(temperature: T, path: path, thickness: L)
    XCTAssertLessThan(relative(oc.nernst, eN), 1e-14)
    XCTAssertLessThan(relative(oc.voltage, t * eN), 1e-10)
    let leak = try XCTUnwrap(oc.leakage)
    XCTAssertLessThan(relative(leak, eN * amb / L), 1e-10)
    for I in [0.5, 0.01, -0.3] {
      let s = try cell.underCurrent(temperature: T, path: path, thickness: L, current: I)
      XCTAssertLessThan(relative(s.voltage, t * eN - I * L / (si + se)), 1e-10, "V at I = \(I)")
      XCTAssertLessThan(relative(s.ionicCurrent, I * t + eN * amb / L), 1e-10, "i_ion at I = \(I)")
      XCTAssertEqual(s.ionicCurrent + s.electronicCurrent, I, accuracy: 1e-15)
      XCTAssertLessThan(relative(s.faradaicEfficiency, I > 0 ? I / s.ionicCurrent : s.ionicCurrent / I), 1e-15)
    }
    // given a voltage: I = (t·E_N − V)·σ_total/L
    for V in [0.5, 1.2, -0.1] {
      let s = try cell.underVoltage(temperature: T, path: path, thickness: L, voltage: V)
      XCTAssertLessThan(relative(s.current, (t * eN - V) * (si + se) / L), 1e-10, "I at V = \(V)")
      XCTAssertLessThan(relative(s.voltage, V), 1e-10)
    }
  }

  func testNernstLimitWhenElectronicConductionVanishes() throws {
    let T = 900.0, L = 0.1
    let path = CellPath(pO2Anode: 1e-22, pO2Cathode: 1)
    let eN = R * T / (4 * F) * log(1 / 1e-22)
    var last = 0.0
    for ratio in [1e-2, 1e-4, 1e-6, 1e-9] {
      let cell = ElectrolyteCell { _, _ in CellConductivities(oxideIon: 0.01, electronic: 0.01 * ratio) }
      let oc = try cell.openCircuit(temperature: T, path: path, thickness: L)
      XCTAssertGreaterThan(oc.voltage, last)
      XCTAssertLessThan(oc.voltage, eN)
      XCTAssertEqual(oc.voltage / eN, 1 / (1 + ratio), accuracy: 1e-12)
      last = oc.voltage
      // the ohmic line of a pure ionic conductor: V → E_N − I·L/σ_ion
      let s = try cell.underCurrent(temperature: T, path: path, thickness: L, current: 0.02)
      XCTAssertEqual(s.voltage, eN / (1 + ratio) - 0.02 * L / (0.01 * (1 + ratio)), accuracy: 1e-10 * eN)
    }
    XCTAssertEqual(last, eN, accuracy: 1e-8 * eN)
  }

  // MARK: - σ_el ∝ pO2^−1/4 (n-type), constant σ_ion

  /// With w = pO2^¼ and w* = p_n^¼ (p_n: σ_el = σ_ion), t_ion = w/(w + w*) and [D]
  ///   E_OC = (RT/F) ln[(w′ + w*)/(w″ + w*)],  i_leak = (RT σ_ion/FL) ln[w′(w″ + w*)/(w″(w′ + w*))],
  ///   L = (RT σ_ion/(F i)) ln[w′((i − I)w″ + i w*)/(w″((i − I)w′ + i w*))],
  ///   V = (RT/F) ln[((i − I)w′ + i w*)/((i − I)w″ + i w*)]    (i = i_ion).
  func testElectronicConductivityProportionalToPO2ToTheMinusQuarter() throws {
    let T = 873.15, si = 0.01, pn = 1e-18, L = 0.002
    let cell = ElectrolyteCell { u, _ in CellConductivities(oxideIon: si, electronic: si * exp((log(pn) - u) / 4)) }
    let pa = 1e-25, pc = 0.21
    let path = CellPath(pO2Anode: pa, pO2Cathode: pc)
    let wa = pow(pa, 0.25), wc = pow(pc, 0.25), ws = pow(pn, 0.25)
    let RTF = R * T / F
    let oc = try cell.openCircuit(temperature: T, path: path, thickness: L)
    XCTAssertLessThan(relative(oc.voltage, RTF * log((wc + ws) / (wa + ws))), 1e-10)
    XCTAssertLessThan(relative(try XCTUnwrap(oc.leakage), RTF * si / L * log(wc * (wa + ws) / (wa * (wc + ws)))), 1e-10)
    // under load: pick i_ion, the closed form gives the thickness; the solver must find i_ion back from (I, L)
    for (I, i) in [(0.3, 0.45), (-0.2, 0.05), (1.0, 1.02)] {
      let thickness = RTF * si / i * log(wc * ((i - I) * wa + i * ws) / (wa * ((i - I) * wc + i * ws)))
      XCTAssertGreaterThan(thickness, 0)
      let s = try cell.underCurrent(temperature: T, path: path, thickness: thickness, current: I)
      XCTAssertLessThan(relative(s.ionicCurrent, i), 1e-10, "i_ion at I = \(I)")
      XCTAssertLessThan(relative(s.voltage, RTF * log(((i - I) * wc + i * ws) / ((i - I) * wa + i * ws))), 1e-10, "V at I = \(I)")
    }
  }

  // MARK: - Proton conductor with different pH2O

  /// Constant σ_O, σ_H, σ_el: E_OC = t_ion·(RT/4F)·Δln pO2 − t_H·(RT/2F)·Δln pH2O [D] (the straight path is
  /// then irrelevant); with equal water the proton current joins the ionic one.
  func testProtonConductorWithWaterOnBothSides() throws {
    let sO = 0.002, sH = 0.008, se = 0.001, T = 873.15
    let cell = ElectrolyteCell { _, _ in CellConductivities(oxideIon: sO, proton: sH, electronic: se) }
    let st = sO + sH + se
    let path = CellPath(pO2Anode: 1e-24, pO2Cathode: 0.2, pH2OAnode: 0.05, pH2OCathode: 0.01)
    let oc = try cell.openCircuit(temperature: T, path: path, thickness: 0.01)
    let expected = (sO + sH) / st * R * T / (4 * F) * log(0.2 / 1e-24) - sH / st * R * T / (2 * F) * log(0.01 / 0.05)
    XCTAssertLessThan(relative(oc.voltage, expected), 1e-10)
    XCTAssertNil(oc.leakage, "no leakage without the water profile")
    XCTAssertThrowsError(try cell.underCurrent(temperature: T, path: path, thickness: 0.01, current: 0.1))
    let dry = CellPath(pO2Anode: 1e-24, pO2Cathode: 0.2, pH2OAnode: 0.03, pH2OCathode: 0.03)
    let s = try cell.underCurrent(temperature: T, path: dry, thickness: 0.01, current: 0.1)
    let eN = R * T / (4 * F) * log(0.2 / 1e-24)
    XCTAssertLessThan(relative(s.voltage, (sO + sH) / st * eN - 0.1 * 0.01 / st), 1e-10)
    // a pure proton conductor between wet H2 and wet air: the EMF of the H2 concentration cell (RT/2F) ln(pH2″/pH2′)
    let pure = ElectrolyteCell { _, _ in CellConductivities(oxideIon: 0, proton: 0.01, electronic: 0) }
    let pathH = CellPath(pO2Anode: 1e-22, pO2Cathode: 0.21, pH2OAnode: 0.03, pH2OCathode: 0.02)
    let e = try pure.openCircuit(temperature: T, path: pathH, thickness: 0.01).voltage
    // pH2 = pH2O/(K·pO2^½) on each side
    let lnH2Anode = log(0.03) - 0.5 * log(1e-22), lnH2Cathode = log(0.02) - 0.5 * log(0.21)
    XCTAssertLessThan(relative(e, R * T / (2 * F) * (lnH2Anode - lnH2Cathode)), 1e-12)
  }

  // MARK: - Model-backed: constant conductivities through the full pipeline

  /// Vacancies pinned by a fixed level, intrinsic electrons and holes (0 = e' + h.), and O2 taken up by a
  /// neutral interstitial that carries no charge: σ_ion and σ_el do not depend on pO2, so the closed forms
  /// of the first test hold through the equilibrium solver and the transport tables.
  static let constantCell = """
    name: constant-cell-test
    sublattices: {Ce: 1, O: 2, i: 1}
    density: {value: "2.5e22 cm-3"}
    species:
      - {label: "Gd_Ce'", fixed: 0.1}
      - {label: "Ce_Ce^x", host: true}
      - {label: "V_O..", fixed: 0.05, mobility: {law: hopping, A: 232.6, Ea: 0.70 eV}}
      - {label: "O_O^x", host: true}
      - {label: "O_i^x"}
      - {label: "V_i^x"}
      - {label: "e'", band: {N300: 1.0}, mobility: {law: band, mu300: 2.0, m: 1.5}}
      - {label: "h.", band: {N300: 1.0}, mobility: {law: band, mu300: 1.0, m: 1.5}}
    reactions:
      - {name: gap, equation: "0 = e' + h.", dH: 1.6 eV, dS: 0 kB}
      - {name: uptake, equation: "1/2 O2(g) + V_i^x = O_i^x", dH: -0.5 eV, dS: 0 kB}
    """

  func testModelWithConstantConductivitiesMatchesTheClosedForms() throws {
    let model = try TestModels.load(Self.constantCell)
    let profile = try ElectrolyteCell.ModelProfile(model: model)
    let T = 1000.0, L = 0.03
    profile.temperature = T
    let c = try XCTUnwrap(profile.conductivities(lnPO2: log(0.21), lnPH2O: nil))
    let c2 = try XCTUnwrap(profile.conductivities(lnPO2: log(1e-20), lnPH2O: nil))
    XCTAssertGreaterThan(c.electronic, 0.01 * c.ionic)
    XCTAssertEqual(c.ionic, c2.ionic, accuracy: 1e-13 * c.ionic)
    XCTAssertEqual(c.electronic, c2.electronic, accuracy: 1e-12 * c.electronic)
    let table = CellTable(profile: profile, temperatures: [T], cathode: .oxygen(pO2: 0.21, pH2O: nil),
                          anode: .oxygen(pO2: 1e-20, pH2O: nil), thicknesses: [L], load: .currents([0.2]))
    let row = try XCTUnwrap(table.rows.first)
    XCTAssertTrue(row.converged)
    let t = c.ionicTransference, eN = R * T / (4 * F) * log(0.21 / 1e-20)
    XCTAssertLessThan(relative(try XCTUnwrap(row.openCircuit).voltage, t * eN), 1e-10)
    XCTAssertLessThan(relative(try XCTUnwrap(row.openCircuit?.leakage), eN * c.ambipolar / L), 1e-10)
    XCTAssertLessThan(relative(try XCTUnwrap(row.operating).voltage, t * eN - 0.2 * L / c.total), 1e-10)
  }

  // MARK: - Gas compositions

  func testWaterFormationGibbsEnergyAndFuelPO2() throws {
    // NIST-JANAF ΔfG°(H2O, g): −192.590 kJ/mol at 1000 K, −164.376 kJ/mol at 1500 K [R]: the Shomate fits
    // reproduce the tables to their fitting accuracy (implementation/data tolerance 0.1 kJ/mol)
    XCTAssertEqual(try XCTUnwrap(WaterFormation.standardGibbsEnergy(1000)) / 1000, -192.59, accuracy: 0.1)
    XCTAssertEqual(try XCTUnwrap(WaterFormation.standardGibbsEnergy(1500)) / 1000, -164.38, accuracy: 0.1)
    XCTAssertNil(WaterFormation.standardGibbsEnergy(400))
    // pO2 of H2:H2O = 1:1 is exp(2ΔG°/RT); a tenfold water ratio raises it a hundredfold
    let T = 1073.15
    let dG = try XCTUnwrap(WaterFormation.standardGibbsEnergy(T))
    let p1 = try XCTUnwrap(WaterFormation.oxygenPressure(temperature: T, pH2: 0.5, pH2O: 0.5))
    XCTAssertLessThan(relative(p1, exp(2 * dG / (R * T))), 1e-12)
    let p10 = try XCTUnwrap(WaterFormation.oxygenPressure(temperature: T, pH2: 0.05, pH2O: 0.5))
    XCTAssertLessThan(relative(p10 / p1, 100), 1e-12)
    // the standard EMF of the H2/O2 cell: E° = −ΔG°/2F ≈ 0.98 V at 800 °C; a Nernst voltage between the
    // fuel's pO2 and 1 atm O2 with pH2 = pH2O equals E°
    let eN = R * T / (4 * F) * log(1 / p1)
    XCTAssertLessThan(relative(eN, -dG / (2 * F)), 1e-12)
  }

  func testGasParsing() throws {
    let atm = { (t: String) in ConditionUnits.atmospheres(t) }
    XCTAssertEqual(try CellGas.parse("0.21", pressure: atm), .oxygen(pO2: 0.21, pH2O: nil))
    XCTAssertEqual(try CellGas.parse("H2=0.97, H2O=0.03", pressure: atm), .fuel(pH2: 0.97, pH2O: 0.03))
    XCTAssertEqual(try CellGas.parse("O2=21kPa,H2O=0.03", pressure: atm), .oxygen(pO2: 21 / 101.325, pH2O: 0.03))
    for bad in ["CO=0.5", "H2=0.97", "H2=1,O2=0.2", "O2=0", "O2=nan", "H2O=0.03", "O2=0.2,O2=0.1", "abc", "=0.2"] {
      XCTAssertThrowsError(try CellGas.parse(bad, pressure: atm), bad)
    }
  }

  // MARK: - Published OCV

  /// An anode-supported cell with a 10 µm Ce0.9Gd0.1O2−x electrolyte, LSCF cathode and Ni–CGO anode, at
  /// 550 °C in humidified 10 % H2 / air: OCV 0.86 V (J. Am. Ceram. Soc. 88 (2005) 1394, "Fabrication of an
  /// anode-supported gadolinium-doped ceria solid oxide fuel cell and its operation at 550 °C" [V-abs]). The
  /// abstract does not give the water content: 3 % (a room-temperature humidifier) is assumed [R]; 1.5–6 %
  /// moves the prediction by ±14 mV. A prediction with gdc10 as it is (150 K below its validity
  /// range), not a fit.
  ///
  /// The model's OCV is that of reversible electrodes; a real cell's electrodes carry the leakage current
  /// (here ≈ 0.5 A/cm² through 10 µm) and their polarisation can only lower the measured voltage. So the
  /// assertion is one-sided with a stated gap: measured ≤ model ≤ Nernst, and the model at most 0.17 V
  /// (physics tolerance: electrode losses not modelled, gdc10's σ_el extrapolated) above the measurement.
  /// Found: model 1.015 V, measured 0.86 V, Nernst 1.063 V.
  func testPublishedOCVOfAGDCCellInHydrogenAndAir() throws {
    let model = try BuiltinMaterialValidationTests.builtin("gdc10")
    let profile = try ElectrolyteCell.ModelProfile(model: model)
    let table = CellTable(profile: profile, temperatures: [823.15], cathode: .oxygen(pO2: 0.21, pH2O: nil),
                          anode: .fuel(pH2: 0.10, pH2O: 0.03), thicknesses: [10e-4], load: .openCircuit)
    let oc = try XCTUnwrap(table.rows.first?.openCircuit)
    // E° = −ΔfG°/2F with NIST-JANAF ΔfG°(H2O, 823 K) ≈ −202.3 kJ/mol [R] (interpolated between 800 and 900 K)
    // plus (RT/2F) ln(pH2·pO2^½/pH2O) = 15.1 mV [D]: 1.063 V
    XCTAssertEqual(oc.nernst, 1.063, accuracy: 0.002, "Nernst voltage of 10 % H2 + 3 % H2O against air at 550 °C")
    XCTAssertGreaterThan(oc.voltage, 0.86)
    XCTAssertLessThan(oc.voltage, oc.nernst)
    XCTAssertEqual(oc.voltage, 0.86, accuracy: 0.17)
    for water in [0.015, 0.06] {
      let t = CellTable(profile: profile, temperatures: [823.15], cathode: .oxygen(pO2: 0.21, pH2O: nil),
                        anode: .fuel(pH2: 0.10, pH2O: water), thicknesses: [10e-4], load: .openCircuit)
      XCTAssertEqual(try XCTUnwrap(t.rows.first?.openCircuit).voltage, oc.voltage, accuracy: 0.015)
    }
  }
}
