import BrouwerPlot
import DefectChemistry
import Foundation

/// How a figure shows temperature: `--T-axis K|C|1000/T` of `map` and `domain`, with the spellings of
/// `plot --x` (`T_K`, `T_C` or `C`, `1000/T`). The values drawn are T in that unit, so the axis's ticks
/// fall at round values of it (500, 600 … °C), not at round kelvins relabelled.
enum TemperatureAxis: Equatable {
  case kelvin, celsius, inverse

  /// `text` as typed after `option`; one error naming the option otherwise.
  init(_ text: String, option: String = "--T-axis") throws {
    switch text.trimmingCharacters(in: .whitespaces) {
    case "K", "T_K": self = .kelvin
    case "C", "T_C", "°C": self = .celsius
    case "1000/T", "1000/T_K": self = .inverse
    default:
      throw InputError("\(option): expected K, C or 1000/T (as plot --x spells them: T_K, T_C, 1000/T), got \(MessageText.quoted(text))")
    }
  }

  /// The drawn coordinate of `kelvin` (°C rounded to 1e-9 K, as plot's T_C column, so that 500C is 500).
  func coordinate(_ kelvin: Double) -> Double {
    switch self {
    case .kelvin: return kelvin
    case .celsius: return ((kelvin - 273.15) * 1e9).rounded() / 1e9
    case .inverse: return 1000 / kelvin
    }
  }

  /// The column name whose label the axis carries (``PlotSpecification/label(_:)``).
  var column: String {
    switch self {
    case .kelvin: return "T_K"
    case .celsius: return PlotTable.celsius
    case .inverse: return PlotTable.inverseTemperature
    }
  }

  var label: LineChart.RichText { PlotSpecification.label(column) }
}
