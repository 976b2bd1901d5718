import DefectChemistry
import Foundation

/// `brouwer fit --output-material FILE.yaml`: the material with the fitted values and a `fit:` block
/// (values, standard errors, covariance, χ²/dof), which `sweep`, `plot` and `map --band` turn into
/// confidence bands.
enum FitMaterialOutput {
  /// Writes the material of `result` to `path`. With parameters fitted per data set, `dataSet` (1-based)
  /// says whose values the material gets; the covariance is that of the shared parameters and that data
  /// set's own (the marginal of the fit's covariance).
  static func write(_ result: ParameterFit.Result, problem: ParameterFit, sets: [FitData], scales: [ParameterFit.ResidualScale],
                    dataSet: Int?, to path: String) throws {
    let scopes = problem.scopes
    let perSet = scopes.contains { $0 != nil }
    if let dataSet, !(1...sets.count).contains(dataSet) {
      throw InputError("--output-material-data-set: there \(sets.count == 1 ? "is 1 data set" : "are \(sets.count) data sets"), got \(dataSet)")
    }
    if perSet && dataSet == nil {
      let own = problem.parameters.indices.filter { scopes[$0] != nil }.map(problem.name(of:))
      throw InputError("--output-material: \(own.joined(separator: ", ")) \(own.count == 1 ? "is" : "are") fitted per data set: say whose values the material gets with --output-material-data-set K")
    }
    if !perSet && dataSet != nil && sets.count > 1 {
      note("brouwer: note: --output-material-data-set: every fitted parameter is shared, so the material is the same for every data set")
    }
    let k = (dataSet ?? 1) - 1
    let data = zip(sets, scales).enumerated().map { n, item in
      "\(item.0.source): \(item.0.values.count) values of \(item.0.observable) (\(item.1.rawValue) residuals\(item.0.uncertaintyColumn.map { ", uncertainties \($0)" } ?? ""))"
        + (perSet && n != k ? " — its own parameters are not in this material" : "")
    }
    let record = problem.fitRecord(of: result, dataSet: k, data: data,
                                   command: (["brouwer"] + CommandLine.arguments.dropFirst()).map(shellWord).joined(separator: " "))
    let text: String
    do { text = try problem.model.textWithFit(record) } catch {
      throw InputError("--output-material: \(error.description)")
    }
    try OutputSink.deliver(to: path) { sink in try sink.write(text) }
  }

  /// `word` quoted for a POSIX shell where it needs it.
  static func shellWord(_ word: String) -> String {
    let safe = word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./=:,@%+".contains($0)) }
    return safe && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
