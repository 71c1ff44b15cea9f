import Foundation
import Testing
import Hummingbird
import YuhengAgents
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengIndustrial
import YuhengInventory
import YuhengLCA
import YuhengMRIO
import YuhengNatural
import YuhengNumerics
import YuhengPolicy
import YuhengServices
import YuhengUncertainty
@testable import YuhengServer

// Issue 15, errors: every error type of every layer adopts `YuhengError`, and its `ErrorKind` alone
// decides the HTTP status, the exit status and the agents' tool error. This target sees every layer,
// so the enumeration of all types and all their codes lives here.

/// One code of one error type, with an error of that code.
struct ErrorCase: CustomStringConvertible {
    let type: String
    let domain: String
    let code: String
    let error: any YuhengError

    var description: String { "\(type).\(code)" }

    /// Every code of `E`, each as an error made by `make`.
    static func all<E: YuhengError>(_ make: (E.Code) -> E) -> [ErrorCase] {
        E.Code.allCases.map { ErrorCase(type: "\(E.self)", domain: E.domain, code: $0.rawValue, error: make($0)) }
    }
}

enum AllErrors {
    /// Every error type of Sources with every one of its codes.
    static let cases: [ErrorCase] =
        ErrorCase.all { CoreError(code: $0, message: "m") }
        + ErrorCase.all { UnitError(code: $0, message: "m", units: []) }
        + ErrorCase.all { GWPError(code: $0, message: "m", field: "gwp") }
        + ErrorCase.all { NumericsError($0, "m") }
        + ErrorCase.all { ComputingError($0, "m", suggestion: "s") }
        + ErrorCase.all { DataError($0, "m", field: "f", suggestion: "s") }
        + ErrorCase.all { PolicyError($0, "m", field: "f", suggestion: "s") }
        + ErrorCase.all { LCAError($0, "m", suggestion: "s") }
        + ErrorCase.all { UncertaintyError($0, "m", parameter: "p") }
        + ErrorCase.all { IndustrialError($0, "m", field: "f", suggestion: "s") }
        + ErrorCase.all { NaturalError($0, "m", field: "f", suggestion: "s") }
        + ErrorCase.all { MRIOError($0, "m", suggestion: "s") }
        + ErrorCase.all { InventoryError($0, "m", field: "f", suggestion: "s") }
        + ErrorCase.all { LLMError($0, "m", suggestion: "s") }
        + ErrorCase.all { ToolError($0, "m", suggestion: "s") }
        + ErrorCase.all { QueryError($0, "m", suggestion: "s") }
        + ErrorCase.all { EvalError($0, "m", suggestion: "s") }
        + ErrorCase.all { (_: ExportError.Code) in ExportError("m", suggestion: "s") }

    /// The codes that are failures a user cannot correct (HTTP 500, exit status 70): a broken
    /// installation, a failure inside a C library, a lost task file. Nothing else may be "internal".
    static let internalFailures: Set<String> = [
        "numerics.libraryFailure", "uncertainty.libraryFailure", "data.missingBundledData", "data.checksumMismatch", "data.importFailed",
        "sql.cannotOpen",
        "task.badFile", "task.stalePartial", "task.failed", "tool.failed"
    ]
}

