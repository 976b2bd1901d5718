/// Polylines thinned to the resolution of the drawing.
///
/// A sweep of 10⁶ points gives 10⁶ vertices per line, thousands per pixel. Keeping a vertex only when
/// it lies more than `tolerance` px from the last kept one (radial-distance simplification, one pass,
/// O(n)) leaves at most one vertex per `tolerance` px of drawn length: the line moves by less than
/// `tolerance` px anywhere, and the SVG stays small whatever the sweep size. The first and last
/// vertices are always kept, so joined pieces still meet.
public enum PixelPath {
  public static func simplified(_ points: [(Double, Double)], tolerance: Double = 0.5) -> [(Double, Double)] {
    guard points.count > 2 else { return points }
    let limit = tolerance * tolerance
    var kept: [(Double, Double)] = [points[0]]
    kept.reserveCapacity(min(points.count, 4096))
    var last = points[0]
    for p in points.dropFirst().dropLast() {
      let dx = p.0 - last.0, dy = p.1 - last.1
      if dx * dx + dy * dy > limit {
        kept.append(p)
        last = p
      }
    }
    kept.append(points[points.count - 1])
    return kept
  }
}
