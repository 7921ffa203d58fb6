// swift-tools-version:6.0
import PackageDescription

// Language mode 5: the kernels share unsafe buffers across worker threads by design.
// Plain -O, not -Ounchecked: shape preconditions must stay on in release builds.
let settings: [SwiftSetting] = []

let package = Package(
    name: "driftlab",
    products: [
        .executable(name: "driftlab", targets: ["driftlab"]),
        .library(name: "NeuralNet", targets: ["NeuralNet"]),
        .library(name: "Figures", targets: ["Figures"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        // Deterministic packed GEMM kernels (portable C, AVX2, AVX-512), chosen at run time.
        .target(name: "GEMMKernels"),
        // The threads parallel loops run on: helpers that spin between loops (see its header).
        .target(name: "ThreadTeam", linkerSettings: [.linkedLibrary("pthread")]),
        // Write, fsync, rename, fsync the folder: the one writer of every output file.
        .target(name: "AtomicFiles", swiftSettings: settings),
        .target(name: "Tensors", dependencies: ["GEMMKernels", "ThreadTeam", "AtomicFiles"], swiftSettings: settings),
        .target(name: "NeuralNet", dependencies: ["Tensors"], swiftSettings: settings),
        // Metrics works on plain arrays; it uses Tensors only for the deterministic exp/log/cos.
        .target(name: "Metrics", dependencies: ["Tensors"], swiftSettings: settings),
        .target(name: "Datasets", dependencies: ["Tensors", "CPNG"], swiftSettings: settings),
        .target(name: "Attribution", dependencies: ["Tensors", "NeuralNet", "Metrics"], swiftSettings: settings),
        // libpng signals errors by longjmp; this small C target keeps the setjmp on the C side.
        .target(name: "PNGCodec", dependencies: ["CPNG"]),
        .target(name: "Figures", dependencies: ["CCairo", "CPNG", "PNGCodec", "AtomicFiles"], swiftSettings: settings),
        // CBLAS only for the OpenBLAS comparison row of `driftlab bench`.
        .target(name: "Benchmarks", dependencies: ["Tensors", "NeuralNet", "Attribution", "CBLAS"], swiftSettings: settings),
        .target(name: "Experiments", dependencies: ["Tensors", "NeuralNet", "Metrics", "Datasets", "Attribution", "Figures"], swiftSettings: settings),
        .executableTarget(name: "driftlab", dependencies: [
            "Tensors", "NeuralNet", "Benchmarks", "Experiments", "Figures",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: settings),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet", "Tensors"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Tensors", "CPNG"]),
        .testTarget(name: "AttributionTests", dependencies: ["Attribution", "Datasets", "NeuralNet", "Metrics", "Tensors"]),
        .testTarget(name: "FiguresTests", dependencies: ["Figures"]),
        // Runs the built driftlab binary: exit statuses and help text.
        .testTarget(name: "driftlabTests", dependencies: ["driftlab"]),
    ],
    swiftLanguageModes: [.v5]
)
