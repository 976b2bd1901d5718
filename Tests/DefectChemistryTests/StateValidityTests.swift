import BuiltinMaterials
import DefectChemistry
import Foundation
import XCTest

/// Bounds on the solved state in `validity:` (δ, a species, a valence, …) and the expansion law's own range
/// (issue 22, item 2): what a file may name, the `in_validity` flag per row, and the span a run records.
final class StateValidityTests: XCTestCase {
  private func ceria(_ bounds: String) throws -> DefectModel {
    let yaml = TestModels.ceria().replacingOccurrences(of: "sublattices:", with: "validity:\n\(bounds)\nsublattices:")
    return try DefectModel.load(yaml: yaml, file: "v.yaml")
  }

  /// A sweep of δ over pO2 at 1500 K: the rows flagged outside are exactly those whose δ leaves the range,
  /// and the recorded span is the rows' lowest and highest δ.
  func testInValidityFollowsDeltaRowByRow() throws {
    // the acceptor (0.1) fixes δ ≈ 0.05 at high pO2; reduction adds to it at low pO2
    let model = try ceria("  delta: [0, 0.06]")
    XCTAssertEqual(model.validity["delta"], 0...0.06)
    let grid = SweepGrid(axes: [.init(.temperature, [1500]), .init(.pressure("pO2"), (0...25).map { pow(10, Double($0 - 25)) })])
    let layout = try CSVLayout(model: model, grid: grid, selection: ["delta", "in_validity", "converged"])
    XCTAssertFalse(layout.stateValidity.isEmpty)
    let table = try SweepRunner(model: model, grid: grid, layout: layout, threads: 2).table()
    var deltas: [Double] = []
    var outside = 0
    for r in 0..<table.rowCount {
      XCTAssertTrue(table.converged(r))
      let delta = try XCTUnwrap(table.value(r, 0))
      deltas.append(delta)
      XCTAssertEqual(table.value(r, 1) == 1, (0...0.06).contains(delta), "row \(r): δ = \(delta)")
      if delta > 0.06 { outside += 1 }
    }
    XCTAssertGreaterThan(outside, 0, "the grid must reach beyond the bound for this test to mean anything")
    XCTAssertLessThan(outside, deltas.count)
    XCTAssertEqual(table.summary.stateSpan["delta"], deltas.min()!...deltas.max()!)
    let warnings = layout.stateValidity.warnings(span: table.summary.stateSpan)
    XCTAssertEqual(warnings.count, 1)
    XCTAssertTrue(warnings[0].hasPrefix("delta ") && warnings[0].contains("(up to ")
                  && warnings[0].contains("leaves the validity range of ceria-test (0…0.06)"), warnings[0])
  }

  /// Without state bounds nothing is recorded (and the flag is the conditions' alone).
  func testNoStateBoundRecordsNothing() throws {
    let model = try ceria("  T_K: [1000, 1400]")
    let grid = SweepGrid(axes: [.init(.temperature, [1500]), .init(.pressure("pO2"), [1e-20, 1])])
    let layout = try CSVLayout(model: model, grid: grid, selection: ["in_validity"])
    XCTAssertTrue(layout.stateValidity.isEmpty)
    let table = try SweepRunner(model: model, grid: grid, layout: layout, threads: 1).table()
    XCTAssertTrue(table.summary.stateSpan.isEmpty)
    XCTAssertEqual(table.value(0, 0), 0)
  }

  /// Solved-for species may bound the state, in any Kröger–Vink spelling, and are kept under their ASCII names.
  func testSpeciesBounds() throws {
    let model = try ceria("  \"Ce_Ce′\": [0, 0.01]\n  \"V_O••\": [0, 0.06]")
    XCTAssertEqual(model.validity["V_O.."], 0...0.06)
    XCTAssertEqual(model.validity["Ce_Ce'"], 0...0.01)
    XCTAssertNil(model.validity["V_O••"])
    let bounds = StateValidity(model: model)
    XCTAssertEqual(Set(bounds.bounds.map(\.key)), ["V_O..", "Ce_Ce'"])
    let solver = EquilibriumSolver(model: model)
    let reduced = try solver.solve(Conditions(temperature: 1500, pressures: ["pO2": 1e-20]))
    let oxidised = try solver.solve(Conditions(temperature: 1000, pressures: ["pO2": 1]))
    let v = try XCTUnwrap(model.speciesIndex("V_O.."))
    XCTAssertGreaterThan(reduced.concentrations[v], 0.06)
    XCTAssertLessThan(oxidised.concentrations[v], 0.06)
    XCTAssertFalse(bounds.contains(temperature: 1500, concentrations: reduced.concentrations))
    XCTAssertTrue(bounds.contains(temperature: 1000, concentrations: oxidised.concentrations))
  }

