import Tensors

/// The im2col + GEMM convolution shared by Conv2d and Conv1d (the latter as H = 1), on raw NCHW
/// buffers. The batch runs in chunks of samples: each chunk is one GEMM with N-dimension n·P,
/// wide enough for the GEMM to run near peak, while its column matrix stays cache-sized.
/// Legend as in Im2col.swift: N batch, n chunk, OC output channels, R = C·KH·KW, P = OH·OW.
final class ConvolutionEngine {
    /// A chunk aims for this many GEMM columns (n·P)…
    var targetColumns = 4096
    /// …unless its column matrix (R, n·P) would exceed this many floats (4 MB per core: chunks
    /// that stay near L2 measured ~15 % faster than 16 MB ones on ResNet's 64-channel layers).
    var maxColumnFloats = 1 << 20
    /// A batch is cut into pieces of about this many samples (at most `maxPieces`): the pieces
    /// are what the cores share out, and the unit of dWeight's partial sums.
    var samplesPerPiece = 4
    var maxPieces = 8
    /// A stride-1 forward runs on the wide grid (`WideConvolution`) while it computes at most
    /// this many columns per output position, else on implicit im2col columns. Per-layer minima
    /// of `bench --profile resnet18-w16-train --layers` (2026-12-02), 3 × 3 kernels: with a
    /// border of their own per row and sample the grid was faster on 32² planes (1.13 columns per
    /// output: 5.5 against 9.5 ms) and 16² (1.27: 5.0 against 6.6), level on 8² (1.56), slower on
    /// 4² (2.25: 7.6 against 5.3); with shared borders 8² (now 1.27) went 4.9 → 4.1 ms and 4²
    /// (1.56) 4.5 → 5.3, still slower. Either gives the same bits.
    var maxWideColumnsPerOutput = 1.5
    /// The direct kernel (`DirectConvolution`, AVX-512) runs a forward with at least this many
    /// outputs per plane. Below it a vector is a whole sample's plane and nearly every tap's load
    /// straddles two cache lines: resnet18-w16's 4² layers (128 channels) ran forward in 3.0–3.2
    /// ms per training step against 2.6–2.9 by implicit im2col (per-layer minima, 3 interleaved
    /// `scripts/profile-ab.sh` runs, 2026-12-07), while 8² layers went 3.2–3.3 → 2.7. Same bits.
    var minDirectPlane = 64
    /// Stride-2 layers run direct (on their input's phases) on any plane while they have at most
    /// this many input channels. Per-layer forward minima (`scripts/profile-ab.sh`, 2026-12-07,
    /// implicit im2col → direct): resnet18-w16's 16-, 32- and 64-channel layers 2.9 → 2.2,
    /// 2.2 → 1.7 and (4² outputs) 1.9 → 1.7 ms, its 1 × 1 downsamples 1.0 → 0.9 and 0.7 → 0.5;
    /// w64's 64-channel layer 23.8 → 23.2 and downsample 6.8 → 5.2, but its 128- and 256-channel
    /// layers 19.2–21.0 → 22.4–23.6 and 20.2 → 22.2 (three and one interleaved A/Bs; one core in a
    /// C harness had them faster, 86 → 101 GFLOP/s: the phases of 16 samples of 128 channels,
    /// 2 MB, no longer stay in L2 while the kernel reads them). Same bits either way.
    var maxStridedDirectChannels = 64
    /// A forward with at most this many outputs per plane, more than one tap and at most
    /// `maxLanesRows` rows (C·KH·KW) runs with its output channels in the vector lanes
    /// (`LanesConvolution`), stride 1 or 2. One core, 16 samples, GFLOP/s (2026-12-08, AVX-512),
    /// implicit im2col / direct → lanes: 128 × 4² 125 / 125 → 158, 64 × 8² 102 / 135 → 153,
    /// stride 2 64 → 128 on 8² 86 / 106 → 145 and 32 → 64 on 16² 82 / 117 → 128; 256 → 512 on 8²
    /// (R = 2,304: its weights no longer stay in L2) 124 → 121. Same bits.
    var maxLanesPlane = 16
    var maxLanesRows = 1152
    /// dInput of a stride-1 layer with at most this many input positions per plane is its
    /// transposed convolution by `forward` (below). A route, not a speed knob only: it decides
    /// dInput's chains (the transposed convolution's, or col2im's), so its bits.
    var maxTransposedForwardPlane = 16
    /// dWeight of a 3 × 3 layer (stride 1 or 2) runs with its output channels in the lanes
    /// (`LanesWeightGradient`) while this holds, else on the wide grid or im2col's columns.
    var lanesWeightGradient = true
    /// dInput of a stride-1 layer with at least this many input channels (M of its GEMM), and no
    /// more output channels than input ones, is a forward convolution of dOutput on the wide grid
    /// (`transposedGeometry`), else dColumns + col2im. Thinner products (the stem's C = 1 or 3)
    /// run far below peak as the M side; MNIST's conv2 (32 → 64, 26² planes, 1.16 columns per
    /// position) measured 35.8 → 41.6 ms per backward with it, so widening layers keep col2im.
    var minTransposedChannels = 16
    /// …and at most this many wide-grid columns per input position. Per-layer minima of the
    /// backward pass (`bench --profile resnet18-w16-train --layers`, 2026-12-02, against dColumns +
    /// col2im), own borders: 32² planes (1.13) 12.5–13.4 → 10.1 ms, 16² (1.27) 11.4 → 10.5, 8²
    /// (1.56) 9.3 → 10.1; shared borders bring 8² to 1.27, where backward went 9.2 → 8.6–8.8 ms
    /// (with the wide dWeight below).
    var maxTransposedColumnsPerOutput = 1.3
    /// dWeight (in its (R, OC) layout) sums over the wide grid of the forward pass while that has
    /// at most this many columns per output position, else over im2col's stored columns: 32²
    /// 9.2 → 7.5 ms per backward, 16² 9.5 → 8.3, 8² at 1.56 (own borders) 8.5 → 9.1–9.5.
    var maxWideWeightColumnsPerOutput = 1.3
    /// dInput by dColumns + col2im runs per sample and group of channels of at most this many
    /// dColumns floats (256 KB, within L2) on planes of at least `minBlockedCol2imPlane` outputs
    /// (so each GEMM still has ≥ 16 column tiles), instead of one dColumns for the whole chunk:
    /// MNIST's conv2 backward (26² → 24², 32 → 64 channels) 32.1 → 29.7 ms per input-gradient
    /// step, 66.6 → 65.2 per training step (per-layer minima, 3 runs, AVX2); 16 K-float blocks
    /// were slower (44.7, 77.6: GEMMs too small), 256 K about the same as 64 K.
    var col2imBlockFloats = 1 << 16
    var minBlockedCol2imPlane = 256

