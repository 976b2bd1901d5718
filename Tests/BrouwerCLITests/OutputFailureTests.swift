import Foundation
import XCTest

/// Failed writes are errors (exit 2, one line), `--output` leaves nothing behind, a closed pipe stays quiet.
final class OutputFailureTests: XCTestCase {
  var dir = URL(fileURLWithPath: "/tmp")

  override func setUpWithError() throws { dir = try CLI.scratch() }
  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

  /// Runs `brouwer ARGS` through /bin/sh with `prefix` (redirections, ulimit) and returns status and stderr.
  private func shell(_ prefix: String, _ arguments: String, suffix: String = "") throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "\(prefix) '\(CLI.executable.path)' \(arguments) \(suffix)"]
    process.currentDirectoryURL = dir
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
  }

  func testWritingToAFullDeviceIsAnErrorForEveryCommand() throws {
    guard FileManager.default.fileExists(atPath: "/dev/full") else { throw XCTSkip("no /dev/full") }
    let data = dir.appendingPathComponent("d.csv").path
    try "T_K,pO2_atm,delta\n1073,1e-10,0.001\n1073,1e-14,0.004\n1073,1e-18,0.02\n".write(toFile: data, atomically: true, encoding: .utf8)
    for command in ["sweep gdc10 --T 1073 --pO2 1e-5", "sweep gdc10 --T 1073 --pO2 1e-30:1:3000", "solve gdc10 --T 1073 --pO2 1e-5",
                    "solve gdc10 --T 1073 --pO2 1e-5 --format json", "show gdc10", "materials", "check gdc10",
                    "fit gdc10 --data \(data) --fit reduction.dH"] {
      let (status, stderr) = try shell("exec >/dev/full;", command)
      XCTAssertEqual(status, 2, "\(command): \(stderr)")
      XCTAssertEqual(stderr.split(separator: "\n").count, 1, "\(command): \(stderr)")
      XCTAssertTrue(stderr.contains("writing stdout failed: No space left on device"), "\(command): \(stderr)")
    }
  }

  /// A diagnostic that cannot be written (stderr on a full device, or closed) is dropped: the run is not
  /// killed (it was, by SIGILL, from FileHandle.write) and its exit status still says what happened.
  func testAFailedStderrWriteNeitherKillsNorChangesTheExitStatus() throws {
    guard FileManager.default.fileExists(atPath: "/dev/full") else { throw XCTSkip("no /dev/full") }
    let cases: [(String, Int32)] = [
      ("sweep gdc10 --T 800C --pO2 1e-30", 0),            // a success that only warns (outside the validity box)
      ("sweep gdc10 --T 800C --pO2 1e-30:1:40000", 0),    // progress bar and summary paths
      ("sweep nosuch --T 800C --pO2 1", 2),               // an error line that cannot be written
      ("map gdc10 --T 500C:1000C:3 --pO2 1e-30:1:3 --z t_ion", 0),
      ("check gdc10", 0),
    ]
    for (command, expected) in cases {
      for redirect in ["2>/dev/full", "2>&-"] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "'\(CLI.executable.path)' \(command) >/dev/null \(redirect)"]
        process.currentDirectoryURL = dir
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit, "\(command) \(redirect): killed by a signal")
        XCTAssertEqual(process.terminationStatus, expected, "\(command) \(redirect)")
      }
    }
  }

  func testOutputUnderAFileSizeLimitFailsAndLeavesNothing() throws {
    let (status, stderr) = try shell("ulimit -f 64;", "sweep gdc10 --T 1073 --pO2 1e-30:1:20000 --output out.csv")
    XCTAssertEqual(status, 2, stderr)
    XCTAssertTrue(stderr.contains("--output") && stderr.contains("File too large"), stderr)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [])
    // stdout redirected to a file under the same limit: the same error, not a truncated file and exit 0
    let (status2, stderr2) = try shell("ulimit -f 64;", "sweep gdc10 --T 1073 --pO2 1e-30:1:20000", suffix: "> big.csv")
    XCTAssertEqual(status2, 2, stderr2)
    XCTAssertTrue(stderr2.contains("writing stdout failed: File too large"), stderr2)
  }

  func testOutputRefusesDevicesAndKeepsThem() throws {
    let r = try CLI.run(["sweep", "gdc10", "--T", "1073", "--pO2", "1", "--output", "/dev/null"])
    XCTAssertEqual(r.status, 2, r.stderr)
    var st = stat()
    XCTAssertEqual(stat("/dev/null", &st), 0)
    XCTAssertEqual(st.st_mode & S_IFMT, S_IFCHR, "/dev/null must still be a character device")
  }

  func testSIGTERMDuringASweepLeavesNoTemporaryFile() throws {
    let process = Process()
    process.executableURL = CLI.executable
    process.arguments = ["sweep", "gdc10", "--T", "600:1500:400", "--pO2", "1e-30:1:20000", "--output", dir.appendingPathComponent("big.csv").path]
    process.standardError = FileHandle.nullDevice
    try process.run()
    // wait until the temporary exists, then stop the run
    let deadline = Date().addingTimeInterval(20)
    while Date() < deadline, (try FileManager.default.contentsOfDirectory(atPath: dir.path)).isEmpty { usleep(20_000) }
    XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "the sweep never started writing")
    process.terminate()
    process.waitUntilExit()
    XCTAssertEqual(process.terminationReason, .uncaughtSignal)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [], "FILE.tmp-PID left behind")
  }

  func testAClosedPipeEndsQuietly() throws {
    let (status, stderr) = try shell("", "sweep gdc10 --T 1073 --pO2 1e-30:1:200000", suffix: "| head -1 >/dev/null")
    XCTAssertEqual(status, 0, "the pipeline's status is head's")
    XCTAssertEqual(stderr, "", "SIGPIPE must stay quiet")
  }

  func testManyThreadsOnOnePointNeitherCrashesNorAllocatesPerThreadState() throws {
    let r = try CLI.run(["sweep", "gdc10", "--T", "1073", "--pO2", "1e-5", "--threads", "1024"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(r.lines.count, 2)
    let big = try CLI.run(["sweep", "gdc10", "--T", "1073", "--pO2", "1e-5", "--threads", "100000000"])
    XCTAssertEqual(big.status, 2)
    XCTAssertTrue(big.stderr.contains("--threads must be between 1 and 1024"), big.stderr)
  }

  func testTheLastShardOfAnIntMaxSplitIsTheLastPoint() throws {
    let whole = try CLI.run(["sweep", "gdc10", "--T", "800C", "--pO2", "1e-30:1:31"])
    let last = try CLI.run(["sweep", "gdc10", "--T", "800C", "--pO2", "1e-30:1:31", "--shard", "9223372036854775807/9223372036854775807"])
    XCTAssertEqual(last.status, 0, last.stderr)
    XCTAssertEqual(last.lines, [whole.lines.last!])
  }

  func testWarningsOfAFailedRunAreNotPrinted() throws {
    let r = try CLI.run(["sweep", "gdc10", "--T", "1073", "--pH2O", "0.03"])
    XCTAssertEqual(r.status, 2)
    XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
    let ok = try CLI.run(["sweep", "gdc10", "--T", "1073", "--pO2", "1", "--pH2O", "0.03"])
    XCTAssertEqual(ok.status, 0)
    XCTAssertTrue(ok.stderr.contains("warning: --pH2O ignored"), ok.stderr)
  }

  /// `--quiet` leaves only errors on stderr (no warning), and without it each distinct warning is printed once.
  func testQuietSilencesWarningsAndEachWarningIsPrintedOnce() throws {
    let loud = try CLI.run(["sweep", "gdc10", "--T", "300:2000:3", "--pO2", "1e-40,1e-35", "--columns", "T_K,in_validity"])
    XCTAssertEqual(loud.status, 0)
    let warnings = loud.stderr.split(separator: "\n").filter { $0.hasPrefix("brouwer: warning:") }
    XCTAssertEqual(warnings.count, 3, loud.stderr)                       // one for T, one for pO2, one for the state (δ)
    XCTAssertEqual(Set(warnings).count, warnings.count, loud.stderr)
    let quiet = try CLI.run(["sweep", "gdc10", "--T", "300:2000:3", "--pO2", "1e-40,1e-35", "--columns", "T_K,in_validity", "--quiet"])
    XCTAssertEqual(quiet.status, 0)
    XCTAssertEqual(quiet.stderr, "")
    XCTAssertEqual(quiet.stdout, loud.stdout)                             // the column still records the box
    XCTAssertTrue(quiet.stdout.contains("false"))
  }
}
