import Foundation
import XCTest

/// The bad-input corpus (BadInputs/cases.txt): every case must exit with its status, print nothing on
/// stdout, print exactly one line on stderr ("brouwer: error: …") containing each of its key words, and
/// leave nothing in the scratch directory. All failing cases are reported together, by name.
final class BadInputCorpusTests: XCTestCase {
  static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("BadInputs")

  struct Case {
    var name: String
    var status: Int32
    var keywords: [String]
    var arguments: [String]
    var line: Int
  }

  /// Shell-like words: spaces separate, "…" and '…' quote (no escapes inside).
  static func words(_ text: String) -> [String] {
    var result: [String] = []
    var current = ""
    var quote: Character?
    var started = false
    for ch in text {
      if let q = quote {
        if ch == q { quote = nil } else { current.append(ch) }
      } else if ch == "\"" || ch == "'" {
        quote = ch
        started = true
      } else if ch == " " {
        if started || !current.isEmpty { result.append(current) }
        current = ""
        started = false
      } else {
        current.append(ch)
      }
    }
    if started || !current.isEmpty { result.append(current) }
    return result
  }

  static func cases() throws -> [Case] {
    let text = try String(contentsOf: corpus.appendingPathComponent("cases.txt"), encoding: .utf8)
    var result: [Case] = []
    for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      guard !line.isEmpty, !line.hasPrefix("#") else { continue }
      let parts = line.split(separator: "|", maxSplits: 3).map { $0.trimmingCharacters(in: .whitespaces) }
      guard parts.count == 4, let status = Int32(parts[1]) else {
        throw NSError(domain: "cases.txt:\(i + 1): expected NAME | STATUS | KEY WORDS | ARGUMENTS", code: 1)
      }
      let keywords = parts[2].components(separatedBy: " ; ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      result.append(Case(name: parts[0], status: status, keywords: keywords, arguments: words(parts[3]), line: i + 1))
    }
    return result
  }

  func testEveryBadInputGetsOneLineAndItsExitStatus() throws {
    let cases = try Self.cases()
    XCTAssertGreaterThanOrEqual(cases.count, 600, "the corpus has shrunk")
    XCTAssertEqual(Set(cases.map(\.name)).count, cases.count, "case names must be unique")
    var failures: [String] = []
    // $HUGE: a material file over the 1 MB input limit, made here rather than kept in git
    let hugeDirectory = try CLI.scratch()
    defer { try? FileManager.default.removeItem(at: hugeDirectory) }
    let huge = hugeDirectory.appendingPathComponent("huge-2mb.yaml")
    try ("name: huge\n" + String(repeating: "# a comment line that only makes the file larger than the limit\n", count: 33_000))
      .write(to: huge, atomically: true, encoding: .utf8)
    for c in cases {
      let scratch = try CLI.scratch()
      defer { try? FileManager.default.removeItem(at: scratch) }
      let substitutions = [
        ("$LONG", String(repeating: "x", count: 5000)),
        ("$M", Self.corpus.appendingPathComponent("materials").path),
        ("$D", Self.corpus.appendingPathComponent("data").path),
        ("$S", Self.corpus.appendingPathComponent("support").path),
        ("$TMP", scratch.path),
        ("$HUGE", huge.path),
      ]
      let arguments = c.arguments.map { word in substitutions.reduce(word) { $0.replacingOccurrences(of: $1.0, with: $1.1) } }
      let r = try CLI.run(arguments)
      var problems: [String] = []
      if r.status != c.status { problems.append("exit \(r.status), expected \(c.status)") }
      if !r.stdout.isEmpty { problems.append("wrote \(r.stdout.utf8.count) bytes to stdout") }
      let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
      if lines.count != 1 || !r.stderr.hasPrefix("brouwer: error: ") {
        problems.append("stderr is not one error line: \(r.stderr.prefix(300).debugDescription)")
      }
      for k in c.keywords where !r.stderr.contains(k) { problems.append("message lacks \(k.debugDescription)") }
      let left = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []
      if !left.isEmpty { problems.append("left files behind: \(left)") }
      if !problems.isEmpty {
        failures.append("\(c.name) (cases.txt:\(c.line)): \(problems.joined(separator: "; ")) — stderr: \(r.stderr.prefix(200).debugDescription)")
      }
    }
    XCTAssert(failures.isEmpty, "\(failures.count) of \(cases.count) corpus cases failed:\n" + failures.joined(separator: "\n"))
  }
}