    /// A 3 × 3 stride-1 padding-1 layer with at least this many input and output channels, and
    /// channels × plane width of at least `minWinogradChannelsTimesWidth`, runs forward, dInput
    /// and dWeight by Winograd's F(2 × 2, 3 × 3) (`WinogradConvolution`): 16 products per tile
    /// of 4 outputs instead of 36, paid for by transforms whose share grows as the channels
    /// (the GEMMs' sides) shrink and whose loops run along a tile row (⌈W/2⌉ long). Per-layer
    /// minima (`bench --profile … --layers`, 2026-12-02): resnet18-w64-train, every stride-1 3 × 3
    /// layer (64 × 32², 128 × 16², 256 × 8², 512 × 4²: channels × width 2,048) forward 48–58 →
    /// 37–42 ms, backward 96–123 → 82–92 ms, step 2,568 → 2,093 ms; resnet18-w16-train's
    /// 64 × 8² and 128 × 4² (512) slower (backward 8.1 → 10.5 and 8.3 → 9.0 ms).
    var minWinogradChannels = 64
    var minWinogradChannelsTimesWidth = 1024

    typealias Workspace = ConvolutionWorkspace
    /// This layer's weights packed for a kernel, its flipped kernel (`flippedKernel`) and the
    /// pieces' dWeightᵀ summed (`LanesWeightGradient`), kept between calls where small.
    let packedWeights = WeightScratch()
    let flippedWeights = WeightScratch()
    let summedWeights = WeightScratch()

    /// Samples per chunk for a batch, evened out so the last chunk is not a sliver.
    func chunkSize(_ g: ConvGeometry, batch: Int) -> Int {
        let p = g.outputPlane
        var n = min(batch, max(1, (targetColumns + p - 1) / p))
        n = max(1, min(n, maxColumnFloats / max(1, g.rows * p)))
        let chunks = (batch + n - 1) / max(n, 1)
        return chunks == 0 ? 1 : (batch + chunks - 1) / chunks
    }

    /// How many pieces a batch is cut into. A function of the batch size alone, never of the
    /// thread count: dWeight is the sum of the pieces' partial sums in piece order, so the
    /// pieces' boundaries fix its bits, and threads only decide who computes which piece.
    func pieces(batch: Int) -> Int { max(1, min(maxPieces, batch / samplesPerPiece)) }

