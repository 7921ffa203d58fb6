import Foundation
import XCTest
import Tensors
@testable import Experiments

/// TrainingStage.swift: resuming only from a checkpoint whose sha256 matches its record.
final class TrainingStageTests: RunTestCase {
    /// Train 3 of 5 epochs, damage the latest checkpoint, resume: the damage is reported, training
    /// resumes from the newest intact checkpoint and ends in the bytes of an uninterrupted run.
    func testDamagedLatestCheckpointIsReportedAndTrainingFallsBackToAnIntactOne() throws {
        let s = try tinySpec(["training.snapshots.every=1"])
        let straight = RunDirectory(root.appendingPathComponent("straight"))
        _ = try run(s, straight, [TinyRegressionData(), TrainingStage()])

        let resumed = RunDirectory(root.appendingPathComponent("resumed"))
        XCTAssertThrowsError(try run(s, resumed, [TinyRegressionData(), TrainingStage(interruptAfterEpoch: 3)]))
        try damage(resumed.root.appendingPathComponent(RunDirectory.checkpointName(epoch: 3)))
        let notes = Notes()
        XCTAssertEqual(try run(s, resumed, [TinyRegressionData(), TrainingStage()], notes: notes), .ran(["train"]))
        XCTAssertTrue(notes.list.contains("checkpoints/epoch-0003.safetensors is damaged: its sha256 differs from the one recorded "
                                     + "when it was written; not resuming from it"), "\(notes.list)")
        XCTAssertTrue(notes.list.contains("resuming after epoch 2 from checkpoints/epoch-0002.safetensors"), "\(notes.list)")
        XCTAssertEqual(try outputHashes(resumed), try outputHashes(straight))
    }

    /// Killed between writing the first checkpoint and recording its sha256 (no record yet): the
    /// resume continues from it and the record ends as an uninterrupted run's, epoch 1 included.
    func testResumeFromTheFirstCheckpointBeforeItsRecordEndsWithTheFullRecord() throws {
        let s = try tinySpec(["training.snapshots.every=1"])
        let straight = RunDirectory(root.appendingPathComponent("straight"))
        _ = try run(s, straight, [TinyRegressionData(), TrainingStage()])

        let resumed = RunDirectory(root.appendingPathComponent("resumed"))
        XCTAssertThrowsError(try run(s, resumed, [TinyRegressionData(), TrainingStage(interruptAfterEpoch: 1)]))
        try FileManager.default.removeItem(at: resumed.root.appendingPathComponent(CheckpointDigests.path))
        let notes = Notes()
        XCTAssertEqual(try run(s, resumed, [TinyRegressionData(), TrainingStage()], notes: notes), .ran(["train"]))
        XCTAssertTrue(notes.list.contains("resuming after epoch 1 from checkpoints/epoch-0001.safetensors"), "\(notes.list)")
        XCTAssertEqual(try resumed.read(CheckpointDigests.path), try straight.read(CheckpointDigests.path))
        XCTAssertEqual(try outputHashes(resumed), try outputHashes(straight))
    }

    /// With every checkpoint damaged, training starts over (and still ends in the same bytes).
    func testNoIntactCheckpointStartsTrainingOver() throws {
        let s = try tinySpec(["training.snapshots.every=1"])
        let straight = RunDirectory(root.appendingPathComponent("straight"))
        _ = try run(s, straight, [TinyRegressionData(), TrainingStage()])
        let resumed = RunDirectory(root.appendingPathComponent("resumed"))
        XCTAssertThrowsError(try run(s, resumed, [TinyRegressionData(), TrainingStage(interruptAfterEpoch: 2)]))
        for epoch in 1...2 { try damage(resumed.root.appendingPathComponent(RunDirectory.checkpointName(epoch: epoch))) }
        let notes = Notes()
        _ = try run(s, resumed, [TinyRegressionData(), TrainingStage()], notes: notes)
        XCTAssertTrue(notes.list.contains("no intact checkpoint in checkpoints/: training starts over from epoch 1"), "\(notes.list)")
        XCTAssertEqual(notes.list.filter { $0.contains("is damaged") }.count, 2, "\(notes.list)")
        XCTAssertEqual(try outputHashes(resumed), try outputHashes(straight))
    }

    /// A train/reference.json that does not decode was reported as JSONDecoder's multi-line
    /// dump; now one line naming the file and the field.
    func testUnreadableReferenceEpochNamesTheFileAndField() throws {
        try write(#"{"epoch": "three", "rule": "fixed"}"#, ReferenceEpoch.path, in: root)
        XCTAssertThrowsError(try ReferenceEpoch.read(RunDirectory(root))) {
            XCTAssertEqual("\($0)", "train/reference.json is not a reference-epoch record: \"epoch\" is not Int")
        }
    }
}
