import Foundation

extension LineChart {
  static let margins = (left: 84.0, top: 62.0, bottom: 58.0)

  /// Plot-area box in px: left, top, width, height.
  public var plotBox: (left: Double, top: Double, width: Double, height: Double) {
    (Self.margins.left, Self.margins.top, plotWidth, plotHeight)
  }

  var legendEntries: [LegendEntry] {
    legend ?? series.map { LegendEntry(label: $0.label, color: $0.color, dash: $0.dash) }
      + markers.map { LegendEntry(label: $0.label, color: $0.color, sample: .marker($0.marker)) }
      + bands.map { LegendEntry(label: $0.label, color: $0.color, sample: .band(opacity: $0.opacity)) }
  }

  /// Width of the whole picture: the plot, and the legend to its right (≈ 7.5 px per character).
  public var width: Double {
    let longest = legendEntries.map { Double($0.label.plain.count) }.max() ?? 0
    return Self.margins.left + plotWidth + max(120, 60 + 7.5 * longest)
  }

  public var height: Double {
    Self.margins.top + plotHeight + (residuals.map { Self.residualGap + $0.height } ?? 0) + Self.margins.bottom
  }

  /// Pixel position of a data point (may lie outside the plot box); `nil` if it cannot be shown.
  public func pixel(x xv: Double, y yv: Double) -> (x: Double, y: Double)? {
    guard let fx = x.fraction(xv), let fy = y.fraction(yv) else { return nil }
    let box = plotBox
    return (box.left + fx * box.width, box.top + (1 - fy) * box.height)
  }

  /// A standalone SVG 1.1 document. The plot-area group carries its scales as `data-` attributes and
  /// each line its column as `data-series`, so that a script (or a test) can read values back.
  public func svg() -> String {
    var s = SVGText.documentOpening(width: width, height: height, title: title, subtitle: subtitle, box: plotBox,
                                    clipID: "plot-area", x: x, y: y)
    s += body(clipID: "plot-area", residualClipID: "residual-area")
    s += "</svg>\n"
    return s
  }

  /// Everything after the opening of the plot-area group: ticks, frame, bands, lines, markers, slope
  /// labels, the group's end, the residual panel, axis labels and legend.
  func body(clipID: String, residualClipID: String) -> String {
    let box = plotBox
    var s = residuals == nil ? SVGText.ticks(box, x: x, y: y, grid: true) : Self.axisTicks(box, x: x, y: y, xLabels: false)
    s += "<rect x=\"\(f(box.left))\" y=\"\(f(box.top))\" width=\"\(f(box.width))\" height=\"\(f(box.height))\" fill=\"none\" stroke=\"black\"/>\n"
    // bands under the lines, markers over them
    for band in bands { s += bandSVG(band, clipID: clipID) }
    // lines, broken where a point cannot be shown, and clipped to a margin around the plot area so
    // that points far outside it (a narrow --y-range) never produce huge coordinates
    for series in series { s += lineSVG(series, clipID: clipID, segments: clippedSegments(series.points)) }
    for m in markers { s += markersSVG(m, yScale: y, box: box) }
    s += slopeLabelsSVG()
    s += "</g>\n"
    s += residualSVG(clipID: residualClipID)
    // axis labels
    s += "<text x=\"\(f(box.left + box.width / 2))\" y=\"\(f(height - 14))\" text-anchor=\"middle\">\(rich(xLabel, size: 13))</text>\n"
    let yMid = box.top + box.height / 2
    s += "<text transform=\"translate(20 \(f(yMid))) rotate(-90)\" text-anchor=\"middle\">\(rich(yLabel, size: 13))</text>\n"
    // legend
    let lx = box.left + box.width + 16
    for (k, entry) in legendEntries.enumerated() {
      let ly = box.top + 10 + Double(k) * 21
      s += Self.legendSample(entry, lx, ly)
      s += "<text x=\"\(f(lx + 32))\" y=\"\(f(ly + 4.5))\">\(rich(entry.label, size: 13))</text>\n"
    }
    return s
  }

