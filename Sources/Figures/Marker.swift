/// Marker shapes for line-chart points; the shapes let series be told apart in grayscale.
public enum Marker: Sendable, CaseIterable {
    case circle, square, triangle, diamond
}
