import DefectChemistry
import Foundation
let yaml = """
name: ceo2-test
sublattices: {Ce: 1, O: 2}
species:
  - {label: "Ce_Ce'"}
  - {label: "Ce_Ce^x", host: true}
  - {label: "V_O.."}
  - {label: "O_O^x", host: true}
  - {label: "h.", band: {N300: 1.0}}
reactions:
  - {name: reduction, equation: "O_O^x + 2 Ce_Ce^x = 1/2 O2(g) + V_O.. + 2 Ce_Ce'", dH: 466 kJ/mol, dS: 137.0 J/(mol K)}
  - {name: polaron, equation: "Ce_Ce' + h. = Ce_Ce^x", dH: -3.0 eV, dS: 0 kB}
"""
let model = try DefectModel.load(yaml: yaml, file: "x")
let solver = EquilibriumSolver(model: model)
for (T, p) in [(500.0, 3.162277660168379e-19), (500, 1e4), (600, 1e-10)] {
  let s = try solver.solve(Conditions(temperature: T, pO2: p))
  print(T, p, s.converged, s.residual, s.iterations, s.concentrations)
}
