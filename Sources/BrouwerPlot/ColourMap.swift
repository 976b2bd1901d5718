import Foundation

/// A perceptually ordered colour map: 11 anchors along matplotlib's viridis, linearly interpolated.
public enum ColourMap {
  static let anchors: [(Double, Double, Double)] = [
    (0.267, 0.005, 0.329), (0.283, 0.141, 0.458), (0.254, 0.265, 0.530), (0.207, 0.372, 0.553),
    (0.164, 0.471, 0.558), (0.128, 0.567, 0.551), (0.135, 0.659, 0.518), (0.267, 0.749, 0.441),
    (0.478, 0.821, 0.318), (0.741, 0.873, 0.150), (0.993, 0.906, 0.144),
  ]

  /// `#rrggbb` at `f` ∈ [0, 1] (clamped).
  public static func colour(_ f: Double) -> String {
    let x = min(1, max(0, f.isFinite ? f : 0)) * Double(anchors.count - 1)
    let k = min(Int(x), anchors.count - 2), t = x - Double(k)
    let (a, b) = (anchors[k], anchors[k + 1])
    func byte(_ u: Double, _ v: Double) -> Int { Int(((u + (v - u) * t) * 255).rounded()) }
    return String(format: "#%02x%02x%02x", byte(a.0, b.0), byte(a.1, b.1), byte(a.2, b.2))
  }
}
