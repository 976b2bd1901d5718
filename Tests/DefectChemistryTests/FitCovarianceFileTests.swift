import DefectChemistry
import XCTest

/// A fit's values and covariance written into the material file (`fit:` block), read back, checked, and
/// turned into confidence bands of sweep columns.
final class FitCovarianceFileTests: XCTestCase {
  let kB = 8.617_333_262e-5  // eV/K (SI-defined)

  func load(_ yaml: String) throws -> DefectModel { try DefectModel.load(yaml: yaml, file: "test.yaml") }

  func error(_ yaml: String) -> MaterialError? {
    do { _ = try DefectModel.load(yaml: yaml, file: "test.yaml"); return nil } catch { return error }
  }

  /// ΔH, ΔS of reduction and the Gd level with a correlated covariance (engine units; Gd in pfu).
  func record(_ model: DefectModel, values: [Double]? = nil) throws -> DefectModel.FitRecord {
    let parameters = [try model.parameter(named: "reduction.dH"), try model.parameter(named: "reduction.dS"), try model.parameter(named: "Gd_Ce'")]
    let v = values ?? [4.05, 12.3, 0.11]
    // σ_H = 0.1 eV, σ_S = 1 kB, σ_lnGd = 0.05; ρ_HS = 0.3, ρ_HG = 0.2, ρ_SG = 0.1 (exactly symmetric)
    let s = [0.1, 1.0, 0.05 * v[2]]
    let rho = [[1, 0.3, 0.2], [0.3, 1, 0.1], [0.2, 0.1, 1]]
    var c: [Double] = []
    for i in 0..<3 { for j in 0..<3 { c.append(rho[min(i, j)][max(i, j)] * s[min(i, j)] * s[max(i, j)]) } }
    return DefectModel.FitRecord(parameters: parameters, values: v, covariance: c, data: ["tga.csv: 12 values of delta"],
                                 reducedChiSquared: 1.1, degreesOfFreedom: 9, scaling: "stated_uncertainties", command: "brouwer fit test")
  }

  func testWrittenValuesAndCovarianceReadBackAndNothingElseChanges() throws {
    let model = try load(TestModels.ceria())
    let rec = try record(model)
    let text = try model.textWithFit(rec)
    // flow mappings keep their shape: no comment may cut the line
    XCTAssertTrue(text.contains("dH: 4.05 eV, dS: 12.3 kB}"), text)
    XCTAssertTrue(text.contains("{label: \"Gd_Ce'\", fixed: 0.11}"), text)
    let back = try load(text)
    let fit = try XCTUnwrap(back.fitCovariance)
    XCTAssertEqual(fit.entries.map(\.name), ["reduction.dH", "reduction.dS", "Gd_Ce'"])
    for (j, p) in rec.parameters.enumerated() {
      XCTAssertEqual(back.value(of: p), rec.values[j], accuracy: 1e-12 * abs(rec.values[j]))
      XCTAssertEqual(fit.entries[j].value, back.value(of: p))
    }
    XCTAssertEqual(fit.covariance, rec.covariance)  // shortest decimals round-trip to the bit
    XCTAssertEqual(fit.entries[0].standardError, 0.1, accuracy: 1e-15)
    XCTAssertEqual(fit.reducedChiSquared, 1.1)
    XCTAssertEqual(fit.degreesOfFreedom, 9)
    // the other reaction is untouched
    XCTAssertEqual(back.value(of: try back.parameter(named: "polaron.dH")), -3.0)
    // writing again replaces the block instead of adding a second one (YAML would refuse the duplicate key)
    let again = try back.textWithFit(try record(back, values: [4.1, 12.0, 0.1]))
    XCTAssertEqual(again.components(separatedBy: "\nfit:\n").count, 2, again)
    let twice = try load(again)
    XCTAssertEqual(twice.value(of: try twice.parameter(named: "reduction.dH")), 4.1, accuracy: 1e-12)
    XCTAssertEqual(twice.fitCovariance?.entries.count, 3)
  }

