import DecimalText
import Foundation

/// Scratch space of one writer thread, reused from row to row: partial conductivities, the carriers'
/// mobilities at the last temperature (μ(T) is a pure function of T: same bits when T repeats), and for
/// the columns that repeat along a line (grid coordinates, fixed levels) the last number written and its
/// text, copied instead of formatted again. Same bits, same text: the output does not change.
package final class RowScratch {
  private(set) var partial: UnsafeMutablePointer<Double>
  private(set) var mobility: UnsafeMutablePointer<Double>
  /// The row's values (``CSVLayout/rowValues(into:axisValues:temperature:concentrations:slopes:converged:residual:scratch:)``), one per column.
  private(set) var values: UnsafeMutablePointer<Double>
  /// δ's and the oxygen content's minority forms (``ConservationIdentities``), kept from row to row while
  /// the basis of majority species stays the same.
  private(set) var minority = MinorityForms(n: 0, m: 0)
  /// The same for the layout's state bounds (``StateValidity``, δ of its own model instance).
  private(set) var stateMinority = MinorityForms(n: 0, m: 0)
  /// The bits of the temperature `mobility` holds values for (NaN's bits: none yet).
  var mobilityTemperature = Double.nan.bitPattern
  private var bits: UnsafeMutablePointer<UInt64>
  private var lengths: UnsafeMutablePointer<Int>
  private var text: UnsafeMutablePointer<UInt8>
  private var columns = 0, species = 0, carriers = 0
  static let slot = 32

  package init() {
    partial = .allocate(capacity: 1)
    mobility = .allocate(capacity: 1)
    values = .allocate(capacity: 1)
    bits = .allocate(capacity: 1)
    lengths = .allocate(capacity: 1)
    text = .allocate(capacity: Self.slot)
    lengths[0] = 0
  }

  deinit {
    partial.deallocate(); mobility.deallocate(); values.deallocate()
    bits.deallocate(); lengths.deallocate(); text.deallocate()
  }

  /// Whether this scratch was sized by ``prepare(for:)`` for a layout of this shape (checked by every row).
  @inline(__always)
  func fits(columns n: Int, species s: Int, carriers k: Int) -> Bool { n == columns && s == species && k == carriers }

  /// Sized for `layout`; forgets everything cached (call once per layout, before its first row).
  package func prepare(for layout: CSVLayout) {
    let n = layout.columns.count
    if n != columns {
      bits = Self.reallocated(bits, n)
      lengths = Self.reallocated(lengths, n)
      text = Self.reallocated(text, n * Self.slot)
      values = Self.reallocated(values, n)
      columns = n
    }
    lengths.update(repeating: 0, count: max(n, 1))
    let s = layout.model.species.count
    if s != species {
      partial = Self.reallocated(partial, s)
      species = s
    }
    partial.update(repeating: 0, count: max(s, 1))
    let k = layout.terms.derived.carrierCount
    if k != carriers {
      mobility = Self.reallocated(mobility, k)
      carriers = k
    }
    mobilityTemperature = Double.nan.bitPattern
    minority = MinorityForms(layout.terms.derived.conservation)
    stateMinority = MinorityForms(layout.stateValidity.conservation)
  }

  /// `p` freed and a new uninitialised buffer of `count` (at least 1) in its place.
  private static func reallocated<T>(_ p: UnsafeMutablePointer<T>, _ count: Int) -> UnsafeMutablePointer<T> {
    p.deallocate()
    return .allocate(capacity: max(count, 1))
  }

  /// Writes `x` (shortest round-trip digits) for column `k`, from the cache when the bits repeat.
  @inline(__always)
  func write(_ x: Double, column k: Int, to out: inout ByteBuffer) {
    let b = x.bitPattern
    if lengths[k] > 0 && bits[k] == b {
      out.append(text + k * Self.slot, count: lengths[k])
      return
    }
    let start = out.count
    out.append(x)
    let n = out.count - start
    if n <= Self.slot {
      out.copyTail(from: start, into: text + k * Self.slot)
      bits[k] = b
      lengths[k] = n
    }
  }
}
