import Foundation
import Testing
import YuhengTestSupport
import YuhengCore
import YuhengData
import YuhengNatural
import YuhengPanorama

enum NaturalFixtures {
    static let bundleDir = TestPaths.bundled.appendingPathComponent("natural")
    static var shared: URL { TestPaths.sharedRoot }
    static var hasShared: Bool { TestPaths.sharedHas(["data/natural_sources"]) }

    static func tempDir(_ name: String) throws -> URL { try TemporaryFolder("natural-\(name)").url }

    /// A new database with the datasets of `Bundled/manifest.json` only (the natural data not yet installed).
    static func database(_ name: String) throws -> YuhengDatabase {
        let db = try YuhengDatabase.open(
            path: ScratchFolder.newFolder("natural-\(name)").appendingPathComponent("y.sqlite").path, installBundled: false)
        try db.installBundledDatasets()
        return db
    }
}

@Suite("natural data: bundle, import, queries")
struct NaturalDataTests {
    @Test(
        "scripts/build_natural_bundle.py is reproducible: a rebuild into a temp folder is byte-identical", .tags(.slow),
        .enabled(if: NaturalFixtures.hasShared, "../shared is absent"))
    func reproducible() throws {
        let out = try NaturalFixtures.tempDir("rebuild")
        let o = try ProcessRunner.runBlocking(
            "/usr/bin/env", ["python3", TestPaths.package("scripts/build_natural_bundle.py").path],
            environment: ["YUHENG_NATURAL_OUT": out.path, "YUHENG_SHARED": NaturalFixtures.shared.path], timeout: 1800)
        #expect(o.status == 0, "\(o)")
        let names = try FileManager.default.contentsOfDirectory(atPath: NaturalFixtures.bundleDir.path).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == names)
        for n in names {
            let a = try Data(contentsOf: NaturalFixtures.bundleDir.appendingPathComponent(n))
            let b = try Data(contentsOf: out.appendingPathComponent(n))
            #expect(a == b, "\(n) differs after a rebuild")
        }
    }

    @Test("the manifest lists every file with its size and SHA-256, and every dataset has source, version, licence and date")
    func manifest() throws {
        let m = try BundledNatural.manifest(at: NaturalFixtures.bundleDir)
        #expect(m.datasets.count == 7)
        for d in m.datasets {
            #expect(!d.source.isEmpty && !d.version.isEmpty && !d.licence.isEmpty && d.date.count == 10)
            for f in d.files {
                let ref = try #require(m.files[f])
                let data = try Data(contentsOf: NaturalFixtures.bundleDir.appendingPathComponent(f))
                #expect(data.count == ref.bytes)
                #expect(SHA256.hex([UInt8](data)) == ref.sha256)
            }
        }
    }

    @Test("the engine's default tables equal natural_defaults.csv (values, SD, ranges, verification)")
    func defaultsMatchBundle() throws {
        let text = try String(contentsOf: NaturalFixtures.bundleDir.appendingPathComponent("natural_defaults.csv"), encoding: .utf8)
        let t = try CSVTable(text: text)
        let engine = NaturalDefaults.all
        #expect(t.rows.count == engine.count)
        for (row, d) in zip(t.rows, engine) {
            #expect(
                row["table"] == d.table && row["category"] == d.category && row["item"] == d.item && row["qualifier"] == d.qualifier
                    && row["gas"] == d.gas,
                "line \(row.line): \(row.fields) vs \(d)")
            #expect(Double(row["value"] ?? "") == d.value, "line \(row.line)")
            #expect((row["sd"].flatMap { Double($0) }) == d.sd, "line \(row.line) sd")
            #expect((row["low"].flatMap { Double($0) }) == d.low, "line \(row.line) low")
            #expect((row["high"].flatMap { Double($0) }) == d.high, "line \(row.line) high")
            #expect(row["verification"] == d.verification && row["unit"] == d.unit && row["source"] == d.source, "line \(row.line)")
        }
    }

    @Test("install registers seven datasets with provenance, is skipped when unchanged, and the figures are right")
    func installAndQuery() throws {
        let db = try NaturalFixtures.database("install")
        let first = try BundledNatural.install(in: db)
        #expect(first.count == 7)
        #expect(try BundledNatural.install(in: db).isEmpty)
        let luc = try #require(try db.dataset("gcb2024-luc"))
        #expect(luc.licence == "CC-BY-4.0" && luc.version == "GCB 2024 v1.0")
        // Brazil 2023: mean of the four models × 3.664
        let bra = try #require(try db.naturalFigures(iso3: "BRA"))
        let l = try #require(bra.landUse)
        #expect(l.year == 2023)
        let expected = (355.44369 + 73.40703 + 374.77138 + 377.65968) / 4 * 3.664
        #expect(abs(l.meanMt - expected) < 1e-9)
        #expect(abs(l.lowMt - 73.40703 * 3.664) < 1e-9 && abs(l.highMt - 377.65968 * 3.664) < 1e-9)
        #expect(bra.landUseSeries.count == 34)
        // natural CH4: Brazil is a GMB region of its own
        let m = try #require(bra.naturalMethane)
        #expect(m.region == "brazil" && m.allocation == "region" && m.share == 1)
        #expect(abs(m.naturalSourcesTg.value - 39.02) < 1e-9)
        #expect(m.naturalSourcesTg.low == 26.93 && m.naturalSourcesTg.high == 53.77)
        #expect(try #require(bra.lucf).year == 2020)
        // a year in the middle and the World row
        #expect(try db.naturalFigures(iso3: "BRA", year: 2011)?.landUse?.year == 2011)
        let world = try #require(try db.worldLandUse(year: 2022))
        #expect(abs(world.meanMt - 3541.036) < 0.01)
        // Germany: an area share of Europe
        let deu = try #require(try db.naturalFigures(iso3: "DEU")?.naturalMethane)
        #expect(deu.allocation == "area share" && abs(deu.share - 0.058814) < 1e-12)
        let europe = try db.naturalRegional(dataset: "gmb2020-regions", region: "europe", period: "2008-2017", category: "total_natural").first {
            $0.estimate == "top-down"
        }
        #expect(abs(deu.naturalSourcesTg.value - (europe?.mean ?? 0) * 0.058814) < 1e-9)
        // defaults are searchable factors with their verification
        let f = try db.factorRecords(tables: ["natural_fire_ef"])
        #expect(
            f.contains { $0.item == "extratropical_forest" && $0.gas == "CH4" && $0.value == 4.7 && $0.verification == "checked:2-transcriptions" })
        // global budget (GCB 2019) and the identity
        let b = try #require(try db.globalCarbonBudget(year: 2018))
        #expect(abs(b.fossil - 9.98) < 1e-9 && abs(b.imbalance - 0.23) < 0.011)
        #expect(try db.naturalRegional(dataset: "edgar2024-lulucf-regions", region: "GLOBAL TOTAL", category: "Fires").count > 30)
        #expect(try db.naturalFigures(iso3: "XYZ") == nil)
        let all = try db.naturalFiguresByCountry(year: 2011)
        #expect(all.count > 180 && all["WLD"] == nil)
    }

    @Test("a manifest of another format or a newer version is refused naming the file")
    func manifestFormat() throws {
        for (format, version, says) in [("yuheng-mrio", 1, "is not a natural-data manifest"), ("yuheng-natural", 9, "format version 9")] {
            let dir = try NaturalFixtures.tempDir("format-\(version)")
            let text = try String(contentsOf: NaturalFixtures.bundleDir.appendingPathComponent("manifest.json"), encoding: .utf8)
            var obj = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            obj["format"] = format
            obj["format_version"] = version
            try JSONSerialization.data(withJSONObject: obj).write(to: dir.appendingPathComponent("manifest.json"))
            let e = #expect(throws: DataError.self) { try BundledNatural.manifest(at: dir) }
            #expect(
                e?.code == .malformedFile && e?.message.contains(says) == true && e?.file?.hasSuffix("manifest.json") == true,
                "\(String(describing: e))")
        }
    }

    @Test("a damaged bundled file is refused and nothing is written")
    func tampered() throws {
        let dir = try NaturalFixtures.tempDir("tampered")
        for n in try FileManager.default.contentsOfDirectory(atPath: NaturalFixtures.bundleDir.path) {
            try FileManager.default.copyItem(at: NaturalFixtures.bundleDir.appendingPathComponent(n), to: dir.appendingPathComponent(n))
        }
        let f = dir.appendingPathComponent("gcb2024_luc_national.csv")
        var text = try String(contentsOf: f, encoding: .utf8)
        text = text.replacingOccurrences(of: "BRA,Brazil,2023,355.44369", with: "BRA,Brazil,2023,999.44369")
        try text.write(to: f, atomically: true, encoding: .utf8)
        let db = try NaturalFixtures.database("tampered")
        do {
            try BundledNatural.install(in: db, directory: dir)
            Issue.record("expected a checksum error")
        } catch let e as DataError {
            #expect(e.code == .checksumMismatch)
            #expect(e.file?.hasSuffix("gcb2024_luc_national.csv") == true)
        }
        #expect(try db.dataset("gcb2024-luc") == nil)
    }

    @Test("activity files: examples parse; unknown columns, bad numbers and bad yes/no name file, line and column")
    func activityFiles() throws {
        let ex = TestPaths.example("natural")
        let fires = try NaturalActivityFiles.fires(
            text: try String(contentsOf: ex.appendingPathComponent("fires_mixed.csv"), encoding: .utf8), file: "fires_mixed.csv")
        #expect(fires.count == 3 && fires[1].managed == false && fires[1].areaUnit == "km^2")
        let land = try NaturalActivityFiles.land(
            text: try String(contentsOf: ex.appendingPathComponent("nat3_gain_loss.csv"), encoding: .utf8), file: "nat3.csv")
        #expect(abs(try LandCarbon.report(land).inventoryCO2T.value - (-46_314.583333)) < 0.001)
        let wet = try NaturalActivityFiles.wetlands(
            text: try String(contentsOf: ex.appendingPathComponent("nat5_rewetted_peat.csv"), encoding: .utf8), file: "nat5.csv")
        #expect(abs((try OrganicSoils.report(wet).totalsByGas["CH4"]?.value ?? 0) - 288) < 1e-9)
        func fails(_ body: () throws -> Void, field: String, line: Int?) {
            do { try body(); Issue.record("expected an error on \(field)") } catch let e as DataError {
                #expect(e.field == field && e.line == line, "\(e)")
            } catch { Issue.record("unexpected \(error)") }
        }
        fails({ _ = try NaturalActivityFiles.fires(text: "vegetation,area,colour\nsavanna,1,red\n", file: "f.csv") }, field: "colour", line: 1)
        fails({ _ = try NaturalActivityFiles.fires(text: "vegetation,area\nsavanna,lots\n", file: "f.csv") }, field: "area", line: 2)
        fails({ _ = try NaturalActivityFiles.fires(text: "vegetation,area,managed\nsavanna,1,maybe\n", file: "f.csv") }, field: "managed", line: 2)
        fails({ _ = try NaturalActivityFiles.fires(text: "vegetation\nsavanna\n", file: "f.csv") }, field: "area", line: 1)
        fails({ _ = try NaturalActivityFiles.land(text: "method\nguesswork\n", file: "l.csv") }, field: "method", line: 2)
        fails({ _ = try NaturalActivityFiles.land(text: "method,year_t1\nstock-difference,soon\n", file: "l.csv") }, field: "year_t1", line: 2)
    }

    @Test("attachNatural adds land-use and natural columns, the panoramic view and the column sources")
    func attach() throws {
        let db = try NaturalFixtures.database("attach")
        let json = """
            {"title":"test","year":2011,"stressor":"CO2","unit":"Mt","solver":"test","notes":[],"datasets":[{"dataset_id":"mrio-test","version":"1","source":"s","licence":"l"}],
             "global_production_mt":1500,"global_consumption_mt":1500,
             "rows":[{"region":"BRA","iso3":"BRA","name":"Brazil","production_mt":480,"consumption_mt":550,"imports_mt":100,"exports_mt":30,"net_transfer_mt":70},
                     {"region":"DEU","iso3":"DEU","name":"Germany","production_mt":870,"consumption_mt":1040,"imports_mt":300,"exports_mt":130,"net_transfer_mt":170},
                     {"region":"RoW","name":"Rest of the world","production_mt":150,"consumption_mt":-90,"imports_mt":0,"exports_mt":240,"net_transfer_mt":-240}]}
            """
        var account = try JSONDecoder().decode(PanoramicAccount.self, from: Data(json.utf8))
        let figures = try db.naturalFiguresByCountry(year: 2011)
        Panorama.attachNatural(&account, figures: figures, gwpCH4: 28, gwpLabel: "AR5 GWP100")
        let bra = account.rows[0]
        let luc = try #require(bra.landUseMt)
        #expect(abs(luc - (272.94955 + 254.23631 + 468.34321 + 268.74173) / 4 * 3.664) < 1e-9)
        #expect(abs((bra.naturalMt ?? 0) - 39.02 * 28) < 1e-9)
        let view = try #require(bra.panoramic)
        #expect(view.landUse?.year == 2011 && view.natural?.period == "2008-2017" && view.yearsDiffer)
        #expect(abs((view.consumption.adjustmentMt ?? 0) - 70) < 1e-12)
        #expect(abs((view.panoramicTotalMt ?? 0) - (550 + luc)) < 1e-9)
        #expect(abs((view.landUse?.adjustmentPct ?? 0) - luc / 480 * 100) < 1e-9)
        #expect(view.production.lowMt! < 480 && view.production.highMt! > 480)
        #expect(account.rows[2].landUseMt == nil && account.rows[2].panoramic?.landUse == nil)
        let cols = try #require(account.columns)
        #expect(cols.map(\.column) == ["production", "consumption", "land_use", "natural"])
        #expect(cols[2].years == "2011" && cols[3].years == "2008-2017")
        // JSON keys are snake_case and the existing keys are unchanged
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let obj = try #require(try JSONSerialization.jsonObject(with: enc.encode(account)) as? [String: Any])
        let row = try #require((obj["rows"] as? [[String: Any]])?.first)
        for k in [
            "production_mt", "consumption_mt", "net_transfer_mt", "land_use_mt", "land_use_low_mt", "land_use_high_mt", "natural_mt",
            "natural_low_mt", "natural_high_mt", "panoramic", "lucf_inventory_mt"
        ] {
            #expect(row[k] != nil, "missing \(k)")
        }
        let p = try #require(row["panoramic"] as? [String: Any])
        #expect(p["years_differ"] as? Bool == true && p["land_use"] is [String: Any] && p["natural"] is [String: Any])
    }
}
