import Foundation
import Yams
import YuhengLCA

/// Reads product footprint study files (YAML or JSON) into ``ProductStudy``.
public enum StudyFile {
    public static func load(path: String) throws -> ProductStudy {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw LCAError(.missingFile, "cannot read the study file", dataset: path, suggestion: "check the path")
        }
        return try parse(text, fileName: path)
    }

    public static func parse(_ text: String, fileName: String) throws -> ProductStudy {
        let study: ProductStudy
        do {
            if fileName.lowercased().hasSuffix(".json") {
                study = try JSONDecoder().decode(ProductStudy.self, from: Data(text.utf8))
            } else {
                study = try YAMLDecoder().decode(ProductStudy.self, from: text)
            }
        } catch let e as DecodingError {
            throw LCAError(.invalidStudy, describe(e), dataset: fileName, suggestion: "see docs/lca-study-format.md for the fields of a study file")
        } catch let e as YamlError {
            throw LCAError(.malformedFile, "not valid YAML: \(e)", dataset: fileName)
        }
        do { try study.validate() } catch var e as LCAError {
            e.dataset = fileName
            throw e
        }
        return study
    }

    static func describe(_ e: DecodingError) -> String {
        func path(_ c: [CodingKey]) -> String { c.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") }
        switch e {
        case .keyNotFound(let k, let ctx): return "the field '\(path(ctx.codingPath + [k]))' is missing"
        case .typeMismatch(_, let ctx): return "field '\(path(ctx.codingPath))': \(ctx.debugDescription)"
        case .valueNotFound(_, let ctx): return "field '\(path(ctx.codingPath))' has no value"
        case .dataCorrupted(let ctx): return "field '\(path(ctx.codingPath))': \(ctx.debugDescription)"
        @unknown default: return "\(e)"
        }
    }
}