    /// Runs `body(samples, workspace, piece, parallel)` over the pieces of the batch. Several
    /// pieces run one per core with serial kernels, so the cores never wait on each other; a
    /// batch of one piece runs its GEMMs and kernels split over the cores instead. Neither
    /// changes a bit: every element's chain of operations is independent of who computes it.
    /// The pieces' workspaces come from `ConvolutionWorkspaces` and are held until `combine`
    /// (given them, in piece order) has read what the pieces left there.
    func run(batch: Int, _ body: (Range<Int>, Workspace, Int, Bool) -> Void,
             combine: ([Workspace]) -> Void = { _ in }) {
        let pieces = pieces(batch: batch)
        ConvolutionWorkspaces.shared.with(pieces) { spaces in
            if pieces == 1 {
                body(0..<batch, spaces[0], 0, true)
            } else {
                Threads.withUnsplitGEMM {
                    parallelFor(pieces) { piece in
                        body((batch * piece / pieces)..<(batch * (piece + 1) / pieces), spaces[piece], piece, false)
                    }
                }
            }
            combine(Array(spaces.prefix(pieces)))
        }
    }

    /// output = w ⋆ x + bias, or with `rectified` ReLU(w ⋆ x + bias), each chunk rectified as soon
    /// as it is written (ReLU's own loop, so the bits of the ReLU layer run after). By the direct
    /// kernel or on the wide grid, `planeSums` (N·OC planes) is filled from each output plane as it is finished
    /// (elsewhere it is left unfilled, for BatchNorm to sum its input itself).
    /// x: (N, C, H, W), weight: (OC, R), bias: (OC), output: (N, OC, OH, OW).
    func forward(_ g: ConvGeometry, batch: Int, outChannels oc: Int, x: UnsafePointer<Float>,
                 weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>,
                 rectified: Bool = false, planeSums: PlaneSums? = nil) {
        let (p, r) = (g.outputPlane, g.rows)
        defer { packedWeights.release() }
        if let planeSums {
            precondition(planeSums.planes == batch * oc, "plane sums for \(planeSums.planes) planes, output has \(batch * oc)")
            planeSums.filled = false
        }
        if usesWinograd(g, outChannels: oc) {
            winograd(g, batch: batch, outChannels: oc, input: x, kernel: weight, bias: bias, output: output,
                     rectified: rectified)
            return
        }
        // Straight from x into the output where the CPU has a kernel for it (AVX-512 or AVX2), with
        // the bits of the wide grid and of implicit im2col below, without their copies: small
        // planes with the output channels in the lanes (from a zero-bordered copy of x), else
        // vectors of output positions (stride 2: from x's phases).
        let takesLanes = g.outputPlane <= maxLanesPlane && g.kernelHeight * g.kernelWidth > 1 && r <= maxLanesRows
        let takesDirect = g.strideHeight == 1 ? g.outputPlane >= minDirectPlane : g.channels <= maxStridedDirectChannels
        let lanes: StraightConvolution? =
            takesLanes ? LanesConvolution(g, outChannels: oc, weight: weight, packedBuffer: packedWeights.pointer) : nil
        let straight = lanes ?? (takesDirect ? DirectConvolution(g, outChannels: oc, weight: weight,
                                                                 packedBuffer: packedWeights.pointer) : nil)
        if let straight {
            planeSums?.filled = true
            run(batch: batch) { samples, work, _, parallel in
                straight.apply(x + samples.lowerBound * g.inputCount, samples: samples.count, sampleStride: g.inputCount,
                               into: output + samples.lowerBound * oc * p, parallel: parallel, bias: bias,
                               rectified: rectified, wherePositive: nil, afterPlane: planeSums.map { sums in { item, plane in
                                   sums.add(plane: samples.lowerBound * oc + item, plane, count: p)
                               } }, buffer: work.columns.pointer(count: straight.bufferFloats(samples: samples.count)))
            }
            return
        }
        // Every chunk takes the wide grid or none does: columnsPerOutput is the planes' alone.
        let onWideGrid = WideConvolution(g, samples: 1).map { $0.columnsPerOutput <= maxWideColumnsPerOutput } == true
        planeSums?.filled = onWideGrid
        run(batch: batch) { samples, work, _, parallel in
            let chunk = chunkSize(g, batch: samples.count)
            for s0 in stride(from: samples.lowerBound, to: samples.upperBound, by: chunk) {
                let n = min(chunk, samples.upperBound - s0)
                let y = output + s0 * oc * p
                if onWideGrid, let wide = WideConvolution(g, samples: n) {
                    // wide(OC, n·HS·WS) = weight(OC, R) · shifted rows of the zero-bordered x,
                    // then the output positions → output[s0 + s, oc, :] (+ bias).
                    let padded = work.columns.pointer(count: wide.paddedCount)
                    wide.pad(x + s0 * g.inputCount, sampleStride: g.inputCount, into: padded, parallel: parallel)
                    let product = work.product.pointer(count: oc * wide.columns)
                    gemm(m: oc, n: wide.columns, a: weight, lda: r, b: padded, rows: wide.rows, c: product, ldc: wide.columns)
                    wide.gather(product, channels: oc, bias: bias, into: y, parallel: parallel, rectified: rectified,
                                afterPlane: planeSums.map { sums in { item, plane in
                                    sums.add(plane: s0 * oc + item, plane, count: p)
                                } })
                    continue
                }
                // out(OC, n·P) = weight(OC, R) · col(R, n·P), the columns packed straight from x.
                // One sample's (OC, P) is already its NCHW output, so a chunk of one writes there.
                let out = work.product.pointer(count: oc * chunk * p)
                gemm(m: oc, a: weight, lda: r, columns: ConvolutionColumns(g, input: x + s0 * g.inputCount, samples: n),
                     c: n == 1 ? y : out, ldc: n * p)
                // out(OC, n·P) → output[s0 + s, oc, :] (+ bias)
                defer { if rectified { rectify(y, count: n * oc * p, parallel: parallel) } }
                guard n > 1 || bias != nil else { continue }
                parallelRanges(n * oc, costPerItem: parallel ? p : 0) { items in
                    for item in items {
                        let s = item / oc, o = item % oc
                        let src = n == 1 ? y + item * p : out + o * n * p + s * p, dst = y + item * p
                        if let bias {
                            let b = bias[o]
                            for i in 0..<p { dst[i] = src[i] + b }
                        } else {
                            dst.update(from: src, count: p)
                        }
                    }
                }
            }
        }
    }

