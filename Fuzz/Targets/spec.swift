/// libFuzzer's entry for the spec reader (`InputReader.spec`); built by Fuzz/build.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt { FuzzInput.feed(.spec, bytes, count) }
