/// libFuzzer's entry for the idx reader (`InputReader.idx`); built by Fuzz/build.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt { FuzzInput.feed(.idx, bytes, count) }
