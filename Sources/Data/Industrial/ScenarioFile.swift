import Foundation
import YuhengIndustrial

/// Reads industrial scenario files (YAML or JSON; `docs/simulate-format.md`) through ``SafeYAML``:
/// size and alias limits, unknown keys are errors with a did-you-mean, numbers must be finite; then
/// the scenario is validated (horizon, plausible ranges). Errors name the file (and the line where
/// it is known); warnings (values beyond any real case) name the file and the field.
///
/// ```swift
/// let (scenario, warnings) = try ScenarioFile.load(path: "examples/simulate/steel-bau.yaml")
/// ```
public enum ScenarioFile {
    /// Path of the scenario format's documentation, named in error messages.
    public static let docs = "docs/simulate-format.md"

    /// Reads and validates the scenario file at `path`; throws ``IndustrialError`` `.invalidScenario` naming the file (and line),
    /// returns the scenario and its plausibility warnings.
    public static func load(path: String) throws -> (scenario: IndustrialScenario, warnings: [String]) {
        let text: String
        do { text = try InputFile.read(path) } catch let e as DataError {
            throw IndustrialError(.invalidScenario, e.message, suggestion: e.suggestion, file: path)
        }
        return try parse(text, fileName: path)
    }

    /// Parses and validates scenario text; `fileName` names the document in errors and warnings.
    public static func parse(_ text: String, fileName: String) throws -> (scenario: IndustrialScenario, warnings: [String]) {
        let root: InputNode
        let scenario: IndustrialScenario
        do {
            root = try SafeYAML.parse(text, file: fileName)
            scenario = try SafeYAML.decode(IndustrialScenario.self, from: root, file: fileName, docs: docs)
        } catch let e as DataError {
            throw IndustrialError(.invalidScenario, e.message, field: e.field, suggestion: e.suggestion, file: fileName, line: e.line)
        }
        do {
            let warnings = try IndustrialSimulator.validate(scenario)
            return (scenario, warnings.map { "\(fileName): \($0)" })
        } catch let e as IndustrialError {
            throw e.located(file: fileName, line: e.field.flatMap { line(of: $0, in: root, scenario: scenario) })
        }
    }

    /// The line of a validation field such as `routes.BF-BOF.capacity` or `demand.growth`.
    static func line(of field: String, in root: InputNode, scenario: IndustrialScenario) -> Int? {
        var parts = field.split(separator: ".").map(String.init)
        var node = root
        var line = root.line
        while !parts.isEmpty {
            let p = parts.removeFirst()
            if case .sequence(let xs) = node.value {
                // routes are named by their name field in messages.
                guard let x = xs.first(where: { $0.entries?.first { $0.key == "name" }?.value.scalarText == p }) else { break }
                node = x
                line = x.line ?? line
                continue
            }
            guard let e = node.entries?.first(where: { $0.key == p }) else { break }
            node = e.value
            line = e.line ?? line
        }
        return line
    }
}
