import BuiltinMaterials
import DefectChemistry
import Foundation
import XCTest

/// Fit statistics: χ²/dof and the covariance scaling, identifiability from the Jacobian's SVD, parameters
/// at the edge of their range, and the coverage of the 68 % intervals over many noisy data sets.
final class FitStatisticsTests: XCTestCase {
  func testEnthalpyAndEntropyAtOneTemperatureAreNotIdentifiable() throws {
    // ln K = −ΔH/(k_B T) + ΔS/k_B: at one T only ΔH − k_B T ΔS is fixed, so the undetermined direction is
    // δΔH = k_B T δΔS exactly (implementation: the SVD of the exact Jacobian finds it to 1e-6)
    let base = try FitTestData.builtin("gdc10")
    let dH = try base.parameter(named: "reduction.dH"), dS = try base.parameter(named: "reduction.dS")
    let T = 1073.15
    let data = try FitTestData.synthetic(base, [1e-22, 1e-19, 1e-16, 1e-13, 1e-10].map { (T, $0) })
    let r = try ParameterFit(model: base, parameters: [dH, dS], observable: "delta", data: data, scale: .log)
      .run(starts: [4.0, base.value(of: dS)])
    XCTAssertEqual(r.verdict, .notIdentifiable)
    let d = try XCTUnwrap(r.degeneracies.first)
    XCTAssertEqual(d.involved, [0, 1])
    XCTAssertEqual(d.coefficients[0] / d.coefficients[1], PhysicalConstants.boltzmannEV * T, accuracy: 1e-6 * PhysicalConstants.boltzmannEV * T)
    XCTAssertLessThan(d.relativeSingularValue, ParameterFit.identifiabilityLimit)
    XCTAssertTrue(r.standardErrors.allSatisfy(\.isNaN), "\(r.standardErrors)")  // never 1e9 eV
    XCTAssertTrue(r.diagnostics.contains { $0.description.contains("cannot fix reduction.dH, reduction.dS separately") })
    // a second temperature separates them
    let two = data + (try FitTestData.synthetic(base, [1e-20, 1e-14].map { (1173.15, $0) }))
    let r2 = try ParameterFit(model: base, parameters: [dH, dS], observable: "delta", data: two, scale: .log)
      .run(starts: [4.0, base.value(of: dS)])
    XCTAssertEqual(r2.verdict, .ok, "\(r2.diagnostics)")
    XCTAssertEqual(r2.values[0], base.value(of: dH), accuracy: 1e-6)
  }

  func testStatedUncertaintiesThatDoNotExplainTheScatterInflateTheErrors() throws {
    let base = try FitTestData.builtin("gdc10")
    let gd = try base.parameter(named: "Gd_Ce'")
    var data = try FitTestData.synthetic(try base.setting(gd, to: 0.12), (0..<8).map { (1073.15, pow(10, -22 + 1.5 * Double($0))) })
    for i in data.indices { data[i].value *= i % 2 == 0 ? 1.15 : 1 / 1.15 }  // ±15 % scatter …
    var stated = data
    for i in stated.indices { stated[i].uncertainty = 0.02 * stated[i].value }  // … stated as 2 %
    let r = try ParameterFit(model: base, parameters: [gd], observable: "delta", data: stated, scale: .log).run()
    XCTAssertEqual(r.verdict, .ok)
    guard case .inflated(let f) = r.covarianceScaling else { return XCTFail("\(r.covarianceScaling)") }
    XCTAssertEqual(f, r.chiSquared / 7, accuracy: 1e-12 * f)
    XCTAssertGreaterThan(r.reducedChiSquared, 30)
    XCTAssertLessThan(try XCTUnwrap(r.chiSquaredProbability), ParameterFit.chiSquaredAlarm)
    XCTAssertTrue(r.diagnostics.contains { if case .chiSquaredHigh = $0 { return true } else { return false } })
    // with a constant relative uncertainty, scaling by χ²/dof gives exactly the unweighted fit's errors
    let plain = try ParameterFit(model: base, parameters: [gd], observable: "delta", data: data, scale: .log).run()
    XCTAssertEqual(plain.covarianceScaling, .residualScatter(plain.reducedChiSquared))
    XCTAssertEqual(r.standardErrors[0], plain.standardErrors[0], accuracy: 1e-6 * plain.standardErrors[0])
    // stated as 15 %: consistent, not scaled, nothing to say
    var honest = data
    for i in honest.indices { honest[i].uncertainty = 0.15 * honest[i].value }
    let h = try ParameterFit(model: base, parameters: [gd], observable: "delta", data: honest, scale: .log).run()
    XCTAssertEqual(h.covarianceScaling, .statedUncertainties)
    XCTAssertTrue(h.diagnostics.isEmpty, "\(h.diagnostics)")
    // stated as 300 %: far too small a χ², said, errors not scaled down
    for i in honest.indices { honest[i].uncertainty = 3 * honest[i].value }
    let o = try ParameterFit(model: base, parameters: [gd], observable: "delta", data: honest, scale: .log).run()
    XCTAssertEqual(o.covarianceScaling, .statedUncertainties)
    XCTAssertTrue(o.diagnostics.contains { if case .chiSquaredLow = $0 { return true } else { return false } }, "\(o.diagnostics)")
  }

