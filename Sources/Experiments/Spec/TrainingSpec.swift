import NeuralNet

/// `training.optimizer`.
public enum OptimizerSpec: SpecSection {
    case sgd(lr: Double, momentum: Double, nesterov: Bool, weightDecay: Double)
    case adam(lr: Double, beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double)

    enum Kind: String, CaseIterable { case sgd, adam }

    public init(_ reader: SpecReader) throws {
        self = try reader.fields { f in
            let kind = try f.value("kind", default: Kind.adam) { try $0.choice(Kind.self) }
            let lr = try f.value("lr", default: kind == .adam ? 1e-3 : 0.1) { try $0.number(greaterThan: 0) }
            let weightDecay = try f.value("weightDecay", default: 0.0) { try $0.number(atLeast: 0) }
            if kind == .sgd {
                let momentum = try f.value("momentum", default: 0.0) { try $0.number(atLeast: 0, atMost: 1) }
                let nesterov = try f.value("nesterov", default: false) { try $0.bool() }
                if nesterov && momentum == 0 { throw f.error("nesterov", "needs momentum > 0") }
                return .sgd(lr: lr, momentum: momentum, nesterov: nesterov, weightDecay: weightDecay)
            }
            return .adam(lr: lr,
                         beta1: try f.value("beta1", default: 0.9) { try $0.number(atLeast: 0, atMost: 0.999999) },
                         beta2: try f.value("beta2", default: 0.999) { try $0.number(atLeast: 0, atMost: 0.999999) },
                         epsilon: try f.value("epsilon", default: 1e-8) { try $0.number(greaterThan: 0) },
                         weightDecay: weightDecay)
        }
    }

    public var json: JSONValue {
        switch self {
        case let .sgd(lr, momentum, nesterov, weightDecay):
            return .object([("kind", "sgd"), ("lr", JSONValue(lr)), ("momentum", JSONValue(momentum)),
                            ("nesterov", JSONValue(nesterov)), ("weightDecay", JSONValue(weightDecay))])
        case let .adam(lr, beta1, beta2, epsilon, weightDecay):
            return .object([("kind", "adam"), ("lr", JSONValue(lr)), ("beta1", JSONValue(beta1)), ("beta2", JSONValue(beta2)),
                            ("epsilon", JSONValue(epsilon)), ("weightDecay", JSONValue(weightDecay))])
        }
    }

    public var learningRate: Double {
        switch self { case .sgd(let lr, _, _, _), .adam(let lr, _, _, _, _): return lr }
    }

    public func make() -> Optimizer {
        switch self {
        case let .sgd(_, momentum, nesterov, weightDecay):
            return SGD(momentum: Float(momentum), nesterov: nesterov, weightDecay: Float(weightDecay))
        case let .adam(_, beta1, beta2, epsilon, weightDecay):
            return Adam(beta1: Float(beta1), beta2: Float(beta2), epsilon: Float(epsilon), weightDecay: Float(weightDecay))
        }
    }
}

/// `training.schedule`: the learning rate per epoch.
public enum ScheduleSpec: SpecSection {
    case constant
    case step(stepSize: Int, gamma: Double)
    case cosine(minimum: Double)

    enum Kind: String, CaseIterable { case constant, step, cosine }

    public init(_ reader: SpecReader) throws {
        self = try reader.fields { f in
            switch try f.value("kind", default: Kind.constant, { try $0.choice(Kind.self) }) {
            case .step:
                return .step(stepSize: try f.value("stepSize", default: 30) { try $0.integer(atLeast: 1) },
                             gamma: try f.value("gamma", default: 0.1) { try $0.number(greaterThan: 0, atMost: 1) })
            case .cosine:
                return .cosine(minimum: try f.value("minimum", default: 0.0) { try $0.number(atLeast: 0) })
            case .constant:
                return .constant
            }
        }
    }