    /// ReLU's forward over a chunk's output in place, on this core or split over them.
    func rectify(_ y: UnsafeMutablePointer<Float>, count: Int, parallel: Bool) {
        parallelRanges(count, costPerItem: parallel ? 1 : 0) { r in
            Tensors.rectify(y + r.lowerBound, into: y + r.lowerBound, count: r.count)
        }
    }

    /// dInput = wᵀ ⋆ dOutput, dWeight += dOutput ⋆ x and dBias += Σ dOutput, each when given.
    /// With `throughReLU` (x is a ReLU's output), dInput where x > 0 and +0 elsewhere: that
    /// ReLU's backward too, in the gather that writes dInput where there is one.
    /// x, dInput: (N, C, H, W), dOutput: (N, OC, OH, OW), weight, dWeight: (OC, R), dBias: (OC).
    func backward(_ g: ConvGeometry, batch: Int, outChannels oc: Int, x: UnsafePointer<Float>,
                  weight: UnsafePointer<Float>, dOutput: UnsafePointer<Float>,
                  dInput: UnsafeMutablePointer<Float>?,
                  dWeight: UnsafeMutablePointer<Float>?, dBias: UnsafeMutablePointer<Float>?, throughReLU: Bool = false) {
        let (p, r) = (g.outputPlane, g.rows)
        // ReLU's backward in a pass of its own where no gather writes dInput (set below).
        var reluPass = throughReLU ? dInput : nil
        defer {
            packedWeights.release()
            flippedWeights.release()
            summedWeights.release()
            if let target = reluPass {
                ReLU.applyRule(.standard, output: x, dOutput: target, dInput: target, count: batch * g.inputCount)
            }
        }
        var dInput = dInput
        // dInput by Winograd: the forward convolution of dOutput with the flipped kernel (a 3 × 3
        // padding-1 layer's transposed convolution is one too), in a pass of its own.
        if let target = dInput, let gt = transposedGeometry(g, outChannels: oc, onWideGrid: false),
           usesWinograd(gt, outChannels: g.channels) {
            let flipped = flippedKernel(gt, weight: weight, inChannels: g.channels)
            winograd(gt, batch: batch, outChannels: g.channels, input: dOutput, kernel: flipped, bias: nil, output: target)
            dInput = nil
        }
        // On small planes, that convolution by `forward`: with the output channels in the lanes
        // where the CPU has them, else implicit im2col — the same chains, one per dInput element
        // over (o, ki', kj'), as on the wide grid (`transposedGeometry`), not col2im's sum of
        // per-tap chains: resnet18-w16's 4² layers' backward 5.7–6.1 → 5.3–5.5 ms.
        if let target = dInput, g.height * g.width <= maxTransposedForwardPlane,
           let gt = transposedGeometry(g, outChannels: oc, onWideGrid: false), gt.rows <= maxLanesRows {
            let flipped = flippedKernel(gt, weight: weight, inChannels: g.channels)
            forward(gt, batch: batch, outChannels: g.channels, x: dOutput, weight: flipped, bias: nil, output: target)
            dInput = nil
        }
        // dWeight by Winograd's adjoint, in a pass of its own.
        var dWeight = dWeight
        if let target = dWeight, usesWinograd(g, outChannels: oc) {
            winogradWeightGradient(g, batch: batch, outChannels: oc, x: x, dOutput: dOutput, into: target)
            dWeight = nil
        }
        // dInput as the convolution of dOutput with the flipped kernel, when the geometry allows.
        let transposedConv = dInput == nil ? nil : transposedGeometry(g, outChannels: oc)
        let blockedCol2im = g.outputPlane >= minBlockedCol2imPlane
        // The gathers of the transposed convolution and blocked col2im apply the ReLU themselves.
        if transposedConv != nil || (dInput != nil && blockedCol2im) { reluPass = nil }
        let flipped = transposedConv.map { flippedKernel($0, weight: weight, inChannels: g.channels) }
        // That convolution straight from dOutput into dInput where the CPU has the direct kernel:
        // the wide grid's bits without its pad and gather.
        let directInput = transposedConv.flatMap { gt in
            flipped.flatMap { DirectConvolution(gt, outChannels: g.channels, weight: UnsafePointer($0),
                                                packedBuffer: packedWeights.pointer) } }
        // dWeightᵀ summed over the wide grid instead of im2col's columns, when the geometry allows.
        let onWideGrid = dWeight != nil && WideConvolution(g, samples: 1).map {
            $0.columnsPerOutput <= maxWideWeightColumnsPerOutput } == true
        // The wide grid's dWeight is computed as dWeightᵀ (R, OC); im2col's too while M = OC ≤ 64
        // (the stem and layer1 of ResNet), where that GEMM runs faster: 218 against 184 GFLOP/s for
        // 576×64×4096 on 2 Zen 4 cores. Each piece then fills its own dWeightᵀ, added transposed
        // at the end.
        let transposed = onWideGrid || (oc < 128 && r > oc)
        // Or dWeightᵀ with the output channels in the lanes, each piece into its own (R, ld), which
        // starts where those routes start their chains (piece 0 from dWeight unless `transposed`)
        // and is added (or for piece 0 copied) the same way: the same bits.
        let lanesWeight = dWeight == nil || !lanesWeightGradient ? nil : LanesWeightGradient(g, outChannels: oc)
        let wideWeight = onWideGrid && lanesWeight == nil
        // The column matrix serves im2col's dWeight and col2im; dOutput regrouped to (OC, n·P)
        // serves im2col's dWeight and the whole chunk's dColumns (col2im per sample reads each
        // sample's (OC, P) where it is).
        let columnsWeight = dWeight != nil && !wideWeight && lanesWeight == nil
        let columnMatrix = columnsWeight || (dInput != nil && transposedConv == nil)
        let regroup = columnsWeight || (dInput != nil && transposedConv == nil && !blockedCol2im)
        let pieces = pieces(batch: batch)
        run(batch: batch) { samples, work, piece, parallel in
            // Buffers for a whole chunk. The transposed convolution's product reuses the columns
            // once dWeight has read them.
            let chunk = chunkSize(g, batch: samples.count)
            let wideInput = transposedConv.flatMap { WideConvolution($0, samples: chunk) }
            let wideGrid = wideWeight ? WideConvolution(g, samples: chunk) : nil
            // im2col's rows for dWeight lie one cache line further apart than their n·P floats:
            // at n·P = 4,096 (16 samples of 16² outputs) rows 16 KB apart all fall in one L1 set,
            // so the GEMM would copy the column matrix into panels (`rows_fit_l1` in Driver.c)
            // instead of reading it in place — a third pass over it. Speed only.
            let columnStride = chunk * p + 16
            let col = work.columns.pointer(count: max(columnMatrix ? r * columnStride : 0,
                                                      directInput != nil ? 0 : wideInput.map { g.channels * $0.columns } ?? 0))
            let regrouped = work.product.pointer(count: regroup ? oc * chunk * p : 0)
            let paddedInput = work.paddedInput.pointer(count: wideGrid?.paddedCount ?? 0)
            // dWeight reads dOutput on its grid from the padded dOutput where that holds it.
            let gridInPadded = wideGrid.flatMap { grid in wideInput.flatMap { grid.gridOffset(in: $0) } } != nil
            // The transposed convolution's zero-bordered dOutput, where something reads it: the wide
            // grid's dInput, or dWeight's grid inside it.
            let padsGradient = wideInput != nil && (directInput == nil || gridInPadded)
            let paddedGradient = work.paddedGradient.pointer(count: padsGradient ? wideInput!.paddedCount : 0)
            let gridGradient = work.gridGradient.pointer(count: gridInPadded ? 0 : wideGrid.map { oc * chunk * $0.plane } ?? 0)
            // Piece 0 continues dWeight's own chain where the layouts agree; every other piece
            // sums into its own zeroed buffer, added in piece order below. Within a piece the
            // chunks continue one chain (gemm with beta = 1 continues C's), so chunking is free.
            var dW = dWeight
            var dWeightT: UnsafeMutablePointer<Float>?  // with lanesWeight: this piece's (R, ld)
            if let dWeight, let lanesWeight {
                let ld = lanesWeight.ld, own = work.dWeight.pointer(count: r * ld)
                if piece == 0 && !transposed {
                    Self.copyTransposed(dWeight, rows: 0..<r, r: r, oc: oc, into: own, ld: ld)
                } else {
                    own.update(repeating: 0, count: r * ld)
                }
                (dWeightT, dW) = (own, nil)
            } else if dWeight != nil, transposed || piece > 0 {
                let own = work.dWeight.pointer(count: oc * r)
                own.update(repeating: 0, count: oc * r)
                dW = own
            }
            for s0 in stride(from: samples.lowerBound, to: samples.upperBound, by: chunk) {
                let n = min(chunk, samples.upperBound - s0)
                let dy = dOutput + s0 * oc * p, x0 = x + s0 * g.inputCount
                // dOutput[s0 + s, oc, :] → dOut(OC, n·P), the layout both GEMMs read; a chunk of
                // one sample already has it.
                let dOut = n == 1 ? dy : UnsafePointer(regrouped)
                if n > 1 && regroup {
                    parallelRanges(n * oc, costPerItem: parallel ? p : 0) { items in
                        for item in items {
                            let s = item / oc, o = item % oc
                            (regrouped + o * n * p + s * p).update(from: dy + item * p, count: p)
                        }
                    }
                }
                // The transposed convolution's zero-bordered dOutput (`padsGradient`).
                let wide = padsGradient ? transposedConv.flatMap { WideConvolution($0, samples: n) } : nil
                if let wide { wide.pad(dy, sampleStride: oc * p, into: paddedGradient, parallel: parallel) }
                if let dWeightT, let lanesWeight {
                    // A few samples per call, so that its scratch (zero-bordered x and dOutput
                    // transposed) stays within 1 MB: each call continues the chains.
                    let step = max(1, min(n, (1 << 18) / lanesWeight.bufferFloats(samples: 1)))
                    let buffer = work.paddedInput.pointer(count: lanesWeight.bufferFloats(samples: step))
                    for t0 in stride(from: 0, to: n, by: step) {
                        lanesWeight.accumulate(x: x0 + t0 * g.inputCount, dOutput: dy + t0 * oc * p,
                                               samples: min(step, n - t0), buffer: buffer, into: dWeightT)
                    }
                } else if let dW, wideWeight, let grid = WideConvolution(g, samples: n) {
                    // dWeightᵀ(R, OC) += shifted rows of the zero-bordered x (R, n·HS·WS)
                    //                    · dOutput on the wide grid (OC, n·HS·WS)ᵀ.
                    // The grid's dropped columns are +0 in dOutput: each chain is im2col's with
                    // exact zero terms between (the same float unless the chain is exactly −0).
                    grid.pad(x0, sampleStride: g.inputCount, into: paddedInput, parallel: parallel)
                    if let wide, let offset = grid.gridOffset(in: wide) {
                        // The padded dOutput already holds that grid, channel after channel.
                        gemm(rows: grid.rows, a: paddedInput, .transposed, n: oc, k: grid.columns,
                             b: paddedGradient + offset, ldb: wide.channelStride, beta: 1, c: dW, ldc: oc)
                    } else {
                        grid.scatter(dy, channels: oc, into: gridGradient, parallel: parallel)
                        gemm(rows: grid.rows, a: paddedInput, .transposed, n: oc, k: grid.columns, b: gridGradient,
                             ldb: n * grid.plane, beta: 1, c: dW, ldc: oc)
                    }
                } else if let dW {
                    let ld = n * p + 16
                    im2col(g, input: x0, samples: n, columns: col, rowStride: ld, parallel: parallel)
                    if transposed {
                        // dWeightᵀ(R, OC) += col(R, n·P) · dOut(OC, n·P)ᵀ
                        gemm(.none, .transposed, m: r, n: oc, k: n * p, a: col, lda: ld, b: dOut, ldb: n * p,
                             beta: 1, c: dW, ldc: oc)
                    } else {
                        // dWeight(OC, R) += dOut(OC, n·P) · col(R, n·P)ᵀ
                        gemm(.none, .transposed, m: oc, n: r, k: n * p, a: dOut, lda: n * p, b: col, ldb: ld,
                             beta: 1, c: dW, ldc: r)
                    }
                }
                guard let dInput else { continue }
                if let directInput {
                    directInput.apply(dy, samples: n, sampleStride: oc * p, into: dInput + s0 * g.inputCount,
                                      parallel: parallel, wherePositive: throughReLU ? x0 : nil)
                    continue
                }
                if let flipped, let wide {
                    // wide(C, n·HS'·WS') = flipped(C, OC·KH·KW) · shifted rows of the zero-bordered
                    // dOutput (padded above), then the input positions → dInput[s0 + s, c, :].
                    gemm(m: g.channels, n: wide.columns, a: flipped, lda: wide.geometry.rows, b: paddedGradient, rows: wide.rows,
                         c: col, ldc: wide.columns)
                    wide.gather(col, channels: g.channels, bias: nil, into: dInput + s0 * g.inputCount,
                                parallel: parallel, wherePositive: throughReLU ? x0 : nil)
                    continue
                }
                if blockedCol2im {
                    // Per sample and group of channels, so that col2im reads dColumns from L2:
                    // dColumns(Rg, P) = weight(OC, rows of the group)ᵀ · dOutput[s0 + s] (OC, P).
                    // Each element is the same dot product over OC, and each plane gets its taps
                    // in col2im's order, so the bits are those of the whole chunk at once.
                    let taps = g.kernelHeight * g.kernelWidth
                    let group = max(1, min(g.channels, col2imBlockFloats / (taps * p)))
                    for s in 0..<n { for c0 in stride(from: 0, to: g.channels, by: group) {
                        let cg = min(group, g.channels - c0)
                        gemm(.transposed, .none, m: cg * taps, n: p, k: oc, a: weight + c0 * taps, lda: r,
                             b: dy + s * oc * p, ldb: p, c: col, ldc: p)
                        let planes = (s0 + s) * g.inputCount + c0 * g.height * g.width
                        col2im(g.with(channels: cg), columns: col, samples: 1, input: dInput + planes, parallel: parallel)
                        // The ReLU's backward while the group's planes are in cache.
                        if throughReLU {
                            passWherePositive(dInput + planes, where: x + planes, into: dInput + planes, count: cg * g.height * g.width)
                        }
                    }}
                    continue
                }
                // dColumns(R, n·P) = weight(OC, R)ᵀ · dOut(OC, n·P), overwriting the columns.
                gemm(.transposed, .none, m: r, n: n * p, k: oc, a: weight, lda: r, b: dOut, ldb: n * p,
                     c: col, ldc: n * p)
                col2im(g, columns: col, samples: n, input: dInput + s0 * g.inputCount, parallel: parallel)
            }
        } combine: { workspaces in
            guard let dWeight else { return }
            // Every element adds the pieces' partial sums in piece order; elements are
            // independent, so they are shared out over the cores.
            if let lanesWeight {
                // Σ (R, ld) = own₀ (piece 0 continued dWeight's chains) or dWeightᵀ + own₀, then
                // + ownₖ piece after piece, each element in that order as the routes above add
                // them; then dWeight = Σᵀ. Summed in the (R, ld) layout, rows split over the cores.
                let ld = lanesWeight.ld, sum = summedWeights.pointer(count: r * ld)
                let owns = workspaces.map { UnsafePointer($0.dWeight.pointer(count: r * ld)) }  // as filled above
                parallelRanges(r, costPerItem: ld * pieces) { rows in
                    let (start, count) = (rows.lowerBound * ld, rows.count * ld)
                    if transposed {
                        Self.copyTransposed(dWeight, rows: rows, r: r, oc: oc, into: sum, ld: ld)
                        for o in start..<(start + count) { sum[o] += owns[0][o] }
                    } else {
                        (sum + start).update(from: owns[0] + start, count: count)
                    }
                    for piece in 1..<pieces {
                        let own = owns[piece]
                        for o in start..<(start + count) { sum[o] += own[o] }
                    }
                }
                parallelRanges(oc, costPerItem: r) { rows in
                    for o in rows { for i in 0..<r { dWeight[o * r + i] = sum[i * ld + o] } }
                }
                return
            }
            let owns = workspaces.map { UnsafePointer($0.dWeight.pointer(count: oc * r)) }  // as filled above
            let first = transposed ? 0 : 1
            parallelRanges(oc, costPerItem: r * (pieces - first)) { rows in
                for piece in first..<pieces {
                    let own = owns[piece]
                    if transposed {
                        // dWeight(OC, R) += ownᵀ, own: (R, OC)
                        for o in rows { for i in 0..<r { dWeight[o * r + i] += own[i * oc + o] } }
                    } else {
                        for i in (rows.lowerBound * r)..<(rows.upperBound * r) { dWeight[i] += own[i] }
                    }
                }
            }
        }
        if let dBias { Self.addBiasGradient(batch: batch, outChannels: oc, plane: p, dOutput: dOutput, into: dBias) }
    }

