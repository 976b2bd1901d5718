/// A chart of lines over two scaled axes — what a Brouwer diagram, a conductivity isotherm or an
/// Arrhenius plot is made of. Rendering is in `LineChart+SVG.swift`.
public struct LineChart: Sendable {
  /// Text with subscripts and superscripts (Kröger–Vink labels, units such as cm⁻¹).
  public struct RichText: Sendable, Equatable, ExpressibleByStringLiteral {
    public enum Baseline: Sendable, Equatable { case normal, sub, sup }
    public struct Run: Sendable, Equatable {
      public var text: String
      public var baseline: Baseline
      public init(_ text: String, _ baseline: Baseline = .normal) {
        self.text = text
        self.baseline = baseline
      }
    }
    public var runs: [Run]
    public init(_ runs: [Run]) { self.runs = runs }
    public init(stringLiteral value: String) { runs = [Run(value)] }
    /// The text without typesetting, e.g. for an SVG `<title>`.
    public var plain: String { runs.map(\.text).joined() }
  }

  public enum Dash: String, Sendable, CaseIterable {
    case solid = "", dashed = "7 4", dotted = "2 3", dashDot = "8 3 2 3", longDash = "14 5"
  }

  /// One line. Points whose x or y cannot be shown (nil, non-finite, ≤ 0 on a log axis) break it.
  public struct Series: Sendable {
    /// Stable identifier written as `data-series` (e.g. the CSV column name).
    public var id: String
    public var label: RichText
    public var points: [(x: Double, y: Double?)]
    public var color: String
    public var dash: Dash

    public init(id: String, label: RichText, points: [(x: Double, y: Double?)], color: String, dash: Dash = .solid) {
      self.id = id
      self.label = label
      self.points = points
      self.color = color
      self.dash = dash
    }
  }

  /// One legend line: a sample (a line, a marker, a marker on a line, or a band's fill) and its label.
  public struct LegendEntry: Sendable {
    public enum Sample: Sendable, Equatable {
      case line
      case marker(Marker)
      case lineAndMarker(Marker)
      /// A filled swatch of this opacity.
      case band(opacity: Double)
    }
    public var label: RichText
    public var color: String
    public var dash: Dash
    public var sample: Sample
    public init(label: RichText, color: String, dash: Dash = .solid, sample: Sample = .line) {
      self.label = label
      self.color = color
      self.dash = dash
      self.sample = sample
    }
  }

  public var title: RichText
  public var subtitle: String
  public var xLabel: RichText
  public var yLabel: RichText
  public var x: PlotScale
  public var y: PlotScale
  public var series: [Series]
  /// The legend; `nil` gives one entry per series. (With many lines, one entry per colour and one per
  /// dash is easier to read.)
  public var legend: [LegendEntry]?
  /// Measured points drawn as markers, with optional error bars (see `LineChart+Markers.swift`), drawn
  /// over the lines.
  public var markers: [MarkerSeries] = []
  /// Filled regions between two curves (confidence bands), drawn under the lines.
  public var bands: [Band] = []
  /// A shorter plot area below this one, sharing its x axis (residuals of a fit); `nil` for none.
  public var residuals: ResidualPanel?
  /// Slope labels to place on the lines (see `LineChart+SlopeLabels.swift`); empty for none.
  public var slopeLabels: [SlopeLabel] = []
  /// Size of the plot area in px; the picture adds margins and room for the legend.
  public var plotWidth = 500.0
  public var plotHeight = 380.0

  public init(title: RichText, subtitle: String = "", xLabel: RichText, yLabel: RichText,
              x: PlotScale, y: PlotScale, series: [Series]) {
    self.title = title
    self.subtitle = subtitle
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.x = x
    self.y = y
    self.series = series
  }

  /// Ten distinguishable colours (Tableau 10), assigned to series in order.
  public static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                               "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"]
}
