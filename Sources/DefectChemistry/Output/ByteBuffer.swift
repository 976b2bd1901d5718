/// A growable byte buffer that text and numbers are appended to without a `String` per value.
///
/// Doubles go through `Double.write(to:)`, which formats into a stack buffer and hands the ASCII bytes
/// to ``_writeASCII(_:)``: the same shortest round-trip digits as `Double.description`, no allocation
/// once the buffer has grown to its working size. Reuse one buffer with ``removeAll()``.
public struct ByteBuffer: TextOutputStream, Sendable {
  public private(set) var bytes: [UInt8]

  public init(capacity: Int = 1 << 16) {
    bytes = []
    bytes.reserveCapacity(capacity)
  }

  public var count: Int { bytes.count }
  public var isEmpty: Bool { bytes.isEmpty }

  public mutating func write(_ string: String) {
    var s = string
    s.withUTF8 { bytes.append(contentsOf: $0) }
  }

  /// Called by `Double.write(to:)` and `Int.write(to:)` with their ASCII digits.
  public mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
    bytes.append(contentsOf: buffer)
  }

  @inline(__always)
  public mutating func append(_ byte: UInt8) { bytes.append(byte) }

  public mutating func append(contentsOf other: ByteBuffer) { bytes.append(contentsOf: other.bytes) }

  /// Shortest round-trip text of `x`, byte for byte `x.description`.
  @inline(__always)
  public mutating func append(_ x: Double) { x.write(to: &self) }

  /// Empties the buffer and keeps its storage.
  public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

  public var string: String { String(decoding: bytes, as: UTF8.self) }
}
