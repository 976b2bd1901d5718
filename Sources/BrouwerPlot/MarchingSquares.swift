/// Contour lines of a field sampled on a rectangular grid (marching squares).
///
/// The field is `values[j * nx + i]` at grid node (i, j); `nil` marks a node without a value (a cell
/// touching one is skipped). Segments come back in fractional grid coordinates (i + t, j), linearly
/// interpolated along cell edges; a saddle cell is resolved by the mean of its four corners.
public enum MarchingSquares {
  public struct Segment: Sendable, Equatable {
    public var a: (i: Double, j: Double)
    public var b: (i: Double, j: Double)
    public static func == (l: Segment, r: Segment) -> Bool { l.a == r.a && l.b == r.b }
  }

  /// The segments of the contour `value == level`; `includeCell(i, j)` can restrict the cells used.
  public static func contour(_ values: [Double?], nx: Int, ny: Int, level: Double,
                             includeCell: ((Int, Int) -> Bool)? = nil) -> [Segment] {
    guard nx >= 2, ny >= 2, values.count == nx * ny else { return [] }
    var out: [Segment] = []
    for j in 0..<(ny - 1) {
      for i in 0..<(nx - 1) {
        if let includeCell, !includeCell(i, j) { continue }
        guard let v00 = values[j * nx + i], let v10 = values[j * nx + i + 1],
              let v11 = values[(j + 1) * nx + i + 1], let v01 = values[(j + 1) * nx + i] else { continue }
        let corners = [v00, v10, v11, v01]
        guard corners.allSatisfy(\.isFinite) else { continue }
        var index = 0
        for (k, v) in corners.enumerated() where v > level { index |= 1 << k }
        if index == 0 || index == 15 { continue }
        // crossing points on the four edges: bottom (00–10), right (10–11), top (01–11), left (00–01)
        func t(_ a: Double, _ b: Double) -> Double { a == b ? 0.5 : (level - a) / (b - a) }
        let x = Double(i), y = Double(j)
        let bottom = (x + t(v00, v10), y), right = (x + 1, y + t(v10, v11))
        let top = (x + t(v01, v11), y + 1), left = (x, y + t(v00, v01))
        func add(_ p: (Double, Double), _ q: (Double, Double)) { out.append(Segment(a: p, b: q)) }
        switch index {
        case 1, 14: add(left, bottom)
        case 2, 13: add(bottom, right)
        case 3, 12: add(left, right)
        case 4, 11: add(right, top)
        case 6, 9: add(bottom, top)
        case 7, 8: add(left, top)
        case 5, 10:
          // saddle: corners 0 and 2 on one side, 1 and 3 on the other
          let centreAbove = (v00 + v10 + v11 + v01) / 4 > level
          if (index == 5) == centreAbove { add(left, top); add(bottom, right) } else { add(left, bottom); add(right, top) }
        default: break
        }
      }
    }
    return out
  }
}