@Suite("Errors: one protocol, one mapping per front end (issue 15)")
struct ErrorMappingTests {
    @Test("every error type declared in Sources is enumerated here (APIError is the server's answer, not a domain error)")
    func everyTypeListed() throws {
        let sources = Paths.packageRoot.appendingPathComponent("Sources")
        let files =
            FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }.filter {
                $0.pathExtension == "swift"
            } ?? []
        let declaration = try NSRegularExpression(pattern: #"public (?:struct|enum|final class|class) (\w+Error)\b"#)
        var declared: Set<String> = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for m in declaration.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                declared.insert(String(text[Range(m.range(at: 1), in: text)!]))
            }
        }
        let listed = Set(AllErrors.cases.map(\.type))
        #expect(
            declared.subtracting(["APIError"]) == listed, "declared but not enumerated: \(declared.subtracting(listed).subtracting(["APIError"]))")
        #expect(listed.count >= 15)
    }

    @Test("every code: a domain, a unique qualified code, a kind; the API answers with the kind's status and the code")
    func everyCode() {
        var seen: Set<String> = []
        for c in AllErrors.cases {
            let e = c.error
            #expect(!c.domain.isEmpty && c.domain == c.domain.lowercased() && !c.code.isEmpty, "\(c)")
            // Qualified by the domain, except the computing codes, which are qualified already ("slurm.notInstalled").
            #expect(
                e.qualifiedCode == "\(c.domain).\(c.code)" || (c.type == "ComputingError" && e.qualifiedCode == c.code), "\(c): \(e.qualifiedCode)")
            #expect(seen.insert(e.qualifiedCode).inserted, "\(e.qualifiedCode) is used twice")
            let api = APIError.from(e)
            #expect(Int(api.status.code) == e.kind.httpStatus, "\(c)")
            #expect(api.code == e.qualifiedCode, "\(c)")
            #expect((api.status.code == 500) == AllErrors.internalFailures.contains(e.qualifiedCode), "\(c) is \(api.status.code)")
            let report = ErrorReport(e)
            #expect(report.kind == e.kind && report.code == e.qualifiedCode && report.kind.exitCode == e.kind.exitCode, "\(c)")
            #expect(report.description == e.description || c.type == "UncertaintyError" || c.type == "NumericsError", "\(c)")
        }
    }

    @Test("numerics, natural and core errors are no longer 500 internal: a singular matrix is 422, bad input 400, not found 404")
    func noLongerInternal() {
        let singular = APIError.from(NumericsError(.singular, "zero pivot in column 3", index: 3))
        #expect(singular.status.code == 422 && singular.code == "numerics.singular")
        #expect(APIError.from(NumericsError(.dimensionMismatch, "3×4 times 5")).status == .badRequest)
        let natural = APIError.from(NaturalError(.fractionOutOfRange, "1.2 is outside [0, 1]", field: "combustion_factor"))
        #expect(natural.status == .badRequest && natural.code == "natural.fractionOutOfRange" && natural.field == "combustion_factor")
        #expect(APIError.from(CoreError(code: .invalidCode, message: "x")).status == .badRequest)
        let gwp = APIError.from(GWPError(code: .unknownSet, message: "unknown GWP set 'AR99'", field: "gwp"))
        #expect(gwp.status == .badRequest && gwp.field == "gwp")
        #expect(APIError.from(DataError(.unknownDataset, "no dataset 'x'")).status == .notFound)
        #expect(APIError.from(LCAError(.unknownProcess, "no process 'x'")).status == .notFound)
        #expect(APIError.from(LCAError(.singular, "singular")).status.code == 422)
        #expect(APIError.from(MRIOError(.nonProductive, "not productive")).status.code == 422)
    }

    @Test("the agents' tool error of every code: the kind from the ErrorKind, the code and the suggestion kept")
    func toolErrors() {
        for c in AllErrors.cases where c.type != "ToolError" {
            let t = ToolError(c.error)
            #expect(t.kind == ToolError.Kind(c.error.kind), "\(c)")
            #expect(t.cause == c.error.qualifiedCode, "\(c)")
            #expect(t.suggestion == c.error.suggestion, "\(c)")
            #expect(t.json["code"]?.stringValue == c.error.qualifiedCode, "\(c)")
        }
        let own = ToolError(.invalidInput, "x")
        #expect(own.json["code"]?.stringValue == "tool.invalid_input")
    }

    @Test("a request on a singular technosphere matrix answers 422 lca.singular, not 500")
    func singularRequest() async throws {
        let path = try TemplateDatabase.copy("singular-lca")
        do {
            let db = try YuhengDatabase.open(path: path)
            try db.saveLCI(
                Self.singularLCI,
                info: DatasetInfo(id: "singular", title: "A singular system", version: "1", source: "test", licence: "CC0", date: "2026-01-01"))
        }
        let running = try await RunningServer.start(databasePath: path)
        let r = try await running.client.postJSON("/api/lca/calculate", ["process": "p-loop", "database": "singular"])
        await running.stop()
        #expect(r.status == 422, "\(r.text.prefix(300))")
        let e = try r.apiError()
        #expect(e.code == "lca.singular", "\(e)")
        #expect(e.message.contains("singular"))
    }

    /// One process that consumes exactly the product it makes: its technosphere matrix is [0].
    static let singularLCI: LCIDatabase = {
        let mass = LCIUnitGroup(id: "ug-mass", name: "Units of mass", referenceUnit: "kg", units: ["kg": 1])
        let property = LCIFlowProperty(id: "fp-mass", name: "Mass", unitGroupID: "ug-mass")
        let product = LCIFlow(id: "f-loop", name: "Loop product", type: .product, referencePropertyID: "fp-mass", propertyFactors: ["fp-mass": 1])
        let co2 = LCIFlow(
            id: "e-co2", name: "Carbon dioxide, fossil", type: .elementary, category: ["air", "unspecified"], referencePropertyID: "fp-mass",
            propertyFactors: ["fp-mass": 1])
        let process = LCIProcess(
            id: "p-loop", name: "Loop",
            exchanges: [
                LCIExchange(flowID: "f-loop", amount: 1, unit: "kg", propertyID: "fp-mass", isInput: false, isQuantitativeReference: true),
                LCIExchange(flowID: "f-loop", amount: 1, unit: "kg", propertyID: "fp-mass", isInput: true),
                LCIExchange(flowID: "e-co2", amount: 2, unit: "kg", propertyID: "fp-mass", isInput: false)
            ])
        return LCIDatabase(
            name: "singular", unitGroups: ["ug-mass": mass], flowProperties: ["fp-mass": property],
            flows: ["f-loop": product, "e-co2": co2], processes: [process])
    }()
}
