/// Bytes 0…255 to Float32 0…1 by division, as torchvision's ToTensor does, so pixels match
/// PyTorch's bit for bit. Callers split large copies over threads themselves.
@inline(__always)
func storePixels(_ source: UnsafePointer<UInt8>, count: Int, into destination: UnsafeMutablePointer<Float>) {
    for i in 0..<count { destination[i] = Float(source[i]) / 255 }
}
