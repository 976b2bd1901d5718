import Foundation

/// Measured points, confidence bands and a residual panel: what a figure of data against a fitted model
/// needs besides lines. Rendering is called from `LineChart+SVG.swift`.
extension LineChart {
  /// Marker shapes, distinguishable in grey print as well as in colour (assigned in this order).
  public enum Marker: String, Sendable, CaseIterable {
    case circle, square, triangle, diamond, triangleDown, cross, plus
  }

  /// One measured point: `y` (nil: not drawn) and, optionally, the ends of its vertical error bar.
  public struct MarkerPoint: Sendable {
    public var x: Double
    public var y: Double?
    public var lower: Double?
    public var upper: Double?
    public init(x: Double, y: Double?, lower: Double? = nil, upper: Double? = nil) {
      self.x = x
      self.y = y
      self.lower = lower
      self.upper = upper
    }
  }

  /// Points drawn as markers (not joined), each with an optional error bar.
  public struct MarkerSeries: Sendable {
    /// Written as `data-markers`.
    public var id: String
    public var label: RichText
    public var points: [MarkerPoint]
    public var color: String
    public var marker: Marker
    /// Half-size of the marker in px.
    public var size: Double
    public init(id: String, label: RichText, points: [MarkerPoint], color: String, marker: Marker = .circle, size: Double = 4) {
      self.id = id
      self.label = label
      self.points = points
      self.color = color
      self.marker = marker
      self.size = size
    }
  }

  /// A filled region between a lower and an upper curve (a confidence band). Points whose ends cannot be
  /// shown (nil, non-finite, ≤ 0 on a log axis) break it into pieces.
  public struct Band: Sendable {
    /// Written as `data-band`.
    public var id: String
    public var label: RichText
    public var points: [(x: Double, lower: Double?, upper: Double?)]
    public var color: String
    public var opacity: Double
    public init(id: String, label: RichText, points: [(x: Double, lower: Double?, upper: Double?)], color: String,
                opacity: Double = 0.22) {
      self.id = id
      self.label = label
      self.points = points
      self.color = color
      self.opacity = opacity
    }
  }

  /// A second, shorter plot area below the main one, on the same x axis, with a line at zero (the
  /// residuals of a fit). The x tick labels and the x label move below it.
  public struct ResidualPanel: Sendable {
    public var yLabel: RichText
    public var y: PlotScale
    public var markers: [MarkerSeries]
    public var series: [Series]
    /// Height of its plot area in px.
    public var height: Double
    public init(yLabel: RichText, y: PlotScale, markers: [MarkerSeries], series: [Series] = [], height: Double = 120) {
      self.yLabel = yLabel
      self.y = y
      self.markers = markers
      self.series = series
      self.height = height
    }

    /// A linear scale symmetric about zero that covers `values` (residuals, the ends of their bars).
    public static func symmetricScale(covering values: [Double]) -> PlotScale {
      let m = values.filter(\.isFinite).map(abs).max() ?? 0
      guard m > 0 else { return PlotScale(.linear, lower: -1, upper: 1)! }
      let step = PlotScale.niceStep(m * 1.05 / 2)
      let top = ceil(m * 1.05 / step) * step
      return PlotScale(.linear, lower: -top, upper: top)!
    }
  }

  /// Space between the main plot area and the residual panel, in px.
  static let residualGap = 10.0

  /// The residual panel's plot area in px (left, top, width, height), if there is one.
  public var residualBox: (left: Double, top: Double, width: Double, height: Double)? {
    guard let residuals else { return nil }
    let box = plotBox
    return (box.left, box.top + box.height + Self.residualGap, box.width, residuals.height)
  }

