import Foundation

extension HeatMap {
  /// Width of the whole picture: the map, and the colour bar or category legend to its right.
  public var width: Double {
    switch field {
    case .continuous: return plotBox.left + plotWidth + 140
    case .dominant(_, _, let labels):
      return plotBox.left + plotWidth + max(120, 60 + 7.5 * Double(labels.map { $0.plain.count }.max() ?? 0))
    }
  }

  public var height: Double { plotBox.top + plotHeight + 58 }

  /// A standalone SVG 1.1 document. The plot-area group carries its scales as `data-` attributes (as in
  /// ``LineChart``); contours carry `data-level`, regime boundaries `data-between="A|B"`, so a script
  /// (or a test) can read them back.
  public func svg() -> String {
    let box = plotBox
    let f = SVGText.number, esc = SVGText.escape
    var s = SVGText.documentOpening(width: width, height: height, title: title, subtitle: subtitle, box: box,
                                    clipID: "map-area", x: x, y: y)
    s += "<g class=\"cells\" clip-path=\"url(#map-area)\" shape-rendering=\"crispEdges\">\n"
    let colours: [String?]
    var categoryOf: [Int?] = []
    switch field {
    case .continuous(let values, let scale, _):
      // 128 colour steps: finer than the eye separates, and neighbouring cells of one step merge
      colours = values.map { v in v.flatMap { scale.fraction($0) }.map { ColourMap.colour(($0 * 128).rounded() / 128) } }
    case .dominant(let scores, _, _):
      categoryOf = dominantCategory(scores)
      colours = categoryOf.map { $0.map { Self.categoryColour($0) } }
    }
    // one rect per run of equal colour along a row (cells end half-way to the next node)
    for j in 0..<ny {
      var i = 0
      while i < nx {
        let fill = colours[j * nx + i] ?? "#dddddd"
        var end = i
        while end + 1 < nx, (colours[j * nx + end + 1] ?? "#dddddd") == fill { end += 1 }
        let (x0, y0) = pixel(i: Double(i) - 0.5, j: Double(j) - 0.5)
        let (x1, y1) = pixel(i: Double(end) + 0.5, j: Double(j) + 0.5)
        s += "<rect x=\"\(f(min(x0, x1)))\" y=\"\(f(min(y0, y1)))\" width=\"\(f(abs(x1 - x0) + 0.5))\" height=\"\(f(abs(y1 - y0) + 0.5))\" fill=\"\(fill)\"/>\n"
        i = end + 1
      }
    }
    s += "</g>\n"
    s += axes()
    switch field {
    case .continuous(let values, let scale, let label):
      s += contours(values, scale)
      s += "</g>\n"
      s += colourBar(scale, label)
    case .dominant(let scores, let names, let labels):
      s += "<g class=\"regime-boundaries\" clip-path=\"url(#map-area)\" stroke=\"black\" stroke-width=\"1.5\" fill=\"none\">\n"
      for (a, b, segments) in regimeBoundaries(scores) {
        s += "<path class=\"regime-boundary\" data-between=\"\(esc(names[a]))|\(esc(names[b]))\" d=\"\(path(segments))\"/>\n"
      }
      s += "</g>\n</g>\n"
      let present = Set(categoryOf.compactMap { $0 })
      let lx = box.left + box.width + 16
      for (k, c) in labels.indices.filter(present.contains).enumerated() {
        let ly = box.top + 10 + Double(k) * 21
        s += "<rect class=\"category\" data-category=\"\(esc(names[c]))\" x=\"\(f(lx))\" y=\"\(f(ly - 7))\" width=\"14\" height=\"14\" fill=\"\(Self.categoryColour(c))\"/>\n"
        s += "<text x=\"\(f(lx + 22))\" y=\"\(f(ly + 4.5))\">\(SVGText.rich(labels[c], size: 13))</text>\n"
      }
    }
    s += "<text x=\"\(f(box.left + box.width / 2))\" y=\"\(f(height - 14))\" text-anchor=\"middle\">\(SVGText.rich(xLabel, size: 13))</text>\n"
    s += "<text transform=\"translate(20 \(f(box.top + box.height / 2))) rotate(-90)\" text-anchor=\"middle\">\(SVGText.rich(yLabel, size: 13))</text>\n"
    s += "</svg>\n"
    return s
  }

  /// Light category colours (so that boundaries and labels stay readable on top).
  static func categoryColour(_ k: Int) -> String {
    let light = ["#aec7e8", "#ff9896", "#98df8a", "#ffbb78", "#c5b0d5", "#c49c94", "#f7b6d2", "#9edae5", "#dbdb8d", "#c7c7c7"]
    return light[k % light.count]
  }

  private func path(_ segments: [MarchingSquares.Segment]) -> String {
    let f = SVGText.number
    return segments.map { seg in
      let a = pixel(i: seg.a.i, j: seg.a.j), b = pixel(i: seg.b.i, j: seg.b.j)
      return "M\(f(a.x)) \(f(a.y))L\(f(b.x)) \(f(b.y))"
    }.joined()
  }

