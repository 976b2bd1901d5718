import Yams

/// A material's `fit:` block, as `brouwer fit --output-material` writes it: which parameters were fitted,
/// their values, standard errors and covariance in engine units (eV, k_B, per formula unit), and a summary
/// of the fit they came from. Sweeps use it to give confidence bands (delta method, ``ParameterFit``).
///
/// The covariance belongs to the values: loading refuses a block whose values differ from the file's own
/// (an edited value would silently get someone else's uncertainty), one that is not symmetric positive
/// semi-definite, or whose standard errors disagree with its diagonal.
public struct FitCovariance: Sendable, Equatable {
  public struct Entry: Sendable, Equatable {
    public var parameter: DefectModel.Parameter
    /// The name a user types (`reduction.dH`, `Gd_Ce'`).
    public var name: String
    /// Engine units: eV, k_B, per formula unit.
    public var value: Double
    public var standardError: Double
  }

  public var entries: [Entry]
  /// p × p, row-major, in the entries' order and engine units.
  public var covariance: [Double]
  /// The data the fit used, one line each (for reports).
  public var data: [String]
  public var reducedChiSquared: Double?
  public var degreesOfFreedom: Int?
  /// How the covariance was scaled (``ParameterFit/CovarianceScaling/name``), if recorded.
  public var scaling: String?
  /// Line of the `fit:` key in the file.
  public var line: Int?

  public init(entries: [Entry], covariance: [Double], data: [String] = [], reducedChiSquared: Double? = nil,
              degreesOfFreedom: Int? = nil, scaling: String? = nil, line: Int? = nil) {
    self.entries = entries
    self.covariance = covariance
    self.data = data
    self.reducedChiSquared = reducedChiSquared
    self.degreesOfFreedom = degreesOfFreedom
    self.scaling = scaling
    self.line = line
  }

  public var parameters: [DefectModel.Parameter] { entries.map(\.parameter) }

  /// Relative difference below which a recorded value is the file's value (the shortest decimal of a
  /// double round-trips; a value written in kJ/mol comes back within a few ulp).
  static let valueTolerance = 1e-9

  /// The first fitted parameter whose value in `model` is no longer the recorded one (after `--set`), by name.
  public func changedParameter(in model: DefectModel) -> (name: String, recorded: Double, now: Double)? {
    for e in entries {
      let now = model.value(of: e.parameter)
      if !(abs(now - e.value) <= Self.valueTolerance * max(1, abs(e.value))) { return (e.name, e.value, now) }
    }
    return nil
  }
}

extension DefectModel {
  /// Keys of a `fit:` block and of one of its parameters.
  static let fitBlockKeys: Set<String> = ["note", "data", "reduced_chi_squared", "degrees_of_freedom", "covariance_scaling",
                                          "parameters", "covariance"]
  static let fitParameterKeys: Set<String> = ["name", "value", "unit", "standard_error", "was", "source", "note"]