    /// into[i·ld + o] = dWeight[o·r + i] for i in rows, o < oc: dWeight (OC, R) as (R, ld).
    static func copyTransposed(_ dWeight: UnsafePointer<Float>, rows: Range<Int>, r: Int, oc: Int,
                               into: UnsafeMutablePointer<Float>, ld: Int) {
        for i in rows { for o in 0..<oc { into[i * ld + o] = dWeight[o * r + i] } }
    }

    /// The convolution whose forward pass is this one's dInput, when that runs on the wide grid:
    ///     dInput[s, c, y, x] = Σ_o Σ_ki Σ_kj w[o, c, ki, kj] · dOutput[s, o, y + PH − ki, x + PW − kj]
    ///                        = Σ_(o, ki', kj') flipped[c, o, ki', kj'] · dOutput'[s, o, y + ki', x + kj']
    /// with ki' = KH − 1 − ki, kj' = KW − 1 − kj and dOutput' dOutput bordered by KH − 1 − PH rows
    /// and KW − 1 − PW columns of zeros: a stride-1 convolution of OC channels on OH × OW planes
    /// whose output is H × W. Only for stride 1 (a strided layer's dInput is a dilated one), padding
    /// below the kernel size, enough channels, and planes large enough for the wide grid.
    /// Each dInput element is then one chain over (o, ki', kj') instead of col2im's sum of KH·KW
    /// chains over o: other bits than dColumns + col2im, fixed all the same.
    /// `onWideGrid: false` asks only for the geometry (for Winograd), without the wide grid's rules.
    func transposedGeometry(_ g: ConvGeometry, outChannels oc: Int, onWideGrid: Bool = true) -> ConvGeometry? {
        guard g.strideHeight == 1, g.strideWidth == 1, g.padHeight < g.kernelHeight, g.padWidth < g.kernelWidth
        else { return nil }
        let gt = ConvGeometry(channels: oc, height: g.outputHeight, width: g.outputWidth,
                              kernel: (g.kernelHeight, g.kernelWidth),
                              padding: (g.kernelHeight - 1 - g.padHeight, g.kernelWidth - 1 - g.padWidth))
        guard onWideGrid else { return gt }
        guard g.channels >= minTransposedChannels, oc <= g.channels, let wide = WideConvolution(gt, samples: 1),
              wide.columnsPerOutput <= maxTransposedColumnsPerOutput else { return nil }
        return gt
    }