  private func axes() -> String {
    let box = plotBox, f = SVGText.number
    var s = "<rect x=\"\(f(box.left))\" y=\"\(f(box.top))\" width=\"\(f(box.width))\" height=\"\(f(box.height))\" fill=\"none\" stroke=\"black\"/>\n"
    s += SVGText.ticks(box, x: x, y: y, grid: false)
    return s
  }

  /// Labelled contour lines at `contourLevels` (default: the colour scale's inner ticks); on a log
  /// colour scale the contours are traced in log10 of the values.
  private func contours(_ values: [Double?], _ scale: PlotScale) -> String {
    let f = SVGText.number
    let levels = contourLevels ?? scale.ticks(maximum: 8).filter { $0 > scale.lower && $0 < scale.upper }
    let log = scale.kind == .log
    let field: [Double?] = log ? values.map { v in v.flatMap { $0 > 0 ? log10($0) : nil } } : values
    var s = "<g class=\"contours\" clip-path=\"url(#map-area)\" stroke=\"white\" stroke-width=\"1\" fill=\"none\" stroke-opacity=\"0.85\">\n"
    var labels = ""
    let box = plotBox
    var placed: [(x0: Double, y0: Double, x1: Double, y1: Double)] = []
    for level in levels {
      let segments = MarchingSquares.contour(field, nx: nx, ny: ny, level: log ? log10(level) : level)
      guard !segments.isEmpty else { continue }
      s += "<path class=\"contour\" data-level=\"\(level.description)\" d=\"\(path(segments))\"/>\n"
      // the label: on the segment nearest the middle of the list whose box clears the labels placed so far
      let text = SVGText.tickLabelPlain(level, scale.kind)
      let w = 6.5 * Double(text.count) + 4, h = 12.0
      var order: [Int] = []
      let mid = segments.count / 2
      for d in 0..<segments.count {
        if mid + d < segments.count { order.append(mid + d) }
        if d > 0 && mid - d >= 0 { order.append(mid - d) }
      }
      for k in order {
        let seg = segments[k]
        let p = pixel(i: (seg.a.i + seg.b.i) / 2, j: (seg.a.j + seg.b.j) / 2)
        let r = (x0: p.x - w / 2, y0: p.y - h / 2, x1: p.x + w / 2, y1: p.y + h / 2)
        guard r.x0 >= box.left, r.x1 <= box.left + box.width, r.y0 >= box.top, r.y1 <= box.top + box.height,
              !placed.contains(where: { r.x0 < $0.x1 && $0.x0 < r.x1 && r.y0 < $0.y1 && $0.y0 < r.y1 }) else { continue }
        placed.append(r)
        labels += "<text class=\"contour-label\" data-level=\"\(level.description)\" x=\"\(f(p.x))\" y=\"\(f(p.y + 4))\" text-anchor=\"middle\" font-size=\"11\" "
        labels += "stroke=\"black\" stroke-width=\"2.5\" stroke-opacity=\"0.6\" paint-order=\"stroke\" fill=\"white\">\(text)</text>\n"
        break
      }
    }
    return s + "</g>\n" + labels
  }

  private func colourBar(_ scale: PlotScale, _ label: LineChart.RichText) -> String {
    let box = plotBox, f = SVGText.number
    let bx = box.left + box.width + 24, bw = 16.0
    var s = "<defs><linearGradient id=\"colour-bar\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">"
    for k in 0...10 { s += "<stop offset=\"\(Double(k) / 10)\" stop-color=\"\(ColourMap.colour(Double(k) / 10))\"/>" }
    s += "</linearGradient></defs>\n"
    s += "<g class=\"colour-bar\" data-scale=\"\(scale.kind.rawValue)\" data-range=\"\(scale.lower.description) \(scale.upper.description)\">\n"
    s += "<rect x=\"\(f(bx))\" y=\"\(f(box.top))\" width=\"\(f(bw))\" height=\"\(f(box.height))\" fill=\"url(#colour-bar)\" stroke=\"black\"/>\n"
    for t in scale.ticks(maximum: 8) {
      guard let fr = scale.fraction(t) else { continue }
      let py = box.top + (1 - fr) * box.height
      s += "<line x1=\"\(f(bx + bw))\" y1=\"\(f(py))\" x2=\"\(f(bx + bw + 4))\" y2=\"\(f(py))\" stroke=\"black\"/>\n"
      s += "<text x=\"\(f(bx + bw + 7))\" y=\"\(f(py + 4))\">\(SVGText.tickLabel(t, scale.kind))</text>\n"
    }
    s += "</g>\n"
    s += "<text transform=\"translate(\(f(bx + bw + 70)) \(f(box.top + box.height / 2))) rotate(-90)\" text-anchor=\"middle\">\(SVGText.rich(label, size: 13))</text>\n"
    return s
  }
}
