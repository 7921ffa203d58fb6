/// The training or test part of a dataset as its authors published it. Validation data is held
/// out of `.train` by `Split.validationSplit`; `.test` is never trained or tuned on.
public enum PublishedSplit: String, Codable, Sendable, CaseIterable {
    case train, test
}
