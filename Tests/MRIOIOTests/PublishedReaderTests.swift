import Foundation
import Testing
@testable import YuhengData
import YuhengMRIO
import YuhengNumerics
import YuhengTestSupport

/// The readers of EXIOBASE 1 and 2, WIOD, FIGARO and GLORIA on fixtures in the providers' published
/// layouts (`scripts/mrio_provider_fixtures.py`), against pymrio parsing the same files
/// (`reference.json`, `scripts/mrio_fixture_reference.py`) at 1e-9 relative.
@Suite("EXIOBASE 1/2, WIOD, FIGARO and GLORIA readers against pymrio")
struct PublishedReaderTests {
    static let exio2 = "exiobase2/mrIOT_IxI_fpa_coefficient_version2.2.2.zip"
    static let exio1 = "exiobase1/ixi_fpa_44_regions_coeff_txt"

    @Test("EXIOBASE 2 archive: coefficient extensions converted with x (said in a warning), F_Y attached, units without /M.EUR")
    func exiobase2() throws {
        let path = ProviderFixture.path(Self.exio2)
        #expect(try MRIOReader.detect(path: path) == .exiobase12)
        let system = try MRIOReader.read(path: path)
        #expect(system.regions == ["AT", "BE", "WF"] && system.sectors.count == 3 && system.finalDemandCategories.count == 3)
        #expect(system.monetaryUnit == "M.EUR" && system.year == 2000 && system.provenance?.version == "EXIOBASE 2.2.2")
        #expect(system.extensions.map(\.name) == ["factor_inputs", "emissions"])
        let emissions = try #require(system.extensions.first { $0.name == "emissions" })
        #expect(emissions.stressors.first == "CO2 - combustion | air" && emissions.units == ["kg", "kg", "kg"] && emissions.FY != nil)
        #expect(system.warnings.contains { $0.contains("'emissions' holds coefficients only") && $0.contains("(I − A)⁻¹·Y·1") })
        try ProviderFixture.expectAgreement(system, try ProviderFixture.reference("exiobase2"))
    }

    @Test("EXIOBASE 1 folder (no version in the names): an empty cell read as 0 with a counted warning")
    func exiobase1() throws {
        let path = ProviderFixture.path(Self.exio1)
        #expect(try MRIOReader.detect(path: path) == .exiobase12)
        let system = try MRIOReader.read(path: path, format: .exiobase12)
        #expect(system.provenance?.version == "EXIOBASE 1")
        #expect(system.warnings.contains { $0.contains("mrIot.txt") && $0.contains("1 empty or NaN cell(s) read as 0") })
        #expect(system.warnings.contains { $0.contains("taken as EXIOBASE 1") })
        try ProviderFixture.expectAgreement(system, try ProviderFixture.reference("exiobase1"))
    }

    @Test("EXIOBASE 1/2: a fault in one extension leaves the others; a truncated archive and another format are errors naming the file")
    func exiobase12BadInput() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = tmp.sub("exio1")
        try writableCopy(of: URL(fileURLWithPath: ProviderFixture.path(Self.exio1)), to: dir)
        try editLines(dir.appendingPathComponent("mrFactorInputs.txt")) { lines in lines[2] = lines[2].replacingOccurrences(of: "\t0.", with: "\tx0.")
        }
        let system = try MRIOReader.read(path: dir.path)
        #expect(system.extensions.map(\.name) == ["emissions"])
        #expect(system.skippedExtensions["factor_inputs"]?.contains("mrFactorInputs.txt") == true)
        let e = expectMRIOError { _ = try MRIOReader.read(path: dir.path, extensions: ["factor_inputs"]) }
        #expect(e?.file?.hasSuffix("mrFactorInputs.txt") == true && e?.message.contains("line 3") == true)

