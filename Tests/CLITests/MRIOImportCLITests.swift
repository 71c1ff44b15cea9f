import Foundation
import Testing
import YuhengData
import YuhengMRIO

/// `yuheng mrio import` and `yuheng mrio aggregate` through the real binary, on the provider
/// fixtures (Tests/Fixtures/mrio) and pymrio's accounts on them.
@Suite("yuheng mrio import and aggregate", .serialized)
struct MRIOImportCLITests {
    static let fixtures = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/mrio")

    /// A fresh database in its own folder (imported tables are stored beside it).
    func freshDB(_ name: String) throws -> String {
        let dir = CLI.databaseDir.appendingPathComponent("mrio-import-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("db.sqlite").path
    }

    func reference(_ rel: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixtures.appendingPathComponent(rel))) as? [String: Any])
    }

    /// `mrio accounts --mrio ID --json` against pymrio's per-region accounts of `ext` at 1e-9.
    func expectAccounts(_ id: String, ext: String, db: String, reference ref: [String: Any]) async throws {
        let o = try await CLI.run(["mrio", "accounts", "--mrio", id, "--extension", ext, "--json"], db: db)
        #expect(o.status == 0, "stderr: \(o.stderr)")
        let out = try #require(try JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as? [String: Any])
        let theirs = try #require((ref["extensions"] as? [String: Any])?[ext] as? [String: Any])
        for key in ["D_cba_reg", "D_pba_reg", "D_imp_reg", "D_exp_reg"] {
            let a = try #require(out[key] as? [String: [String: Double]]), b = try #require(theirs[key] as? [String: [String: Double]])
            #expect(Set(a.keys) == Set(b.keys), "\(key) stressors")
            let scale = b.values.flatMap(\.values).map(abs).max() ?? 0
            for (s, regions) in b {
                for (r, v) in regions {
                    let x = try #require(a[s]?[r], "\(key) \(s) \(r) missing")
                    #expect(abs(x - v) <= 1e-9 * (v == 0 ? scale : abs(v)), "\(id) \(key) \(s) \(r): \(x) vs pymrio \(v)")
                }
            }
        }
    }

    /// What the database holds: the registry and the store folders beside it.
    func state(_ db: String) async throws -> String {
        let list = try await CLI.run(["data", "list", "--json"], db: db)
        let mrio = URL(fileURLWithPath: db).deletingLastPathComponent().appendingPathComponent("mrio")
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: mrio.path)) ?? []).sorted()
        return list.stdout + "\n" + folders.joined(separator: ",")
    }

    @Test(
        "mrio import stores each provider fixture; mrio accounts --mrio ID then equals pymrio",
        arguments: [
            ("pymrio/folder", "pymrio", "emissions"), ("exiobase3/IOT_2011_ixi.zip", "exiobase3", "satellite"),
            ("oecd2023/ICIO2023_2019.zip", "oecd2023", "factor_inputs"), ("eora26/Eora26_2015_bp.zip", "eora26", "Q")
        ])
    func importAndAccounts(_ rel: String, _ provider: String, _ ext: String) async throws {
        let db = try freshDB(provider)
        let o = try await CLI.run(["mrio", "import", Self.fixtures.appendingPathComponent(rel).path, "--id", "t-\(provider)", "--json"], db: db)
        #expect(o.status == 0, "stderr: \(o.stderr)")
        let t = try #require(try JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as? [String: Any])
        #expect(t["id"] as? String == "t-\(provider)")
        #expect((t["licence"] as? String)?.isEmpty == false && (t["provider"] as? String)?.isEmpty == false)
        #expect(FileManager.default.fileExists(atPath: (t["folder"] as? String ?? "") + "/system.json"))
        try await expectAccounts(
            "t-\(provider)", ext: ext, db: db, reference: try reference("\(provider == "pymrio" ? "pymrio" : provider)/reference.json"))
        let listed = try await CLI.run(["data", "show", "t-\(provider)", "--json"], db: db)
        #expect(listed.status == 0 && listed.stdout.contains("t-\(provider)"))
    }

    @Test("the stored table carries its provenance: provider, release, year and licence note")
    func provenance() async throws {
        let db = try freshDB("prov")
        let o = try await CLI.run(["mrio", "import", Self.fixtures.appendingPathComponent("oecd2023/ICIO2023_2019.zip").path, "--id", "icio"], db: db)
        #expect(o.status == 0, "stderr: \(o.stderr)")
        #expect(o.stdout.contains("provider: OECD; release: ICIO 2023; year: 2019; licence: OECD terms"))
        let given = try await CLI.run(
            [
                "mrio", "import", Self.fixtures.appendingPathComponent("pymrio/folder").path, "--id", "mine",
                "--provider", "Lab X", "--release", "v2", "--year", "2018", "--licence", "CC0", "--json"
            ], db: db)
        let t = try #require(try JSONSerialization.jsonObject(with: Data(given.stdout.utf8)) as? [String: Any])
        #expect(
            t["provider"] as? String == "Lab X" && t["release"] as? String == "v2" && t["year"] as? Int == 2018 && t["licence"] as? String == "CC0")
        let show = try #require(
            try JSONSerialization.jsonObject(with: Data(try await CLI.run(["data", "show", "mine", "--json"], db: db).stdout.utf8)) as? [String: Any])
        let ds = try #require(show["dataset"] as? [String: Any])
        #expect(ds["licence"] as? String == "CC0" && ds["version"] as? String == "v2")
    }

    @Test("a failed import leaves the database as it was, with the same exit status with and without --json")
    func failedImport() async throws {
        let db = try freshDB("fail")
        _ = try await CLI.run(["mrio", "import", Self.fixtures.appendingPathComponent("pymrio/folder").path, "--id", "good"], db: db)
        let before = try await state(db)
        let tmp = CLI.databaseDir.appendingPathComponent("bad-icio-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let bad = tmp.appendingPathComponent("ICIO2023_2019.csv")
        try "\"\",\"AUS_A01\",\"AUS_HFCE\"\n\"AUS_A01\",1.0,x\n".write(to: bad, atomically: true, encoding: .utf8)
        for args in [["--json"], []] {
            for id in ["good", "other"] {
                let o = try await CLI.run(["mrio", "import", bad.path, "--id", id] + args, db: db)
                #expect(o.status == 1, "\(args) \(id): \(o.stdout)")
                #expect(o.stderr.contains("ICIO2023_2019.csv") && o.stderr.contains("line 2"), "\(o.stderr)")
                #expect(try await state(db) == before)
            }
        }
        let bundled = try await CLI.run(
            ["mrio", "import", Self.fixtures.appendingPathComponent("pymrio/folder").path, "--id", "wiod2011-co2"], db: db)
        #expect(bundled.status == 1 && bundled.stderr.contains("bundled"))
        #expect(try await state(db) == before)
    }

    @Test("mrio aggregate sums Z, Y, x, F and F_Y over the groups as pymrio's aggregate; accounts of the stored result equal pymrio's")
    func aggregate() async throws {
        let db = try freshDB("agg")
        let ref = try reference("aggregate/reference.json")
        let folder = Self.fixtures.appendingPathComponent("pymrio/folder").path
        let o = try await CLI.run(
            [
                "mrio", "aggregate", "--mrio", folder, "--regions", Self.fixtures.appendingPathComponent("aggregate/regions.csv").path,
                "--sectors", Self.fixtures.appendingPathComponent("aggregate/sectors.csv").path, "--id", "agg", "--json"
            ], db: db)
        #expect(o.status == 0, "stderr: \(o.stderr)")
        let t = try #require(try JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as? [String: Any])
        #expect(t["regions"] as? [String] == ref["regions"] as? [String])
        #expect(t["sectors"] as? [String] == ref["sectors"] as? [String])
        for ext in ["emissions", "land"] { try await expectAccounts("agg", ext: ext, db: db, reference: ref) }
        // The stored matrices themselves: Z, Y and x per aggregated region-sector, F per stressor, as pymrio's.
        let system = try MRIOStore.load(from: URL(fileURLWithPath: try #require(t["folder"] as? String)))
        let z = try #require(system.Z)
        let x =
            system.x
            ?? (0..<system.n).map { i in (0..<system.n).reduce(0) { $0 + z[i, $1] } + (0..<system.Y.columns).reduce(0) { $0 + system.Y[i, $1] } }
        let refZ = try #require(ref["Z"] as? [String: [String: Double]]), refX = try #require(ref["x"] as? [String: Double])
        let refY = try #require(ref["Y"] as? [String: [String: Double]])
        let cats = system.finalDemandCategories
        for i in 0..<system.n {
            #expect(abs(x[i] - refX[system.label(i)]!) <= 1e-12 * abs(refX[system.label(i)]!), "x \(system.label(i))")
            for j in 0..<system.n {
                let want = refZ[system.label(i)]![system.label(j)]!
                #expect(abs(z[i, j] - want) <= 1e-12 * max(abs(want), 1), "Z \(system.label(i)) \(system.label(j))")
            }
            for j in 0..<system.Y.columns {
                let want = refY[system.label(i)]!["\(system.regions[j / cats.count]):\(cats[j % cats.count])"]!
                #expect(abs(system.Y[i, j] - want) <= 1e-12 * max(abs(want), 1), "Y \(system.label(i)) \(j)")
            }
        }
        let refF = try #require(ref["F"] as? [String: [String: [String: Double]]])
        for e in system.extensions {
            for (k, s) in e.stressors.enumerated() {
                for j in 0..<system.n {
                    let want = try #require(refF[e.name]?[s]?[system.label(j)], "F \(e.name) \(s)")
                    #expect(abs(e.F[k, j] - want) <= 1e-12 * max(abs(want), 1), "F \(e.name) \(s) \(system.label(j))")
                }
            }
        }
    }
}

@Suite("yuheng panorama on a table without a stressor named CO2")
struct PanoramaStressorTests {
    @Test("an EXIOBASE archive: the error lists every extension's stressors and names --stressor; with them the panorama runs")
    func noCO2Stressor() async throws {
        let zip = MRIOImportCLITests.fixtures.appendingPathComponent("exiobase3/IOT_2011_ixi.zip").path
        let refused = try await CLI.run(["panorama", "--mrio", zip])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("no stressor 'CO2'") && refused.stderr.contains("--stressor"), "\(refused.stderr)")
        #expect(refused.stderr.contains("satellite: ") && refused.stderr.contains("impacts: "), "every extension is listed: \(refused.stderr)")
        // The GHG impact in EXIOBASE's "kg CO2 eq." and the combustion CO2 in kg: each in Mt, equal to the accounts' kg / 1e9.
        let ghg = "GHG emissions (GWP100) | Problem oriented approach: baseline (CML, 2001) | GWP100 (IPCC, 2007)"
        for (ext, stressor) in [("impacts", ghg), ("satellite", "CO2 - combustion - air")] {
            let ok = try await CLI.run(["panorama", "--mrio", zip, "--extension", ext, "--stressor", stressor, "--json"])
            #expect(ok.status == 0, "\(ok.stderr)")
            let rows = try #require((try JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as? [String: Any])?["rows"] as? [[String: Any]])
            let accounts = try await CLI.run(["mrio", "accounts", "--mrio", zip, "--extension", ext, "--json"])
            let pba = try #require(
                ((try JSONSerialization.jsonObject(with: Data(accounts.stdout.utf8)) as? [String: Any])?["D_pba_reg"] as? [String: [String: Double]])?[
                    stressor])
            #expect(rows.count >= 3 && rows.count == pba.count, "\(ext)")
            for row in rows {
                let region = try #require(row["region"] as? String), mt = try #require(row["production_mt"] as? Double)
                #expect(
                    abs(mt - (pba[region] ?? .nan) / 1e9) <= 1e-12 * max(abs(mt), 1e-30), "\(ext) \(region): \(mt) Mt vs \(pba[region] ?? .nan) kg")
            }
        }
    }
}