  func testAnInteractionEnergyRunningIntoItsBoundIsNamed() throws {
    // CeO2 δ scaled by 0.3: only an ever stronger vacancy repulsion approaches it, and W is capped at 100 eV
    let base = try FitTestData.builtin("ceo2")
    let w = try base.parameter(named: "vv.W")
    var data = try FitTestData.synthetic(base, [1e-4, 1e-3, 1e-2, 0.1, 1].map { (1073.15, $0) })
    for i in data.indices { data[i].value *= 0.3 }
    let r = try ParameterFit(model: base, parameters: [w], observable: "delta", data: data, scale: .log).run(starts: [90])
    XCTAssertEqual(r.verdict, .atBound)
    let hit = try XCTUnwrap(r.boundHits.first)
    XCTAssertEqual(hit.parameter, 0)
    XCTAssertEqual(hit.value, 100, accuracy: 0.1)
    XCTAssertGreaterThan(abs(hit.rejected), 100)
    XCTAssertTrue(r.diagnostics.contains { $0.description.contains("vv.W runs into the edge") && $0.description.contains("100 eV") },
                  "\(r.diagnostics)")
  }

  /// Deterministic normal deviates (SplitMix64 and Box–Muller), one stream per seed.
  struct Normal {
    var state: UInt64
    mutating func uniform() -> Double {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return (Double((z ^ (z >> 31)) >> 11) + 0.5) / 9_007_199_254_740_992
    }
    mutating func next() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) }
  }

  func testSixtyEightPercentIntervalsCoverTheTruthInSixtyEightPercentOfFits() throws {
    // 200 data sets of δ (6 points, 2 temperatures) from known Gd_Ce' and reduction.dH with 5 % Gaussian
    // noise, stated as such: the Wald intervals value ± standard error must hold the truth in 68.3 % of fits
    // (statistics: ±5 % is 1.5 binomial standard deviations of 200 fits)
    let base = try FitTestData.builtin("gdc10")
    let gd = try base.parameter(named: "Gd_Ce'"), dH = try base.parameter(named: "reduction.dH")
    let truth = try base.setting(gd, to: 0.12).setting(dH, to: 4.3)
    let clean = try FitTestData.synthetic(truth, [(1073.15, 1e-20), (1073.15, 1e-16), (1073.15, 1e-12),
                                      (1173.15, 1e-18), (1173.15, 1e-14), (1173.15, 1e-10)])
    let started = Date()
    // the band of δ at three conditions (one between the data, two beyond them) must hold the noise-free δ
    // at the stated rate too
    let probes = [Conditions(temperature: 1123.15, pO2: 1e-15), Conditions(temperature: 1073.15, pO2: 1e-22),
                  Conditions(temperature: 1223.15, pO2: 1e-10)]
    let truths = try FitTestData.synthetic(truth, probes.map { ($0.temperature, $0.pressures["pO2"]!) }).map(\.value)
    var inBand = [0, 0, 0]
    var covered = [0, 0], fits = 0
    for seed in 0..<200 {
      var normal = Normal(state: UInt64(seed) &* 7919 &+ 1)
      let data = clean.map { m -> MeasuredValue in
        var m = m
        m.value *= exp(0.05 * normal.next())
        m.uncertainty = 0.05 * m.value
        return m
      }
      let problem = try ParameterFit(model: base, parameters: [gd, dH], observable: "delta", data: data, scale: .log)
      let r = try problem.run(starts: [0.12, 4.3])
      guard r.verdict == .ok else { continue }
      fits += 1
      for (k, b) in try problem.band("delta", at: probes, of: r).enumerated() where b.lower <= truths[k] && truths[k] <= b.upper {
        inBand[k] += 1
      }
      for (j, t) in [0.12, 4.3].enumerated() where abs(r.values[j] - t) <= r.standardErrors[j] { covered[j] += 1 }
    }
    XCTAssertEqual(fits, 200)
    for c in covered + inBand { XCTAssertEqual(Double(c) / Double(fits), 0.683, accuracy: 0.05, "covered \(covered), in band \(inBand) of \(fits)") }
    print("coverage of the 68 % intervals: \(covered), of the 68 % bands: \(inBand) of \(fits) fits in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
  }

  /// `observable` of `model` at each (T, pO2).
  func measured(_ model: DefectModel, _ observable: String, _ points: [(Double, Double)]) throws -> [MeasuredValue] {
    let column = try ColumnCatalog(model: model).select([observable], option: "observable")[0].1
    let values = try ColumnValues(model: model, units: .fu)
    let solver = EquilibriumSolver(model: model)
    return try points.map { T, p in
      let conditions = Conditions(temperature: T, pO2: p)
      let s = try solver.solve(conditions)
      XCTAssertTrue(s.converged)
      var point = CSVLayout.Point(temperature: T, concentrations: s.concentrations, slopes: nil)
      return MeasuredValue(conditions: conditions, value: try XCTUnwrap(values.value(column, of: &point)))
    }
  }

  func testAJointFitFixesWhatNeitherDataSetFixesAlone() throws {
    // δ(pO2) at 800 °C and σ_total(pO2) at 900 °C of a GDC with 13 % Gd and a reduction enthalpy of 4.3 eV:
    // each data set, at one temperature, fixes only ΔH − k_B T ΔS (and the level); together they fix all three
    let base = try FitTestData.builtin("gdc10")
    let names = ["Gd_Ce'", "reduction.dH", "reduction.dS"]
    let parameters = try names.map { try base.parameter(named: $0) }
    let truth = try base.setting(parameters[0], to: 0.13).setting(parameters[1], to: 4.3)
    let delta = ParameterFit.DataSet(label: "tga", observable: "delta",
                                     data: try FitTestData.synthetic(truth, [1e-20, 1e-17, 1e-14, 1e-11].map { (1073.15, $0) }), scale: .log)
    let sigma = ParameterFit.DataSet(label: "four-probe", observable: "sigma_total_S_cm",
                                     data: try measured(truth, "sigma_total_S_cm", [1e-22, 1e-18, 1e-14, 1e-10, 1e-6].map { (1173.15, $0) }), scale: .log)
    let starts = [0.1, 4.0, base.value(of: parameters[2])]
    let joint = try ParameterFit(model: base, parameters: parameters, dataSets: [delta, sigma]).run(starts: starts)
    XCTAssertEqual(joint.verdict, .ok, "\(joint.diagnostics)")
    XCTAssertEqual(joint.values[0], 0.13, accuracy: 1e-6)
    XCTAssertEqual(joint.values[1], 4.3, accuracy: 1e-5)
    XCTAssertEqual(joint.values[2], base.value(of: parameters[2]), accuracy: 1e-4)
    XCTAssertEqual(joint.ranges, [0..<4, 4..<9])
    for alone in [delta, sigma] {
      let r = try ParameterFit(model: base, parameters: parameters, dataSets: [alone]).run(starts: starts)
      XCTAssertEqual(r.verdict, .notIdentifiable, alone.label)
      XCTAssertTrue(r.diagnostics.contains { $0.description.contains("cannot fix reduction.dH, reduction.dS separately") }, "\(r.diagnostics)")
    }
    // a per-data-set level: the σ sample has 8 % Gd, the δ sample 13 %
    let other = try truth.setting(parameters[0], to: 0.08)
    var sigma8 = sigma
    sigma8.data = try measured(other, "sigma_total_S_cm", [1e-22, 1e-18, 1e-14, 1e-10, 1e-6].map { (1173.15, $0) })
    let two = try ParameterFit(model: base, parameters: [parameters[0], parameters[0], parameters[1]], scopes: [0, 1, nil],
                               dataSets: [delta, sigma8]).run(starts: [0.1, 0.1, 4.0])
    XCTAssertEqual(two.verdict, .ok, "\(two.diagnostics)")
    XCTAssertEqual(two.names, ["Gd_Ce'@1", "Gd_Ce'@2", "reduction.dH"])
    XCTAssertEqual(two.values[0], 0.13, accuracy: 1e-6)
    XCTAssertEqual(two.values[1], 0.08, accuracy: 1e-6)
    XCTAssertEqual(two.values[2], 4.3, accuracy: 1e-5)
    XCTAssertEqual(two.models[1].value(of: parameters[0]), two.values[1])
  }

  func testProfileIntervalsMeetTheQuantileAndDifferFromWaldOnlyWhenTheProblemIsNonlinear() throws {
    // One level from δ with 30 % scatter stated as such: the profile ends sit where Δχ² = 1 (the 68.3 %
    // quantile of χ²(1)), and the interval is visibly not θ̂ ± σ (discrepancy above a tenth of the half-width);
    // with 1 % scatter the linearisation holds and the two agree within 2 % of the half-width.
    let base = try FitTestData.builtin("gdc10")
    let gd = try base.parameter(named: "Gd_Ce'")
    let clean = try FitTestData.synthetic(try base.setting(gd, to: 0.12), [1e-16, 1e-14, 1e-12, 1e-10].map { (1073.15, $0) })
    func noisy(_ size: Double) -> [MeasuredValue] {
      clean.enumerated().map { i, m in
        var m = m
        m.value *= exp(i % 2 == 0 ? size : -size)
        m.uncertainty = size * m.value
        return m
      }
    }
    let data = noisy(0.3)
    let fit = try ParameterFit(model: base, parameters: [gd], observable: "delta", data: data, scale: .log)
    let r = try fit.run()
    XCTAssertEqual(r.verdict, .ok)
    let interval = try fit.profile(0, of: r)
    for end in [try XCTUnwrap(interval.lower), try XCTUnwrap(interval.upper)] {
      let nearest = try XCTUnwrap(interval.samples.min { abs($0.value - end) < abs($1.value - end) })
      XCTAssertEqual(nearest.deltaChiSquared, 1, accuracy: 1e-3)
    }
    XCTAssertEqual(interval.waldLower, r.values[0] - r.standardErrors[0], accuracy: 1e-6 * r.standardErrors[0])
    XCTAssertGreaterThan(interval.discrepancy, ParameterFit.profileDiscrepancyLimit)
    let small = try ParameterFit(model: base, parameters: [gd], observable: "delta", data: noisy(0.01), scale: .log)
    let rs = try small.run()
    XCTAssertLessThan(try small.profile(0, of: rs).discrepancy, 0.02)
    // a profile with refits of the other parameter: Δχ² at the ends is the 68.3 % quantile, 1
    let dH = try base.parameter(named: "reduction.dH")
    var two = data
    two += try FitTestData.synthetic(try base.setting(gd, to: 0.12), [1e-16, 1e-12].map { (1173.15, $0) }).map { m -> MeasuredValue in
      var m = m
      m.uncertainty = 0.3 * m.value
      return m
    }
    let joint = try ParameterFit(model: base, parameters: [gd, dH], observable: "delta", data: two, scale: .log)
    let rj = try joint.run()
    XCTAssertEqual(rj.verdict, .ok)
    let pj = try joint.profile(1, of: rj)
    let lo = try XCTUnwrap(pj.lower), hi = try XCTUnwrap(pj.upper)
    XCTAssertLessThan(lo, rj.values[1])
    XCTAssertGreaterThan(hi, rj.values[1])
    for end in [lo, hi] {
      let nearest = try XCTUnwrap(pj.samples.min { abs($0.value - end) < abs($1.value - end) })
      XCTAssertEqual(nearest.deltaChiSquared, 1, accuracy: 1e-3)
    }
  }
}
