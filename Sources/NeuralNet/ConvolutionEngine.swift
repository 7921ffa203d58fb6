import Tensors

/// The im2col + GEMM convolution shared by Conv2d and Conv1d (the latter as H = 1), on raw NCHW
/// buffers. The batch runs in chunks of samples: each chunk is one GEMM with N-dimension n·P,
/// wide enough for OpenBLAS to run near peak, while its column matrix stays cache-sized.
/// Legend as in Im2col.swift: N batch, n chunk, OC output channels, R = C·KH·KW, P = OH·OW.
final class ConvolutionEngine {
    /// A chunk aims for this many GEMM columns (n·P)…
    var targetColumns = 4096
    /// …unless its column matrix (R, n·P) would exceed this many floats (16 MB).
    var maxColumnFloats = 4 << 20

    private let columns = ScratchBuffer()  // (R, n·P): im2col of x, then dColumns in backward
    private let product = ScratchBuffer()  // (OC, n·P): GEMM output, or dOutput regrouped

    /// Samples per chunk for a batch, evened out so the last chunk is not a sliver.
    func chunkSize(_ g: ConvGeometry, batch: Int) -> Int {
        let p = g.outputPlane
        var n = min(batch, max(1, (targetColumns + p - 1) / p))
        n = max(1, min(n, maxColumnFloats / max(1, g.rows * p)))
        let chunks = (batch + n - 1) / max(n, 1)
        return chunks == 0 ? 1 : (batch + chunks - 1) / chunks
    }

    /// output = w ⋆ x + bias.
    /// x: (N, C, H, W), weight: (OC, R), bias: (OC), output: (N, OC, OH, OW).
    func forward(_ g: ConvGeometry, batch: Int, outChannels oc: Int, x: UnsafePointer<Float>,
                 weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>) {
        let (p, r, chunk) = (g.outputPlane, g.rows, chunkSize(g, batch: batch))
        let col = columns.pointer(count: r * chunk * p)
        let out = product.pointer(count: oc * chunk * p)
        for s0 in stride(from: 0, to: batch, by: chunk) {
            let n = min(chunk, batch - s0)
            im2col(g, input: x + s0 * g.inputCount, samples: n, columns: col)
            // out(OC, n·P) = weight(OC, R) · col(R, n·P)
            gemm(.none, .none, m: oc, n: n * p, k: r, a: weight, lda: r, b: col, ldb: n * p,
                 c: out, ldc: n * p)
            // out(OC, n·P) → output[s0 + s, oc, :] (+ bias)
            let y = output + s0 * oc * p
            parallelRanges(n * oc, costPerItem: p) { items in
                for item in items {
                    let s = item / oc, o = item % oc
                    let src = out + o * n * p + s * p, dst = y + item * p
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

    /// dInput = wᵀ ⋆ dOutput; dWeight += dOutput ⋆ x and dBias += Σ dOutput when given.
    /// x, dInput: (N, C, H, W), dOutput: (N, OC, OH, OW), weight, dWeight: (OC, R), dBias: (OC).
    func backward(_ g: ConvGeometry, batch: Int, outChannels oc: Int, x: UnsafePointer<Float>,
                  weight: UnsafePointer<Float>, dOutput: UnsafePointer<Float>,
                  dInput: UnsafeMutablePointer<Float>,
                  dWeight: UnsafeMutablePointer<Float>?, dBias: UnsafeMutablePointer<Float>?) {
        let (p, r, chunk) = (g.outputPlane, g.rows, chunkSize(g, batch: batch))
        let col = columns.pointer(count: r * chunk * p)
        let dOut = product.pointer(count: oc * chunk * p)
        for s0 in stride(from: 0, to: batch, by: chunk) {
            let n = min(chunk, batch - s0)
            // dOutput[s0 + s, oc, :] → dOut(OC, n·P), the layout both GEMMs read.
            let dy = dOutput + s0 * oc * p
            parallelRanges(n * oc, costPerItem: p) { items in
                for item in items {
                    let s = item / oc, o = item % oc
                    (dOut + o * n * p + s * p).update(from: dy + item * p, count: p)
                }
            }
            if let dBias {
                for o in 0..<oc {
                    let row = dOut + o * n * p
                    var sum: Float = 0
                    for i in 0..<(n * p) { sum += row[i] }
                    dBias[o] += sum
                }
            }
            if let dWeight {
                im2col(g, input: x + s0 * g.inputCount, samples: n, columns: col)
                // dWeight(OC, R) += dOut(OC, n·P) · col(R, n·P)ᵀ
                gemm(.none, .transposed, m: oc, n: r, k: n * p, a: dOut, lda: n * p, b: col, ldb: n * p,
                     beta: 1, c: dWeight, ldc: r)
            }
            // dColumns(R, n·P) = weight(OC, R)ᵀ · dOut(OC, n·P), overwriting the columns.
            gemm(.transposed, .none, m: r, n: n * p, k: oc, a: weight, lda: r, b: dOut, ldb: n * p,
                 c: col, ldc: n * p)
            col2im(g, columns: col, samples: n, input: dInput + s0 * g.inputCount)
        }
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
