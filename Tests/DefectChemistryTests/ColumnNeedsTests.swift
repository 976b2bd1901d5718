import BuiltinMaterials
import Foundation
import XCTest
@testable import DefectChemistry

/// Every column a sweep can print (default, slopes and on-request columns) declares what it needs
/// (`CSVLayout.Column.needs`, an exhaustive switch): a column whose needs are declared too small would
/// print an empty field in a converged row. This runs the real sweep (`SweepRunner`) with every column
/// of every built-in and finds no empty field in a converged row.
final class ColumnNeedsTests: XCTestCase {
  func testEveryColumnOfEveryBuiltinIsFilledInConvergedRows() throws {
    for name in BuiltinMaterials.names {
      let model = try DefectModel.load(yaml: XCTUnwrap(BuiltinMaterials.yaml(named: name)), file: name)
      var axes = [SweepGrid.Axis(.temperature, [900, 1100]), SweepGrid.Axis(.pressure("pO2"), [1e-15, 1e-5, 0.21])]
      if model.pressureNames.contains("pH2O") { axes.insert(SweepGrid.Axis(.pressure("pH2O"), [0.03]), at: 1) }
      let grid = SweepGrid(axes: axes)
      let all = try CSVLayout(model: model, grid: grid, slopes: true)
      XCTAssertGreaterThan(all.available.count, all.columns.count, "\(name): on-request columns exist")
      // each column alone (with `converged`), so that it gets only what its own needs ask for
      for column in all.available where column != "converged" && column != "reason" {
        let layout = try CSVLayout(model: model, grid: grid, slopes: true, selection: [column, "converged"])
        let (text, summary) = try sweepText(model: model, grid: grid, layout: layout)
        let lines = text.split(separator: "\n")
        XCTAssertEqual(lines.count, grid.count + 1, name)
        var empty = 0
        for line in lines.dropFirst() {
          let fields = line.split(separator: ",", omittingEmptySubsequences: false)
          XCTAssertEqual(fields.count, 2, name)
          guard fields[0].isEmpty else {
            XCTAssertEqual(fields.last, "true", "\(name) converges at every point")
            continue
          }
          // a value that cannot be represented: the row is not valid (never an empty cell under converged=true)
          XCTAssertEqual(fields.last, "false", "\(name): empty \(column) under converged=true")
          empty += 1
          // Known: in a wet proton conductor under reducing gas the oxygen content hardly moves with pO2, so
          // holding it fixed while T changes needs a pO2 path so steep that the E_a at fixed δ overflows. The
          // row is converged=false with a reason (the summary counts it, the CLI warns), not silently empty.
          if model.pressureNames.contains("pH2O") && column.hasSuffix("_fixed_delta_eV") { continue }
          XCTFail("\(name): empty \(column) in a converged row")
        }
        // every empty field of a converged row is counted for the run's warning
        XCTAssertEqual(summary.emptyInConvergedRows[0] ?? 0, empty, "\(name): \(column)")
      }
    }
  }

  /// A column that needs slopes or transport states it: the needs of each kind of column, spelled out.
  func testNeedsOfEachKindOfColumn() {
    XCTAssertEqual(CSVLayout.Column.delta.needs, [])
    XCTAssertEqual(CSVLayout.Column.thermodynamicFactor.needs, .pressureSlopes)
    XCTAssertEqual(CSVLayout.Column.chemicalDiffusion.needs, [.transport, .pressureSlopes])
    XCTAssertEqual(CSVLayout.Column.sigmaAmbipolar.needs, .transport)
    XCTAssertEqual(CSVLayout.Column.activationEnergy(.ionic, fixedOxygenContent: true).needs,
                   [.transport, .pressureSlopes, .temperatureSlopes])
  }

  private func sweepText(model: DefectModel, grid: SweepGrid, layout: CSVLayout) throws -> (String, SweepRunner.Summary) {
    var bytes: [UInt8] = Array(layout.headerLine.utf8)
    let summary = try SweepRunner(model: model, grid: grid, layout: layout, threads: 1).run(emitBytes: { bytes.append(contentsOf: $0) })
    return (String(decoding: bytes, as: UTF8.self), summary)
  }
}
