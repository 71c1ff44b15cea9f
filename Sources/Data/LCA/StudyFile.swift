import Foundation
import YuhengLCA

/// Reads product footprint study files (YAML or JSON) into ``ProductStudy``, through ``SafeYAML``:
/// size and alias limits, unknown keys are errors with a did-you-mean, numbers must be finite, and
/// errors name the file, the line and the path of the value.
public enum StudyFile {
    /// Reads the study file at `path`; throws ``LCAError`` `.missingFile` when it cannot be opened, `.malformedFile` when it is
    /// too large, not UTF-8 or not a valid study.
    public static func load(path: String) throws -> ProductStudy {
        let text: String
        do { text = try InputFile.read(path) } catch let e as DataError {
            throw LCAError(
                e.code == .cannotOpen ? .missingFile : .malformedFile, e.message, dataset: path,
                suggestion: e.suggestion)
        }
        return try parse(text, fileName: path)
    }

    /// Parses study text (YAML or JSON); `fileName` names the document in errors, which give the line and the path of the value.
    public static func parse(_ text: String, fileName: String) throws -> ProductStudy {
        let study: ProductStudy
        do {
            study = try SafeYAML.decode(ProductStudy.self, from: text, file: fileName, docs: "docs/lca-study-format.md")
        } catch let e as DataError {
            let located = e.line.map { "\(fileName):\($0)" } ?? fileName
            let message = (e.field.map { "field '\($0)': " } ?? "") + e.message
            throw LCAError(
                e.message.hasPrefix("not valid YAML") || e.message.hasPrefix("not valid JSON") ? .malformedFile : .invalidStudy,
                message, dataset: located, suggestion: e.suggestion ?? "see docs/lca-study-format.md for the fields of a study file")
        }
        do { try study.validate() } catch var e as LCAError {
            e.dataset = fileName
            throw e
        }
        return study
    }
}