  func testBlockStyleValuesKeepTheirUnitAndGetAComment() throws {
    let yaml = TestModels.ceria().replacingOccurrences(
      of: "  - {name: reduction, equation: \"O_O^x + 2 Ce_Ce^x = 1/2 O2(g) + V_O.. + 2 Ce_Ce'\", dH: 4.0 eV, dS: 12 kB}",
      with: "  - name: reduction\n    equation: \"O_O^x + 2 Ce_Ce^x = 1/2 O2(g) + V_O.. + 2 Ce_Ce'\"\n    dH: \"385.9 kJ/mol\"   # from a paper\n    dS: 12 kB")
    let model = try load(yaml)
    let text = try model.textWithFit(try record(model))
    let line = try XCTUnwrap(text.split(separator: "\n").first { $0.contains("dH:") })
    // 4.05 eV in the file's kJ/mol, with the old value and the old comment kept in a comment
    XCTAssertTrue(line.hasPrefix("    dH: \"390.765"), String(line))
    XCTAssertTrue(line.contains("kJ/mol\"  # fitted: see fit: below (was 385.9 kJ/mol); from a paper"), String(line))
    XCTAssertEqual(try load(text).value(of: .enthalpy(reaction: 0)), 4.05, accuracy: 1e-9)
  }

  func testABlockWhoseValuesNoLongerMatchTheFileIsRefusedAtItsLine() throws {
    let model = try load(TestModels.ceria())
    let text = try model.textWithFit(try record(model))
    let edited = text.replacingOccurrences(of: "dH: 4.05 eV", with: "dH: 4.2 eV")
    let e = try XCTUnwrap(error(edited))
    XCTAssertTrue(e.message.contains("reduction.dH is 4.2 eV in this file"), e.message)
    XCTAssertTrue(e.message.contains("covariance belongs to other values"), e.message)
    let lines = edited.split(separator: "\n", omittingEmptySubsequences: false)
    XCTAssertEqual(lines[try XCTUnwrap(e.line) - 1].trimmingCharacters(in: .whitespaces), "value: 4.05")
  }

  func testMalformedCovariancesAreRefused() throws {
    let model = try load(TestModels.ceria())
    let text = try model.textWithFit(try record(model))
    func rows(_ replacement: String) -> String {
      let start = text.range(of: "  covariance:\n")!.upperBound
      return String(text[..<start]) + replacement
    }
    let cases: [(String, String)] = [
      ("    - [0.01, 0.03]\n    - [0.03, 1]\n", "has 2 rows for 3 parameters"),
      ("    - [0.01, 0.03, 0.00011]\n    - [0.02, 1, 0.00055]\n    - [0.00011, 0.00055, 0.00003025]\n", "not symmetric"),
      ("    - [0.01, 0.2, 0.00011]\n    - [0.2, 1, 0.00055]\n    - [0.00011, 0.00055, 0.00003025]\n", "not positive semi-definite"),
      ("    - [-0.01, 0.03, 0.00011]\n    - [0.03, 1, 0.00055]\n    - [0.00011, 0.00055, 0.00003025]\n", "variance of reduction.dH is negative"),
      ("    - [0.04, 0.03, 0.00011]\n    - [0.03, 1, 0.00055]\n    - [0.00011, 0.00055, 0.00003025]\n", "the standard error of reduction.dH is 0.1"),
    ]
    for (block, message) in cases {
      let e = try XCTUnwrap(error(rows(block)), message)
      XCTAssertEqual(e.file, "test.yaml")
      XCTAssertNotNil(e.line, e.message)
      XCTAssertTrue(e.message.contains(message), "\(message): \(e.message)")
    }
    let unknown = try XCTUnwrap(error(text.replacingOccurrences(of: "name: \"reduction.dS\"", with: "name: \"oxidation.dS\"")))
    XCTAssertTrue(unknown.message.contains("fit.parameters:") && unknown.message.contains("no parameter 'oxidation.dS'"), unknown.message)
    let unit = try XCTUnwrap(error(text.replacingOccurrences(of: "unit: kB", with: "unit: J/(mol K)")))
    XCTAssertTrue(unit.message.contains("recorded in kB"), unit.message)
  }

