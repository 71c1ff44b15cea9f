import Foundation
import Testing
import YuhengData
import YuhengMRIO
import YuhengNumerics

/// The OECD ICIO and Eora26 readers on fixtures in the providers' published layouts
/// (`scripts/mrio_provider_fixtures.py`), against pymrio's `parse_oecd` and `parse_eora26` on the
/// same files (`reference.json`, `scripts/mrio_fixture_reference.py`).
@Suite("OECD ICIO and Eora26 readers against pymrio")
struct ProviderReaderTests {
    @Test("OECD ICIO 2023 layout, zipped: totals dropped, CN1/CN2 and MX1/MX2 merged, empty cell read as 0")
    func oecd2023() throws {
        let path = ProviderFixture.path("oecd2023/ICIO2023_2019.zip")
        #expect(try MRIOReader.detect(path: path) == .oecd)
        let system = try MRIOReader.read(path: path)
        #expect(system.regions == ["AUS", "CHN", "MEX", "ROW"])
        #expect(system.sectors == ["A01", "B05", "C10T12", "D"])
        #expect(system.finalDemandCategories == ["HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"])
        #expect(system.year == 2019 && system.monetaryUnit == "M.USD")
        #expect(system.warnings.contains { $0.contains("CN1, CN2, MX1, MX2") && $0.contains("CHN and MEX") })
        #expect(system.warnings.contains { $0.contains("totals row/column OUT dropped") })
        #expect(system.warnings.contains { $0.contains("1 empty or NaN cell(s) read as 0") })
        #expect(system.extensions.map(\.name) == ["factor_inputs"] && system.extensions[0].stressors == ["TLS", "VA"])
        try ProviderFixture.expectAgreement(system, try ProviderFixture.reference("oecd2023"))
    }

    @Test("OECD ICIO 2018 layout, unpacked CSV: TAXSUB/VALU rows, OUTPUT row and TOTAL column")
    func oecd2018() throws {
        let path = ProviderFixture.path("oecd2018/ICIO2018_2011.csv")
        #expect(try MRIOReader.detect(path: path) == .oecd)
        #expect(try MRIOReader.detect(path: ProviderFixture.path("oecd2018")) == .oecd)
        let system = try MRIOReader.read(path: ProviderFixture.path("oecd2018"))
        #expect(system.finalDemandCategories.last == "P33" && system.year == 2011)
        #expect(system.warnings.contains { $0.contains("OUTPUT") && $0.contains("TOTAL") })
        try ProviderFixture.expectAgreement(system, try ProviderFixture.reference("oecd2018"))
    }

    @Test("OECD ICIO 2016 layout: CATEGORY_REGION final demand, DISC without a region kept in x, VA+TAXSUB")
    func oecd2016() throws {
        let path = ProviderFixture.path("oecd2016/ICIO2016_2011.csv")
        #expect(try MRIOReader.detect(path: path) == .oecd)
        let system = try MRIOReader.read(path: path)
        #expect(system.regions == ["AUS", "CHN", "MEX", "ROW"] && system.year == 2011)
        #expect(system.finalDemandCategories == ["HFCE", "NPS", "GGFC", "GFCF", "INV", "DIRP"])
        #expect(system.warnings.contains { $0.contains("DISC") && $0.contains("gross output") && $0.contains("'ALL'") })
        let ref = try ProviderFixture.reference("oecd2016")
        // pymrio makes DISC the final demand of a pseudo-region ALL; the real regions' D_cba and D_imp are pymrio's.
        #expect(ref.regions == system.regions)
        let (acc, _) = try MRIOEngine.accounts(system)
        let e = try #require(acc.extensions.first { $0.name == "factor_inputs" })
        let r = try #require(ref.extensions["factor_inputs"])
        var compared = 0
        for (k, stressor) in e.stressors.enumerated() {
            for (j, region) in acc.regions.enumerated() {
                for (mine, theirs) in [(e.cbaRegion, r.D_cba_reg), (e.impRegion, r.D_imp_reg)] {
                    let want = try #require(theirs[stressor]?[region])
                    #expect(relClose(mine[k, j], want, 1e-9), "\(stressor) \(region): \(mine[k, j]) vs pymrio \(want)")
                    compared += 1
                }
                // D_pba leaves out the output the discrepancy asks for (pymrio: S·L·Y·1 with DISC): close, not equal.
                let pba = try #require(r.D_pba_reg[stressor]?[region])
                #expect(relClose(e.pbaRegion[k, j], pba, 1e-2) && !relClose(e.pbaRegion[k, j], pba, 1e-12))
            }
            // Without the pseudo-region the system is closed: what regions export, regions import, and production equals
            // consumption.
            let sum = { (m: DenseMatrix) in (0..<acc.regions.count).reduce(0.0) { $0 + m[k, $1] } }
            #expect(relClose(sum(e.expRegion), sum(e.impRegion), 1e-12))
            #expect(relClose(sum(e.pbaRegion), sum(e.cbaRegion), 1e-12))
        }
        #expect(compared == 8)
    }

