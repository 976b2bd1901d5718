import CGSL

/// A GSL status code turned into a Swift error.
///
/// GSL's default error handler aborts the process; ``GSLLibrary/configure()`` switches it off
/// once, so every failure comes back here as a value instead.
public struct GSLError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The raw `GSL_*` status code (e.g. `GSL_ENOPROG` = 27, `GSL_EMAXITER` = 11).
  public let status: Int32
  /// What GSL was doing when it failed.
  public let context: String

  public init(status: Int32, context: String) {
    self.status = status
    self.context = context
  }

  /// GSL's own text for the status (`gsl_strerror`).
  public var reason: String { String(cString: gsl_strerror(status)) }

  public var description: String { "\(context): \(reason) (GSL status \(status))" }

  /// Throws unless `status` is `GSL_SUCCESS`.
  @inlinable
  public static func check(_ status: Int32, _ context: @autoclosure () -> String) throws(GSLError) {
    if status != 0 { throw GSLError(status: status, context: context()) }
  }
}

/// Process-wide GSL set-up.
public enum GSLLibrary {
  private static let handlerOff: Bool = {
    _ = gsl_set_error_handler_off()
    return true
  }()

  /// Turns GSL's aborting error handler off (idempotent, thread-safe). Every wrapper calls it.
  public static func configure() {
    _ = handlerOff
  }
}
