/// libFuzzer's entry for the csv reader (`InputReader.csv`); built by Fuzz/build.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt { FuzzInput.feed(.csv, bytes, count) }