    /// flipped[c, o, ki', kj'] = weight[o, c, KH − 1 − ki', KW − 1 − kj'], the kernel of
    /// `transposedGeometry`: (C, OC·KH·KW) from (OC, C·KH·KW), in `flippedWeights` (valid until
    /// the next call).
    func flippedKernel(_ gt: ConvGeometry, weight: UnsafePointer<Float>, inChannels c: Int) -> UnsafeMutablePointer<Float> {
        let (oc, kh, kw) = (gt.channels, gt.kernelHeight, gt.kernelWidth)
        let flipped = flippedWeights.pointer(count: c * oc * kh * kw)
        for ch in 0..<c { for o in 0..<oc { for ki in 0..<kh { for kj in 0..<kw {
            flipped[((ch * oc + o) * kh + ki) * kw + kj] = weight[((o * c + ch) * kh + kh - 1 - ki) * kw + kw - 1 - kj]
        }}}}
        return flipped
    }

    /// PyTorch's default convolution initialisation: weight, bias ~ U(−1/√fanIn, 1/√fanIn),
    /// fanIn = C·KH·KW, drawn weight first.
    static func initialParameters(weightShape: Shape, bias: Bool,
                                  generator: Generator) -> (weight: Parameter, bias: Parameter?) {
        let bound = 1 / Float(weightShape.countPerItem).squareRoot()
        let w = Tensor(uninitialized: weightShape)
        generator.fillUniform(w, low: -bound, high: bound)
        guard bias else { return (Parameter(w), nil) }
        let b = Tensor(uninitialized: [weightShape[0]])
        generator.fillUniform(b, low: -bound, high: bound)
        return (Parameter(w), Parameter(b))
    }
}