  /// The band of [Ce_Ce'] in the dilute, acceptor-compensated regime against its closed form: there
  /// [Ce_Ce'] = (K [O_O]/[V_O..])^½ pO2^−¼ [Ce_Ce^x] with [V_O..] = [Gd]/2 fixed, so
  /// ∂ln[Ce']/∂ΔH = −1/(2k_BT), ∂ln[Ce']/∂ΔS = ½ (k_B), ∂ln[Ce']/∂ln[Gd] = −½ and
  /// σ²(ln[Ce']) = gᵀ C g — the delta method done by hand.
  func testBandOfPolaronsMatchesTheDiluteLimitClosedForm() throws {
    let base = try load(TestModels.ceria())
    let model = try load(try base.textWithFit(try record(base)))
    let fit = try XCTUnwrap(model.fitCovariance)
    let T = 1073.0
    let conditions = [Conditions(temperature: T, pO2: 1e-8), Conditions(temperature: T, pO2: 1e-5)]
    for level in [0.682_689_492, 0.95] {
      let band = try ParameterFit.band("Ce_Ce'", model: model, covariance: fit, at: conditions, level: level)
      let gd = model.value(of: try model.parameter(named: "Gd_Ce'"))
      let gLnGd = -gd / (1 - gd) - 0.5 - 0.5 * (gd / 4) / (1 - gd / 4)
      let g = [-1 / (2 * kB * T), 0.5, gLnGd / gd]  // per eV, per kB, per pfu of Gd
      var variance = 0.0
      for a in 0..<3 { for b in 0..<3 { variance += g[a] * fit.covariance[a * 3 + b] * g[b] } }
      let z = level == 0.95 ? 1.959_963_985 : 1.0
      for point in band {
        let p = try XCTUnwrap(point)
        XCTAssertLessThan(p.value, 1e-4)  // dilute: the closed form's corrections are O([Ce_Ce']/[V_O..])
        // physics tolerance: the closed form neglects the vacancies the reduction adds (½[Ce_Ce'] against
        // [V_O..] = 0.055: below 1e-3 here) and the holes
        XCTAssertEqual(p.standardError / p.value, variance.squareRoot(), accuracy: 1e-3 * variance.squareRoot())
        XCTAssertEqual(log(p.upper / p.value), z * p.standardError / p.value, accuracy: 1e-9)
        XCTAssertEqual(log(p.value / p.lower), z * p.standardError / p.value, accuracy: 1e-9)
      }
    }
  }

  /// A sweep's bands (what `sweep --band` writes) are the per-point bands, around the table's values.
  func testSweepBandsFollowTheTable() throws {
    let base = try load(TestModels.ceria())
    let model = try load(try base.textWithFit(try record(base)))
    let grid = SweepGrid(axes: [.init(.temperature, [973, 1173]), .init(.pressure("pO2"), [1e-15, 1e-10, 1e-5])])
    let layout = try CSVLayout(model: model, grid: grid, selection: ["T_K", "pO2_atm", "Ce_Ce'", "V_O..", "converged"])
    let table = try SweepRunner(model: model, grid: grid, layout: layout, threads: 1).table()
    let bands = try SweepBands(table: table, grid: grid, model: model, level: 0.95)
    XCTAssertEqual(bands.columns.map { table.headers[$0] }, ["Ce_Ce'", "V_O.."])
    XCTAssertEqual(bands.missing, 0)
    let electrons = try XCTUnwrap(table.column("Ce_Ce'"))
    for r in 0..<table.rowCount {
      let v = try XCTUnwrap(table.value(r, electrons))
      XCTAssertLessThan(bands.lower[0][r], v)
      XCTAssertGreaterThan(bands.upper[0][r], v)
      let c = Conditions(temperature: grid.axes[0].values[r / 3], pO2: grid.axes[1].values[r % 3])
      let one = try XCTUnwrap(ParameterFit.band("Ce_Ce'", model: model, covariance: try XCTUnwrap(model.fitCovariance), at: [c], level: 0.95)[0])
      XCTAssertEqual(bands.upper[0][r] / v, one.upper / one.value, accuracy: 1e-9)  // implementation
    }
    // a swept fitted parameter cannot carry its own covariance's band
    let swept = SweepGrid(axes: [.init(.parameter(try model.parameter(named: "reduction.dH")), [4.0, 4.1]), .init(.temperature, [1073]),
                                 .init(.pressure("pO2"), [1e-10])])
    let sweptLayout = try CSVLayout(model: model, grid: swept, selection: ["T_K", "Ce_Ce'", "converged"])
    let sweptTable = try SweepRunner(model: model, grid: swept, layout: sweptLayout, threads: 1).table()
    XCTAssertThrowsError(try SweepBands(table: sweptTable, grid: swept, model: model, level: 0.95)) { e in
      XCTAssertTrue("\(e)".contains("reduction.dH is swept"), "\(e)")
    }
  }
}

