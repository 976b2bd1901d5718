import DefectChemistry
import Foundation

/// Text of an input named on the command line: a file, or `-` for stdin.
enum InputFile {
  /// The UTF-8 text of `path` and the name to use in messages (`<stdin>` for `-`). `option` names the
  /// argument in messages; files over `limit` bytes are refused before they are read.
  static func read(_ path: String, option: String, limit: Int = 64 << 20) throws -> (text: String, source: String) {
    let shown = "\(option) \(MessageText.path(path))"
    if path == "-" {
      let data = FileHandle.standardInput.readData(ofLength: limit + 1)
      guard data.count <= limit else { throw InputError("<stdin>: more than \(limit) bytes; inputs are limited to that") }
      guard let text = String(data: data, encoding: .utf8) else { throw InputError("<stdin>: not UTF-8 text") }
      return (text, "<stdin>")
    }
    var st = stat()
    guard stat(path, &st) == 0 else {
      throw InputError("\(shown): \(errno == ENOENT ? "no such file" : String(cString: strerror(errno)))")
    }
    switch st.st_mode & S_IFMT {
    case S_IFDIR: throw InputError("\(shown): is a directory, not a file")
    case S_IFREG:
      guard Int(st.st_size) <= limit else { throw InputError("\(shown): \(st.st_size) bytes; inputs are limited to \(limit)") }
    default: break  // a pipe or device (e.g. <(…)): read what comes, up to the limit
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw InputError("\(shown): cannot open (\(String(cString: strerror(errno))))")
    }
    defer { try? handle.close() }
    let data: Data
    do { data = try handle.read(upToCount: limit + 1) ?? Data() } catch {
      throw InputError("\(shown): cannot read (\(error.localizedDescription))")
    }
    guard data.count <= limit else { throw InputError("\(shown): more than \(limit) bytes; inputs are limited to that") }
    guard let text = String(data: data, encoding: .utf8) else { throw InputError("\(shown): not UTF-8 text") }
    return (text, path)
  }
}

extension CSVTable {
  /// A CSV file named on the command line (`-` for stdin); errors name the option.
  static func read(_ path: String, option: String) throws -> CSVTable {
    let (text, source) = try InputFile.read(path, option: option)
    do { return try CSVTable(csv: text, source: source) } catch { throw InputError(error.description) }
  }

  /// ``index(of:option:)`` with the CLI's error.
  func column(_ column: String, option: String) throws -> Int {
    do { return try index(of: column, option: option) } catch { throw InputError(error.description) }
  }
}