        let zip = try Data(contentsOf: URL(fileURLWithPath: ProviderFixture.path(Self.exio2)))
        let truncated = tmp.sub("mrIOT_IxI_fpa_coefficient_version2.2.2.zip")
        try zip.prefix(zip.count / 2).write(to: truncated)
        let t = expectMRIOError { _ = try MRIOReader.read(path: truncated.path, format: .exiobase12) }
        #expect(t?.file?.hasSuffix("mrIOT_IxI_fpa_coefficient_version2.2.2.zip") == true)
        let other = expectMRIOError { _ = try MRIOReader.read(path: ProviderFixture.path("eora26/Eora26_2015_bp.zip"), format: .exiobase12) }
        #expect(other?.file?.hasSuffix("Eora26_2015_bp.zip") == true && other?.suggestion?.contains("mrIot") == true)
    }

    @Test("WIOD 2013 workbook: Z up to c35, final demand c37-c42, factor inputs without the totals r60 and r69, ROM renamed ROU, an empty cell 0")
    func wiod2013() throws {
        let path = ProviderFixture.path("wiod2013/WIOT09_ROW_Apr12.xlsx")
        #expect(try MRIOReader.detect(path: path) == .wiod2013)
        let system = try MRIOReader.read(path: path)
        #expect(system.regions == ["AUS", "ROU", "USA", "RoW"] && system.sectors == ["AtB", "23", "E", "P"])
        #expect(system.finalDemandCategories == ["c37", "c38", "c39", "c41", "c42"])
        #expect(system.year == 2009 && system.monetaryUnit == "M.USD")
        let f = try #require(system.extensions.first { $0.name == "factor_inputs" })
        #expect(f.stressors.count == 6 && f.stressors.contains("Value added at basic prices") && !f.stressors.contains("Output at basic prices"))
        #expect(system.warnings.contains { $0.contains("1 empty cell(s) read as 0") } && system.warnings.contains { $0.contains("ROM renamed ROU") })
        try ProviderFixture.expectAgreement(system, try ProviderFixture.reference("wiod2013"))
    }

    @Test("WIOD 2013: a truncated workbook, a text in a value cell and a file of another format are errors naming the file")
    func wiod2013BadInput() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let source = ProviderFixture.path("wiod2013/WIOT09_ROW_Apr12.xlsx")
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        let truncated = tmp.sub("WIOT09_ROW_Apr12.xlsx")
        try data.prefix(data.count / 2).write(to: truncated)
        let t = expectMRIOError { _ = try MRIOReader.read(path: truncated.path) }
        #expect(t?.file?.hasSuffix("WIOT09_ROW_Apr12.xlsx") == true)
        let other = expectMRIOError { _ = try MRIOReader.read(path: ProviderFixture.path("eora26/Eora26_2015_bp.zip"), format: .wiod2013) }
        #expect(other?.file?.hasSuffix("Eora26_2015_bp.zip") == true)
        let csv = expectMRIOError { _ = try MRIOReader.read(path: ProviderFixture.path("oecd2018/ICIO2018_2011.csv"), format: .wiod2013) }
        #expect(csv?.file?.hasSuffix("ICIO2018_2011.csv") == true && csv?.suggestion?.contains("xlsx") == true)
    }

    @Test("FIGARO matrix CSV: final-demand columns by code, W2 rows as factor inputs, an empty cell 0; accounts as pymrio's on the same split")
    func figaro() throws {
        let path = ProviderFixture.path("figaro/matrix_eu-ic-io_ind-by-ind_23ed_2021.csv")
        #expect(try MRIOReader.detect(path: path) == .figaro)
        let system = try MRIOReader.read(path: path)
        #expect(system.regions == ["AT", "DE", "FIGW1"] && system.sectors == ["A01", "C10T12", "D35", "F"])
        #expect(system.finalDemandCategories == ["P3_S13", "P3_S14", "P3_S15", "P51G", "P5M"])
        #expect(system.year == 2021 && system.monetaryUnit == "M.EUR" && system.provenance?.version == "FIGARO 23ed")
        #expect(system.extensions.first?.stressors == ["D21X31", "OP_RES", "OP_NRES", "D29X39", "D1", "B2A3G"])
        #expect(system.warnings.contains { $0.contains("1 empty or NaN cell(s) read as 0") })
        try ProviderFixture.expectAgreement(system, try ProviderFixture.reference("figaro"))
    }

    @Test(
        "WIOD 2016 release (.xlsb): RK and IEEE numbers, shared strings, the empty cell 0, TOT rows as factor inputs; accounts as pymrio's on the same split"
    )
    func wiod2016() throws {
        let path = ProviderFixture.path("wiod2016/WIOT2014_Nov16_ROW.xlsb")
        #expect(try MRIOReader.detect(path: path) == .wiod2016)
        let system = try MRIOReader.read(path: path)
        #expect(system.regions == ["AUS", "CHN", "USA", "ROW"] && system.sectors == ["A01", "B", "D35", "U"])
        #expect(system.finalDemandCategories == ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"])
        #expect(system.year == 2014 && system.monetaryUnit == "M.USD" && system.provenance?.version == "WIOD 2016 release")
        let f = try #require(system.extensions.first)
        #expect(f.name == "factor_inputs" && f.stressors.first == "taxes less subsidies on products" && f.stressors.count == 6)
        #expect(system.warnings.contains { $0.contains("1 empty cell(s) read as 0") })
        // The whole number 17 is stored as an RK integer, 15.34 as an IEEE double: both read exactly.
        let z = try #require(system.Z)
        #expect(z[1, 2] == 17 && z[0, 2] == 15.34)
        try ProviderFixture.expectAgreement(system, try ProviderFixture.reference("wiod2016"))
    }

    @Test("xlsb: RK numbers decode as [MS-XLSB] says; a truncated workbook and one without the table name the file")
    func xlsbRecords() throws {
        #expect(XlsbSheetReader.rk(UInt32(bitPattern: (17 << 2) | 2)) == 17)
        #expect(XlsbSheetReader.rk(UInt32(bitPattern: (-3 << 2) | 2)) == -3)
        #expect(XlsbSheetReader.rk(UInt32(bitPattern: (1234 << 2) | 3)) == 12.34)
        let oneAndHalf = UInt32((1.5).bitPattern >> 32) // 1.5's high 32 bits, low bits zero
        #expect(XlsbSheetReader.rk(oneAndHalf) == 1.5 && XlsbSheetReader.rk(oneAndHalf | 1) == 0.015)
        let tmp = try TempDir()
        defer { tmp.remove() }
        let data = try Data(contentsOf: URL(fileURLWithPath: ProviderFixture.path("wiod2016/WIOT2014_Nov16_ROW.xlsb")))
        let truncated = tmp.sub("WIOT2014_Nov16_ROW.xlsb")
        try data.prefix(data.count / 2).write(to: truncated)
        let t = expectMRIOError { _ = try MRIOReader.read(path: truncated.path) }
        #expect(t?.file?.hasSuffix("WIOT2014_Nov16_ROW.xlsb") == true)
        let other = expectMRIOError { _ = try MRIOReader.read(path: ProviderFixture.path("eora26/Eora26_2015_bp.zip"), format: .wiod2016) }
        #expect(other?.file?.hasSuffix("Eora26_2015_bp.zip") == true)
    }

    @Test("GLORIA folder: ReadMe sheets by name, supply-use split, the empty region dropped, industry technology; accounts as pymrio's parse_gloria")
    func gloria() throws {
        let path = ProviderFixture.path("gloria")
        #expect(try MRIOReader.detect(path: path) == .gloria)
        #expect(try MRIOReader.detect(path: ProviderFixture.path("gloria/GLORIA_ReadMe_059.xlsx")) == .gloria)
        let system = try MRIOReader.read(path: path)
        #expect(system.regions == ["AUS", "CHN", "USA"] && system.sectors == ["Wheat", "Hard coal", "Electric power generation"])
        #expect(system.finalDemandCategories.count == 6 && system.finalDemandCategories[0] == "Household final consumption P.3h")
        #expect(system.year == 2019 && system.monetaryUnit == "k.USD" && system.provenance?.version == "GLORIA 059")
        #expect(system.A != nil && system.Z == nil && system.x == nil)
        #expect(system.warnings.contains { $0.contains("DYE") } && system.warnings.contains { $0.contains("industry-technology") })
        let q = try #require(system.extensions.first { $0.name == "Q" })
        #expect(q.units == ["Gg", "Gg", "1000 persons"] && q.FY != nil)
        try ProviderFixture.expectAgreement(system, try ProviderFixture.reference("gloria"))
        // Only the extension asked for is read; one that does not exist is an error naming the available ones.
        #expect(try MRIOReader.read(path: path, extensions: ["VA"]).extensions.map(\.name) == ["VA"])
        let unknown = expectMRIOError { _ = try MRIOReader.read(path: path, extensions: ["satellite"]) }
        let said: String = (unknown?.message ?? "") + " " + (unknown?.suggestion ?? "")
        #expect(said.contains("VA"), "\(said)")
    }

    @Test("GLORIA: a missing ReadMe names the folder; missing satellite accounts fail only the extension Q; a folder of another format is refused")
    func gloriaErrors() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let dir = tmp.sub("gloria")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: ProviderFixture.path("gloria")), to: dir)
        try? FileManager.default.removeItem(at: dir.appendingPathComponent("reference.json"))
        // The labels of another release: one sector more than the tables have.
        let readme = dir.appendingPathComponent("GLORIA_ReadMe_059.xlsx")
        let original = try Data(contentsOf: readme)
        try FileManager.default.removeItem(at: readme)
        let missing = expectMRIOError { _ = try MRIOReader.read(path: dir.path) }
        #expect(missing?.message.contains("GLORIA_ReadMe") == true && missing?.file == dir.path)
        try original.write(to: readme)
        // Without the satellite accounts: asked for, an error; not asked for, the table without them and a warning.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("GLORIA_SatelliteAccounts_059_2019.zip"))
        let noQ = expectMRIOError { _ = try MRIOReader.read(path: dir.path, format: .gloria, extensions: ["Q"]) }
        #expect(noQ?.message.contains("GLORIA_SatelliteAccounts_059_2019") == true, "\(String(describing: noQ))")
        let rest = try MRIOReader.read(path: dir.path)
        #expect(rest.extensions.map(\.name) == ["VA"] && rest.skippedExtensions["Q"] != nil)
        #expect(rest.warnings.contains { $0.contains("extension Q not read") })
        // A folder without GLORIA tables under a forced --format gloria.
        let eora = expectMRIOError { _ = try MRIOReader.read(path: ProviderFixture.path("eora26"), format: .gloria) }
        #expect(eora?.message.contains("GLORIA_MRIOs") == true)
    }

    @Test("FIGARO: a label without a region and a column that is no row are errors naming the file and the line")
    func figaroBadLabels() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let file = tmp.sub("matrix_eu-ic-io_ind-by-ind_23ed_2021.csv")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: ProviderFixture.path("figaro/matrix_eu-ic-io_ind-by-ind_23ed_2021.csv")), to: file)
        try editLines(file) { lines in lines[3] = lines[3].replacingOccurrences(of: "AT_D35,", with: "ATD35,") }
        let e = expectMRIOError { _ = try MRIOReader.read(path: file.path) }
        #expect(e?.code == .labels && e?.message.contains("line 4") == true && e?.message.contains("ATD35") == true)
        #expect(e?.file?.hasSuffix("matrix_eu-ic-io_ind-by-ind_23ed_2021.csv") == true)
        try editLines(file) { lines in
            lines[3] = lines[3].replacingOccurrences(of: "ATD35,", with: "AT_D35,")
            lines[0] = lines[0].replacingOccurrences(of: "DE_F,", with: "DE_G,")
        }
        let c = expectMRIOError { _ = try MRIOReader.read(path: file.path) }
        #expect(c?.code == .labels && c?.message.contains("DE:G") == true)
    }
}
