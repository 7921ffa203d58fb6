/// Paper 000's PAMAP2 table: regression quality on the test subject, overall and per activity
/// (tables/table1). The paper prints no numbers for PAMAP2, so there is no paper column.
struct ActivityTablesStage: Stage {
    let name = "tables"
    /// The spec's data section, of the kind this stage reads.
    let data: PAMAP2DataSpec

    func run(_ context: RunContext) throws -> [String] {
        let s = data
        let dir = context.directory
        let regression = try TimeSmoothGradArtifacts.regression.read(in: dir)
        let activities = try TimeSmoothGradArtifacts.activities.read(in: dir)
        var rows = [["all", "", fixed3(try regression.double(0, "pearson")), fixed3(try regression.double(0, "mse_standardized"))]]
        for i in 0..<activities.count {
            let pearson = try activities.optionalDouble(i, "pearson").map(fixed3) ?? "—"
            rows.append([try activities.string(i, "activity"), try activities.string(i, "test_steps"), pearson,
                         fixed3(try activities.double(i, "mse_standardized"))])
        }
        let table = Table(
            title: "Table 1 — regression of \(s.target) on test subject \(s.testSubject) (\(s.source.rawValue))",
            columns: ["activity", "test steps", "Pearson", "MSE (standardised y)"],
            rows: rows,
            notes: ["Inputs: \(s.inputChannels.count) channels (\(s.inputs.joined(separator: ", "))) at \(JSONValue.format(s.rate)) Hz; "
                    + "trained on subjects \(s.trainSubjects.map(String.init).joined(separator: ", ")).",
                    "Activity 0 = transitions. The paper reports no regression numbers for PAMAP2.",
                    "MSE is on the standardised target (training mean and std); the raw-scale MSE is in metrics/regression.csv."])
        return try table.write("table1", in: dir)
    }
}
