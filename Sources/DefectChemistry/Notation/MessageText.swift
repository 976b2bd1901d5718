/// User text echoed in an error message: quoted, control characters escaped, long text shortened.
///
/// A message stays one short line whatever was typed: `"V_O\u{0}.."` shows as `"V_O\0.."`, a
/// 100 000-character label as its first 60 characters, `…` and its length.
public enum MessageText {
  /// Longest echo, in characters, before shortening.
  public static let limit = 60

  /// A whole message made safe for one terminal line: control characters escaped, cut at `limit`.
  public static func oneLine(_ text: String, limit: Int = 600) -> String { escaped(text, limit: limit) }

  /// `text` with control characters escaped (`\n`, `\t`, `\0`, `\u{7F}`) and cut at `limit` characters.
  public static func escaped(_ text: String, limit: Int = MessageText.limit) -> String {
    var out = ""
    var count = 0
    for ch in text.unicodeScalars {
      if count >= limit {
        out += "…(\(text.unicodeScalars.count) characters)"
        break
      }
      count += 1
      switch ch {
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\0": out += "\\0"
      default:
        if ch.value < 0x20 || (0x7F...0x9F).contains(ch.value) || ch.value == 0x2028 || ch.value == 0x2029 {
          out += "\\u{\(String(ch.value, radix: 16, uppercase: true))}"
        } else {
          out.unicodeScalars.append(ch)
        }
      }
    }
    return out
  }

  /// `"text"` escaped and shortened.
  public static func quoted(_ text: String) -> String { "\"" + escaped(text) + "\"" }

  /// A file path for a message: escaped, shortened only beyond 300 characters (paths are what the user must find).
  public static func path(_ text: String) -> String { "\"" + escaped(text, limit: 300) + "\"" }
}
