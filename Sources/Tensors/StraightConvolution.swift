/// A convolution computed straight from its NCHW input into its NCHW output, each output plane
/// finished as soon as it is written: `DirectConvolution` (vectors of output positions) and
/// `LanesConvolution` (vectors of output channels). Both give each output element im2col's
/// chain, so a layer may take either, or implicit im2col, on any CPU.
public protocol StraightConvolution: AnyObject {
    /// Floats of the scratch buffer `apply` needs for `samples` samples (the stride-2 phases, or
    /// the zero-bordered copy).
    func bufferFloats(samples: Int) -> Int

    /// output[s, m, :] = weight ⋆ input[s] (+ bias[m]) for s < samples, each plane then finished
    /// by `finishPlanes`. input: sample s at input + s·sampleStride; output: (samples, M, OH, OW).
    /// `buffer` holds `bufferFloats(samples:)` floats (nil: one of its own). Split over the cores
    /// when `parallel`.
    func apply(_ input: UnsafePointer<Float>, samples: Int, sampleStride: Int, into output: UnsafeMutablePointer<Float>,
               parallel: Bool, bias: UnsafePointer<Float>?, rectified: Bool, wherePositive: UnsafePointer<Float>?,
               afterPlane: ((_ item: Int, _ plane: UnsafePointer<Float>) -> Void)?, buffer: UnsafeMutablePointer<Float>?)
}

/// What a convolution computed straight into its NCHW output does to each finished plane, as
/// `WideConvolution.gather` does to its planes: + bias[o], ReLU's forward with `rectified`, ReLU's
/// backward against `positive` (laid out as output) with it given, then `afterPlane(s·M + o,
/// plane)` — for the planes of samples × outChannels of output (samples, M = channels, P = plane).
/// Nothing to do, no walk over the planes.
func finishPlanes(_ output: UnsafeMutablePointer<Float>, plane p: Int, channels m: Int, samples: Range<Int>,
                  outChannels: Range<Int>, bias: UnsafePointer<Float>?, rectified rectifies: Bool,
                  wherePositive positive: UnsafePointer<Float>?,
                  afterPlane: ((_ item: Int, _ plane: UnsafePointer<Float>) -> Void)?) {
    guard bias != nil || rectifies || positive != nil || afterPlane != nil else { return }
    for s in samples { for o in outChannels {
        let item = s * m + o, plane = output + item * p
        if let bias {
            let b = bias[o]
            for i in 0..<p { plane[i] = plane[i] + b }
        }
        if rectifies { rectify(plane, into: plane, count: p) }
        if let positive { passWherePositive(plane, where: positive + item * p, into: plane, count: p) }
        afterPlane?(item, plane)
    }}
}

/// How a straight convolution shares a call out: groups of `group` samples, each computed whole
/// (`compute(s0, n, 0 ..< blocks)`) on one core when `parallel`; or, with fewer groups than two per
/// core (an attribution's batch of one), each group's channel blocks `blocksPerItem` at a time as
/// items of their own. `costPerSample` sizes the split. Who computes what changes no bit.
func shareOut(samples: Int, group: Int, blocks: Int, blocksPerItem: Int, parallel: Bool, costPerSample: Int,
              _ compute: (_ s0: Int, _ n: Int, _ blocks: Range<Int>) -> Void) {
    let groups = (samples + group - 1) / group
    if !parallel || Threads.count == 1 || groups >= 2 * Threads.count {
        parallelRanges(groups, costPerItem: parallel ? group * costPerSample : 0) { range in
            for g in range { compute(g * group, min(group, samples - g * group), 0..<blocks) }
        }
        return
    }
    let items = (blocks + blocksPerItem - 1) / blocksPerItem
    parallelFor(groups * items) { item in
        let s0 = item / items * group, b0 = item % items * blocksPerItem
        compute(s0, min(group, samples - s0), b0..<min(blocks, b0 + blocksPerItem))
    }
}
