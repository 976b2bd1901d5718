import Foundation

/// Text and numbers as they go into our SVG documents (shared by ``LineChart`` and ``HeatMap``).
enum SVGText {
  static func number(_ v: Double) -> String {
    let r = (v * 100).rounded() / 100
    return r == r.rounded() && abs(r) < 1e9 ? String(Int(r)) : String(format: "%.2f", r)
  }

  static func escape(_ t: String) -> String {
    var out = ""
    for ch in t {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(ch)
      }
    }
    return out
  }

  /// Runs as `<tspan>`s; sub- and superscripts are shifted with `dy` and shifted back after, which
  /// every SVG renderer understands (unlike `baseline-shift`).
  static func rich(_ text: LineChart.RichText, size: Double) -> String {
    var out = ""
    var offset = 0.0
    let small = (size * 0.8).rounded()
    var merged: [LineChart.RichText.Run] = []
    for run in text.runs {
      if let last = merged.last, last.baseline == run.baseline { merged[merged.count - 1].text += run.text }
      else { merged.append(run) }
    }
    for run in merged {
      // A prime (′, ″) is drawn at the top of the em box already: raised like a superscript it would
      // climb into the line above (a legend's previous row), so it stays on the baseline.
      let isPrime = !run.text.isEmpty && run.text.allSatisfy { "′″".contains($0) }
      let target: Double
      switch run.baseline {
      case .normal: target = 0
      case .sub: target = size * 0.3
      case .sup: target = isPrime ? 0 : -size * 0.4
      }
      let dy = target - offset
      offset = target
      let dyAttr = dy == 0 ? "" : " dy=\"\(number(dy))\""
      // Kröger–Vink charge marks (• ′ ×) keep the full size: a small prime is hard to see
      let isChargeMark = run.text.allSatisfy { "•′×".contains($0) }
      let sizeAttr = run.baseline == .normal || isChargeMark ? "" : " font-size=\"\(number(small))\""
      out += "<tspan\(dyAttr)\(sizeAttr)>\(escape(run.text))</tspan>"
    }
    if offset != 0 { out += "<tspan dy=\"\(number(-offset))\"></tspan>" }
    return out
  }

  static func tickLabel(_ v: Double, _ kind: PlotScale.Kind) -> String {
    switch kind {
    case .log:
      let k = Int(log10(v).rounded())
      if k == 0 { return "1" }
      if k == 1 { return "10" }
      let exponent = k < 0 ? "−\(-k)" : "\(k)"
      return rich(LineChart.RichText([.init("10"), .init(exponent, .sup)]), size: 13)
    case .linear:
      let text = String(format: "%g", v)
      return escape(text.hasPrefix("-") ? "−" + text.dropFirst() : text)
    }
  }

  /// A tick value as plain text (`1e-5`, `0.25`), for places where tspans do not fit (contour labels).
  static func tickLabelPlain(_ v: Double, _ kind: PlotScale.Kind) -> String {
    switch kind {
    case .log:
      let k = Int(log10(v).rounded())
      return k == 0 ? "1" : "1e\(k)"
    case .linear:
      let text = String(format: "%g", v)
      return escape(text.hasPrefix("-") ? "−" + text.dropFirst() : text)
    }
  }

  /// The XML declaration, the `<svg>` element of `width` × `height` px with the fonts, the `<title>` and a
  /// white background: how every picture starts.
  static func documentStart(width: Double, height: Double, title: LineChart.RichText) -> String {
    let f = number
    var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" "
    s += "viewBox=\"0 0 \(f(width)) \(f(height))\" xml:space=\"preserve\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"13\">\n"
    s += "<title>\(escape(title.plain))</title>\n"
    s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    return s
  }

  /// The opening shared by every chart: XML declaration, `<svg>` of `width` × `height`, the `<title>`,
  /// a white background, a clip path `clipID` over `box`, the bold title and grey subtitle lines, and the
  /// opening `<g class="plot-area">` with the scales and box as data attributes (read back by the tests).
  static func documentOpening(width: Double, height: Double, title: LineChart.RichText, subtitle: String,
                              box: (left: Double, top: Double, width: Double, height: Double), clipID: String,
                              x: PlotScale, y: PlotScale) -> String {
    let f = number
    var s = documentStart(width: width, height: height, title: title)
    s += "<defs><clipPath id=\"\(clipID)\"><rect x=\"\(f(box.left))\" y=\"\(f(box.top))\" width=\"\(f(box.width))\" height=\"\(f(box.height))\"/></clipPath></defs>\n"
    s += "<text x=\"\(f(box.left))\" y=\"24\" font-size=\"16\" font-weight=\"bold\">\(rich(title, size: 16))</text>\n"
    if !subtitle.isEmpty { s += "<text x=\"\(f(box.left))\" y=\"43\" fill=\"#555\">\(escape(subtitle))</text>\n" }
    s += "<g class=\"plot-area\" data-x-scale=\"\(x.kind.rawValue)\" data-x-range=\"\(x.lower.description) \(x.upper.description)\" "
    s += "data-y-scale=\"\(y.kind.rawValue)\" data-y-range=\"\(y.lower.description) \(y.upper.description)\" "
    s += "data-box=\"\(f(box.left)) \(f(box.top)) \(f(box.width)) \(f(box.height))\">\n"
    return s
  }

  /// Tick marks and tick labels along the bottom (x) and left (y) edges of `box`, each preceded by a light
  /// grid line across the plot when `grid` (line charts; heat maps draw none over their cells).
  static func ticks(_ box: (left: Double, top: Double, width: Double, height: Double), x: PlotScale, y: PlotScale,
                    grid: Bool) -> String {
    let f = number
    var s = ""
    for t in x.ticks() {
      guard let fx = x.fraction(t) else { continue }
      let px = box.left + fx * box.width
      if grid { s += "<line x1=\"\(f(px))\" y1=\"\(f(box.top))\" x2=\"\(f(px))\" y2=\"\(f(box.top + box.height))\" stroke=\"#e3e3e3\"/>\n" }
      s += "<line x1=\"\(f(px))\" y1=\"\(f(box.top + box.height))\" x2=\"\(f(px))\" y2=\"\(f(box.top + box.height + 5))\" stroke=\"black\"/>\n"
      s += "<text x=\"\(f(px))\" y=\"\(f(box.top + box.height + 20))\" text-anchor=\"middle\">\(tickLabel(t, x.kind))</text>\n"
    }
    for t in y.ticks() {
      guard let fy = y.fraction(t) else { continue }
      let py = box.top + (1 - fy) * box.height
      if grid { s += "<line x1=\"\(f(box.left))\" y1=\"\(f(py))\" x2=\"\(f(box.left + box.width))\" y2=\"\(f(py))\" stroke=\"#e3e3e3\"/>\n" }
      s += "<line x1=\"\(f(box.left - 5))\" y1=\"\(f(py))\" x2=\"\(f(box.left))\" y2=\"\(f(py))\" stroke=\"black\"/>\n"
      s += "<text x=\"\(f(box.left - 8))\" y=\"\(f(py + 4))\" text-anchor=\"end\">\(tickLabel(t, y.kind))</text>\n"
    }
    return s
  }
}
