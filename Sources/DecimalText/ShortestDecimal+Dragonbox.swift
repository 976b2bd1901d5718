extension ShortestDecimal {
  /// The shortest decimal in the rounding interval I of v = c·2^q and, among those, the closest to v (ties
  /// to even), as (digits, exponent, count): its `count` significant digits left-aligned to 17 (a multiple
  /// of 10^(17 − count) below 10^17) and v = 0.d1d2… × 10^exponent. I is v ± half an ulp (a quarter below
  /// when c = 2^52 and v is normal), closed when c is even. Count 0 for the few values left to
  /// ``exactDecimal(q:c:)`` (about 5 % of what sweeps print), which answers for every value.
  ///
  /// The Dragonbox algorithm (J. Jeon, "Dragonbox: A New Floating-Point Binary-to-Decimal Conversion
  /// Algorithm", 2020/2024), written here from the paper, κ = 2, Q = 128 (Algorithms 5.2 and 5.4; the
  /// shorter interval of c = 2^52 in ``shorterInterval(_:)``, Algorithm 5.6). With ∆ = 2^q the interval's
  /// length and k = κ − ⌊q·log10 2⌋ (so 100 ≤ δ = 10^k·∆ < 1000), z = 10^k·(c + ½)·2^q is I's right end
  /// scaled: ONE 64×128-bit product z⁽ⁱ⁾ = ⌊2^β·(2c + 1)·φ̃_k / 2^128⌋ (β = q + ⌊k·log2 10⌋ ∈ 6…9), and
  /// z⁽ⁱ⁾ = 1000·s + r. I holds a multiple of 10^(3−k) — one digit fewer than the 16–17 at 10^(2−k) — iff
  /// r + z⁽ᶠ⁾ ≤ δ (< when I is open; and not r = z⁽ᶠ⁾ = 0 when its right end is out, 5.1.1): r against
  /// δ⁽ⁱ⁾ = ⌊φ̃_k / 2^(127−β)⌋ decides it but for r = δ⁽ⁱ⁾, where the parity of x⁽ⁱ⁾ (x: the left end) and
  /// whether x is an integer (5.1.6) do. Otherwise the answer is y = 10^k·v rounded to a multiple of
  /// 10^κ, i.e. v rounded at 10^(2−k) (Proposition 5.3: both neighbours are in I): 10·s̃ + t with
  /// D = r̃ + 50 − ⌊δ⁽ⁱ⁾/2⌋ = 100·t + ρ, exact unless ρ = 0, when y⁽ⁱ⁾'s parity says whether to take one
  /// off and whether y is an integer says whether it is a tie (then the even one).
  ///
  /// Only s can end in zeros (the other answer is not a multiple of 10, or the first test would have found
  /// one). For a normal c ≠ 2^52, 10s and 10s + t lie in [10^15, 10^17) and have as many digits as each
  /// other, so the common case — r ≠ 0, r ≠ δ⁽ⁱ⁾, s not ending in 0, ρ ≠ 0 — needs no branch on which
  /// answer it is (a coin toss, costly to mispredict): digits 10s + (t or 0), times 10 when below 10^16.
  @inline(__always)
  func decimal(q: Int, c: UInt64) -> (UInt64, Int, Int) {
    let (minusK0, _, _, s, r, deltai, _) = scaled(q: q, c: c)
    let shorter: UInt64 = r < deltai ? 1 : 0
    let d = UInt32(truncatingIfNeeded: r &+ 50 &- deltai &>> 1)   // D (when r > δ⁽ⁱ⁾: ≤ 1050)
    let dm = d &* 656                                    // ⌊D/100⌋ = ⌊D·656/2^16⌋; 100 | D iff the rest < 656 (5.1.8)
    let inverse = s &* 0xCCCC_CCCC_CCCC_CCCD              // 10 | s iff this rotated by one is ≤ ⌊(2^64 − 1)/10⌋
    let sEndsInZero: UInt64 = (inverse &>> 1 | inverse &<< 63) <= 0x1999_9999_9999_9999 ? 1 : 0
    let rhoIsZero: UInt64 = dm & 0xFFFF < 656 ? 1 : 0
    let rare = shorter & sEndsInZero | (shorter ^ 1) & rhoIsZero
    if _fastPath(rare == 0 && r != 0 && r != deltai && c > 1 << 52) {
      let g = 10 &* s &+ (UInt64(dm &>> 16) & (shorter &- 1))   // 10s, or 10s + t
      let wide = g >= 10_000_000_000_000_000
      return (wide ? g : 10 &* g, minusK0 &+ (wide ? 17 : 16), (wide ? 17 : 16) &- Int(truncatingIfNeeded: shorter))
    }
    return (0, 0, 0)                                     // count 0: ask exactDecimal(q:c:)
  }

  /// Algorithm 5.2's scaling for v = c·2^q: (⌊q·log10 2⌋, β, φ̃_k, s, r, δ⁽ⁱ⁾, z's middle word) with
  /// z⁽ⁱ⁾ = 1000·s + r. Any q and c give a valid table index (also c = 2^52, where it is not used).
  @inline(__always)
  func scaled(q: Int, c: UInt64) -> (Int, Int, (UInt64, UInt64), UInt64, UInt64, UInt64, UInt64) {
    let minusK0 = (q &* 315_653) &>> 20                  // ⌊q·log10 2⌋, |q| ≤ 2620 (paper, 6.1)
    let k = 2 &- minusK0
    let beta = q &+ (k &* 1_741_647) &>> 19              // q + ⌊k·log2 10⌋, |k| ≤ 4003 (paper, 6.2)
    let phi = powers[k &- PowersOfTen.minimumExponent]   // (high, low) words of φ̃_k
    let (zi, zFraction) = Self.upper128((c &<< 1 | 1) &<< UInt64(truncatingIfNeeded: beta), phi)
    let deltai = phi.0 &>> UInt64(truncatingIfNeeded: 63 &- beta)
    let s = zi.multipliedFullWidth(by: 2_361_183_241_434_822_607).high &>> 7   // ⌊z⁽ⁱ⁾/1000⌋ (5.1.7)
    return (minusK0, beta, phi, s, zi &- 1000 &* s, deltai, zFraction)
  }

  /// ``decimal(q:c:)`` for every value, the rare ones included: the shorter interval (c = 2^52), r = 0 or
  /// r = δ⁽ⁱ⁾, s ending in a zero, ρ = 0, or a subnormal c.
  @inline(never)
  func exactDecimal(q: Int, c: UInt64) -> (UInt64, Int, Int) {
    if c == 1 << 52 && q != -1074 { return shorterInterval(q) }
    let (minusK0, beta, phi, s, r, deltai, zFraction) = scaled(q: q, c: c)
    let odd = c & 1 != 0                                 // I open at both ends
    let shorter: Bool
    if r < deltai {
      shorter = !(odd && r == 0 && zFraction == 0)        // z an integer iff the middle word is 0 (5.1.5)
    } else if r == deltai {
      let (parity, integer) = Self.parityAndIntegrality((c &<< 1) &- 1, phi, beta)
      shorter = parity || (!odd && integer)
    } else {
      shorter = false
    }
    if shorter { return leftAligned(s, minusK0 &+ 1) }
    let (sTilde, rTilde) = r == 0 ? (s &- 1, UInt64(1000)) : (s, r)
    let d = UInt32(truncatingIfNeeded: rTilde &+ 50 &- deltai &>> 1)    // ≤ 1050
    let dm = d &* 656
    var f = 10 &* sTilde &+ UInt64(dm &>> 16)
    if dm & 0xFFFF < 656 {
      let (parity, integer) = Self.parityAndIntegrality(c &<< 1, phi, beta)
      if parity != (d & 1 != 0) {
        f &-= 1                                          // z⁽ᶠ⁾ < ε⁽ᶠ⁾: y⁽ʳᵘ⁾ is one less
      } else if integer && f & 1 != 0 {
        f &-= 1                                          // a tie: the even neighbour
      }
    }
    return leftAligned(f, minusK0)
  }

  /// The upper 128 bits of the 192-bit n·φ (φ = φ.0·2^64 + φ.1) as (high word, middle word).
  @inline(__always)
  static func upper128(_ n: UInt64, _ phi: (UInt64, UInt64)) -> (UInt64, UInt64) {
    let low = n.multipliedFullWidth(by: phi.1)
    let high = n.multipliedFullWidth(by: phi.0)
    let (middle, carry) = high.low.addingReportingOverflow(low.high)
    return (high.high &+ (carry ? 1 : 0), middle)
  }

  /// For a = ⌊2^β·n·φ̃ / 2^128⌋ (n < 2^55): whether a is odd, and whether 2^β·n·φ̃ / 2^128 is an integer,
  /// i.e. n·φ̃ mod 2^(128−β) < 2^(64−β) (5.1.6; exact for every n the algorithm asks about).
  @inline(never)
  static func parityAndIntegrality(_ n: UInt64, _ phi: (UInt64, UInt64), _ beta: Int) -> (Bool, Bool) {
    let low = n.multipliedFullWidth(by: phi.1)
    let middle = low.high &+ n &* phi.0            // bits 64…127 of n·φ̃
    let parity = (middle &>> UInt64(truncatingIfNeeded: 64 &- beta)) & 1 != 0
    let integer = middle &<< UInt64(truncatingIfNeeded: beta) == 0 && low.low &>> UInt64(truncatingIfNeeded: 64 &- beta) == 0
    return (parity, integer)
  }

  /// Algorithm 5.6 of the paper, for c = 2^52 and q > −1074, where I reaches only a quarter ulp below
  /// (∆ = 3·2^(q−2)) and is closed (c is even): with k0 = −⌊log10 ∆⌋ and β = q + ⌊k0·log2 10⌋ ∈ 0…3, the
  /// ends x⁽ⁱ⁾, z⁽ⁱ⁾ and y⁽ʳᵘ⁾ = ⌊10^k0·v + ½⌋ come from φ̃_k0's high word by shifts alone (5.2.1–5.2.2);
  /// x is an integer iff 2 ≤ q ≤ 3 (5.2.3), and y is halfway between two integers iff q = −77 (5.2.4).
  @inline(never)
  func shorterInterval(_ q: Int) -> (UInt64, Int, Int) {
    let minusK0 = (q &* 661_971_961_083 &- 274_743_187_321) &>> 41   // ⌊log10(¾·2^q)⌋
    let k0 = 0 &- minusK0
    let beta = q &+ (k0 &* 1_741_647) &>> 19
    let h = powers[k0 &- PowersOfTen.minimumExponent].0
    let shift = UInt64(truncatingIfNeeded: 11 &- beta)
    let xi = (h &- h &>> 54) &>> shift
    let zi = (h &+ h &>> 53) &>> shift
    let xTilde = xi &+ (q >= 2 && q <= 3 ? 0 : 1)        // the least integer in 10^k0·I
    let s = zi / 10                                      // z⁽ⁱ⁾ is in I (closed): z̃⁽ⁱ⁾ = z⁽ⁱ⁾
    if s &* 10 >= xTilde { return leftAligned(s, minusK0 &+ 1) }
    var f = (h &>> UInt64(truncatingIfNeeded: 10 &- beta) &+ 1) &>> 1       // y⁽ʳᵘ⁾
    if q == -77 {
      if f & 1 != 0 { f &-= 1 }                          // a tie: the even one (both are in I)
    } else if f < xTilde {
      f &+= 1
    }
    return leftAligned(f, minusK0)
  }
}
