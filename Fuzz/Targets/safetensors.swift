/// libFuzzer's entry for the safetensors reader (`InputReader.safetensors`); built by Fuzz/build.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt { FuzzInput.feed(.safetensors, bytes, count) }