    public var json: JSONValue {
        switch self {
        case .constant: return .object([("kind", "constant")])
        case let .step(stepSize, gamma): return .object([("kind", "step"), ("stepSize", JSONValue(stepSize)), ("gamma", JSONValue(gamma))])
        case .cosine(let minimum): return .object([("kind", "cosine"), ("minimum", JSONValue(minimum))])
        }
    }

    public func schedule(base: Double, epochs: Int) -> LearningRateSchedule {
        switch self {
        case .constant: return .constant(Float(base))
        case let .step(stepSize, gamma): return .step(base: Float(base), stepSize: stepSize, gamma: Float(gamma))
        case .cosine(let minimum): return .cosine(base: Float(base), totalEpochs: epochs, minimum: Float(minimum))
        }
    }
}

/// `training.snapshots`: which epochs keep a checkpoint — every n-th, or a list.
public enum SnapshotSpec: SpecSection {
    case every(Int)
    case epochs([Int])

    public init(_ reader: SpecReader) throws {
        self = try reader.fields { f in
            let every = try f.optional("every").map { try $0.integer(atLeast: 1) }
            let list = try f.optional("epochs").map { try $0.list { try $0.integer(atLeast: 1) } }
            switch (every, list) {
            case (let n?, nil): return .every(n)
            case (nil, let l?): return .epochs(l.sorted())
            case (nil, nil): return .every(1)
            default: throw reader.error("give either \"every\" or \"epochs\", not both")
            }
        }
    }

    public var json: JSONValue {
        switch self {
        case .every(let n): return .object([("every", JSONValue(n))])
        case .epochs(let l): return .object([("epochs", JSONValue(l))])
        }
    }

    /// Whether a checkpoint is kept after `epoch` (1-based); the last epoch always is.
    public func keeps(_ epoch: Int, of total: Int) -> Bool {
        if epoch == total { return true }
        switch self {
        case .every(let n): return epoch % n == 0
        case .epochs(let l): return l.contains(epoch)
        }
    }
}

/// `training.augmentation`: random crop with zero padding and horizontal flip (images only),
/// drawn from the training generator. Absent = none.
public struct AugmentationSpec: SpecSection {
    public var padding: Int
    public var flip: Bool

    public init(_ reader: SpecReader) throws {
        (padding, flip) = try reader.fields { f in
            (try f.value("padding", default: 4) { try $0.integer(atLeast: 0, atMost: 16) },
             try f.value("flip", default: true) { try $0.bool() })
        }
    }

    public var json: JSONValue { .object([("padding", JSONValue(padding)), ("flip", JSONValue(flip))]) }
}

/// `training`.
public struct TrainingSpec: SpecSection {
    public var epochs: Int
    public var batchSize: Int
    public var shuffle: Bool
    public var optimizer: OptimizerSpec
    public var schedule: ScheduleSpec
    public var snapshots: SnapshotSpec
    public var augmentation: AugmentationSpec?

    public init(_ reader: SpecReader) throws {
        (epochs, batchSize, shuffle, optimizer, schedule, snapshots, augmentation) = try reader.fields { f in
            (try f.value("epochs", default: 50) { try $0.integer(atLeast: 1) },
             try f.value("batchSize", default: 64) { try $0.integer(atLeast: 1) },
             try f.value("shuffle", default: true) { try $0.bool() },
             try f.optional("optimizer").map(OptimizerSpec.init) ?? OptimizerSpec(SpecReader(.object([]), path: f.path + ".optimizer", file: reader.file)),
             try f.optional("schedule").map(ScheduleSpec.init) ?? .constant,
             try f.optional("snapshots").map(SnapshotSpec.init) ?? .every(1),
             try f.optional("augmentation").map(AugmentationSpec.init))
        }
    }

    public var json: JSONValue {
        .object([("epochs", JSONValue(epochs)), ("batchSize", JSONValue(batchSize)), ("shuffle", JSONValue(shuffle)),
                 ("optimizer", optimizer.json), ("schedule", schedule.json), ("snapshots", snapshots.json),
                 ("augmentation", augmentation?.json ?? .null)])
    }
}
