import Foundation
import XCTest
@testable import Experiments

final class NumericEnvironmentTests: XCTestCase {
    let sample = NumericEnvironment(
        contract: "driftlab-numeric-1", architecture: "x86_64", features: .init(avx2: true, fma: true, avx512f: false),
        gemmKernel: "avx2", cpuModel: "AMD EPYC 7B13", threads: 2, compiler: "Swift 6.3.1", cLibrary: "glibc 2.36")

    func testManifestRoundTripsWithTheNumericRecord() throws {
        var manifest = Manifest(specHash: "abc", driftlabVersion: "0.1.0", gitCommit: nil, seed: 0, threads: 4, stages: [], outputs: ["a.npy": "00"])
        manifest.contribute(sample)
        XCTAssertEqual(manifest.threads, 2)
        XCTAssertEqual(try Manifest.decode(try manifest.encoded()), manifest)
        let json = try JSONSerialization.jsonObject(with: try manifest.encoded()) as! [String: Any]
        let numeric = json["numeric"] as! [String: Any]
        XCTAssertEqual(numeric["contract"] as? String, "driftlab-numeric-1")
        XCTAssertEqual((numeric["features"] as! [String: Bool]), ["avx2": true, "fma": true, "avx512f": false])
        XCTAssertEqual((json["numericHistory"] as! [Any]).count, 1)

        // The same environment again adds nothing; another thread count is a second entry.
        manifest.contribute(sample)
        var other = sample
        other.threads = 1
        manifest.contribute(other)
        XCTAssertEqual(manifest.numericHistory, [sample, other])
        XCTAssertEqual(manifest.numeric, other)
    }

    func testAnOlderManifestDecodesWithContractUnknown() throws {
        let old = #"""
            {"driftlabVersion": "0.1.0", "outputs": {"data/x.npy": "ff"}, "seed": 0, "specHash": "abc",
             "stages": [{"name": "data", "started": "2024-01-01T00:00:00.000Z", "ended": "2024-01-01T00:00:01.000Z", "seconds": 1}],
             "threads": 2}
            """#
        let manifest = try Manifest.decode(Data(old.utf8))
        XCTAssertNil(manifest.numeric)
        XCTAssertEqual(manifest.recordedNumeric.contract, "unknown")
        XCTAssertEqual(manifest.contractDifferences(sample).map(\.part), ["contract"])
        XCTAssertTrue(manifest.finished("data"))
    }

    func testOnlyTheContractFieldsDecideWhetherARunMayContinue() {
        var moved = sample
        moved.cpuModel = "Intel(R) Xeon(R) Platinum 8375C"
        moved.threads = 16
        moved.gemmKernel = "avx512"
        moved.features.avx512f = true
        moved.cLibrary = "glibc 2.39"
        XCTAssertEqual(sample.contractDifferences(moved), [])

        var changed = sample
        changed.compiler = "Swift 6.4 or later"
        changed.features.fma = false
        XCTAssertEqual(sample.contractDifferences(changed), [
            .init(part: "required features", before: "avx2, fma", now: "avx2"),
            .init(part: "compiler", before: "Swift 6.3.1", now: "Swift 6.4 or later")])
    }

    func testCPUInfoGivesTheFirstModelNameAndFlags() {
        let text = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz
            flags\t\t: fpu sse2 avx fma avx2 avx512f

            processor\t: 1
            model name\t: Another
            flags\t\t: fpu
            """
        let info = HostFacts.parseCPUInfo(text)
        XCTAssertEqual(info.model, "Intel(R) Xeon(R) CPU @ 2.20GHz")
        XCTAssertEqual(info.flags, ["fpu", "sse2", "avx", "fma", "avx2", "avx512f"])
        XCTAssertEqual(HostFacts.parseCPUInfo("").model, "unknown")
    }

    func testThisMachineIsDescribed() {
        let here = NumericEnvironment.current(threads: 3)
        XCTAssertEqual(here.threads, 3)
        XCTAssertEqual(here.contract, "driftlab-numeric-1")
        XCTAssertTrue(here.compiler.hasPrefix("Swift 6"), here.compiler)
        XCTAssertTrue(here.cLibrary.hasPrefix("glibc 2."), here.cLibrary)
        #if arch(x86_64)
        XCTAssertEqual(here.architecture, "x86_64")
        #endif
    }
}
