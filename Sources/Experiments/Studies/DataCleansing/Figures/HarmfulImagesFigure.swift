import Figures
import NeuralNet
import Tensors

/// The `cleansing.harmfulImages` most harmful training images by the estimate, most harmful
/// first, one a row, titled with its rank, the label it was trained with, the trained model's
/// prediction and, where the label was flipped, the published one ("was …").
/// figures/harmful-images.png.
enum HarmfulImagesFigure {
    /// Fashion-MNIST's classes, as its README names them (shortened to fit a column).
    static let fashionNames = ["T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Boot"]

    static func draw(_ canvas: inout FigureCanvas) throws {
        let spec = canvas.spec, dir = canvas.directory
        let ranking = try InfluenceRanking(in: dir)
        let published = try dir.readArray(SupervisedArrays.paths("train").targets)
        let inputs = try dir.readArray(SupervisedArrays.paths("train").inputs)
        let network = TrajectoryTrainingStage.start(spec).network
        try Checkpoint.loadWeights(into: network, from: dir.root.appendingPathComponent(DataCleansingArtifacts.final))
        let shown = Array(ranking.harmfulFirst.prefix(spec.cleansing.harmfulImages))
        let images = LabeledExamples(inputs: inputs, labels: ranking.given).batch(shown).inputs
        let predicted = network.forward(images).argmaxRows()
        let (c, h, w) = (images.shape[1], images.shape[2], images.shape[3])
        func name(_ label: Int) -> String {
            spec.data.kind == "fashion-mnist" && label < fashionNames.count ? fashionNames[label] : "\(label)"
        }
        // The channel mean, black…white over the shown images' range.
        let gray = shown.indices.map { i in
            Grid2D(rows: h, cols: w, values: (0..<(h * w)).map { p in
                (0..<c).reduce(0.0) { $0 + Double(images.data[(i * c + $1) * h * w + p]) } / Double(c)
            })
        }
        let values = gray.flatMap(\.values)
        let grayRange = (values.min() ?? 0)...max(values.max() ?? 1, (values.min() ?? 0) + 1e-6)
        let titles = shown.indices.map { i in
            let row = shown[i], label = Int(published.data[row])
            let flip = ranking.flipped.contains(row) ? ", was \(name(label))" : ""
            return "\(i + 1). given \(name(ranking.given[row])), predicted \(name(predicted[i]))\(flip)"
        }
        try canvas.save(ImageGrid(title: "\(spec.name): most harmful training images", rowTitles: titles,
                                  columnTitles: ["image"], cells: gray.map { [.gray($0)] }, grayRange: grayRange),
                        "harmful-images", canvas.page(width: 8.5, height: 0.8 + 0.75 * Double(shown.count)))
    }
}
