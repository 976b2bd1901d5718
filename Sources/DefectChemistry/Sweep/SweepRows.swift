import DecimalText
import Foundation

/// What a sweep makes of each solved point's row, per segment: CSV text (``CSVRows``) or the values
/// themselves (``ValueRows``). Both go through ``CSVLayout/rowValues(into:axisValues:temperature:concentrations:slopes:converged:residual:scratch:)``,
/// so the numbers are the same; the text is one way of writing them.
protocol RowSink: Sendable {
  associatedtype Output
  func makeOutput() -> Output
  /// Empties `output` (keeping its storage) for a segment whose first kept point is `point`.
  func start(_ output: inout Output, at point: Int)
  func append(_ layout: CSVLayout, to output: inout Output, axisValues: [Double], temperature: Double,
              concentrations: [Double], slopes: Sensitivities?, converged: Bool, residual: Double, scratch: RowScratch)
}

/// Rows as CSV bytes.
struct CSVRows: RowSink {
  func makeOutput() -> ByteBuffer { ByteBuffer(capacity: 1 << 16) }
  func start(_ output: inout ByteBuffer, at point: Int) { output.removeAll() }
  @inline(__always)
  func append(_ layout: CSVLayout, to output: inout ByteBuffer, axisValues: [Double], temperature: Double,
              concentrations: [Double], slopes: Sensitivities?, converged: Bool, residual: Double, scratch: RowScratch) {
    layout.appendRow(to: &output, axisValues: axisValues, temperature: temperature, concentrations: concentrations,
                     slopes: slopes, converged: converged, residual: residual, scratch: scratch)
  }
}

/// Rows as values (``SweepRows``).
struct ValueRows: RowSink {
  let columns: Int
  func makeOutput() -> SweepRows { SweepRows(columns: columns, firstPoint: 0, values: []) }
  func start(_ output: inout SweepRows, at point: Int) {
    output.values.removeAll(keepingCapacity: true)
    output.firstPoint = point
  }
  @inline(__always)
  func append(_ layout: CSVLayout, to output: inout SweepRows, axisValues: [Double], temperature: Double,
              concentrations: [Double], slopes: Sensitivities?, converged: Bool, residual: Double, scratch: RowScratch) {
    layout.rowValues(into: scratch.values, axisValues: axisValues, temperature: temperature, concentrations: concentrations,
                     slopes: slopes, converged: converged, residual: residual, scratch: scratch)
    output.values.append(contentsOf: UnsafeBufferPointer(start: scratch.values, count: columns))
  }
}

/// Consecutive rows of a sweep as values: `columns` numbers per row, row-major, for the points
/// `firstPoint`, `firstPoint + 1`, … of the grid. A value is NaN where the CSV field would be empty (an
/// unconverged point keeps only its coordinates, flags and residual); the flags `converged` and
/// `in_validity` are 1 or 0.
public struct SweepRows: Sendable {
  public let columns: Int
  /// Grid index of the first row.
  public internal(set) var firstPoint: Int
  public internal(set) var values: [Double]

  public var count: Int { columns == 0 ? 0 : values.count / columns }
  /// The values of row `r` (0-based within these rows).
  public func row(_ r: Int) -> ArraySlice<Double> { values[(r * columns)..<((r + 1) * columns)] }
}

/// A solved sweep as one table of values: the layout's headers and columns, and one row per point.
/// ``value(_:_:)`` is `nil` exactly where the CSV field is empty; ``converged(_:)`` reads the flag.
public struct SweepTable: Sendable {
  public let layout: CSVLayout
  /// Grid index of row 0.
  public let firstPoint: Int
  /// Row-major, `layout.columns.count` per row (NaN: no value).
  public let values: [Double]
  public let summary: SweepRunner.Summary
  /// Index of the `converged` column, if the layout has one.
  public let convergedColumn: Int?

  package init(layout: CSVLayout, firstPoint: Int, values: [Double], summary: SweepRunner.Summary) {
    self.layout = layout
    self.firstPoint = firstPoint
    self.values = values
    self.summary = summary
    convergedColumn = layout.columns.firstIndex(of: .converged)
  }

  public var headers: [String] { layout.headers }
  public var rowCount: Int { layout.columns.isEmpty ? 0 : values.count / layout.columns.count }

  /// The number in row `r`, column `k`; `nil` where the CSV prints an empty field.
  public func value(_ r: Int, _ k: Int) -> Double? {
    let x = values[r * layout.columns.count + k]
    return x.isFinite ? x : nil
  }

  /// Whether row `r` converged (`true` for a layout without a `converged` column).
  public func converged(_ r: Int) -> Bool {
    guard let k = convergedColumn else { return true }
    return values[r * layout.columns.count + k] != 0
  }


  /// The column named `name` (a header, or any Kröger–Vink spelling of a species).
  public func column(_ name: String) -> Int? { CSVLayout.index(ofColumn: name, in: headers) }
}
