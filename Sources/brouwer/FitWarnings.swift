import DefectChemistry
import Foundation

/// What a fit's user should be told after the numbers: strongly correlated parameters, and
/// placeholder [R] values of the material file the fitted values rest on.
enum FitWarnings {
  /// Correlations above this magnitude are reported.
  static let correlationLimit = 0.95

  static func warnings(_ r: ParameterFit.Result, parameters: [DefectModel.Parameter], model: DefectModel,
                       observable: String) -> [String] {
    var out: [String] = []
    let p = r.names.count
    for i in 0..<p {
      for j in (i + 1)..<max(i + 1, p) {
        let rho = r.correlation[i * p + j]
        guard rho.isFinite, abs(rho) > correlationLimit else { continue }
        out.append("\(r.names[i]) and \(r.names[j]) are correlated (ρ = \(String(format: "%.3f", rho))): the data fix mainly a combination of them, and each one's standard error is inflated accordingly")
      }
    }
    let transport = observable.hasPrefix("sigma_") || observable.hasPrefix("t_") || observable.hasPrefix("Dchem")
    let placeholders = model.placeholderEntries(excluding: parameters, mobilities: transport)
    if !placeholders.isEmpty {
      out.append("the fitted values rest on placeholder [R] entries of \(model.name) taken as given: \(placeholders.joined(separator: ", ")) — they are only as good as those")
    }
    return out
  }
}
