import Tensors

/// Fixed-length windows cut from sensor recordings, the inputs of the activity classifiers:
/// one (N, axes, time) Float32 tensor, with each window's activity and subject. Windows never
/// cross from one recording into the next (a DSADS segment, an MHEALTH or PAMAP2 subject), since
/// the samples either side of that boundary were not recorded one after the other.
public struct SensorWindows {
    /// (N, axes, length): window n, channel c, time t.
    public let windows: Tensor
    /// The activity of each window, as the dataset numbers activities.
    public let labels: [Int]
    /// The subject each window came from.
    public let subjects: [Int]
    /// The channel of each axis, in order.
    public let channels: [String]

    public init(windows: Tensor, labels: [Int], subjects: [Int], channels: [String]) {
        precondition(windows.shape.rank == 3 && windows.shape[0] == labels.count && labels.count == subjects.count
                     && windows.shape[1] == channels.count,
                     "SensorWindows: windows \(windows.shape), \(labels.count) labels, \(subjects.count) subjects, "
                     + "\(channels.count) channels")
        self.windows = windows
        self.labels = labels
        self.subjects = subjects
        self.channels = channels
    }

    public var count: Int { labels.count }
    public var length: Int { windows.shape[2] }

    /// Samples between the starts of consecutive windows: `length` minus the overlap, rounded
    /// (30 with overlap 0.5 → 15).
    public static func stride(length: Int, overlap: Double) -> Int {
        precondition(length > 0 && overlap >= 0 && overlap < 1, "SensorWindows: length \(length), overlap \(overlap)")
        return max(1, length - Int((Double(length) * overlap).rounded()))
    }

    /// Cuts windows of `length` samples, starting every `stride(length:overlap:)` samples, from
    /// each recording in turn, keeping the channels `channels` select by prefix (see
    /// `SensorRecording.channelIndices`). Resample and convert units before, so all recordings
    /// share one rate.
    ///
    /// A window keeps one label: a window whose samples do not all carry the same activity is
    /// dropped (not given the majority label), because at an activity boundary the majority is
    /// decided by where the window happens to start and the minority part would be mislabelled
    /// training data. Windows whose activity is in `dropLabels` are dropped too — pass [0] for
    /// MHEALTH ("no activity") and PAMAP2 (transitions) when the classifier should not see them.
    public static func make(_ recordings: [SensorRecording], channels: [String], length: Int = 30,
                            overlap: Double = 0.5, dropLabels: Set<Int> = []) -> SensorWindows {
        let step = stride(length: length, overlap: overlap)
        var names: [String]?
        var rate: Double?
        var values: [Float] = []
        var labels: [Int] = []
        var subjects: [Int] = []
        for recording in recordings {
            guard let indices = recording.channelIndices(matching: channels) else {
                preconditionFailure("SensorWindows.make: \(channels) selects nothing in \(recording.channels)")
            }
            let selected = indices.map { recording.channels[$0] }
            precondition(names == nil || names! == selected,
                         "SensorWindows.make: recordings differ in channels (\(names!) vs \(selected))")
            precondition(rate == nil || rate! == recording.sampleRate,
                         "SensorWindows.make: recordings at \(rate!) and \(recording.sampleRate) Hz; resample first")
            (names, rate) = (selected, recording.sampleRate)
            let c = recording.channels.count
            var start = 0
            while start + length <= recording.count {
                defer { start += step }
                let label = recording.labels[start]
                guard !dropLabels.contains(label),
                      recording.labels[start..<(start + length)].allSatisfy({ $0 == label }) else { continue }
                // Axis-major within the window: all of channel 0's time steps, then channel 1's.
                for index in indices {
                    for t in start..<(start + length) { values.append(recording.samples[t * c + index]) }
                }
                labels.append(label)
                subjects.append(recording.subject)
            }
        }
        let axes = names?.count ?? channels.count
        return SensorWindows(windows: Tensor(shape: [labels.count, axes, length], values: values),
                             labels: labels, subjects: subjects, channels: names ?? channels)
    }

    /// The windows at `indices`, in that order, copied.
    public func subset(_ indices: [Int]) -> SensorWindows {
        let per = windows.shape.countPerItem
        let result = Tensor(uninitialized: [indices.count, channels.count, length])
        for (row, index) in indices.enumerated() {
            precondition(index >= 0 && index < count, "SensorWindows.subset: index \(index) outside 0..<\(count)")
            (result.data + row * per).update(from: windows.data + index * per, count: per)
        }
        return SensorWindows(windows: result, labels: indices.map { labels[$0] },
                             subjects: indices.map { subjects[$0] }, channels: channels)
    }

    /// The windows of the given subjects (a split by subject, as the papers evaluate).
    public func subset(subjects chosen: Set<Int>) -> SensorWindows {
        subset(subjects.indices.filter { chosen.contains(subjects[$0]) })
    }

    /// The activities present, ascending: class k of a classifier is `activities()[k]`.
    public func activities() -> [Int] { Array(Set(labels)).sorted() }

    /// Each window's class index in `activities` (e.g. the training set's `activities()`, so
    /// every split numbers classes alike). A label missing from `activities` is a caller error.
    public func classIndices(activities: [Int]) -> [Int] {
        let index = Dictionary(uniqueKeysWithValues: activities.enumerated().map { ($1, $0) })
        return labels.map { label in
            guard let k = index[label] else { preconditionFailure("SensorWindows: activity \(label) not in \(activities)") }
            return k
        }
    }

    /// Per-axis mean and std over all windows and time steps (fit on the training subjects).
    public func fitNormalization() -> Normalization {
        Normalization.fit(windows.reshaped([count, channels.count, 1, length]))
    }

    /// A copy standardised per axis with `normalization`.
    public func normalized(with normalization: Normalization) -> SensorWindows {
        let copy = windows.copy()
        normalization.apply(to: copy.reshaped([count, channels.count, 1, length]))
        return SensorWindows(windows: copy, labels: labels, subjects: subjects, channels: channels)
    }
}

/// Which subjects train, validate and test: paper 004 splits by subject, so no person's
/// movements are seen in training and test alike.
public struct SubjectSplit: Codable, Equatable, Sendable {
    public let train: [Int]
    public let validation: [Int]
    public let test: [Int]

    public init(train: [Int], validation: [Int], test: [Int]) {
        precondition(Set(train).isDisjoint(with: validation) && Set(train).isDisjoint(with: test)
                     && Set(validation).isDisjoint(with: test), "SubjectSplit: a subject is in two parts")
        (self.train, self.validation, self.test) = (train, validation, test)
    }

    /// Paper 004 on DSADS: train 1–5, validation 6, test 7 and 8.
    public static let dsads = SubjectSplit(train: Array(1...5), validation: [6], test: [7, 8])
    /// Paper 004 on MHEALTH: train 1–7, validation 8, test 9 and 10.
    public static let mhealth = SubjectSplit(train: Array(1...7), validation: [8], test: [9, 10])
}
