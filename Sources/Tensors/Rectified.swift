/// ReLU's forward test, one definition for its vector body, its scalar tail, BatchNorm's fused
/// epilogue and `rectify` (ReLU's forward loop, also the wide convolution's gather's): v < 0
/// gives +0, anything else passes (so −0 stays −0 and NaN stays NaN wherever an element falls
/// in a range, whatever the thread count).
/// Concrete vector overloads, not one generic: the generic form was not specialised to a
/// blend and built its mask lane by lane through the stack (BatchNorm's forward 15 → 82 ms
/// per resnet18-w16 training step).
@inlinable @inline(__always) public func rectified(_ v: SIMD8<Float>) -> SIMD8<Float> { v.replacing(with: 0, where: v .< 0) }
@inlinable @inline(__always) public func rectified(_ v: SIMD16<Float>) -> SIMD16<Float> { v.replacing(with: 0, where: v .< 0) }
@inlinable @inline(__always) public func rectified(_ v: Float) -> Float { v < 0 ? 0 : v }

/// y[i] = rectified(x[i]) for i < count; y may be x (in place): ReLU's forward loop, also run by a
/// convolution whose output goes straight into a ReLU (`Sequential`, `WideConvolution.gather`).
@inlinable @inline(__always)
public func rectify(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i + 16 <= count {  // explicit SIMD: the scalar loop did not vectorise
        let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
        UnsafeMutableRawPointer(y + i).storeBytes(of: rectified(v), as: SIMD16<Float>.self)
        i += 16
    }
    while i < count { y[i] = rectified(x[i]); i += 1 }
}

/// d[i] = g[i] where y[i] > 0, else +0, for i < count (d may be g): ReLU's backward under the
/// standard rule, y its output (`y ≤ 0` is the same test as its input's `x ≤ 0`; a NaN y passes
/// g). Also run by a convolution whose input is that ReLU's output, on each plane of dInput as
/// soon as it is written (`WideConvolution.gather`).
@inlinable @inline(__always)
public func passWherePositive(_ g: UnsafePointer<Float>, where y: UnsafePointer<Float>,
                              into d: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i + 16 <= count {  // explicit SIMD, as in `rectify`
        let v = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD16<Float>.self)
        let gradient = UnsafeRawPointer(g + i).loadUnaligned(as: SIMD16<Float>.self)
        UnsafeMutableRawPointer(d + i).storeBytes(of: gradient.replacing(with: 0, where: v .<= 0), as: SIMD16<Float>.self)
        i += 16
    }
    while i < count { d[i] = y[i] <= 0 ? 0 : g[i]; i += 1 }  // as the lanes
}