  /// Pixel position of (xv, yv) in `box` on the scale `yScale` (and this chart's x); `nil` if it cannot be shown.
  func pixel(x xv: Double, y yv: Double, yScale: PlotScale, box: (left: Double, top: Double, width: Double, height: Double)) -> (x: Double, y: Double)? {
    guard let fx = x.fraction(xv), let fy = yScale.fraction(yv) else { return nil }
    let px = box.left + fx * box.width, py = box.top + (1 - fy) * box.height
    guard px.isFinite, py.isFinite else { return nil }
    return (px, py)
  }

  // MARK: - Geometry (pixels), separate from the SVG so that it can be tested

  /// Where a marker and its error bar go: the marker's centre (nil when its y cannot be shown or lies
  /// outside the box: markers are not clipped, so that a point on the frame shows whole) and the bar from `top` to `bottom` px, each end clamped to the plot box — an end
  /// that cannot be shown (≤ 0 on a log axis) or lies outside sits on the box's edge and gets no cap.
  public struct MarkerGeometry: Sendable, Equatable {
    public var x: Double
    public var center: Double?
    public var bar: (top: Double, bottom: Double, capTop: Bool, capBottom: Bool)?
    public static func == (a: Self, b: Self) -> Bool {
      a.x == b.x && a.center == b.center && a.bar?.top == b.bar?.top && a.bar?.bottom == b.bar?.bottom
        && a.bar?.capTop == b.bar?.capTop && a.bar?.capBottom == b.bar?.capBottom
    }
  }

  /// The geometry of `point` in `box` (default: the main plot area) on `yScale` (default: `y`); `nil`
  /// when neither a marker nor a bar can be drawn.
  public func markerGeometry(_ point: MarkerPoint, yScale: PlotScale? = nil,
                             box: (left: Double, top: Double, width: Double, height: Double)? = nil) -> MarkerGeometry? {
    let ys = yScale ?? y, b = box ?? plotBox
    guard let fx = x.fraction(point.x) else { return nil }
    let px = b.left + fx * b.width
    guard px.isFinite, px >= b.left - 0.5, px <= b.left + b.width + 0.5 else { return nil }
    let (top, bottom) = (b.top, b.top + b.height)
    var center: Double?
    if let yv = point.y, let p = pixel(x: point.x, y: yv, yScale: ys, box: b), p.y >= top - 0.5, p.y <= bottom + 0.5 { center = p.y }
    var bar: (top: Double, bottom: Double, capTop: Bool, capBottom: Bool)?
    if point.lower != nil || point.upper != nil, let yv = point.y, yv.isFinite {
      // an end: its pixel clamped to the box, or the box's edge when it cannot be shown (≤ 0 on a log axis
      // lies below every value the axis shows); a missing end is the point itself
      func end(_ v: Double?, below: Bool) -> (Double, Bool)? {
        let value = v ?? yv
        if let f = ys.fraction(value) {
          let p = b.top + (1 - f) * b.height
          guard p.isFinite else { return (below ? bottom : top, false) }
          if p < top { return (top, false) }
          if p > bottom { return (bottom, false) }
          return (p, v != nil)
        }
        guard value.isFinite || value == -.infinity else { return nil }
        return (bottom, false)  // ≤ 0 on a log axis (or −∞): runs off the bottom
      }
      if let u = end(point.upper, below: false), let l = end(point.lower, below: true), l.0 > u.0 {
        bar = (u.0, l.0, u.1, l.1)
      }
    }
    guard center != nil || bar != nil else { return nil }
    return MarkerGeometry(x: px, center: center, bar: bar)
  }

