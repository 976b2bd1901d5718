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

  /// Most points a grid may have (so that every index and count fits an Int with room to spare).
  public static let maximumCount = 1 << 40

  /// Number of points (check ``checkedCount`` first for grids built from user input).
  public var count: Int { axes.reduce(1) { $0 * $1.values.count } }

  /// Number of points, or `nil` if above ``maximumCount`` (computed without overflow).
  public var checkedCount: Int? {
    var n = 1
    for axis in axes {
      let (p, overflow) = n.multipliedReportingOverflow(by: axis.values.count)
      guard !overflow, p <= Self.maximumCount else { return nil }
      n = p
    }
    return n
  }
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
    // count·k can exceed Int for large k and n: divide the full-width product
    let lo = n.dividingFullWidth(count.multipliedFullWidth(by: k - 1)).quotient
    let hi = n.dividingFullWidth(count.multipliedFullWidth(by: k)).quotient
    return lo..<hi
  }
}