    @Test("OECD ICIO: a row that is neither a region-sector nor a factor input nor a total is named with its line")
    func oecdBadRow() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let file = tmp.sub("ICIO2018_2011.csv")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: ProviderFixture.path("oecd2018/ICIO2018_2011.csv")), to: file)
        try editLines(file) { lines in lines[4] = lines[4].replacingOccurrences(of: "\"AUS_D\"", with: "\"AUSD\"") }
        let e = expectMRIOError { _ = try MRIOReader.read(path: file.path) }
        #expect(e?.code == .labels && e?.message.contains("line 5") == true && e?.message.contains("AUSD") == true)
        #expect(e?.file?.hasSuffix("ICIO2018_2011.csv") == true)
    }

    @Test("Eora26 archive: ROW dropped, units from the stressor names, Q with F_Y and VA")
    func eora26() throws {
        let path = ProviderFixture.path("eora26/Eora26_2015_bp.zip")
        #expect(try MRIOReader.detect(path: path) == .eora26)
        let system = try MRIOReader.read(path: path)
        #expect(system.regions == ["ALB", "BRA", "CHN"] && system.sectors.count == 3 && system.finalDemandCategories.count == 3)
        #expect(system.year == 2015 && system.monetaryUnit == "k.USD")
        #expect(system.warnings.contains { $0.contains("ROW") })
        let q = try #require(system.extensions.first { $0.name == "Q" })
        #expect(q.stressors == ["Energy Usage | Natural Gas", "Energy Usage | Coal", "CO2 emissions | Total"])
        #expect(q.units == ["TJ", "TJ", "Gg"] && q.FY != nil)
        try ProviderFixture.expectAgreement(system, try ProviderFixture.reference("eora26"))
    }

    @Test("Eora26: a matrix whose width disagrees with its label file is an error naming the file")
    func eoraWidth() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = tmp.sub("eora")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let archive = try SafeArchive(path: ProviderFixture.path("eora26/Eora26_2015_bp.zip"))
        for entry in archive.files {
            var data = try archive.data(entry)
            if entry.path.hasSuffix("_Q.txt") {
                data = Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\n", with: "\t1.0\n").utf8)
            }
            try data.write(to: dir.appendingPathComponent(entry.path))
        }
        #expect(try MRIOReader.detect(path: dir.path) == .eora26)
        let system = try MRIOReader.read(path: dir.path)
        #expect(system.skippedExtensions["Q"]?.contains("Eora26_2015_bp_Q.txt") == true)
        #expect(system.extensions.map(\.name) == ["VA"])
        let e = expectMRIOError { _ = try MRIOReader.read(path: dir.path, extensions: ["Q"]) }
        #expect(e?.file?.hasSuffix("Eora26_2015_bp_Q.txt") == true && e?.code == .shape)
    }

    @Test("--format forces a reader: a file of another format is an error naming the file and what was expected")
    func forcedFormat() throws {
        let icio = ProviderFixture.path("oecd2023/ICIO2023_2019.zip"), eora = ProviderFixture.path("eora26/Eora26_2015_bp.zip")
        let e1 = expectMRIOError { _ = try MRIOReader.read(path: icio, format: .eora26) }
        #expect(e1?.file == icio && e1?.suggestion?.contains("Eora26") == true)
        let e2 = expectMRIOError { _ = try MRIOReader.read(path: eora, format: .oecd) }
        #expect(e2?.file == eora && e2?.suggestion?.contains("ICIO") == true)
        let e3 = expectMRIOError { _ = try MRIOReader.read(path: ProviderFixture.path("oecd2018/ICIO2018_2011.csv"), format: .exiobase3) }
        #expect(e3?.file?.hasSuffix("ICIO2018_2011.csv") == true)
    }
}
