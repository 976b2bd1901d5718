import ArgumentParser
import DefectChemistry

/// `brouwer check FILE` — validate a material file and print the equations it will solve.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Validate a material file and print the equations it will solve.",
    discussion: "Exit status 0 if the file is valid, 2 with one error line (FILE:LINE: message) if not.")

  @Argument(help: "A YAML file, a built-in name, or - for stdin.")
  var material: String

  func run() throws {
    let model = try MaterialArgument.load(material)
    print(EquationText(model: model).render())
  }
}
