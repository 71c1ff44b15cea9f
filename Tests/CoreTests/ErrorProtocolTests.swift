import Foundation
import Testing
import YuhengCore

// Issue 15, errors: one protocol whose defaults every error type uses, kinds that decide the HTTP
// status and the exit status, one way of writing an error, one edit-distance helper. The
// enumeration of every error type of every layer is in ServerTests/ErrorMappingTests.swift (the
// only test target that sees all of them).

/// A type that declares only what the protocol requires: everything else is a default.
private struct MinimalError: YuhengError {
    enum Code: String, ErrorCode {
        case missing, broken
        var kind: ErrorKind { self == .missing ? .notFound : .failure }
    }
    static let domain = "minimal"
    let code: Code
    let message: String
}

/// A type with a location and a suggestion.
private struct LocatedError: YuhengError {
    enum Code: String, ErrorCode {
        case bad
        var kind: ErrorKind { .invalidInput }
    }
    static let domain = "located"
    let code: Code = .bad
    let message: String
    var suggestion: String?
    var location: ErrorLocation?
}

@Suite("One error protocol: defaults, kinds, reports")
struct ErrorProtocolTests {
    @Test("every kind has a distinct meaning on each front end: 4xx and exit 1 for what the user can fix")
    func kinds() {
        for kind in ErrorKind.allCases {
            #expect((400..<600).contains(kind.httpStatus), "\(kind)")
            #expect(kind.exitCode > 0, "\(kind)")
            // Only a missing service or a failure is an exit status other than 1, and a 5xx
            // besides them only the time limit (504: the answer did not come in time).
            let userCanFix = kind != .failure && kind != .unavailable
            #expect((kind.httpStatus < 500) == (userCanFix && kind != .timeLimit), "\(kind): \(kind.httpStatus)")
            #expect((kind.exitCode == 1) == userCanFix, "\(kind): \(kind.exitCode)")
        }
        #expect(ErrorKind.invalidInput.httpStatus == 400)
        #expect(ErrorKind.notFound.httpStatus == 404)
        #expect(ErrorKind.computation.httpStatus == 422)
        #expect(ErrorKind.unavailable.httpStatus == 503 && ErrorKind.unavailable.exitCode == 69)
        #expect(ErrorKind.failure.httpStatus == 500 && ErrorKind.failure.exitCode == 70)
        // Only .failure is a 500: no other kind can reach a user as "internal".
        #expect(ErrorKind.allCases.filter { $0.httpStatus == 500 } == [.failure])
    }

    @Test("a type that declares domain, code and message gets kind, qualified code, description and no location")
    func defaults() {
        let e = MinimalError(code: .missing, message: "no table 'x'")
        #expect(e.kind == .notFound)
        #expect(e.qualifiedCode == "minimal.missing")
        #expect(e.suggestion == nil && e.location == nil)
        #expect(e.description == "no table 'x'")
        #expect(MinimalError.Code.allCases == [.missing, .broken])
        let r = ErrorReport(e)
        #expect(r.kind == .notFound && r.code == "minimal.missing" && r.message == "no table 'x'")
        #expect(ErrorReport(MinimalError(code: .broken, message: "x")).kind == .failure)
    }

    @Test("location, message and suggestion are written one way: 'file:line: entity: field 'x': message. Suggestion'")
    func description() {
        let at = ErrorLocation(file: "a.csv", line: 3, entity: "row 'boiler'", field: "amount")
        let e = LocatedError(message: "not a number", suggestion: "write 12.5", location: at)
        #expect(e.description == "a.csv:3: row 'boiler': field 'amount': not a number. write 12.5")
        #expect(ErrorReport(e).description == e.description)
        // A message that ends a sentence gets no second full stop.
        #expect(ErrorText.describe(message: "too large.", location: nil, suggestion: "split it") == "too large. split it")
        #expect(ErrorText.describe(message: "m", location: ErrorLocation(line: 4), suggestion: nil) == "line 4: m")
        #expect(ErrorLocation.make(file: nil) == nil)
        #expect(ErrorLocation.make(file: nil, field: "gwp")?.description == "field 'gwp'")
    }

    @Test("Core's own errors: every code qualified by its domain, none of them an internal failure")
    func coreTypes() {
        for code in CoreError.Code.allCases {
            let e = CoreError(code: code, message: "m")
            #expect(e.qualifiedCode == "core.\(code.rawValue)")
            #expect(e.kind == .invalidInput)
        }
        for code in UnitError.Code.allCases {
            let e = UnitError(code: code, message: "m", units: ["L", "TJ"])
            #expect(e.qualifiedCode == "unit.\(code.rawValue)" && e.kind == .unitMismatch)
        }
        for code in GWPError.Code.allCases {
            let e = GWPError(code: code, message: "m", field: "gwp")
            #expect(e.qualifiedCode == "gwp.\(code.rawValue)" && e.kind != .failure)
            #expect(e.location?.field == "gwp")
        }
        #expect(GWPError(code: .unknownSet, message: "m").kind == .invalidInput)
        #expect(GWPError(code: .unknownGas, message: "m").kind == .notFound)
    }

    @Test("an unknown set named in GWPLibrary.set(named:) says which parameter it concerns")
    func gwpField() throws {
        let set = try GWPSet(assessment: "AR5", metric: .gwp100, values: ["CO2": 1])
        let error = #expect(throws: GWPError.self) { try GWPLibrary(sets: [set]).set(named: "AR99") }
        #expect(error?.code == .unknownSet && error?.location?.field == "gwp")
        #expect(error?.description.hasPrefix("field 'gwp': unknown GWP set 'AR99'") == true)
    }

    @Test("errors that are not Yuheng's: decoding is bad input, cancellation a missing service, the rest internal")
    func foreignErrors() {
        struct Foreign: Error {}
        let decoding = DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "bad"))
        #expect(ErrorReport(decoding).kind == .invalidInput)
        #expect(ErrorReport(CancellationError()).kind == .unavailable)
        let r = ErrorReport(Foreign())
        #expect(r.kind == .failure && r.code == "internal")
        // A report is itself reported as it is.
        #expect(ErrorReport(r) == r)
    }

    @Test("EditDistance.nearest: the default threshold, an explicit one, ties in sorted order")
    func editDistance() {
        #expect(EditDistance.nearest("amont", in: ["method", "amount"]) == "amount")
        #expect(EditDistance.nearest("amont", in: ["method", "amount"], within: 1) == "amount")
        #expect(EditDistance.nearest("amnt", in: ["method", "amount"], within: 1) == nil)
        #expect(EditDistance.nearest("xb", in: ["cb", "ab"]) == "ab")
        #expect(EditDistance.didYouMean("regoin", in: ["region", "sector"]) == "did you mean 'region'?")
    }
}
