import XCTest
import Attribution
@testable import Experiments

/// An `attribution` entry is read by the method's own options: defaults are written into the
/// resolved entry, given values survive a round trip, options of another method are refused.
final class AttributionSpecTests: XCTestCase {
    func entry(_ json: String) throws -> AttributionSpec {
        try AttributionSpec(SpecReader(try JSONValue.parse(Data(json.utf8)), path: "attribution[0]", file: "t.json"))
    }

    func testDefaultsAreWrittenIntoTheResolvedEntry() throws {
        let expected: [(String, String)] = [
            ("saliency", #"{"method":"saliency","channelReduction":"none","absolute":false}"#),
            ("smoothgrad", #"{"method":"smoothgrad","channelReduction":"none","absolute":false,"samples":50,"noise":"relative","noiseFraction":0.15,"noiseSeed":0}"#),
            ("deconvnet", #"{"method":"deconvnet","channelReduction":"none"}"#),
            ("guided-backprop", #"{"method":"guided-backprop","channelReduction":"none"}"#),
            ("guided-backprop-minus", #"{"method":"guided-backprop-minus","channelReduction":"none"}"#),
            ("grad-cam", #"{"method":"grad-cam","layer":null,"upsampling":"bilinear"}"#),
            ("guided-grad-cam", #"{"method":"guided-grad-cam","channelReduction":"none","layer":null,"upsampling":"bilinear"}"#),
            ("integrated-gradients", #"{"method":"integrated-gradients","channelReduction":"none","steps":50,"baseline":0,"rule":"midpoint"}"#),
            ("occlusion", #"{"method":"occlusion","patch":4,"stride":4,"baseline":"zero"}"#),
            ("feature-ablation", #"{"method":"feature-ablation","channelReduction":"none","perPixel":false,"baseline":"zero"}"#),
            ("deep-taylor", #"{"method":"deep-taylor","channelReduction":"none","inputRule":"z-b"}"#),
            ("invariant-perturbation", #"{"method":"invariant-perturbation","samples":100,"steps":15000,"learningRate":0.0001,"tolerance":0.1,"reward":1,"initialAmplitude":0,"maskThresholds":[0.2,0,0],"patience":500,"noiseSeed":0,"outputs":"softmax"}"#),
            ("gradient", #"{"method":"gradient"}"#),
            ("time-smoothgrad", #"{"method":"time-smoothgrad","window":50}"#),
        ]
        XCTAssertEqual(expected.map(\.0).sorted(), AttributionSpec.methods.sorted(), "every registered method has a row")
        for (name, json) in expected {
            let spec = try entry(#"{"method": "\#(name)"}"#)
            XCTAssertEqual(spec.name, name)
            XCTAssertEqual(spec.method.name, name)
            XCTAssertEqual(String(decoding: spec.json.serialized(pretty: false), as: UTF8.self), json, name)
            XCTAssertEqual(try AttributionSpec(SpecReader(spec.json, file: "t.json")).json, spec.json, "\(name) round trip")
        }
    }

    func testInvariantPerturbationReadsItsThresholdList() throws {
        let s = try entry(#"{"method": "invariant-perturbation", "maskThresholds": [0.5, 0], "samples": 4}"#)
        let m = try XCTUnwrap(s.method as? InvariantPerturbation)
        XCTAssertEqual(m.maskThresholds, [0.5, 0])
        XCTAssertEqual(m.samples, 4)
        XCTAssertEqual((try entry(#"{"method": "invariant-perturbation", "maskThresholds": []}"#).method as? InvariantPerturbation)?.maskThresholds, [])
        XCTAssertThrowsError(try entry(#"{"method": "invariant-perturbation", "maskThresholds": 0.2}"#))
        XCTAssertThrowsError(try entry(#"{"method": "invariant-perturbation", "maskThresholds": ["a"]}"#))
    }

    func testGivenOptionsConfigureTheMethod() throws {
        let s = try entry(#"{"method": "smoothgrad", "samples": 7, "noiseFraction": 0.2, "noiseSeed": 3, "absolute": true, "channelReduction": "max-abs"}"#)
        let m = try XCTUnwrap(s.method as? SmoothGrad)
        XCTAssertEqual(m.samples, 7)
        XCTAssertEqual(m.noiseFraction, 0.2)
        XCTAssertEqual(m.seed, 3)
        XCTAssertTrue(m.absolute)
        XCTAssertEqual(m.channelReduction, .maxAbs)
        // Captum's absolute σ: `stdevs` is read, `noiseFraction` is not an option of it.
        let absolute = try entry(#"{"method": "smoothgrad", "noise": "absolute", "stdevs": 0.3}"#)
        XCTAssertEqual((absolute.method as? SmoothGrad)?.noiseStd, 0.3)
        XCTAssertEqual(String(decoding: absolute.json.serialized(pretty: false), as: UTF8.self),
                       #"{"method":"smoothgrad","channelReduction":"none","absolute":false,"samples":50,"noise":"absolute","stdevs":0.3,"noiseSeed":0}"#)
        XCTAssertThrowsError(try entry(#"{"method": "smoothgrad", "noise": "absolute", "noiseFraction": 0.2}"#)) {
            XCTAssertEqual(($0 as? SpecError)?.path, "attribution[0].noiseFraction")
        }
        XCTAssertNil((try entry(#"{"method": "smoothgrad"}"#).method as? SmoothGrad)?.noiseStd)
        let cam = try XCTUnwrap(try entry(#"{"method": "guided-grad-cam", "layer": "relu2", "upsampling": "nearest"}"#).method as? GuidedGradCAM)
        XCTAssertEqual(cam.layer, "relu2")
        XCTAssertEqual(cam.gradCAM.upsampling, .nearest)
        let ig = try XCTUnwrap(try entry(#"{"method": "integrated-gradients", "baseline": -0.5, "steps": 8}"#).method as? IntegratedGradients)
        XCTAssertEqual(ig.baseline, .constant(-0.5))
        XCTAssertEqual(ig.steps, 8)
    }

    func testAnOptionOfAnotherMethodOrABadValueNamesItsPath() {
        let cases: [(String, String)] = [
            (#"{"method": "saliency", "samples": 5}"#, "attribution[0].samples"),
            (#"{"method": "grad-cam", "channelReduction": "sum"}"#, "attribution[0].channelReduction"),
            (#"{"method": "smoothgrad", "samples": 0}"#, "attribution[0].samples"),
            (#"{"method": "saliency", "channelReduction": "max_abs"}"#, "attribution[0].channelReduction"),
            (#"{"method": "time-smoothgrad", "window": 2.5}"#, "attribution[0].window"),
            (#"{"method": "saliency-map"}"#, "attribution[0].method"),
        ]
        for (json, path) in cases {
            XCTAssertThrowsError(try entry(json), json) { error in
                XCTAssertTrue("\(error)".contains(path), "\(json): \(error)")
            }
        }
    }
}
