import BuiltinMaterials
import Foundation
import XCTest

/// `show` → file → load gives the same material: the same `show`-able text and byte-identical sweeps.
final class ShowRoundTripTests: XCTestCase {
  func testEveryBuiltInShownToAFileSweepsIdentically() throws {
    let dir = try CLI.scratch()
    defer { try? FileManager.default.removeItem(at: dir) }
    for name in BuiltinMaterials.names {
      let shown = try CLI.run(["show", name])
      XCTAssertEqual(shown.status, 0, shown.stderr)
      let file = dir.appendingPathComponent("\(name).yaml").path
      try shown.stdout.write(toFile: file, atomically: true, encoding: .utf8)
      XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), shown.stdout)
      let conditions = ["--T", "700:1300:3", "--pO2", "1e-25:1:6", "--pH2O", "0.03", "--pH2", "0.01", "--slopes"]
      let builtIn = try CLI.run(["sweep", name] + conditions)
      let fromFile = try CLI.run(["sweep", file] + conditions)
      XCTAssertEqual(builtIn.status, fromFile.status, name)
      XCTAssertEqual(builtIn.stdout, fromFile.stdout, "\(name): the shown file sweeps differently")
      XCTAssertFalse(builtIn.stdout.isEmpty)
    }
  }
}
