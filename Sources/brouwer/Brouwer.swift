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
    subcommands: [Sweep.self, Solve.self, Plot.self, DefectMap.self, Domain.self, Fit.self, Permeation.self, Cell.self, Materials.self, Show.self, Check.self])

  static func main() {
    // On Linux the Swift runtime finds argv through /proc/self/maps; where /proc is not mounted (a bare
    // chroot or container) it sees no arguments at all, not even the program name. Say so, instead of
    // printing the help as if none had been given.
    guard !CommandLine.arguments.isEmpty else {
      StandardError.write("brouwer: error: cannot read the command line (mount /proc)\n")
      Foundation.exit(2)
    }
    // A file-size limit (ulimit -f) must fail a write with EFBIG, not kill the process mid-file.
    signal(SIGXFSZ, SIG_IGN)
    do {
      try refuseUnknownSubcommand()
      try refuseRepeatedOptions()
      var command = try parseAsRoot()
      try command.run()
      finishOutput(status: 0)
    } catch let exit as ExitStatus {
      finishOutput(status: exit.code)
    } catch let error as InputError {
      report(error)
    } catch {
      if exitCode(for: error) == .success {
        self.exit(withError: error)  // --help, --version
      }
      let text = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
      StandardError.write("brouwer: error: \(MessageText.oneLine(text)) (see 'brouwer help')\n")
      Foundation.exit(2)
    }
  }
}

/// The release version (`brouwer --version`); the only place it is written. scripts/package.sh reads it
/// from the built binary to name the archive.
let brouwerVersion = "0.9.0"
/// `brouwer frobnicate`: name the word that is not a subcommand (not "2 unexpected arguments").
private func refuseUnknownSubcommand() throws {
  let names = Brouwer.configuration.subcommands.map { $0._commandName }
  if let first = CommandLine.arguments.dropFirst().first, !first.hasPrefix("-"), first != "help", !names.contains(first) {
    throw InputError("unknown subcommand \(MessageText.quoted(first)) (commands: \(names.joined(separator: ", ")); see 'brouwer help')")
  }
}

/// Options that take one value are given once: `--T 1073 --T 1173` would silently keep the last. Only the
/// options that collect several (`--set`, `--fit`, `--cross`, and `fit --data` for a joint fit) repeat.
private func refuseRepeatedOptions() throws {
  var repeatable: Set<String> = ["--set", "--fit", "--cross"]
  if CommandLine.arguments.dropFirst().first == "fit" { repeatable.insert("--data") }
  var seen: [String: Int] = [:]
  for word in CommandLine.arguments.dropFirst() {
    if word == "--" { break }
    guard word.hasPrefix("--"), word.count > 2 else { continue }
    let name = String(word.split(separator: "=", maxSplits: 1)[0])
    guard !repeatable.contains(name) else { continue }
    seen[name, default: 0] += 1
    if seen[name] == 2 {
      throw InputError("\(name) is given twice: give it once (a list or a range where the option takes several values)")
    }
  }
}

/// Checks stdout, prints the run's warnings and exits with `status` (2 if stdout could not be written).
private func finishOutput(status: Int32) -> Never {
  do { try StandardOutput.finish() } catch let error as InputError { report(error) } catch { report(InputError("\(error)")) }
  Warnings.flush()
  exit(status)
}

/// Prints one error line (nothing else: warnings of the failed run are dropped) and exits with status 2.
func report(_ error: InputError) -> Never {
  Warnings.discard()
  StandardError.write("brouwer: error: \(MessageText.oneLine(error.description))\n")
  exit(2)
}

/// Warnings of a run, printed when it ends without an error (an error is the one line printed).
enum Warnings {
  nonisolated(unsafe) private static var pending: [String] = []
  /// `--quiet`: the run's warnings are not printed (the in_validity column still records the validity box).
  nonisolated(unsafe) static var silenced = false
  /// Each distinct warning once per run, in the order first met.
  static func add(_ text: String) { if !pending.contains(text) { pending.append(text) } }
  static func flush() {
    if !silenced { for w in pending { note(w) } }
    pending = []
  }
  static func discard() { pending = [] }
}

/// Checks that everything printed to stdout (print, FILE*) reached it.
enum StandardOutput {
  static func finish() throws {
    // errno of the failed write that set the stream's error flag, if nothing has failed since
    let earlier = errno
    errno = 0
    if fflush(nil) != 0 { throw failure(errno) }
    if streamHasError() { throw failure(earlier) }
  }

  static func failure(_ code: Int32) -> InputError {
    if code == EPIPE { exit(1) }  // the reader went away: quiet, as with SIGPIPE
    return InputError("writing stdout failed: \(code != 0 ? String(cString: strerror(code)) : "I/O error")")
  }

  /// ferror(stdout): a write that bypassed the buffer (one large print) and failed leaves only this flag.
  /// (`stdout` is reached through dlsym: Swift 6 refuses the C global as shared mutable state.)
  private static func streamHasError() -> Bool {
    guard let symbol = dlsym(nil, "stdout") else { return false }
    guard let file = symbol.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee else { return false }
    return ferror(file) != 0
  }
}

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
  StandardError.write(text + "\n")
}

/// The one writer for stderr. A failed diagnostic write (stderr closed, a full disk, `2>/dev/full`, a
/// file-size limit) cannot be reported anywhere, so it is dropped: the process goes on and its exit status
/// still says what happened. (`FileHandle.write` raises on such a failure and kills the process.)
enum StandardError {
  static func write(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeMutableBytes { Foundation.write(2, $0.baseAddress! + offset, $0.count - offset) }
      if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
    }
  }
}
