import DefectChemistry
import Foundation

/// Where data goes: stdout, or a regular file written atomically (a temporary beside it, renamed on
/// success, removed on failure or on SIGTERM/SIGINT/SIGHUP — a failed run never leaves a file behind).
///
/// Bytes are collected in a large buffer and written with write(2); every write is checked (short
/// writes are continued, EINTR retried). ENOSPC, EFBIG, EIO … end the run with exit status 2 and one
/// line naming the destination. EPIPE (a reader that went away, when SIGPIPE is ignored) ends it
/// quietly with status 1; with SIGPIPE at its default the process ends by the signal, silently, as before.
final class OutputSink {
  private let fd: Int32
  private let path: String?
  private let temporary: String?
  /// The option that named the file, for messages (`--output`, `--plot`).
  private let option: String
  private var buffer: [UInt8] = []
  private var closed = false
  static let blockSize = 1 << 20

  init(path: String?, option: String = "--output") throws {
    buffer.reserveCapacity(Self.blockSize + (Self.blockSize >> 2))
    self.option = option
    guard let path, path != "-" else {
      fd = STDOUT_FILENO
      self.path = nil
      temporary = nil
      return
    }
    let shown = MessageText.path(path)
    guard !path.isEmpty, !path.hasSuffix("/") else { throw InputError("\(option) \(shown): not a file name") }
    var st = stat()
    if stat(path, &st) == 0 {
      guard (st.st_mode & S_IFMT) == S_IFREG else {
        let kind = (st.st_mode & S_IFMT) == S_IFDIR ? "a directory" : "not a regular file (a device, pipe or socket)"
        throw InputError("\(option) \(shown): is \(kind); give a regular file name\(option == "--output" ? " (or - for stdout)" : "")")
      }
    }
    let tmp = path + ".tmp-\(getpid())"
    let f = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard f >= 0 else { throw InputError("\(option) \(shown): cannot write (\(String(cString: strerror(errno))))") }
    fd = f
    self.path = path
    temporary = tmp
    TemporaryFile.register(tmp)
  }

  func write(_ text: String) throws {
    var text = text
    try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
  }

  /// Large blocks (a sweep segment is ≈ 0.5 MB) go to write(2) as they are, after what is buffered;
  /// small ones are collected first.
  func write(_ bytes: UnsafeRawBufferPointer) throws {
    if bytes.count >= Self.blockSize / 4 {
      try flush()
      try writeAll(bytes)
      return
    }
    buffer.append(contentsOf: bytes)
    if buffer.count >= Self.blockSize { try flush() }
  }

  private func flush() throws {
    guard !buffer.isEmpty else { return }
    defer { buffer.removeAll(keepingCapacity: true) }   // written or failed: never written twice
    try buffer.withUnsafeBytes { try writeAll($0) }
  }

  /// write(2) until every byte is out: short writes continued, EINTR retried, any other failure thrown.
  private func writeAll(_ raw: UnsafeRawBufferPointer) throws {
    var offset = 0
    while offset < raw.count {
      let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
      if n > 0 { offset += n; continue }
      if n < 0 && errno == EINTR { continue }
      throw Self.writeError(n < 0 ? errno : EIO, path: path, option: option)
    }
  }

  /// The error for a failed write: quiet status 1 for a closed pipe, else one line and status 2.
  static func writeError(_ code: Int32, path: String?, option: String = "--output") -> Error {
    if code == EPIPE { return ExitStatus(code: 1) }
    let destination = path.map { "\(option) \(MessageText.path($0))" } ?? "stdout"
    return InputError("writing \(destination) failed: \(String(cString: strerror(code)))")
  }

  /// Writes what is buffered, and for a file closes it and moves it into place.
  func commit() throws {
    try flush()
    guard let path, let temporary else { return }
    closed = true
    if close(fd) != 0 { throw Self.writeError(errno, path: path, option: option) }
    guard rename(temporary, path) == 0 else {
      throw InputError("\(option) \(MessageText.path(path)): cannot move the result into place (\(String(cString: strerror(errno))))")
    }
    TemporaryFile.register(nil)
  }

  /// Opens `path` (stdout when nil), lets `produce` write, and commits — or, if `produce` throws,
  /// removes the partial file and rethrows: the output appears complete or not at all.
  static func deliver<T>(to path: String?, option: String = "--output", _ produce: (OutputSink) throws -> T) throws -> T {
    let sink = try OutputSink(path: path, option: option)
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
    if !closed { close(fd) }
    closed = true
    unlink(temporary)
    TemporaryFile.register(nil)
  }
}

/// The one temporary output file of this process, removed by a signal handler if the process is
/// told to stop (SIGTERM, SIGINT, SIGHUP) before it is renamed into place.
enum TemporaryFile {
  nonisolated(unsafe) private static var current: UnsafeMutablePointer<CChar>?

  /// Records `path` (nil: none) and installs the handlers on first use.
  static func register(_ path: String?) {
    let old = current
    current = path.map { strdup($0) }
    free(old)
    guard path != nil, !installed else { return }
    installed = true
    for sig in [SIGTERM, SIGINT, SIGHUP] {
      signal(sig) { sig in
        if let p = TemporaryFile.current { unlink(p) }
        signal(sig, SIG_DFL)
        raise(sig)
      }
    }
  }
  nonisolated(unsafe) private static var installed = false
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
    StandardError.write("\r[\(bar)] \(done)/\(total)")
    if done >= total { StandardError.write("\n") }
  }
}