  func testQuantitiesThatNeedSlopesOrDoNotExistAreRefusedAtTheirLine() {
    XCTAssertThrowsError(try ceria("  thermodynamic_factor: [1, 100]")) { error in
      XCTAssertTrue("\(error)".hasPrefix("v.yaml:4:"), "\(error)")
      XCTAssertTrue("\(error)".contains("'thermodynamic_factor' is computed from slopes"), "\(error)")
    }
    XCTAssertThrowsError(try ceria("  dlnc_dlnpO2_V_O..: [0, 1]")) { error in
      XCTAssertTrue("\(error)".contains("computed from slopes"), "\(error)")
    }
    XCTAssertThrowsError(try ceria("  Q_O..: [0, 1]")) { error in
      XCTAssertTrue("\(error)".contains("unknown axis 'Q_O..'") && "\(error)".contains("state bounds: "), "\(error)")
      XCTAssertTrue("\(error)".contains("delta"), "\(error)")
    }
    XCTAssertThrowsError(try ceria("  delta: [0, 0.1]\n  δ_typo: [0, 1]")) { error in
      XCTAssertTrue("\(error)".contains("unknown axis"), "\(error)")
    }
  }

  /// lsf64's expansion law was measured at 932–1050 K and δ 0.05–0.2: with the lattice columns shown, a state
  /// outside is flagged and named as the expansion's; without them, the law does not apply.
  func testExpansionRangeAppliesWithTheLatticeColumns() throws {
    let model = try DefectModel.load(yaml: try XCTUnwrap(BuiltinMaterials.yaml(named: "lsf64")), file: "lsf64.yaml")
    let withLattice = StateValidity(model: model, expansionColumns: true)
    let without = StateValidity(model: model, expansionColumns: false)
    XCTAssertEqual(Set(withLattice.bounds.map(\.key)), ["expansion.T_K", "expansion.delta"])
    XCTAssertTrue(without.isEmpty)
    let state = try EquilibriumSolver(model: model).solve(Conditions(temperature: 1000, pressures: ["pO2": 0.21]))
    let delta = try XCTUnwrap(model.nonstoichiometry(of: state.concentrations))
    XCTAssertLessThan(delta, 0.05, "lsf64 in air at 1000 K lies below the expansion's δ range")
    XCTAssertFalse(withLattice.contains(temperature: 1000, concentrations: state.concentrations))
    var span: [String: ClosedRange<Double>] = [:]
    withLattice.record(temperature: 1000, concentrations: state.concentrations, into: &span)
    XCTAssertEqual(span["expansion.delta"], delta...delta)
    let warnings = withLattice.warnings(span: span)
    XCTAssertEqual(warnings.count, 1)
    XCTAssertTrue(warnings[0].contains("leaves the range of lsf64's expansion law (0.05…0.2)"), warnings[0])
  }
}

extension StateValidityTests {
  /// A linear expansion law taken far outside its range can give a(T, δ) ≤ 0: no lattice, so no value (the
  /// field is empty and the sweep flags it), never a negative length.
  func testNonPositiveLatticeParameterIsNoValue() throws {
    let yaml = try XCTUnwrap(BuiltinMaterials.yaml(named: "lsf64"))
    let model = try DefectModel.load(yaml: yaml, file: "lsf64.yaml")
    let state = try EquilibriumSolver(model: model).solve(Conditions(temperature: 1073.15, pressures: ["pO2": 1e-20]))
    let delta = try XCTUnwrap(model.nonstoichiometry(of: state.concentrations))
    XCTAssertNotNil(model.latticeParameter(temperature: 1073.15, concentrations: state.concentrations))
    // the same law with α_δ = −30 Å per unit δ: a = a_ref + α_T ΔT − 30·δ < 0 at this δ
    let steep = try DefectModel.load(yaml: yaml.replacingOccurrences(of: "    value: 0.144\n", with: "    value: -30\n"), file: "steep.yaml")
    XCTAssertLessThan(try XCTUnwrap(steep.expansion).latticeParameter(temperature: 1073.15, delta: delta), 0)
    XCTAssertNil(steep.latticeParameter(temperature: 1073.15, concentrations: state.concentrations))
    let grid = SweepGrid(axes: [.init(.temperature, [1073.15]), .init(.pressure("pO2"), [1e-20, 0.21])])
    let layout = try CSVLayout(model: steep, grid: grid, selection: ["lattice_A"])
    let summary = try SweepRunner(model: steep, grid: grid, layout: layout, threads: 1).table().summary
    XCTAssertEqual(summary.emptyInConvergedRows[0], 1)
  }
}
