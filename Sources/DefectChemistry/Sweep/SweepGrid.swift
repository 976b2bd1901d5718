/// A grid of points: the Cartesian product of axes, outer to inner. The innermost axis is the
/// continuation line: points along it are solved in order, each from its neighbour.
///
/// Axis order used by the CLI: model parameters (`--set` ranges), then T, then pressures other
/// than pO2 (pH2O, pH2), then pO2 innermost — the order of a Brouwer diagram.
public struct SweepGrid: Sendable {
  public enum Coordinate: Sendable, Equatable {
    case parameter(DefectModel.Parameter)
    case temperature
    case pressure(String)
  }

  public struct Axis: Sendable {
    public var coordinate: Coordinate
    public var values: [Double]
    public init(_ coordinate: Coordinate, _ values: [Double]) {
      self.coordinate = coordinate
      self.values = values
    }
  }

  public var axes: [Axis]

  public init(axes: [Axis]) {
    precondition(!axes.isEmpty && axes.allSatisfy { !$0.values.isEmpty })
    self.axes = axes
  }

  /// Number of points.
  public var count: Int { axes.reduce(1) { $0 * $1.values.count } }
  /// Points per continuation line (the innermost axis).
  public var lineLength: Int { axes.last!.values.count }
  public var lineCount: Int { count / lineLength }

  /// Index of each axis' value at flat point `index` (row-major, innermost fastest).
  public func indices(of index: Int) -> [Int] {
    var rest = index
    var result = [Int](repeating: 0, count: axes.count)
    for a in stride(from: axes.count - 1, through: 0, by: -1) {
      result[a] = rest % axes[a].values.count
      rest /= axes[a].values.count
    }
    return result
  }

  /// The points of shard `k` of `n` (1-based k): contiguous, disjoint, covering the grid in order.
  public func shard(_ k: Int, of n: Int) -> Range<Int> {
    precondition(n >= 1 && k >= 1 && k <= n)
    let lo = count * (k - 1) / n
    let hi = count * k / n
    return lo..<hi
  }
}