/// Mobility parameters in the `fit:` block: `fit --output-material` finds the value in the species' `mobility:`
/// mapping (flow or block style), writes it in the file's unit, and the file reads back with them.
final class MobilityFitWritingTests: XCTestCase {
  static let yaml = """
    name: mobile-ceria-test
    sublattices: {Ce: 1, O: 2}
    density: {value: 2.5e22 cm-3}
    species:
      - {label: "Gd_Ce'", fixed: 0.1}
      - {label: "Ce_Ce'", mobility: {law: hopping, A: 490, Ea: 0.40 eV}}
      - {label: "Ce_Ce^x", host: true}
      - label: "V_O.."
        mobility:
          law: hopping
          A: 111.0
          Ea: "45.6 kJ/mol"   # a comment that stays
      - {label: "O_O^x", host: true}
      - label: "e'"
        band: {N300: 1.0}
        mobility: {law: band, mu300: 2.0, m: 1.5}
    reactions:
      - {name: reduction, equation: "O_O^x + 2 Ce_Ce^x = 1/2 O2(g) + V_O.. + 2 Ce_Ce'", dH: 4.0 eV, dS: 12 kB}
      - {name: polaron, equation: "Ce_Ce^x + e' = Ce_Ce'", dH: -0.5 eV, dS: 0 kB}
    """

  func testMobilityValuesAreRewrittenAndReadBack() throws {
    let model = try DefectModel.load(yaml: Self.yaml, file: "test.yaml")
    let names = ["mobility.V_O...A", "mobility.V_O...Ea", "mobility.Ce_Ce'.Ea", "mobility.e'.mu300", "mobility.e'.m"]
    let parameters = try names.map { try model.parameter(named: $0) }
    let values = [222.5, 0.51, 0.33, 3.5, 2.25]
    let s = [10.0, 0.01, 0.02, 0.1, 0.05]
    var c = [Double](repeating: 0, count: 25)
    for i in 0..<5 { c[i * 5 + i] = s[i] * s[i] }
    c[1] = 0.5 * s[0] * s[1]; c[5] = c[1]  // A–Ea correlated
    let record = DefectModel.FitRecord(parameters: parameters, values: values, covariance: c, data: ["sigma.csv: 9 values"],
                                       reducedChiSquared: 1, degreesOfFreedom: 4, scaling: "stated_uncertainties", command: "brouwer fit test")
    XCTAssertEqual(model.declaredUnit(of: parameters[1]), "kJ/mol")
    XCTAssertEqual(model.declaredUnit(of: parameters[2]), "eV")
    let text = try model.textWithFit(record)
    let lines = text.split(separator: "\n").map(String.init)
    // block style: the kJ/mol is kept, the old value and the old comment go into a comment
    let ea = try XCTUnwrap(lines.first { $0.contains("Ea: \"49.2") })
    XCTAssertTrue(ea.hasSuffix("kJ/mol\"  # fitted: see fit: below (was 45.6 kJ/mol); a comment that stays"), ea)
    XCTAssertTrue(lines.contains("      A: 222.5  # fitted: see fit: below (was 111.0)"), text)
    // flow style: no comment may cut the mapping
    XCTAssertTrue(lines.contains("  - {label: \"Ce_Ce'\", mobility: {law: hopping, A: 490, Ea: 0.33 eV}}"), text)
    XCTAssertTrue(lines.contains("    mobility: {law: band, mu300: 3.5, m: 2.25}"), text)
    let back = try DefectModel.load(yaml: text, file: "test.yaml")
    let fit = try XCTUnwrap(back.fitCovariance)
    XCTAssertEqual(fit.entries.map(\.name), names)
    XCTAssertEqual(fit.entries.map { $0.parameter.unit }, ["cm2K_Vs", "eV", "eV", "cm2_Vs", "1"])
    for (j, p) in parameters.enumerated() {
      XCTAssertEqual(back.value(of: p), values[j], accuracy: 1e-12 * values[j], names[j])
      XCTAssertEqual(fit.entries[j].standardError, s[j], accuracy: 1e-12 * s[j])
    }
    XCTAssertEqual(fit.covariance, c)
    // the other mobility parameters and the reactions are untouched
    XCTAssertEqual(back.value(of: try back.parameter(named: "mobility.Ce_Ce'.A")), 490)
    XCTAssertEqual(back.value(of: try back.parameter(named: "reduction.dH")), 4.0)
    // an edited mobility value no longer matches its recorded covariance
    let edited = text.replacingOccurrences(of: "mu300: 3.5", with: "mu300: 3.6")
    XCTAssertThrowsError(try DefectModel.load(yaml: edited, file: "test.yaml")) { error in
      XCTAssertTrue("\(error)".contains("mobility.e'.mu300 is 3.6"), "\(error)")
    }
  }
}