  /// The band's pieces as closed polygons in px: the upper curve forward, the lower one back, each piece a
  /// run of consecutive points whose both ends can be shown, clipped (Sutherland–Hodgman) to the plot box
  /// widened by 20 px so that coordinates stay small.
  public func bandPolygons(_ band: Band) -> [[(Double, Double)]] {
    let box = plotBox
    var runs: [[(upper: (Double, Double), lower: (Double, Double))]] = [[]]
    for p in band.points {
      if let lo = p.lower, let hi = p.upper, let a = pixel(x: p.x, y: hi, yScale: y, box: box),
         let b = pixel(x: p.x, y: lo, yScale: y, box: box) {
        runs[runs.count - 1].append(((a.x, a.y), (b.x, b.y)))
      } else if !runs[runs.count - 1].isEmpty {
        runs.append([])
      }
    }
    var out: [[(Double, Double)]] = []
    for run in runs where run.count >= 2 {
      let polygon = PixelPath.simplified(run.map(\.upper)) + PixelPath.simplified(run.map(\.lower)).reversed()
      let clipped = Self.clip(polygon, to: (box.left - 20, box.top - 20, box.left + box.width + 20, box.top + box.height + 20))
      if clipped.count >= 3 { out.append(clipped) }
    }
    return out
  }

  /// Sutherland–Hodgman: `polygon` clipped to the rectangle (x0, y0)–(x1, y1).
  static func clip(_ polygon: [(Double, Double)], to r: (Double, Double, Double, Double)) -> [(Double, Double)] {
    typealias P = (Double, Double)
    var poly = polygon
    // the four edges: left, right, top, bottom — which coordinate, the bound, and whether inside is ≥
    for (axis, bound, above) in [(0, r.0, true), (0, r.2, false), (1, r.1, true), (1, r.3, false)] {
      guard !poly.isEmpty else { break }
      func coordinate(_ p: P) -> Double { axis == 0 ? p.0 : p.1 }
      func inside(_ p: P) -> Bool { above ? coordinate(p) >= bound : coordinate(p) <= bound }
      func cut(_ a: P, _ b: P) -> P {
        let t = (bound - coordinate(a)) / (coordinate(b) - coordinate(a))
        return axis == 0 ? (bound, a.1 + t * (b.1 - a.1)) : (a.0 + t * (b.0 - a.0), bound)
      }
      var next: [P] = []
      var previous = poly[poly.count - 1]
      for current in poly {
        switch (inside(current), inside(previous)) {
        case (true, true): next.append(current)
        case (true, false): next.append(cut(previous, current)); next.append(current)
        case (false, true): next.append(cut(previous, current))
        case (false, false): break
        }
        previous = current
      }
      poly = next
    }
    return poly
  }

  // MARK: - SVG pieces

  /// The outline of a marker centred at (cx, cy) as path data; `stroked` shapes (cross, plus) have no area.
  static func markerPath(_ m: Marker, _ cx: Double, _ cy: Double, _ r: Double) -> (d: String, stroked: Bool) {
    let f = SVGText.number
    func poly(_ pts: [(Double, Double)]) -> String {
      "M" + pts.map { "\(f(cx + $0.0 * r)) \(f(cy + $0.1 * r))" }.joined(separator: " L") + " Z"
    }
    switch m {
    case .circle:
      return ("M\(f(cx - r)) \(f(cy)) a\(f(r)) \(f(r)) 0 1 0 \(f(2 * r)) 0 a\(f(r)) \(f(r)) 0 1 0 \(f(-2 * r)) 0 Z", false)
    case .square: return (poly([(-0.9, -0.9), (0.9, -0.9), (0.9, 0.9), (-0.9, 0.9)]), false)
    case .triangle: return (poly([(0, -1.25), (1.1, 0.7), (-1.1, 0.7)]), false)
    case .triangleDown: return (poly([(0, 1.25), (1.1, -0.7), (-1.1, -0.7)]), false)
    case .diamond: return (poly([(0, -1.3), (1.05, 0), (0, 1.3), (-1.05, 0)]), false)
    case .cross:
      let a = 1.0 * r
      return ("M\(f(cx - a)) \(f(cy - a)) L\(f(cx + a)) \(f(cy + a)) M\(f(cx - a)) \(f(cy + a)) L\(f(cx + a)) \(f(cy - a))", true)
    case .plus:
      let a = 1.25 * r
      return ("M\(f(cx - a)) \(f(cy)) L\(f(cx + a)) \(f(cy)) M\(f(cx)) \(f(cy - a)) L\(f(cx)) \(f(cy + a))", true)
    }
  }

