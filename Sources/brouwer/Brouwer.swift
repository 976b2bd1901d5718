import ArgumentParser
import DefectChemistry
import Foundation

/// `brouwer` — point-defect equilibria of mixed ionic–electronic conductors from the shell.
///
/// Exit status: 0 success; 1 some points did not converge (they are written with converged=false
/// and empty values); 2 bad usage or bad input (one line on stderr, nothing written).
@main
struct Brouwer: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "brouwer",
    abstract: "Point-defect equilibria (Brouwer diagrams) of mixed ionic–electronic conductors.",
    discussion: """
      Exit status: 0 all points converged; 1 some points did not converge (written with \
      converged=false and empty values); 2 bad usage or bad input.
      """,
    version: brouwerVersion,
    subcommands: [Sweep.self, Solve.self, Plot.self, DefectMap.self, Domain.self, Fit.self, Permeation.self, Materials.self, Show.self, Check.self])

  static func main() {
    // On Linux the Swift runtime finds argv through /proc/self/maps; where /proc is not mounted (a bare
    // chroot or container) it sees no arguments at all, not even the program name. Say so, instead of
    // printing the help as if none had been given.
    guard !CommandLine.arguments.isEmpty else {
      FileHandle.standardError.write(Data("brouwer: error: cannot read the command line (mount /proc)\n".utf8))
      Foundation.exit(2)
    }
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let exit as ExitStatus {
      Foundation.exit(exit.code)
    } catch let error as InputError {
      FileHandle.standardError.write(Data("brouwer: error: \(error.description)\n".utf8))
      Foundation.exit(2)
    } catch {
      if exitCode(for: error) == .success {
        self.exit(withError: error)  // --help, --version
      }
      let text = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
      FileHandle.standardError.write(Data("brouwer: error: \(text) (see 'brouwer help')\n".utf8))
      Foundation.exit(2)
    }
  }
}

/// The release version (`brouwer --version`); the only place it is written. scripts/package.sh reads it
/// from the built binary to name the archive.
let brouwerVersion = "0.9.0"

/// A bad input (file, option value, condition): one line, exit status 2.
struct InputError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// Ends the process with `code` after output has been written.
struct ExitStatus: Error {
  var code: Int32
}

/// Messages for the user go to stderr; stdout carries data only.
func note(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Values as JSON text, for `--format json` reports.
enum JSON {
  /// A JSON string literal.
  static func string(_ t: String) -> String {
    "\"" + t.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }

  /// A number in shortest round-trip form, or `null` when missing or not finite.
  static func number(_ x: Double?) -> String { x.map { $0.isFinite ? CSVLayout.number($0) : "null" } ?? "null" }
}
