import Foundation

/// The states that runs other than a sweep reach, recorded against the material's state bounds
/// (``StateValidity``): a fit's measurements under the fitted parameters, a list of (T, pressures) states.
extension StateValidity {
  /// Records the equilibrium of `model` at each of `conditions` (states that do not converge are skipped:
  /// their commands report them). Nothing is solved when there is no state bound.
  public func record(solving model: DefectModel, at conditions: [Conditions], into span: inout [String: ClosedRange<Double>]) {
    guard !isEmpty else { return }
    let solver = EquilibriumSolver(model: model)
    for c in conditions {
      guard let state = try? solver.solve(c, continuation: true), state.converged else { continue }
      record(temperature: c.temperature, concentrations: state.concentrations, into: &span)
    }
  }
}

extension ParameterFit {
  /// The material's state bounds and their span over the measurements, for the fitted model of `result`
  /// (quenched as the fit's history says).
  public func stateSpan(of result: Result) -> (bounds: StateValidity, span: [String: ClosedRange<Double>]) {
    let bounds = StateValidity(model: model)
    var span: [String: ClosedRange<Double>] = [:]
    guard !bounds.isEmpty else { return (bounds, span) }
    for (k, set) in dataSets.enumerated() {
      var fitted = k < result.models.count ? result.models[k] : result.model
      if let history = set.history ?? history {
        guard let quenched = try? history.quench(fitted).model else { continue }
        fitted = quenched
      }
      bounds.with(model: fitted).record(solving: fitted, at: set.data.map(\.conditions), into: &span)
    }
    return (bounds, span)
  }
}

extension PressureCrossings {
  /// The equilibrium concentrations at a crossing (nil if the state does not converge).
  public func concentrations(temperature: Double, pressures: [String: Double], log10pO2: Double) -> [Double]? {
    var p = pressures
    p["pO2"] = exp(log10pO2 * M_LN10)
    guard let state = try? EquilibriumSolver(model: model).solve(Conditions(temperature: temperature, pressures: p)),
          state.converged else { return nil }
    return state.concentrations
  }
}
