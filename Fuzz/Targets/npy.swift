/// libFuzzer's entry for the npy reader (`InputReader.npy`); built by Fuzz/build.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt { FuzzInput.feed(.npy, bytes, count) }
