import Tensors

/// Direct-loop convolution with Double accumulation: slow and obviously right, the reference
/// the im2col layers are tested against. Rank-3 tensors (N, C, L) with weight (OC, C, K) are
/// the H = 1 case: pass stride (1, s) and padding (0, p).
/// x: (N, C, H, W), weight: (OC, C, KH, KW), bias: (OC), y: (N, OC, OH, OW).
public enum ConvolutionReference {
    /// Dimensions (N, C, H, W, OC, KH, KW, OH, OW) after viewing rank 3 as H = 1.
    private static func dims(_ x: Shape, _ w: Shape, _ stride: (Int, Int), _ padding: (Int, Int))
        -> (n: Int, c: Int, h: Int, w: Int, oc: Int, kh: Int, kw: Int, oh: Int, ow: Int) {
        precondition(x.rank == w.rank && (x.rank == 3 || x.rank == 4) && x[1] == w[1],
                     "ConvolutionReference: input \(x) and weight \(w) do not match")
        let flat = x.rank == 3
        let (h, wd) = flat ? (1, x[2]) : (x[2], x[3])
        let (kh, kw) = flat ? (1, w[2]) : (w[2], w[3])
        let oh = (h + 2 * padding.0 - kh) / stride.0 + 1, ow = (wd + 2 * padding.1 - kw) / stride.1 + 1
        return (x[0], x[1], h, wd, w[0], kh, kw, oh, ow)
    }

    public static func forward(input: Tensor, weight: Tensor, bias: Tensor?,
                               stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0)) -> Tensor {
        let d = dims(input.shape, weight.shape, stride, padding)
        let outShape: Shape = input.shape.rank == 3 ? [d.n, d.oc, d.ow] : [d.n, d.oc, d.oh, d.ow]
        let y = Tensor(uninitialized: outShape)
        let x = input.data, w = weight.data
        for s in 0..<d.n { for o in 0..<d.oc { for oy in 0..<d.oh { for ox in 0..<d.ow {
            var sum = bias.map { Double($0.data[o]) } ?? 0
            for c in 0..<d.c { for ki in 0..<d.kh { for kj in 0..<d.kw {
                let iy = oy * stride.0 - padding.0 + ki, ix = ox * stride.1 - padding.1 + kj
                guard iy >= 0 && iy < d.h && ix >= 0 && ix < d.w else { continue }
                sum += Double(x[((s * d.c + c) * d.h + iy) * d.w + ix])
                    * Double(w[((o * d.c + c) * d.kh + ki) * d.kw + kj])
            }}}
            y.data[((s * d.oc + o) * d.oh + oy) * d.ow + ox] = Float(sum)
        }}}}
        return y
    }

    /// Gradients of L = Σ dOutput ⊙ forward(input) w.r.t. input, weight and bias.
    public static func backward(input: Tensor, weight: Tensor, dOutput: Tensor,
                                stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0))
        -> (dInput: Tensor, dWeight: Tensor, dBias: Tensor) {
        let d = dims(input.shape, weight.shape, stride, padding)
        precondition(dOutput.count == d.n * d.oc * d.oh * d.ow,
                     "ConvolutionReference.backward: dOutput \(dOutput.shape) for input \(input.shape)")
        var dx = [Double](repeating: 0, count: input.count)
        var dw = [Double](repeating: 0, count: weight.count)
        var db = [Double](repeating: 0, count: d.oc)
        let x = input.data, w = weight.data, dy = dOutput.data
        for s in 0..<d.n { for o in 0..<d.oc { for oy in 0..<d.oh { for ox in 0..<d.ow {
            let g = Double(dy[((s * d.oc + o) * d.oh + oy) * d.ow + ox])
            db[o] += g
            for c in 0..<d.c { for ki in 0..<d.kh { for kj in 0..<d.kw {
                let iy = oy * stride.0 - padding.0 + ki, ix = ox * stride.1 - padding.1 + kj
                guard iy >= 0 && iy < d.h && ix >= 0 && ix < d.w else { continue }
                let xi = ((s * d.c + c) * d.h + iy) * d.w + ix, wi = ((o * d.c + c) * d.kh + ki) * d.kw + kj
                dx[xi] += g * Double(w[wi])
                dw[wi] += g * Double(x[xi])
            }}}
        }}}}
        return (Tensor(shape: input.shape, values: dx.map(Float.init)),
                Tensor(shape: weight.shape, values: dw.map(Float.init)),
                Tensor(shape: [d.oc], values: db.map(Float.init)))
    }
}
