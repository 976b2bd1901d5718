/// A problem with a material file or a model, located at the file and line it comes from.
///
/// Rendered once, at the CLI edge, as `FILE:LINE: message` (exit status 2).
public struct MaterialError: Error, CustomStringConvertible, Sendable, Equatable {
  public var file: String
  public var line: Int?
  public var message: String

  public init(file: String, line: Int?, _ message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  public var description: String {
    if let line { return "\(file):\(line): \(message)" }
    return "\(file): \(message)"
  }
}
