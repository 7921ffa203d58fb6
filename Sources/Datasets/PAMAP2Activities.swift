extension PAMAP2 {
    /// Activity ids as the dataset's readme names them (protocol and optional activities);
    /// 0 labels the transitions between activities.
    public static let activityNames: [Int: String] = [
        0: "transition", 1: "lying", 2: "sitting", 3: "standing", 4: "walking", 5: "running", 6: "cycling",
        7: "Nordic walking", 9: "watching TV", 10: "computer work", 11: "car driving", 12: "ascending stairs",
        13: "descending stairs", 16: "vacuum cleaning", 17: "ironing", 18: "folding laundry", 19: "house cleaning",
        20: "playing soccer", 24: "rope jumping",
    ]
}
