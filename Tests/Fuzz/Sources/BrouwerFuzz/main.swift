import Foundation

// libFuzzer's driver, called from our own main (SwiftPM names the executable's entry point itself, so
// libFuzzer's main is not used; -sanitize=fuzzer still links the fuzzer runtime and instruments the code).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<Int32>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
  _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32

var argumentCount = CommandLine.argc
var argumentVector = CommandLine.unsafeArgv
_ = FuzzTarget.current
exit(LLVMFuzzerRunDriver(&argumentCount, &argumentVector, { data, size in fuzzOneInput(data, size) }))
