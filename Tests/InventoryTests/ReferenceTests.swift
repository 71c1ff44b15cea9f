import Foundation
import Testing
import YuhengCore
@testable import YuhengInventory

/// Every Tier 1 category against values computed independently from the guideline equations by
/// `scripts/ipcc_reference.py` (committed output: Fixtures/ipcc_reference.json), at 1e-9 relative;
/// and, where bonsai-ipcc 0.5.3 has the same single equations, bonsai's value on the same
/// parameters — equal to the guideline value, or, where the case names a deviation, different from it
/// for the reason the case gives (the guideline is the reference).
@Suite("Tier 1 methods against the reference script and bonsai-ipcc")
struct ReferenceTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var id: String
        var reference: String
        var csv: String
        var year: Int?
        var expected: [String: Double]
        var expected_by_category: [String: [String: Double]]?
        var bonsai: [String: Double]?
        var bonsai_functions: [String]?
        var deviation: String?
        var testDescription: String { id }
    }

    struct File: Decodable {
        var bonsai_ipcc_version: String
        var tolerance_relative: Double
        var cases: [Case]
    }

    static let file: File = {
        let url = Bundle.module.url(forResource: "ipcc_reference", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url))
    }()

    static func run(_ c: Case) throws -> InventoryResult {
        let acts = try Fixture.parse(c.csv)
        let series = try Fixture.engine().computeSeries(acts, fileName: "case.csv")
        if let y = c.year { return try #require(series.result(for: y), "year \(y) not reported") }
        return series.latest
    }

    static func tonnes(_ r: InventoryResult, category: String? = nil) -> [String: Double] {
        var out: [String: Double] = [:]
        for s in r.sources where s.memo == nil && (category.map { s.category == $0 } ?? true) {
            for e in s.emissions where !e.memo && e.note == nil { out[e.gas.name, default: 0] += e.tonnes }
        }
        return out
    }

    @Test("the reference file covers every Tier 1 category and was made with bonsai-ipcc 0.5.3")
    func coverage() {
        #expect(Self.file.bonsai_ipcc_version == "0.5.3")
        #expect(Self.file.tolerance_relative == 1e-9)
        let methods = Set(
            Self.file.cases.flatMap { c in
                c.csv.split(separator: "\n").dropFirst().compactMap { line -> String? in
                    let cols = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    return cols.count > 4 ? cols[c.year == nil ? 2 : 3] : nil
                }
            })
        let tier1 = InventoryMethod.allCases.filter { !$0.isOriginal }.map(\.rawValue)
        for m in tier1 { #expect(methods.contains(m), "no reference case for \(m)") }
    }

    @Test("each case equals the guideline equation at 1e-9", arguments: file.cases)
    func guideline(_ c: Case) throws {
        let r = try Self.run(c)
        let got = Self.tonnes(r)
        for (gas, want) in c.expected {
            #expect(close(got[gas], want, rel: 1e-9), "\(c.id): \(gas) = \(got[gas] ?? .nan), reference \(want) (\(c.reference))")
        }
        for (cat, gases) in c.expected_by_category ?? [:] {
            let g = Self.tonnes(r, category: cat)
            for (gas, want) in gases { #expect(close(g[gas], want, rel: 1e-9), "\(c.id): \(cat) \(gas) = \(g[gas] ?? .nan), reference \(want)") }
        }
    }

    @Test("bonsai-ipcc's single equations give the same values, except the recorded deviations", arguments: file.cases.filter { $0.bonsai != nil })
    func bonsai(_ c: Case) throws {
        let b = try #require(c.bonsai)
        for (gas, v) in b {
            let want = try #require(c.expected[gas])
            if let why = c.deviation {
                // the guideline is the reference; bonsai differs, for the reason recorded with the case
                #expect(!close(v, want, rel: 1e-6), "\(c.id): expected bonsai to deviate (\(why))")
            } else {
                #expect(close(v, want, rel: 1e-9), "\(c.id): bonsai \(gas) = \(v), guideline \(want) (\(c.bonsai_functions ?? []))")
            }
        }
    }
}