  /// One line as `<g data-series>` of polylines (a lone point: a dot).
  func lineSVG(_ series: Series, clipID: String, segments: [[(Double, Double)]]) -> String {
    let dash = series.dash == .solid ? "" : " stroke-dasharray=\"\(series.dash.rawValue)\""
    var s = "<g data-series=\"\(escape(series.id))\" stroke=\"\(series.color)\" stroke-width=\"2\" fill=\"none\"\(dash) clip-path=\"url(#\(clipID))\">"
    s += "<title>\(escape(series.label.plain))</title>\n"
    for seg in segments where !seg.isEmpty {
      if seg.count == 1 {
        s += "<circle cx=\"\(f(seg[0].0))\" cy=\"\(f(seg[0].1))\" r=\"2.5\" fill=\"\(series.color)\"/>\n"
      } else {
        s += "<polyline points=\"" + PixelPath.simplified(seg).map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ") + "\"/>\n"
      }
    }
    s += "</g>\n"
    return s
  }

  /// Runs of pixel positions to draw: gaps where a point cannot be shown, each piece clipped
  /// (Liang–Barsky) to the plot box widened by 20 px; a lone point is a run of one.
  func clippedSegments(_ points: [(x: Double, y: Double?)]) -> [[(Double, Double)]] {
    clippedSegments(points, yScale: y, box: plotBox)
  }

  /// The same in another plot area (the residual panel) with its own y scale.
  func clippedSegments(_ points: [(x: Double, y: Double?)], yScale: PlotScale,
                       box: (left: Double, top: Double, width: Double, height: Double)) -> [[(Double, Double)]] {
    let (x0, y0, x1, y1) = (box.left - 20, box.top - 20, box.left + box.width + 20, box.top + box.height + 20)
    func inside(_ p: (Double, Double)) -> Bool { p.0 >= x0 && p.0 <= x1 && p.1 >= y0 && p.1 <= y1 }
    func clip(_ a: (Double, Double), _ b: (Double, Double)) -> ((Double, Double), (Double, Double))? {
      var t0 = 0.0, t1 = 1.0
      let dx = b.0 - a.0, dy = b.1 - a.1
      for (p, q) in [(-dx, a.0 - x0), (dx, x1 - a.0), (-dy, a.1 - y0), (dy, y1 - a.1)] {
        if p == 0 {
          if q < 0 { return nil }
        } else {
          let t = q / p
          if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
          if t0 > t1 { return nil }
        }
      }
      // unclipped ends stay bit-identical, so that consecutive pieces join
      return (t0 == 0 ? a : (a.0 + t0 * dx, a.1 + t0 * dy), t1 == 1 ? b : (a.0 + t1 * dx, a.1 + t1 * dy))
    }
    // runs of consecutive drawable points, in pixels
    var runs: [[(Double, Double)]] = [[]]
    for p in points {
      if let yv = p.y, let px = pixel(x: p.x, y: yv, yScale: yScale, box: box) {
        runs[runs.count - 1].append(px)
      } else if !runs[runs.count - 1].isEmpty {
        runs.append([])
      }
    }
    var out: [[(Double, Double)]] = []
    for run in runs where !run.isEmpty {
      if run.count == 1 {
        if inside(run[0]) { out.append(run) }
        continue
      }
      var current: [(Double, Double)] = []
      for k in 1..<run.count {
        guard let (a, b) = clip(run[k - 1], run[k]) else {
          if !current.isEmpty { out.append(current); current = [] }
          continue
        }
        if let last = current.last, last == a { current.append(b) } else {
          if !current.isEmpty { out.append(current) }
          current = [a, b]
        }
        if b != run[k] { out.append(current); current = [] }  // left the box
      }
      if !current.isEmpty { out.append(current) }
    }
    return out
  }

  private func f(_ v: Double) -> String { SVGText.number(v) }
  private func escape(_ t: String) -> String { SVGText.escape(t) }
  private func rich(_ text: RichText, size: Double) -> String { SVGText.rich(text, size: size) }
}
