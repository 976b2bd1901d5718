import DefectChemistry
import DecimalText
import Foundation
import TestSupport

/// The number-formatting benchmark and cross-check: `ByteBuffer.append(Double)` (the CSV writer's
/// formatter) against Swift's own `Double.write(to:)` on the same values — speed of each, and every
/// value's bytes compared (exit status 1 on any difference). Then, untimed, a quarter as many short
/// decimals (1–17 significant digits, read from text, so every layout and digit count is met; random
/// bit patterns almost never have fewer than 16 digits) compared the same way.
enum Formatting {
  static func run(values count: Int) {
    // Half random bit patterns (every exponent, subnormals included), half what sweeps print:
    // log-uniform magnitudes 1e-40 … 1e5 with full 53-bit precision, either sign.
    var random = SplitMix64(seed: 0x5EED_F0F0)
    func next() -> UInt64 { random.next() }
    let chunk = 1 << 20
    var checked = 0, mismatches = 0
    var fast = 0.0, swift = 0.0
    var ours = ByteBuffer(capacity: 1 << 26), theirs = ByteBuffer(capacity: 1 << 26)
    while checked < count {
      let n = min(chunk, count - checked)
      var values = [Double]()
      values.reserveCapacity(n)
      while values.count < n {
        let bits = next()
        if values.count % 2 == 0 {
          let x = Double(bitPattern: bits)
          if x.isFinite { values.append(x) }
        } else {
          let u = Double(bits >> 11) / Double(1 << 53)
          let x = pow(10, -40 + 45 * u) * (bits & 1 == 0 ? 1 : -1)
          values.append(x)
        }
      }
      ours.removeAll(); theirs.removeAll()
      var t0 = monotonicSeconds()
      for x in values { ours.append(x); ours.append(UInt8(10)) }
      fast += monotonicSeconds() - t0
      t0 = monotonicSeconds()
      for x in values { x.write(to: &theirs); theirs.append(UInt8(10)) }
      swift += monotonicSeconds() - t0
      if ours.bytes != theirs.bytes {
        let a = ours.string.split(separator: "\n"), b = theirs.string.split(separator: "\n")
        for (i, (x, y)) in zip(a, b).enumerated() where x != y {
          mismatches += 1
          if mismatches <= 5 { print("mismatch: bits \(values[i].bitPattern): \(x) vs \(y)") }
        }
      }
      checked += n
    }
    print("brouwer-bench --formatting: \(checked) values, each formatted by ByteBuffer.append and by Double.write(to:)")
    print(String(format: "ByteBuffer.append   %6.1f ns/value", fast / Double(checked) * 1e9))
    print(String(format: "Double.write(to:)   %6.1f ns/value", swift / Double(checked) * 1e9))
    print("mismatches: \(mismatches)")
    let short = count / 4
    var shortMismatches = 0
    var buffer = ByteBuffer(capacity: 64)
    for _ in 0 ..< short {
      let bits = next()
      let digits = Int(bits % 17) + 1
      var mantissa = (bits >> 5) % 9 + 1
      var more = next()
      for _ in 1 ..< digits { mantissa = mantissa * 10 + more % 10; more /= 10 }
      // Exponents mostly where the positional layouts are (10^-8 … 10^20), the rest anywhere.
      let exponent = (bits >> 40) % 4 == 0 ? Int((bits >> 42) % 650) - 340 : Int((bits >> 42) % 29) - 8 - digits
      guard let x = Double("\(mantissa)e\(exponent)"), x.isFinite else { continue }
      let y = bits >> 63 == 0 ? x : -x
      buffer.removeAll()
      buffer.append(y)
      if buffer.string != y.description {
        shortMismatches += 1
        if shortMismatches <= 5 { print("mismatch: bits \(y.bitPattern): \(buffer.string) vs \(y.description)") }
      }
    }
    print("short decimals: \(short) compared (untimed), mismatches: \(shortMismatches)")
    mismatches += shortMismatches
    exit(mismatches == 0 ? 0 : 1)
  }
}
