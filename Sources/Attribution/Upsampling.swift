import Tensors

/// How a low-resolution map (N, C, h, w) is resized to (N, C, H, W): PyTorch's
/// `F.interpolate(maps, size=(H, W), mode=…)`, index for index, so that Grad-CAM maps match a
/// PyTorch reference.
public enum Upsampling: String, Sendable, CaseIterable {
    /// mode="bilinear", align_corners=False: output pixel centres are mapped onto the input's,
    /// src = (dst + ½)·h/H − ½ (0 below 0), and the two nearest input pixels are blended per
    /// axis; beyond the last centre the edge value is kept. Grad-CAM's choice (Selvaraju 2017).
    case bilinear
    /// mode="nearest": src = ⌊dst · h/H⌋ (PyTorch's legacy nearest, not "nearest-exact").
    case nearest

    public func resize(_ maps: Tensor, height: Int, width: Int) -> Tensor {
        precondition(maps.shape.rank == 4, "upsampling needs (N, C, h, w) maps, got \(maps.shape)")
        precondition(height >= 1 && width >= 1, "upsampling to an empty \(height)×\(width)")
        let (planes, h, w) = (maps.shape[0] * maps.shape[1], maps.shape[2], maps.shape[3])
        precondition(h >= 1 && w >= 1, "upsampling an empty map \(maps.shape)")
        let rows = taps(input: h, output: height), columns = taps(input: w, output: width)
        let result = Tensor(uninitialized: [maps.shape[0], maps.shape[1], height, width])
        withExtendedLifetime(maps) {
            for p in 0..<planes {
                let src = maps.data + p * h * w, dst = result.data + p * height * width  // (h, w), (H, W)
                for (y, r) in rows.enumerated() {
                    let top = src + r.i0 * w, bottom = src + r.i1 * w
                    for (x, c) in columns.enumerated() {
                        // PyTorch's order: blend along the width in each row, then the two rows.
                        let upper = top[c.i0] * c.w0 + top[c.i1] * c.w1
                        let lower = bottom[c.i0] * c.w0 + bottom[c.i1] * c.w1
                        dst[y * width + x] = upper * r.w0 + lower * r.w1
                    }
                }
            }
        }
        return result
    }

    /// Per output index along one axis: the two input indices and their weights. Nearest is
    /// the same blend with all weight on one index. In Float, as PyTorch computes for Float maps.
    func taps(input: Int, output: Int) -> [(i0: Int, i1: Int, w0: Float, w1: Float)] {
        switch self {
        case .bilinear:
            let scale = Float(input) / Float(output)
            return (0..<output).map { dst in
                let src = max(scale * (Float(dst) + 0.5) - 0.5, 0)
                let i0 = min(Int(src), input - 1)
                let i1 = i0 < input - 1 ? i0 + 1 : i0
                let w1 = min(max(src - Float(i0), 0), 1)
                return (i0, i1, 1 - w1, w1)
            }
        case .nearest:
            return (0..<output).map { dst in
                let i: Int
                if output == input {
                    i = dst
                } else if output == 2 * input {
                    i = dst >> 1  // PyTorch's exact special case
                } else {
                    i = min(Int((Float(dst) * (Float(input) / Float(output))).rounded(.down)), input - 1)
                }
                return (i, i, 1, 0)
            }
        }
    }
}
