import XCTest
@testable import Experiments

/// The sbatch scripts a Slurm sweep writes and the squeue lines status reads. (The real
/// cluster test is `make test-slurm`.)
final class SlurmSubmissionTests: XCTestCase {
    func testScriptsRunEachMemberSpecAndTheAggregate() {
        var options = SlurmOptions()
        options.partition = "cpu"
        options.time = "00:10:00"
        options.memory = "2G"
        options.extraLines = ["--account=lab", "#SBATCH --qos=short"]
        let scripts = SlurmScripts(root: "/shared/results/x", name: "x", members: ["seed-1", "seed-3"], options: options, driftlab: "/opt/driftlab")
        let members = scripts.membersText
        for line in ["#SBATCH --array=0-1", "#SBATCH --cpus-per-task=2", "#SBATCH --partition=cpu", "#SBATCH --time=00:10:00",
                     "#SBATCH --mem=2G", "#SBATCH --account=lab", "#SBATCH --qos=short", "members=('seed-1' 'seed-3')",
                     "#SBATCH --output=/shared/results/x/slurm/logs/%A_%a.out",
                     "exec '/opt/driftlab' run '/shared/results/x/specs/'\"$member\"'.json' --out '/shared/results/x/members/'\"$member\" --threads 2 --quiet"] {
            XCTAssertTrue(members.contains(line + "\n"), "missing \(line) in\n\(members)")
        }
        XCTAssertTrue(members.hasPrefix("#!/bin/bash\n"))
        XCTAssertTrue(scripts.aggregateText.contains("exec '/opt/driftlab' aggregate '/shared/results/x'\n"))
        XCTAssertTrue(scripts.aggregateText.contains("#SBATCH --cpus-per-task=1\n"))
    }

    func testSqueueLinesMapToMembers() {
        let members = ["a", "b", "c", "d", "e"]
        let states = SlurmQueue.parse("17_0|RUNNING\n17_[2-3,4%2]|PENDING\n17_1|COMPLETED\n", members: members)
        XCTAssertEqual(states, ["a": .running, "c": .pending, "d": .pending, "e": .pending])
        XCTAssertEqual(SlurmQueue.tasks("[1,3-5%1]"), [1, 3, 4, 5])
    }

    func testOptionsWithShellCharactersAreRefused() {
        var options = SlurmOptions()
        options.extraLines = ["--comment=$(rm -rf ~)"]
        XCTAssertThrowsError(try options.check(file: "--sbatch", path: "")) { XCTAssertTrue("\($0)".contains("sbatch[0]"), "\($0)") }
    }
}