  /// One marker series: error bars first (thin, with caps), then the markers, each marker a
  /// `<path class="marker" data-x data-y>` (the data values, so that a reader need not invert pixels).
  func markersSVG(_ series: MarkerSeries, yScale: PlotScale,
                  box: (left: Double, top: Double, width: Double, height: Double)) -> String {
    let f = SVGText.number
    var s = "<g data-markers=\"\(SVGText.escape(series.id))\" data-marker=\"\(series.marker.rawValue)\">"
    s += "<title>\(SVGText.escape(series.label.plain))</title>\n"
    var drawn: [(MarkerPoint, MarkerGeometry)] = []
    for p in series.points { if let g = markerGeometry(p, yScale: yScale, box: box) { drawn.append((p, g)) } }
    for (p, g) in drawn {
      guard let bar = g.bar else { continue }
      var d = "M\(f(g.x)) \(f(bar.top)) V\(f(bar.bottom))"
      if bar.capTop { d += " M\(f(g.x - 3)) \(f(bar.top)) h6" }
      if bar.capBottom { d += " M\(f(g.x - 3)) \(f(bar.bottom)) h6" }
      s += "<path class=\"error-bar\" d=\"\(d)\" stroke=\"\(series.color)\" stroke-width=\"1.2\" fill=\"none\""
      s += " data-x=\"\(p.x.description)\" data-lower=\"\(p.lower.map(\.description) ?? "")\" data-upper=\"\(p.upper.map(\.description) ?? "")\"/>\n"
    }
    for (p, g) in drawn {
      guard let cy = g.center, let yv = p.y else { continue }
      let (d, stroked) = Self.markerPath(series.marker, g.x, cy, series.size)
      let paint = stroked ? "fill=\"none\" stroke=\"\(series.color)\" stroke-width=\"2\"" : "fill=\"\(series.color)\" stroke=\"white\" stroke-width=\"0.8\""
      s += "<path class=\"marker\" d=\"\(d)\" \(paint) data-x=\"\(p.x.description)\" data-y=\"\(yv.description)\"/>\n"
    }
    s += "</g>\n"
    return s
  }

  /// A band as semi-transparent polygons, `<g data-band=ID>`.
  func bandSVG(_ band: Band, clipID: String) -> String {
    let f = SVGText.number
    var s = "<g data-band=\"\(SVGText.escape(band.id))\" fill=\"\(band.color)\" fill-opacity=\"\(f(band.opacity))\" stroke=\"none\" clip-path=\"url(#\(clipID))\">"
    s += "<title>\(SVGText.escape(band.label.plain))</title>\n"
    for polygon in bandPolygons(band) {
      s += "<polygon points=\"" + polygon.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ") + "\"/>\n"
    }
    s += "</g>\n"
    return s
  }

  /// The opening of a plot-area group with its scales and box as data attributes (as every chart writes it).
  static func areaOpening(_ cls: String, box: (left: Double, top: Double, width: Double, height: Double), x: PlotScale, y: PlotScale) -> String {
    let f = SVGText.number
    var s = "<g class=\"\(cls)\" data-x-scale=\"\(x.kind.rawValue)\" data-x-range=\"\(x.lower.description) \(x.upper.description)\" "
    s += "data-y-scale=\"\(y.kind.rawValue)\" data-y-range=\"\(y.lower.description) \(y.upper.description)\" "
    s += "data-box=\"\(f(box.left)) \(f(box.top)) \(f(box.width)) \(f(box.height))\">\n"
    return s
  }

