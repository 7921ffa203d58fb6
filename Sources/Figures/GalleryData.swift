import Foundation

/// Deterministic synthetic data for the gallery: curves, clusters, images and attribution
/// maps that look like an experiment's without running one.
enum GalleryData {
    /// SplitMix64: a few lines, no dependency, same numbers on every platform.
    struct Random {
        private var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) / Double(1 << 53)
        }

        /// Standard normal by Box–Muller.
        mutating func normal() -> Double {
            let u = max(next(), 1e-12), v = next()
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
    }

    /// A metric that rises and saturates over epochs, per seed: (mean, min, max) per epoch.
    static func drift(epochs: Int, rate: Double, ceiling: Double, seeds: Int, random: inout Random)
        -> (mean: [Double], low: [Double], high: [Double]) {
        var runs: [[Double]] = []
        for _ in 0..<seeds {
            let jitter = 1 + 0.15 * random.normal()
            runs.append((0..<epochs).map { e in
                ceiling * (1 - exp(-rate * jitter * Double(e + 1))) + 0.015 * random.normal()
            })
        }
        let mean = (0..<epochs).map { e in runs.map { $0[e] }.reduce(0, +) / Double(seeds) }
        return (mean, (0..<epochs).map { e in runs.map { $0[e] }.min()! }, (0..<epochs).map { e in runs.map { $0[e] }.max()! })
    }

    /// A digit-like stroke image in 0…1: an ellipse arc whose shape depends on `sample`.
    static func strokeImage(size: Int, sample: Int) -> Grid2D {
        let c = Double(size - 1) / 2
        let rx = Double(size) * (0.22 + 0.04 * Double(sample % 3)), ry = Double(size) * 0.32
        let tilt = 0.3 * Double(sample % 4) - 0.45
        return Grid2D(rows: size, cols: size) { r, col in
            let x = Double(col) - c, y = Double(r) - c
            let u = x * cos(tilt) + y * sin(tilt), v = -x * sin(tilt) + y * cos(tilt)
            let d = abs(((u / rx) * (u / rx) + (v / ry) * (v / ry)).squareRoot() - 1) * min(rx, ry)
            let open = sample % 2 == 1 && u > rx * 0.3 && v < 0
            return open ? 0 : exp(-d * d / 2.2)
        }
    }

    /// A small RGB scene: a gray gradient with a coloured disc at a sample-dependent place.
    static func sceneImage(size: Int, sample: Int) -> RGBImage {
        let cx = Double(size) * (0.35 + 0.1 * Double(sample % 3)), cy = Double(size) * (0.45 + 0.08 * Double(sample % 2))
        let radius = Double(size) * 0.22
        let hue = Color.categorical(sample + 1)
        var values: [Double] = []
        for r in 0..<size {
            for c in 0..<size {
                let t = Double(r) / Double(size - 1)
                var pixel = [0.78 - 0.3 * t, 0.78 - 0.3 * t, 0.8 - 0.28 * t]
                let d = ((Double(c) - cx) * (Double(c) - cx) + (Double(r) - cy) * (Double(r) - cy)).squareRoot()
                if d < radius { pixel = [hue.red, hue.green, hue.blue].map { 0.35 + 0.5 * $0 * (0.8 + 0.2 * (1 - d / radius)) } }
                values += pixel
            }
        }
        return RGBImage(rows: size, cols: size, values: values)
    }

    /// An attribution map: a blob on the object that sharpens with `focus` (0…1), plus noise.
    static func attribution(size: Int, sample: Int, focus: Double, signed: Bool, random: inout Random) -> Grid2D {
        let cx = Double(size) * (0.35 + 0.1 * Double(sample % 3)), cy = Double(size) * (0.45 + 0.08 * Double(sample % 2))
        let width = Double(size) * (0.35 - 0.22 * focus)
        func blob(_ r: Int, _ c: Int, _ x: Double) -> Double {
            exp(-((Double(c) - x) * (Double(c) - x) + (Double(r) - cy) * (Double(r) - cy)) / (2 * width * width))
        }
        // Signed maps: evidence for the class on one side of the object, against it on the other.
        let shift = signed ? width * 0.7 : 0
        return Grid2D(rows: size, cols: size) { r, c in
            let noise = (1 - focus) * 0.35 * random.normal()
            if !signed { return abs(blob(r, c, cx) + noise) }
            return blob(r, c, cx + shift) - 0.9 * blob(r, c, cx - shift) + noise
        }
    }
}
