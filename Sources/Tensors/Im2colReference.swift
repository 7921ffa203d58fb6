/// col2im by its definition, element by element: slow and obviously right, the reference
/// `col2im` (Im2col.swift, legend there) is tested against bit for bit — it fixes the order in
/// which a convolution's dInput sums its taps. (im2col's definition is `naiveColumns` in the
/// tests: it only copies.)

/// x[s, c, iy, ix] = +0, then + col[(c, ki, kj), s·P + oy·OW + ox] for every entry read from
/// (iy, ix), in ascending row r = (c, ki, kj): one rounded Float add per entry, in that order.
/// columns: (R, N·P), input: (N, C, H, W), overwritten.
public func col2imReference(_ g: ConvGeometry, columns: UnsafePointer<Float>, samples n: Int,
                            input: UnsafeMutablePointer<Float>) {
    let p = g.outputPlane
    input.update(repeating: 0, count: n * g.inputCount)
    for s in 0..<n { for c in 0..<g.channels { for ki in 0..<g.kernelHeight { for kj in 0..<g.kernelWidth {
        let r = (c * g.kernelHeight + ki) * g.kernelWidth + kj
        for oy in 0..<g.outputHeight { for ox in 0..<g.outputWidth {
            let iy = oy * g.strideHeight - g.padHeight + ki, ix = ox * g.strideWidth - g.padWidth + kj
            guard iy >= 0 && iy < g.height && ix >= 0 && ix < g.width else { continue }
            let i = ((s * g.channels + c) * g.height + iy) * g.width + ix
            input[i] = input[i] + columns[r * n * p + s * p + oy * g.outputWidth + ox]
        }}
    }}}}
}
