import Foundation

extension LineChart {
  /// A label for a stretch of a line whose exact slope is a simple fraction (a Brouwer regime).
  public struct SlopeLabel: Sendable {
    /// The ``Series/id`` of the line.
    public var seriesID: String
    /// The fraction, as `-1/4`, `1/6`, `0`, `1`.
    public var fraction: String
    /// The data points of the stretch (in order along the line).
    public var points: [(x: Double, y: Double)]

    public init(seriesID: String, fraction: String, points: [(x: Double, y: Double)]) {
      self.seriesID = seriesID
      self.fraction = fraction
      self.points = points
    }
  }

  /// Simple fractions p/q (q ≤ 8) that Brouwer regimes have, as (value, text).
  public static let regimeFractions: [(Double, String)] = {
    var out: [(Double, String)] = [(0, "0")]
    for (p, q) in [(1, 8), (1, 6), (1, 4), (1, 3), (3, 8), (1, 2), (2, 3), (3, 4), (1, 1), (3, 2), (2, 1)] {
      let text = q == 1 ? "\(p)" : "\(p)/\(q)"
      out.append((Double(p) / Double(q), text))
      out.append((-Double(p) / Double(q), "-" + text))
    }
    return out
  }()

  /// The simple fraction within `tolerance` of `slope`, if any.
  public static func regimeFraction(_ slope: Double, tolerance: Double = 0.01) -> String? {
    guard slope.isFinite else { return nil }
    return regimeFractions.first { abs($0.0 - slope) <= tolerance }?.1
  }

  /// Stretches of consecutive points sharing one simple fraction, each as a ``SlopeLabel`` —
  /// for a line with exact slopes `slopes[k]` at `points[k]`. A stretch needs `minimumPoints` points
  /// and a slope that stays put (max − min ≤ `tolerance`): a line bending from one regime to the next
  /// passes through other fractions (−1/8, −1/6 on its way to −1/4) without being in their regime.
  public static func slopeLabels(seriesID: String, points: [(x: Double, y: Double?)], slopes: [Double?],
                                 tolerance: Double = 0.01, minimumPoints: Int = 5) -> [SlopeLabel] {
    var labels: [SlopeLabel] = []
    var run: [(x: Double, y: Double)] = []
    var low = Double.infinity, high = -Double.infinity
    var current: String?
    func flush() {
      if let current, run.count >= minimumPoints, high - low <= tolerance {
        labels.append(SlopeLabel(seriesID: seriesID, fraction: current, points: run))
      }
      run = []
      low = .infinity
      high = -.infinity
    }
    for (p, s) in zip(points, slopes) {
      guard let y = p.y, let s, let f = regimeFraction(s, tolerance: tolerance) else { flush(); current = nil; continue }
      if f != current { flush(); current = f }
      run.append((p.x, y))
      low = min(low, s)
      high = max(high, s)
    }
    flush()
    return labels
  }

  /// Places each slope label beside its stretch — tried at points from the middle outwards, above and
  /// below the line — where its box stays in the plot, meets no line and no other label; a label
  /// that fits nowhere is left out. Labels are `<text class="slope-label" data-for="SERIES" data-slope>`.
  func slopeLabelsSVG() -> String {
    guard !slopeLabels.isEmpty else { return "" }
    let box = plotBox
    // every drawn segment, in pixels
    var segments: [((Double, Double), (Double, Double))] = []
    for series in series {
      for run in clippedSegments(series.points) where run.count > 1 {
        for k in 1..<run.count { segments.append((run[k - 1], run[k])) }
      }
    }
    var placed: [(x0: Double, y0: Double, x1: Double, y1: Double)] = []
    func free(_ r: (x0: Double, y0: Double, x1: Double, y1: Double)) -> Bool {
      guard r.x0 >= box.left + 2, r.x1 <= box.left + box.width - 2, r.y0 >= box.top + 2, r.y1 <= box.top + box.height - 2 else { return false }
      for q in placed where r.x0 < q.x1 && q.x0 < r.x1 && r.y0 < q.y1 && q.y0 < r.y1 { return false }
      for (a, b) in segments where Self.segment(a, b, meets: r) { return false }
      return true
    }
    var s = ""
    for label in slopeLabels {
      let text = label.fraction.hasPrefix("-") ? "−" + label.fraction.dropFirst() : label.fraction
      let w = 7.0 * Double(text.count) + 4, h = 14.0
      let mid = label.points.count / 2
      var order: [Int] = []
      for d in 0..<label.points.count {
        if mid + d < label.points.count { order.append(mid + d) }
        if d > 0 && mid - d >= 0 { order.append(mid - d) }
      }
      search: for k in order {
        guard let p = pixel(x: label.points[k].x, y: label.points[k].y) else { continue }
        for dy in [-12.0, 12, -22, 22, -34, 34] {
          let cy = p.y + dy
          let r = (x0: p.x - w / 2, y0: cy - h / 2, x1: p.x + w / 2, y1: cy + h / 2)
          if free(r) {
            placed.append(r)
            let colour = series.first { $0.id == label.seriesID }?.color ?? "black"
            s += "<text class=\"slope-label\" data-for=\"\(SVGText.escape(label.seriesID))\" data-slope=\"\(label.fraction)\" "
            s += "x=\"\(SVGText.number(p.x))\" y=\"\(SVGText.number(cy + 4.5))\" text-anchor=\"middle\" font-size=\"12\" fill=\"\(colour)\">\(SVGText.escape(text))</text>\n"
            break search
          }
        }
      }
    }
    return s
  }

  /// Whether the segment a–b passes through the rectangle (Liang–Barsky).
  static func segment(_ a: (Double, Double), _ b: (Double, Double), meets r: (x0: Double, y0: Double, x1: Double, y1: Double)) -> Bool {
    var t0 = 0.0, t1 = 1.0
    let dx = b.0 - a.0, dy = b.1 - a.1
    for (p, q) in [(-dx, a.0 - r.x0), (dx, r.x1 - a.0), (-dy, a.1 - r.y0), (dy, r.y1 - a.1)] {
      if p == 0 {
        if q < 0 { return false }
      } else {
        let t = q / p
        if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
        if t0 > t1 { return false }
      }
    }
    return true
  }
}