  /// Grid lines, tick marks and labels of `box`; `xLabels: false` leaves the x tick labels out (the main
  /// panel above a residual panel, which carries them).
  static func axisTicks(_ box: (left: Double, top: Double, width: Double, height: Double), x: PlotScale, y: PlotScale,
                        xLabels: Bool, yMaximum: Int = 10) -> String {
    let f = SVGText.number
    var s = ""
    for t in x.ticks() {
      guard let fx = x.fraction(t) else { continue }
      let px = box.left + fx * box.width
      s += "<line x1=\"\(f(px))\" y1=\"\(f(box.top))\" x2=\"\(f(px))\" y2=\"\(f(box.top + box.height))\" stroke=\"#e3e3e3\"/>\n"
      s += "<line x1=\"\(f(px))\" y1=\"\(f(box.top + box.height))\" x2=\"\(f(px))\" y2=\"\(f(box.top + box.height + 5))\" stroke=\"black\"/>\n"
      if xLabels {
        s += "<text x=\"\(f(px))\" y=\"\(f(box.top + box.height + 20))\" text-anchor=\"middle\">\(SVGText.tickLabel(t, x.kind))</text>\n"
      }
    }
    for t in y.ticks(maximum: yMaximum) {
      guard let fy = y.fraction(t) else { continue }
      let py = box.top + (1 - fy) * box.height
      s += "<line x1=\"\(f(box.left))\" y1=\"\(f(py))\" x2=\"\(f(box.left + box.width))\" y2=\"\(f(py))\" stroke=\"#e3e3e3\"/>\n"
      s += "<line x1=\"\(f(box.left - 5))\" y1=\"\(f(py))\" x2=\"\(f(box.left))\" y2=\"\(f(py))\" stroke=\"black\"/>\n"
      s += "<text x=\"\(f(box.left - 8))\" y=\"\(f(py + 4))\" text-anchor=\"end\">\(SVGText.tickLabel(t, y.kind))</text>\n"
    }
    return s
  }

  /// The residual panel: its own clip path and plot-area group (`class="residual-area"`, scales as data
  /// attributes), a dashed line at zero, its lines and markers, the x tick labels and its y label.
  func residualSVG(clipID: String) -> String {
    guard let panel = residuals, let box = residualBox else { return "" }
    let f = SVGText.number
    var s = "<defs><clipPath id=\"\(clipID)\"><rect x=\"\(f(box.left))\" y=\"\(f(box.top))\" width=\"\(f(box.width))\" height=\"\(f(box.height))\"/></clipPath></defs>\n"
    s += Self.areaOpening("residual-area", box: box, x: x, y: panel.y)
    s += Self.axisTicks(box, x: x, y: panel.y, xLabels: true, yMaximum: 5)
    s += "<rect x=\"\(f(box.left))\" y=\"\(f(box.top))\" width=\"\(f(box.width))\" height=\"\(f(box.height))\" fill=\"none\" stroke=\"black\"/>\n"
    if let fz = panel.y.fraction(0), fz >= 0, fz <= 1 {
      let py = box.top + (1 - fz) * box.height
      s += "<line class=\"zero-line\" x1=\"\(f(box.left))\" y1=\"\(f(py))\" x2=\"\(f(box.left + box.width))\" y2=\"\(f(py))\" stroke=\"#555\" stroke-dasharray=\"5 3\"/>\n"
    }
    for series in panel.series {
      s += lineSVG(series, clipID: clipID, segments: clippedSegments(series.points, yScale: panel.y, box: box))
    }
    for m in panel.markers { s += markersSVG(m, yScale: panel.y, box: box) }
    s += "</g>\n"
    s += "<text transform=\"translate(20 \(f(box.top + box.height / 2))) rotate(-90)\" text-anchor=\"middle\">\(SVGText.rich(panel.yLabel, size: 12))</text>\n"
    return s
  }

