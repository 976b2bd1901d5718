import DefectChemistry
import Foundation

// The edge of the C interface (include/brouwer.h): handles, strings and messages. Nothing here computes;
// every call below parses its arguments and calls the library the command line calls.

public typealias CText = UnsafePointer<CChar>
public typealias ErrorOut = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
public typealias TextOut = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
public typealias HandleOut = UnsafeMutablePointer<OpaquePointer?>?

let statusOK: Int32 = 0
let statusUnconverged: Int32 = 1
let statusInput: Int32 = 2
let statusInterrupted: Int32 = 3

/// A message for the caller, as the command line prints it after "brouwer: error: ".
struct BoundaryError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}

/// A copy of `text` the caller frees with `brouwer_string_free`.
func cString(_ text: String) -> UnsafeMutablePointer<CChar>? { strdup(text) }

/// Writes `message` to `error` (when wanted) and returns `status`.
func fail(_ out: ErrorOut, _ text: String, status: Int32 = statusInput) -> Int32 {
  out?.pointee = cString(MessageText.oneLine(text))
  return status
}

/// Runs `body`, turning a thrown error into its one-line message (`CustomStringConvertible` errors of the
/// library say what the command line says).
func guarded(_ message: ErrorOut, _ body: () throws -> Int32) -> Int32 {
  do { return try body() } catch let e as BoundaryError { return fail(message, e.message) } catch {
    return fail(message, String(describing: error))
  }
}

/// The text of an optional C string argument.
func text(_ pointer: CText?) -> String? { pointer.map { String(cString: $0) } }

/// Newline-separated items, without empty ones.
func lines(_ pointer: CText?) -> [String] {
  guard let pointer else { return [] }
  return String(cString: pointer).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
}

/// Comma-separated items, each trimmed (the library's parser of the command line's list options), with its messages.
func items(_ text: String, option: String, example: String, noun: String) throws -> [String] {
  do { return try ListText.items(text, option: option, example: example, noun: noun) } catch { throw BoundaryError(error.description) }
}

/// A Swift object behind an opaque C handle: retained when handed out, released by the `_free` call.
func handOut(_ object: AnyObject, to out: HandleOut) { out?.pointee = OpaquePointer(Unmanaged.passRetained(object).toOpaque()) }

func object<T: AnyObject>(_ handle: OpaquePointer?, as: T.Type) -> T? {
  guard let handle else { return nil }
  return Unmanaged<T>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
}

func release(_ handle: OpaquePointer?) {
  guard let handle else { return }
  Unmanaged<AnyObject>.fromOpaque(UnsafeRawPointer(handle)).release()
}

func jsonText<T: Encodable>(_ value: T) -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys]
  encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
  return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
}

@_cdecl("brouwer_string_free")
public func brouwer_string_free(_ text: UnsafeMutablePointer<CChar>?) { free(text) }
