/// A growable byte buffer that text and numbers are appended to without a `String` per value.
///
/// Doubles are formatted by ``ShortestDecimal`` straight into the buffer: the same shortest round-trip
/// text as `Double.description`, byte for byte, with no allocation once the buffer has grown to its
/// working size. Reuse one buffer with
/// ``removeAll()``. A buffer is a unique owner of its storage (a class box, not copied on write): pass
/// it `inout`, do not copy it.
public struct ByteBuffer: TextOutputStream, @unchecked Sendable {
  private final class Storage {
    var base: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var count = 0
    let formatter = ShortestDecimal.shared
    init(capacity: Int) {
      self.capacity = max(capacity, 64)
      base = .allocate(capacity: self.capacity)
    }
    deinit { base.deallocate() }

    @inline(__always)
    func reserve(_ extra: Int) {
      guard count + extra > capacity else { return }
      var newCapacity = capacity * 2
      while count + extra > newCapacity { newCapacity *= 2 }
      let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
      grown.update(from: base, count: count)
      base.deallocate()
      base = grown
      capacity = newCapacity
    }
  }

  private let storage: Storage

  public init(capacity: Int = 1 << 16) { storage = Storage(capacity: capacity) }

  public var count: Int { storage.count }
  public var isEmpty: Bool { storage.count == 0 }

  /// The bytes written so far (valid until the next write or ``removeAll()``).
  public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    try body(UnsafeRawBufferPointer(start: storage.base, count: storage.count))
  }

  public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: storage.base, count: storage.count)) }

  public mutating func write(_ string: String) {
    var s = string
    s.withUTF8 { _writeASCII($0) }
  }

  /// Called by `Double.write(to:)` and `Int.write(to:)` with their ASCII digits.
  @inline(__always)
  public mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
    let n = buffer.count
    storage.reserve(n)
    if let source = buffer.baseAddress { (storage.base + storage.count).update(from: source, count: n) }
    storage.count += n
  }

  @inline(__always)
  public mutating func append(_ byte: UInt8) {
    storage.reserve(1)
    storage.base[storage.count] = byte
    storage.count += 1
  }

  /// Appends `count` bytes from `source`.
  @inline(__always)
  public mutating func append(_ source: UnsafePointer<UInt8>, count: Int) {
    storage.reserve(count)
    (storage.base + storage.count).update(from: source, count: count)
    storage.count += count
  }

  /// Appends the bytes of a constant string.
  @inline(__always)
  public mutating func append(_ text: StaticString) {
    append(text.utf8Start, count: text.utf8CodeUnitCount)
  }

  /// Copies the bytes from `start` to the end into `destination` (for caching what was just written).
  @inline(__always)
  package func copyTail(from start: Int, into destination: UnsafeMutablePointer<UInt8>) {
    destination.update(from: storage.base + start, count: storage.count - start)
  }

  /// Shortest round-trip text of `x`, byte for byte `x.description`.
  @inline(__always)
  public mutating func append(_ x: Double) {
    storage.reserve(ShortestDecimal.maximumLength)
    if let n = storage.formatter.format(x, into: storage.base + storage.count) {
      storage.count += n
    } else {
      x.write(to: &self)   // nan, inf, -inf
    }
  }

  /// Empties the buffer and keeps its storage.
  public mutating func removeAll() { storage.count = 0 }

  public var string: String { String(decoding: UnsafeBufferPointer(start: storage.base, count: storage.count), as: UTF8.self) }
}