  /// A sample for a legend entry at (lx, ly): a line, a marker, both, or a filled swatch.
  static func legendSample(_ entry: LegendEntry, _ lx: Double, _ ly: Double) -> String {
    let f = SVGText.number
    let dash = entry.dash == .solid ? "" : " stroke-dasharray=\"\(entry.dash.rawValue)\""
    let line = "<line x1=\"\(f(lx))\" y1=\"\(f(ly))\" x2=\"\(f(lx + 26))\" y2=\"\(f(ly))\" stroke=\"\(entry.color)\" stroke-width=\"2\"\(dash)/>\n"
    func marker(_ m: Marker) -> String {
      let (d, stroked) = markerPath(m, lx + 13, ly, 4)
      let paint = stroked ? "fill=\"none\" stroke=\"\(entry.color)\" stroke-width=\"2\"" : "fill=\"\(entry.color)\" stroke=\"white\" stroke-width=\"0.8\""
      return "<path class=\"legend-marker\" d=\"\(d)\" \(paint)/>\n"
    }
    switch entry.sample {
    case .line: return line
    case .marker(let m): return marker(m)
    case .lineAndMarker(let m): return line + marker(m)
    case .band(let opacity):
      return "<rect x=\"\(f(lx))\" y=\"\(f(ly - 6))\" width=\"26\" height=\"12\" fill=\"\(entry.color)\" fill-opacity=\"\(f(opacity))\"/>\n"
    }
  }

  // MARK: - Several charts in one picture

  /// Charts stacked vertically in one SVG (one panel per data set of a fit), under a common bold `title`
  /// and grey `lines`. Each panel is a `<g class="panel" data-panel=K transform="translate(0 OFFSET)">`
  /// whose own plot-area (and residual-area) groups carry their scales as in a single chart; the panel's
  /// title and subtitle head it.
  public static func stackedSVG(_ charts: [LineChart], title: RichText, lines: [String] = []) -> String {
    let f = SVGText.number
    let header = 34 + 19 * Double(lines.count)
    let textWidth = ([Double(title.plain.count) * 9.5] + lines.map { Double($0.count) * 7.2 }).max() ?? 0
    let width = max(charts.map(\.width).max() ?? 600, Self.margins.left + textWidth + 20)
    let height = header + charts.reduce(0) { $0 + $1.height }
    var s = SVGText.documentStart(width: width, height: height, title: title)
    s += "<text x=\"\(f(Self.margins.left))\" y=\"24\" font-size=\"16\" font-weight=\"bold\">\(SVGText.rich(title, size: 16))</text>\n"
    for (k, line) in lines.enumerated() {
      s += "<text x=\"\(f(Self.margins.left))\" y=\"\(f(43 + 19 * Double(k)))\" fill=\"#333\">\(SVGText.escape(line))</text>\n"
    }
    var offset = header
    for (k, chart) in charts.enumerated() {
      let box = chart.plotBox
      let clip = "plot-area-\(k + 1)"
      s += "<g class=\"panel\" data-panel=\"\(k + 1)\" transform=\"translate(0 \(f(offset)))\">\n"
      s += "<defs><clipPath id=\"\(clip)\"><rect x=\"\(f(box.left))\" y=\"\(f(box.top))\" width=\"\(f(box.width))\" height=\"\(f(box.height))\"/></clipPath></defs>\n"
      s += "<text x=\"\(f(box.left))\" y=\"28\" font-size=\"14\" font-weight=\"bold\">\(SVGText.rich(chart.title, size: 14))</text>\n"
      if !chart.subtitle.isEmpty { s += "<text x=\"\(f(box.left))\" y=\"46\" fill=\"#555\">\(SVGText.escape(chart.subtitle))</text>\n" }
      s += areaOpening("plot-area", box: box, x: chart.x, y: chart.y)
      s += chart.body(clipID: clip, residualClipID: "residual-area-\(k + 1)")
      s += "</g>\n"
      offset += chart.height
    }
    s += "</svg>\n"
    return s
  }
}
