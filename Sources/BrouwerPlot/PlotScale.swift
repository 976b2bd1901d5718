import Foundation

/// A linear or logarithmic (base 10) axis mapping data values onto a pixel interval, with tick marks.
public struct PlotScale: Sendable, Equatable {
  public enum Kind: String, Sendable, CaseIterable { case linear, log }

  public let kind: Kind
  /// Data range shown (for `.log`, positive values).
  public let lower: Double
  public let upper: Double

  /// A scale over [lower, upper]; `nil` unless the range is finite, non-empty and (for log) positive.
  public init?(_ kind: Kind, lower: Double, upper: Double) {
    guard lower.isFinite, upper.isFinite, lower < upper else { return nil }
    if kind == .log && lower <= 0 { return nil }
    self.kind = kind
    self.lower = lower
    self.upper = upper
  }

  /// Position of `value` in [0, 1] along the axis (outside the range: outside [0, 1]); `nil` if the value
  /// cannot be shown (non-finite, or ≤ 0 on a log axis).
  public func fraction(_ value: Double) -> Double? {
    guard value.isFinite else { return nil }
    switch kind {
    case .linear: return (value - lower) / (upper - lower)
    case .log:
      guard value > 0 else { return nil }
      return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
    }
  }

  /// The data value at `fraction` of the axis (inverse of ``fraction(_:)``).
  public func value(atFraction f: Double) -> Double {
    switch kind {
    case .linear: return lower + f * (upper - lower)
    case .log: return pow(10, log10(lower) + f * (log10(upper) - log10(lower)))
    }
  }

  /// A scale that covers `values` (those it can show), widened to whole decades on a log axis or to
  /// round numbers on a linear one. `floorDecades` limits how far below the largest value a log axis goes.
  /// With `air`, a value at a round end (0.1 on a log axis) is moved off the frame.
  public static func covering(_ values: [Double], kind: Kind, floorDecades: Double? = nil, air: Bool = true) -> PlotScale? {
    let margin = air ? 1.0 : 0.0
    let usable = values.filter { $0.isFinite && (kind == .linear || $0 > 0) }
    guard var lo = usable.min(), var hi = usable.max() else { return nil }
    switch kind {
    case .log:
      if let floorDecades { lo = max(lo, hi / pow(10, floorDecades)) }
      // a value on a decade boundary would sit on the frame: leave 0.05 decade of air at either end
      var a = floor(log10(lo) - 0.05 * margin), b = ceil(log10(hi) + 0.05 * margin)
      if a == b { a -= 1; b += 1 }
      return PlotScale(.log, lower: pow(10, a), upper: pow(10, b))
    case .linear:
      // equal within rounding (0.6 and 0.6000000000000001): widen, or the 1-2-5 steps underflow
      if hi - lo <= 1e-9 * max(abs(lo), abs(hi)) {
        let pad = lo == 0 && hi == 0 ? 1 : max(abs(lo), abs(hi)) * 0.1
        lo -= pad; hi += pad
      }
      let step = niceStep((hi - lo) / 6)
      let pad = (hi - lo) * 0.02 * margin
      return PlotScale(.linear, lower: floor((lo - pad) / step) * step, upper: ceil((hi + pad) / step) * step)
    }
  }

  /// 1, 2 or 5 × 10^k closest above `raw`.
  static func niceStep(_ raw: Double) -> Double {
    let e = pow(10, floor(log10(raw)))
    for m in [1.0, 2, 5, 10] where m * e >= raw * 0.999 { return m * e }
    return 10 * e
  }

  /// Tick positions: whole decades on a log axis (every k-th decade so that there are at most
  /// `maximum`), multiples of a 1-2-5 step on a linear one.
  public func ticks(maximum: Int = 10) -> [Double] {
    switch kind {
    case .log:
      let a = Int(ceil(log10(lower) - 1e-9)), b = Int(floor(log10(upper) + 1e-9))
      guard a <= b else { return [] }
      var every = 1
      for step in [1, 2, 5, 10, 20, 50, 100, 200, 500] {
        every = step
        if (b - a) / step + 1 <= maximum { break }
      }
      // anchor on multiples of `every` so that 10^0 is a tick when it is in range
      let first = Int((Double(a) / Double(every)).rounded(.up)) * every
      return stride(from: first, through: b, by: every).map { pow(10, Double($0)) }
    case .linear:
      let step = Self.niceStep((upper - lower) / Double(max(1, maximum - 1)))
      let first = ceil(lower / step - 1e-9), last = floor(upper / step + 1e-9)
      // a range too narrow for its magnitude (|x|/step beyond 2^52) has no representable ticks
      guard step > 0, step.isFinite, last - first < Double(4 * maximum), first.magnitude < 0x1p52 else { return [] }
      return (0...Int(last - first)).map { k in
        let v = (first + Double(k)) * step
        return abs(v) < step * 1e-9 ? 0 : v
      }
    }
  }
}
