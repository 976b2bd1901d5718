import DefectChemistry
import XCTest

/// A converged state of `m` at (T, pO2) and its exact slopes d ln c/d ln pO2 — the material tests' common step.
func solvedWithPO2Slopes(_ m: DefectModel, T: Double, pO2: Double,
                         file: StaticString = #filePath, line: UInt = #line) throws -> (c: [Double], s: [Double]) {
  let solver = EquilibriumSolver(model: m)
  let state = try solver.solve(Conditions(temperature: T, pO2: pO2))
  XCTAssertTrue(state.converged, "T = \(T), pO2 = \(pO2)", file: file, line: line)
  let slopes = try XCTUnwrap(solver.sensitivities()?.withRespectTo["pO2"], file: file, line: line)
  return (state.concentrations, slopes)
}

/// The index of species `label` of `m` (any accepted spelling), failing the test if there is none.
func speciesIndex(_ m: DefectModel, _ label: String) throws -> Int { try XCTUnwrap(m.speciesIndex(label), label) }
