import Foundation

/// Where data goes: stdout, or a file written atomically (a temporary beside it, renamed on success,
/// removed on failure — a failed run never leaves a half-written file).
final class OutputSink {
  private let handle: UnsafeMutablePointer<FILE>
  private let path: String?
  private let temporary: String?
  private var closed = false

  init(path: String?) throws {
    guard let path, path != "-" else {
      handle = fdopen(dup(STDOUT_FILENO), "w")!
      self.path = nil
      temporary = nil
      return
    }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw InputError("--output \(path): is a directory; give a file name")
    }
    let tmp = path + ".tmp-\(getpid())"
    guard let f = fopen(tmp, "w") else { throw InputError("--output \(path): cannot write (\(String(cString: strerror(errno))))") }
    handle = f
    self.path = path
    temporary = tmp
  }

  func write(_ text: String) throws {
    var text = text
    let ok = text.withUTF8 { fwrite($0.baseAddress, 1, $0.count, handle) == $0.count }
    if !ok { throw InputError("writing \(path ?? "stdout") failed (\(String(cString: strerror(errno))))") }
  }

  /// Flushes, and for a file moves it into place.
  func commit() throws {
    fflush(handle)
    guard let path, let temporary else { return }
    fclose(handle)
    closed = true
    guard rename(temporary, path) == 0 else {
      unlink(temporary)
      throw InputError("--output \(path): cannot move the result into place (\(String(cString: strerror(errno))))")
    }
  }

  /// Opens `path` (stdout when nil), lets `produce` write, and commits — or, if `produce` throws,
  /// removes the partial file and rethrows: the output appears complete or not at all.
  static func deliver<T>(to path: String?, _ produce: (OutputSink) throws -> T) throws -> T {
    let sink = try OutputSink(path: path)
    do {
      let result = try produce(sink)
      try sink.commit()
      return result
    } catch {
      sink.discard()
      throw error
    }
  }

  /// Removes a partially written file.
  func discard() {
    guard let temporary else { return }
    if !closed { fclose(handle) }
    closed = true
    unlink(temporary)
  }
}

/// A progress bar on stderr, only when stderr is a terminal.
struct ProgressBar {
  let total: Int
  let enabled: Bool

  init(total: Int, quiet: Bool) {
    self.total = total
    enabled = !quiet && isatty(STDERR_FILENO) != 0 && total >= 20_000
  }

  func update(_ done: Int) {
    guard enabled else { return }
    let width = 40
    let filled = total == 0 ? width : width * done / total
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total)".utf8))
    if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
  }
}