  /// Reads and checks a `fit:` block against the model read so far (every parameter must exist and have
  /// the recorded value).
  func readFitBlock(_ node: Node, keyLine: Int?, _ reader: YAMLReader) throws(MaterialError) -> FitCovariance {
    let m = try reader.mapping(node, "fit", allowed: Self.fitBlockKeys)
    guard let parametersNode = m["parameters"], let covarianceNode = m["covariance"] else {
      throw reader.error(node, "fit needs 'parameters' (name, value, unit, standard_error each) and 'covariance' (one row per parameter)")
    }
    var entries: [FitCovariance.Entry] = []
    var errorNodes: [Node?] = []
    for item in try reader.sequence(parametersNode, "fit.parameters") {
      let p = try reader.mapping(item, "a fitted parameter", allowed: Self.fitParameterKeys)
      guard let nameNode = p["name"], let valueNode = p["value"] else {
        throw reader.error(item, "a fitted parameter needs 'name' and 'value' (engine units: eV, kB or pfu)")
      }
      let name = try reader.string(nameNode, "fit.parameters.name")
      let parameter: Parameter
      do { parameter = try self.parameter(named: name) } catch {
        throw reader.error(nameNode, "fit.parameters: \(error.message)")
      }
      guard !entries.contains(where: { $0.parameter == parameter }) else {
        throw reader.error(nameNode, "fit.parameters: \(describe(parameter)) is listed twice")
      }
      if let unitNode = p["unit"] {
        let unit = try reader.string(unitNode, "fit.parameters.unit")
        guard unit == parameter.unit else {
          throw reader.error(unitNode, "fit.parameters: the value of \(describe(parameter)) is recorded in \(parameter.unit) (engine units), not \(MessageText.quoted(unit))")
        }
      }
      let value = try reader.number(valueNode, "fit.parameters.value")
      let now = self.value(of: parameter)
      guard abs(now - value) <= FitCovariance.valueTolerance * max(1, abs(value)) else {
        throw reader.error(valueNode, "fit.parameters: \(describe(parameter)) is \(now) \(parameter.unit) in this file, but the fit block records \(value): the covariance belongs to other values (refit, or delete the fit: block)")
      }
      var error = Double.nan
      if let e = p["standard_error"] {
        error = try reader.number(e, "fit.parameters.standard_error")
        guard error >= 0 else { throw reader.error(e, "fit.parameters: a standard error is ≥ 0, got \(error)") }
      }
      errorNodes.append(p["standard_error"])
      entries.append(.init(parameter: parameter, name: describe(parameter), value: value, standardError: error))
    }
    guard !entries.isEmpty else { throw reader.error(parametersNode, "fit.parameters lists no parameter") }
    let n = entries.count
    let rows = try reader.sequence(covarianceNode, "fit.covariance")
    guard rows.count == n else {
      throw reader.error(covarianceNode, "fit.covariance has \(rows.count) rows for \(n) parameters: give one row of \(n) numbers per parameter")
    }
    var c = [Double](repeating: 0, count: n * n)
    for (i, row) in rows.enumerated() {
      let items = try reader.sequence(row, "fit.covariance row \(i + 1)")
      guard items.count == n else {
        throw reader.error(row, "fit.covariance row \(i + 1) has \(items.count) numbers; \(n) expected")
      }
      for (j, item) in items.enumerated() { c[i * n + j] = try reader.number(item, "fit.covariance[\(i + 1)][\(j + 1)]") }
    }
    for i in 0..<n {
      guard c[i * n + i] >= 0 else {
        throw reader.error(rows[i], "fit.covariance: the variance of \(entries[i].name) is negative (\(c[i * n + i]))")
      }
      for j in 0..<i where !(abs(c[i * n + j] - c[j * n + i]) <= 1e-9 * max((c[i * n + i] * c[j * n + j]).squareRoot(), 1e-300)) {
        throw reader.error(rows[i], "fit.covariance is not symmetric: [\(i + 1)][\(j + 1)] = \(c[i * n + j]) but [\(j + 1)][\(i + 1)] = \(c[j * n + i])")
      }
    }
    if let bad = Self.firstNegativePivot(c, n) {
      throw reader.error(covarianceNode, "fit.covariance is not positive semi-definite (it would give \(entries[bad].name) a negative variance in some combination): not a covariance")
    }
    for i in 0..<n {
      let fromMatrix = c[i * n + i].squareRoot()
      if entries[i].standardError.isNaN { entries[i].standardError = fromMatrix; continue }
      guard abs(entries[i].standardError - fromMatrix) <= 1e-3 * max(fromMatrix, 1e-300) else {  // rounded by hand: 3 digits
        throw reader.error(errorNodes[i], "fit.parameters: the standard error of \(entries[i].name) is \(entries[i].standardError), but the covariance's diagonal gives \(fromMatrix)")
      }
    }
    var data: [String] = []
    if let d = m["data"] { for item in try reader.sequence(d, "fit.data") { data.append(try reader.string(item, "fit.data")) } }
    var reduced: Double?
    if let r = m["reduced_chi_squared"] {
      let v = try reader.number(r, "fit.reduced_chi_squared")
      guard v >= 0 else { throw reader.error(r, "fit.reduced_chi_squared is ≥ 0, got \(v)") }
      reduced = v
    }
    var dof: Int?
    if let d = m["degrees_of_freedom"] {
      let v = try reader.number(d, "fit.degrees_of_freedom")
      guard v >= 0, v == v.rounded(), v < 1e12 else { throw reader.error(d, "fit.degrees_of_freedom is a whole number ≥ 0, got \(v)") }
      dof = Int(v)
    }
    let scaling = try m["covariance_scaling"].map { n throws(MaterialError) in try reader.string(n, "fit.covariance_scaling") }
    return FitCovariance(entries: entries, covariance: c, data: data, reducedChiSquared: reduced, degreesOfFreedom: dof,
                         scaling: scaling, line: keyLine)
  }

  /// Index of the first pivot of an LDLᵀ factorisation of `c` (n × n) that is clearly negative, or nil
  /// when `c` is positive semi-definite (to rounding).
  static func firstNegativePivot(_ c: [Double], _ n: Int) -> Int? {
    var a = c
    let scale = (0..<n).map { c[$0 * n + $0] }.max() ?? 0
    let tolerance = 1e-10 * max(scale, 1e-300)
    for k in 0..<n {
      let d = a[k * n + k]
      if d < -tolerance { return k }
      guard d > tolerance else { continue }  // a zero pivot: its row must be (nearly) zero, handled below
      for i in (k + 1)..<n {
        let f = a[i * n + k] / d
        for j in (k + 1)..<n { a[i * n + j] -= f * a[k * n + j] }
      }
    }
    // a zero variance with a non-zero covariance is not PSD
    for i in 0..<n where c[i * n + i] <= tolerance {
      for j in 0..<n where j != i && abs(c[i * n + j]) > 1e-6 * max((max(c[i * n + i], 0) * c[j * n + j]).squareRoot(), tolerance) { return i }
    }
    return nil
  }
}
