import Foundation
import Testing
import YuhengTestSupport
import YuhengData
import YuhengMRIO
import YuhengNumerics

/// The provider fixtures (`Tests/Fixtures/mrio/<provider>/`, written by `scripts/mrio_fixtures.py`)
/// and pymrio's accounts on them (`reference.json`, written by `scripts/mrio_fixture_reference.py`).
enum ProviderFixture {
    static let root = IO.packageRoot.appendingPathComponent("Tests/Fixtures/mrio")

    static func path(_ rel: String) -> String { root.appendingPathComponent(rel).path }

    struct Reference: Decodable {
        struct Ext: Decodable {
            var stressors: [String]
            var D_cba_reg: [String: [String: Double]]
            var D_pba_reg: [String: [String: Double]]
            var D_imp_reg: [String: [String: Double]]
            var D_exp_reg: [String: [String: Double]]
        }
        var generator: String
        var regions: [String]
        var sectors: [String]
        var extensions: [String: Ext]
    }

    static func reference(_ provider: String) throws -> Reference {
        let data = try Data(contentsOf: root.appendingPathComponent("\(provider)/reference.json"))
        return try JSONDecoder().decode(Reference.self, from: data)
    }

    /// Compares every extension's D_cba/D_pba/D_imp/D_exp per region with pymrio's at 1e-9 relative
    /// (absolute 1e-9 × the largest value of the account where pymrio has 0).
    static func expectAgreement(
        _ system: MRIOSystem, _ ref: Reference, extensions: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(Set(system.regions) == Set(ref.regions), "regions \(system.regions) vs pymrio \(ref.regions)", sourceLocation: sourceLocation)
        let (acc, _) = try MRIOEngine.accounts(system)
        for (refName, r) in ref.extensions {
            let name = extensions[refName] ?? refName
            guard let e = acc.extensions.first(where: { $0.name == name }) else {
                Issue.record("no extension '\(name)' (have \(acc.extensions.map(\.name)))", sourceLocation: sourceLocation)
                continue
            }
            #expect(Set(e.stressors) == Set(r.stressors), "\(name): stressors \(e.stressors) vs \(r.stressors)", sourceLocation: sourceLocation)
            let accounts: [(String, DenseMatrix, [String: [String: Double]])] = [
                ("D_cba_reg", e.cbaRegion, r.D_cba_reg), ("D_pba_reg", e.pbaRegion, r.D_pba_reg),
                ("D_imp_reg", e.impRegion, r.D_imp_reg), ("D_exp_reg", e.expRegion, r.D_exp_reg)
            ]
            for (label, mine, theirs) in accounts {
                let scale = theirs.values.flatMap(\.values).map(abs).max() ?? 0
                for (k, stressor) in e.stressors.enumerated() {
                    for (j, region) in acc.regions.enumerated() {
                        guard let want = theirs[stressor]?[region] else {
                            Issue.record("\(name).\(label): pymrio has no \(stressor) / \(region)", sourceLocation: sourceLocation)
                            continue
                        }
                        let got = mine[k, j]
                        let ok = want == 0 ? abs(got) <= 1e-9 * max(scale, 1e-300) : relClose(got, want, 1e-9)
                        #expect(ok, "\(name).\(label)[\(stressor), \(region)]: \(got) vs pymrio \(want)", sourceLocation: sourceLocation)
                    }
                }
            }
        }
    }
}

@Suite("MRIO provider fixtures against pymrio")
struct ProviderFixtureTests {
    @Test("pymrio folder with empty (NaN) cells, Y columns in another region order and a coefficient-only extension")
    func pymrioFolder() throws {
        let system = try MRIOReader.read(path: ProviderFixture.path("pymrio/folder"))
        #expect(system.regions == ["reg1", "reg2", "reg3"])
        #expect(system.warnings.contains { $0.contains("empty or NaN cell(s) read as 0") && $0.contains("Z.txt") })
        #expect(system.warnings.contains { $0.contains("Y.txt") && $0.contains("aligned by label") })
        #expect(system.warnings.contains { $0.contains("coefficients only") && $0.contains("land") })
        let land = try #require(system.extensions.first { $0.name == "land" })
        #expect(land.units == ["km2", "km2"])
        try ProviderFixture.expectAgreement(system, try ProviderFixture.reference("pymrio"))
    }

    @Test("EXIOBASE 3 archive whose file_parameters.json disagrees with a file: read with a warning, accounts as pymrio's")
    func exiobase3Inconsistent() throws {
        let path = ProviderFixture.path("exiobase3/IOT_2011_ixi.zip")
        #expect(try MRIOReader.detect(path: path) == .exiobase3)
        let system = try MRIOReader.read(path: path)
        #expect(system.year == 2011)
        #expect(system.warnings.contains { $0.contains("satellite/unit.txt") && $0.contains("file_parameters.json declares 2") })
        let sat = try #require(system.extensions.first { $0.name == "satellite" })
        #expect(sat.units == ["M.EUR", "kg", "kg"])
        try ProviderFixture.expectAgreement(system, try ProviderFixture.reference("exiobase3"))
    }

    @Test("a fault in one extension leaves the others readable; asked for by name it is an error")
    func faultyExtensionIsolated() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = tmp.sub("folder")
        try writableCopy(of: URL(fileURLWithPath: ProviderFixture.path("pymrio/folder")), to: dir)
        try editLines(dir.appendingPathComponent("land/S.txt")) { lines in lines[3] = lines[3].replacingOccurrences(of: "\t0.", with: "\tx0.") }
        let system = try MRIOReader.read(path: dir.path)
        #expect(system.extensions.map(\.name) == ["emissions"])
        #expect(system.skippedExtensions["land"]?.contains("S.txt") == true)
        let e = expectMRIOError { _ = try MRIOReader.read(path: dir.path, extensions: ["land"]) }
        #expect(e?.file?.hasSuffix("land/S.txt") == true)
        #expect(e?.message.contains("line 4") == true)
        let only = try MRIOReader.read(path: dir.path, extensions: ["emissions"])
        #expect(only.extensions.map(\.name) == ["emissions"] && only.warnings.allSatisfy { !$0.contains("land") })
    }

    @Test("a Y with a region that Z lacks, or a missing region, is an error naming the label")
    func yRegionMismatch() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = tmp.sub("folder")
        try writableCopy(of: URL(fileURLWithPath: ProviderFixture.path("pymrio/folder")), to: dir)
        try editLines(dir.appendingPathComponent("Y.txt")) { lines in lines[0] = lines[0].replacingOccurrences(of: "reg2", with: "reg9") }
        let e = expectMRIOError { _ = try MRIOReader.read(path: dir.path) }
        #expect(e?.code == .labels)
        #expect(e?.message.contains("reg9") == true)
        #expect(e?.file?.hasSuffix("Y.txt") == true)
    }
}
