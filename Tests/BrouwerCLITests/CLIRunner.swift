import Foundation
import XCTest

/// Runs the built `brouwer` executable, as a user's shell would.
struct CLIResult {
  var status: Int32
  var stdout: String
  var stderr: String
  var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
}

enum CLI {
  /// `.build/<config>/brouwer`, beside the test bundle.
  static var executable: URL {
    var dir = Bundle(for: Marker.self).bundleURL.deletingLastPathComponent()
    if !FileManager.default.fileExists(atPath: dir.appendingPathComponent("brouwer").path) {
      dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug")
    }
    return dir.appendingPathComponent("brouwer")
  }

  private final class Marker {}

  static func run(_ arguments: [String], stdin: String? = nil) throws -> CLIResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Read both pipes to the end before waiting, so a large output cannot block the child.
    final class Box: @unchecked Sendable { var data = Data() }
    let outBox = Box()
    let group = DispatchGroup()
    group.enter()
    let reader = out.fileHandleForReading
    DispatchQueue.global().async { outBox.data = reader.readDataToEndOfFile(); group.leave() }
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    let outData = outBox.data
    process.waitUntilExit()
    return CLIResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
  }

  /// A temporary directory for one test.
  static func scratch() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("brouwer-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }
}

/// A doped-ceria material written by the tests, independent of the built-in data files.
let testMaterial = """
  name: gdc-cli-test
  formula: Ce0.9Gd0.1O1.95-δ
  sublattices: {Ce: 1, O: 2}
  density: {value: 2.52e22 cm-3}
  species:
    - {label: "Gd_Ce'", fixed: 0.10}
    - {label: "Ce_Ce'"}
    - {label: "Ce_Ce^x", host: true}
    - {label: "V_O.."}
    - {label: "O_O^x", host: true}
    - {label: "h.", band: {N300: 1.0}}
  nonstoichiometry: {element: O, nominal: 1.95}
  reactions:
    - {name: reduction, equation: "2 Ce_Ce^x + O_O^x = 1/2 O2(g) + V_O.. + 2 Ce_Ce'", dH: 4.0 eV, dS: 12 kB}
    - {name: polaron, equation: "Ce_Ce' + h. = Ce_Ce^x", dH: -3.0 eV, dS: 0 kB}
  """

/// Parses a CSV body (no quoted fields in our output except headers with commas, which we don't have).
func csvRows(_ text: String) -> [[String]] {
  text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
}

/// Rows of a CSV as dictionaries keyed by the header.
func csvRecords(_ text: String) -> [[String: String]] {
  let rows = csvRows(text)
  guard let header = rows.first else { return [] }
  return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
}
