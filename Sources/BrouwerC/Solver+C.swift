import DefectChemistry
import Foundation

/// Single states with the columns of `brouwer solve --format csv`: the layout is built once for the
/// material's conditions, each call solves cold (as `solve` does) and writes the row's values.
final class SolverHandle: @unchecked Sendable {
  let lock = NSLock()
  let model: DefectModel
  let layout: CSVLayout
  /// Pressure names in the grid's order (pO2 last), the order of the C call's `pressures`.
  let pressureNames: [String]
  let solver: EquilibriumSolver
  let scratch = RowScratch()
  var axisValues: [Double]
  var pressures: [String: Double] = [:]

  init(model: DefectModel, columns: String?, slopes: Bool, units: CSVLayout.ConcentrationUnit) throws {
    var texts: [String: String] = [:]
    for name in model.pressureNames { texts[name] = "1" }
    let resolved = try ConditionRequest(temperature: "1000", pressures: texts).resolve(for: model)
    self.model = resolved.model
    layout = try makeLayout(model: resolved.model, grid: resolved.grid, columns: columns, slopes: slopes, units: units)
    pressureNames = resolved.grid.axes.compactMap { axis in
      if case .pressure(let name) = axis.coordinate { return name } else { return nil }
    }
    solver = EquilibriumSolver(model: resolved.model)
    scratch.prepare(for: layout)
    axisValues = resolved.grid.axes.map { $0.values[0] }
  }
}

/// The layout of `--columns`, `--slopes`, `--units` (as TableOptions: a `dlnc_` column turns slopes on).
func makeLayout(model: DefectModel, grid: SweepGrid, columns: String?, slopes: Bool, units: CSVLayout.ConcentrationUnit) throws -> CSVLayout {
  let selection = try columns.map { try items($0, option: "--columns", example: "T_K,pO2_atm,delta", noun: "column") }
  return try CSVLayout(model: model, grid: grid, units: units,
                       slopes: slopes || (selection?.contains { $0.hasPrefix("dlnc_") } ?? false), selection: selection)
}

func concentrationUnit(_ pointer: CText?) throws -> CSVLayout.ConcentrationUnit {
  guard let name = text(pointer) else { return .fu }
  guard let unit = CSVLayout.ConcentrationUnit(rawValue: name) else {
    throw BoundaryError("--units: expected one of fu, site, cm3, got \(MessageText.quoted(name))")
  }
  return unit
}

@_cdecl("brouwer_parse_condition")
public func brouwer_parse_condition(_ name: CText?, _ value: CText?, _ out: UnsafeMutablePointer<Double>?, _ message: ErrorOut) -> Int32 {
  guarded(message) {
    guard let name = text(name), let value = text(value), let out else { throw BoundaryError("brouwer_parse_condition: a NULL argument") }
    let option = "--\(name)"
    let values: [Double]
    do {
      if name == "T" {
        values = try AxisValues.parse(value, option: option, spacing: .linear, number: AxisValues.temperature)
      } else {
        values = try AxisValues.parse(value, option: option, spacing: .logarithmic, number: AxisValues.pressure)
      }
    } catch {
      throw BoundaryError("\(String(describing: error)) (expected \(name == "T" ? "a temperature > 0 K and ≤ 1e5 K (e.g. 1073 or 800C)" : "a pressure > 0 atm"))")
    }
    guard values.count == 1 else { throw BoundaryError("solve takes one value per condition; use 'brouwer sweep' for ranges and lists") }
    out.pointee = values[0]
    return statusOK
  }
}

@_cdecl("brouwer_solver_new")
public func brouwer_solver_new(_ material: OpaquePointer?, _ columns: CText?, _ slopes: Int32, _ units: CText?,
                               _ out: HandleOut, _ message: ErrorOut) -> Int32 {
  guarded(message) {
    guard let handle = object(material, as: MaterialHandle.self), let out else { throw BoundaryError("brouwer_solver_new: a NULL argument") }
    handOut(try SolverHandle(model: handle.model, columns: text(columns), slopes: slopes != 0, units: try concentrationUnit(units)), to: out)
    return statusOK
  }
}

@_cdecl("brouwer_solver_free")
public func brouwer_solver_free(_ solver: OpaquePointer?) { release(solver) }

@_cdecl("brouwer_solver_column_count")
public func brouwer_solver_column_count(_ solver: OpaquePointer?) -> Int { object(solver, as: SolverHandle.self)?.layout.columns.count ?? 0 }

@_cdecl("brouwer_solver_headers")
public func brouwer_solver_headers(_ solver: OpaquePointer?) -> UnsafeMutablePointer<CChar>? {
  object(solver, as: SolverHandle.self).flatMap { cString($0.layout.headers.joined(separator: "\n")) }
}

@_cdecl("brouwer_solver_conditions")
public func brouwer_solver_conditions(_ solver: OpaquePointer?) -> UnsafeMutablePointer<CChar>? {
  object(solver, as: SolverHandle.self).flatMap { cString($0.pressureNames.joined(separator: "\n")) }
}

@_cdecl("brouwer_solver_solve")
public func brouwer_solver_solve(_ solver: OpaquePointer?, _ temperature: Double, _ pressures: UnsafePointer<Double>?,
                                 _ pressureCount: Int, _ out: UnsafeMutablePointer<Double>?, _ n: Int, _ message: ErrorOut) -> Int32 {
  guard let s = object(solver, as: SolverHandle.self), let out else { return fail(message, "brouwer_solver_solve: a NULL argument") }
  guard pressureCount == s.pressureNames.count, pressureCount == 0 || pressures != nil else {
    return fail(message, "\(s.model.name) takes \(s.pressureNames.count) pressure(s) (\(s.pressureNames.joined(separator: ", "))), got \(pressureCount)")
  }
  guard n == s.layout.columns.count else { return fail(message, "brouwer_solver_solve: out has \(n) values for \(s.layout.columns.count) columns") }
  s.lock.lock()
  defer { s.lock.unlock() }
  // a condition the command line refuses gets its message
  var valid = temperature.isFinite && temperature > 0 && temperature <= 1e5
  for k in 0..<pressureCount where !(pressures![k].isFinite && pressures![k] > 0) { valid = false }
  if !valid {
    var texts: [String: String] = [:]
    for (k, name) in s.pressureNames.enumerated() { texts[name] = pressures![k].description }
    do { _ = try ConditionRequest(temperature: temperature.description, pressures: texts).resolve(for: s.model) } catch {
      return fail(message, String(describing: error))
    }
  }
  s.axisValues[0] = temperature
  for (k, name) in s.pressureNames.enumerated() {
    s.axisValues[k + 1] = pressures![k]
    s.pressures[name] = pressures![k]
  }
  let state: EquilibriumState
  do { state = try s.solver.solve(Conditions(temperature: temperature, pressures: s.pressures)) } catch {
    return fail(message, String(describing: error))
  }
  let slopes = state.converged ? s.solver.sensitivities() : nil
  s.layout.rowValues(into: out, axisValues: s.axisValues, temperature: temperature, concentrations: state.concentrations,
                     slopes: slopes, converged: state.converged, residual: state.residual, scratch: s.scratch)
  return state.converged ? statusOK : statusUnconverged
}
