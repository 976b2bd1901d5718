import Foundation

/// A field over two axes drawn as coloured cells — a defect map. Rendering is in `HeatMap+SVG.swift`.
///
/// Either a continuous field (one colour per value on a linear or log colour scale, with a colour bar
/// and labelled contour lines) or a categorical one: per node a score for each category (e.g. ln c of
/// each species), the cell coloured by the category with the largest score and regime boundaries drawn
/// where two categories' scores are equal (marching squares on the difference, in cells where only
/// those two dominate).
public struct HeatMap: Sendable {
  public enum Field: Sendable {
    /// Values at the nodes (row-major, y outer: `values[j * nx + i]`), on `scale`.
    case continuous(values: [Double?], scale: PlotScale, label: LineChart.RichText)
    /// One score array per category (same layout); the largest score wins at each node.
    case dominant(scores: [[Double?]], names: [String], labels: [LineChart.RichText])
  }

  public var title: LineChart.RichText
  public var subtitle: String
  public var xLabel: LineChart.RichText
  public var yLabel: LineChart.RichText
  /// Node coordinates, ascending.
  public var xValues: [Double]
  public var yValues: [Double]
  public var x: PlotScale
  public var y: PlotScale
  public var field: Field
  /// Contour levels for a continuous field (default: the colour scale's ticks); empty for none.
  public var contourLevels: [Double]?
  public var plotWidth = 480.0
  public var plotHeight = 380.0

  public init(title: LineChart.RichText, subtitle: String = "", xLabel: LineChart.RichText, yLabel: LineChart.RichText,
              xValues: [Double], yValues: [Double], x: PlotScale, y: PlotScale, field: Field) {
    self.title = title
    self.subtitle = subtitle
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.xValues = xValues
    self.yValues = yValues
    self.x = x
    self.y = y
    self.field = field
  }

  public var nx: Int { xValues.count }
  public var ny: Int { yValues.count }

  /// The winning category per node (`nil` where any score is missing).
  public func dominantCategory(_ scores: [[Double?]]) -> [Int?] {
    (0..<(nx * ny)).map { k in
      var best: (Int, Double)?
      for (c, s) in scores.enumerated() {
        guard let v = s[k], v.isFinite else { return nil }
        if best == nil || v > best!.1 { best = (c, v) }
      }
      return best?.0
    }
  }

  /// Regime boundaries: for each pair of categories that meet, the zero contour of their score
  /// difference in the cells whose corners are dominated by those two only. Fractional grid coordinates.
  public func regimeBoundaries(_ scores: [[Double?]]) -> [(a: Int, b: Int, segments: [MarchingSquares.Segment])] {
    let winner = dominantCategory(scores)
    var result: [(Int, Int, [MarchingSquares.Segment])] = []
    let categories = scores.count
    for a in 0..<categories {
      for b in (a + 1)..<max(a + 1, categories) {
        let difference: [Double?] = (0..<(nx * ny)).map { k in
          guard let u = scores[a][k], let v = scores[b][k] else { return nil }
          return u - v
        }
        let segments = MarchingSquares.contour(difference, nx: nx, ny: ny, level: 0) { i, j in
          let corners = [j * nx + i, j * nx + i + 1, (j + 1) * nx + i, (j + 1) * nx + i + 1].map { winner[$0] }
          return corners.contains(a) && corners.contains(b) && corners.allSatisfy { $0 == a || $0 == b }
        }
        if !segments.isEmpty { result.append((a, b, segments)) }
      }
    }
    return result
  }

  /// Pixel position of a fractional grid coordinate (interpolated between the nodes' pixel positions).
  func pixel(i: Double, j: Double) -> (x: Double, y: Double) {
    func along(_ t: Double, _ nodes: [Double], _ scale: PlotScale) -> Double {
      let k = min(max(Int(t.rounded(.down)), 0), max(nodes.count - 2, 0))
      let u = t - Double(k)
      let f0 = scale.fraction(nodes[k]) ?? 0
      let f1 = nodes.count > 1 ? scale.fraction(nodes[k + 1]) ?? 0 : f0
      return f0 + u * (f1 - f0)
    }
    let box = plotBox
    return (box.left + along(i, xValues, x) * box.width, box.top + (1 - along(j, yValues, y)) * box.height)
  }

  public var plotBox: (left: Double, top: Double, width: Double, height: Double) { (84, 62, plotWidth, plotHeight) }
}
