import Foundation
import GSL

extension ParameterFit {
  /// A profile-likelihood interval of one parameter: the values where χ², minimised over every other
  /// parameter, exceeds its minimum by the level's χ²(1) quantile (scaled like the covariance), next to the
  /// linearised (Wald) interval value ± z·standard error.
  public struct ProfileInterval: Sendable {
    public var parameter: Int
    public var level: Double
    /// The ends (engine units); `nil` when χ² stays below the threshold as far as the search went.
    public var lower: Double?
    public var upper: Double?
    public var waldLower: Double
    public var waldUpper: Double
    /// The larger distance between corresponding ends, relative to the Wald half-width (∞ for an open end).
    public var discrepancy: Double
    /// The profile as evaluated: (value, Δχ² scaled like the covariance).
    public var samples: [ProfileSample]
  }

  public struct ProfileSample: Sendable {
    public var value: Double
    public var deltaChiSquared: Double
  }

  /// A discrepancy above this (a tenth of the Wald half-width) is worth a warning.
  public static let profileDiscrepancyLimit = 0.1

  /// The profile-likelihood interval of parameter `j` at confidence `level` around `result` (of this
  /// problem). Each point refits every other parameter from the optimum, with the exact Jacobian.
  public func profile(_ j: Int, of result: Result, level: Double = 0.682_689_492) throws(Failure) -> ProfileInterval {
    guard parameters.indices.contains(j) else { throw Failure(description: "no parameter \(j)") }
    guard !result.undetermined[j], result.fitVariableCovariance.count == parameters.count * parameters.count,
          case let su = result.fitVariableCovariance[j * parameters.count + j].squareRoot(), su.isFinite, su > 0
    else { throw Failure(description: "\(name(of: j)) is not determined by these data: it has no interval") }
    // data matched to round-off have no scatter to profile (Δχ² would compare rounding errors)
    let meanSquare = result.chiSquared / Double(max(result.fitted.count, 1))
    guard meanSquare > 1e-16 else {
      throw Failure(description: "the data are matched to round-off (rms residual \(String(format: "%.2g", meanSquare.squareRoot()))): there is no scatter to profile")
    }
    let q = Distributions.chiSquaredQuantile(level, degreesOfFreedom: 1)
    let z = Distributions.twoSidedNormalQuantile(level)
    let factor = result.covarianceScaling.factor
    let log = isLogarithmicParameter(j)
    let u0 = log ? Foundation.log(result.values[j]) : result.values[j]
    let uStart = result.values.indices.map { isLogarithmicParameter($0) ? Foundation.log(result.values[$0]) : result.values[$0] }
    let weighted = result.weighted
    var samples: [ProfileSample] = []
    /// Δχ² (scaled) with u_j fixed at `uj`, the others refitted.
    func delta(_ uj: Double) -> Double? {
      guard let chi2 = try? constrainedChiSquared(fixing: j, at: uj, from: uStart, weighted: weighted) else { return nil }
      let d = (chi2 - result.chiSquared) / factor
      samples.append(ProfileSample(value: log ? exp(uj) : uj, deltaChiSquared: d))
      return d
    }
    func end(_ direction: Double) -> Double? {
      var inside = u0
      var step = su * q.squareRoot()
      for _ in 0..<12 {
        let trial = inside + direction * step
        guard let d = delta(trial) else { return nil }  // unsolvable beyond: open
        if d >= q {
          var (a, b) = (inside, trial)
          for _ in 0..<30 {
            let m = (a + b) / 2
            guard let dm = delta(m) else { return nil }
            if dm < q { a = m } else { b = m }
            if abs(b - a) <= 1e-7 * max(1, abs(m)) { break }
          }
          return (a + b) / 2
        }
        inside = trial
        step *= 1.6
      }
      return nil
    }
    let lo = end(-1).map { log ? exp($0) : $0 }
    let hi = end(1).map { log ? exp($0) : $0 }
    let value = result.values[j], se = result.standardErrors[j]
    let waldLower = value - z * se, waldUpper = value + z * se
    let half = z * se
    let discrepancy = max(lo.map { abs($0 - waldLower) / half } ?? .infinity, hi.map { abs($0 - waldUpper) / half } ?? .infinity)
    return ProfileInterval(parameter: j, level: level, lower: lo, upper: hi, waldLower: waldLower, waldUpper: waldUpper,
                           discrepancy: discrepancy, samples: samples.sorted { $0.value < $1.value })
  }

  private func isLogarithmicParameter(_ j: Int) -> Bool { parameters[j].isLogarithmic }

  /// Minimum of χ² over every fit variable but `j`, which is held at `uj` (from `start`).
  private func constrainedChiSquared(fixing j: Int, at uj: Double, from start: [Double], weighted: Bool) throws(Failure) -> Double {
    let p = parameters.count
    let data = self.data
    func full(_ free: UnsafeBufferPointer<Double>) -> [Double] {
      var u = Array(free)
      u.insert(uj, at: j)
      return u
    }
    func residuals(_ u: [Double]) throws(Failure) -> [Double] {
      let values = try evaluateResiduals(at: u, weighted: weighted)
      return values
    }
    if p == 1 {
      return try residuals([uj]).reduce(0) { $0 + $1 * $1 }
    }
    var others = start
    others.remove(at: j)
    let lsq = NonlinearLeastSquares(observations: data.count, parameters: p - 1)
    let jac = UnsafeMutableBufferPointer<Double>.allocate(capacity: data.count * p)
    defer { jac.deallocate() }
    do {
      let fit = try lsq.fit(start: others, jacobian: { free, out in
        guard self.fullJacobian(at: full(free), into: jac, weighted: weighted) else { return false }
        for i in 0..<data.count {
          var c = 0
          for k in 0..<p where k != j { out[i * (p - 1) + c] = jac[i * p + k]; c += 1 }
        }
        return true
      }) { free, r in
        guard let values = try? residuals(full(free)) else { return false }
        for i in values.indices { r[i] = values[i] }
        return true
      }
      return fit.chiSquared
    } catch {
      throw Failure(description: "the profile of \(name(of: j)) could not be evaluated: \(error)")
    }
  }
}
