import Foundation
import Testing
import YuhengData
import YuhengMRIO

/// `yuheng mrio import` through the real binary on the fixtures of EXIOBASE 1/2, WIOD (2013 and 2016), FIGARO
/// and GLORIA in their published layouts; `mrio accounts --mrio ID` then equals pymrio's accounts.
@Suite("yuheng mrio import of EXIOBASE 1/2, WIOD, FIGARO and GLORIA", .serialized)
struct MRIOImportPublishedCLITests {
    static let cases: [(String, String, String)] = [
        ("exiobase2/mrIOT_IxI_fpa_coefficient_version2.2.2.zip", "exiobase2", "emissions"),
        ("exiobase1/ixi_fpa_44_regions_coeff_txt", "exiobase1", "emissions"),
        ("wiod2013/WIOT09_ROW_Apr12.xlsx", "wiod2013", "factor_inputs"),
        ("figaro/matrix_eu-ic-io_ind-by-ind_23ed_2021.csv", "figaro", "factor_inputs"),
        ("gloria", "gloria", "Q"),
        ("wiod2016/WIOT2014_Nov16_ROW.xlsb", "wiod2016", "factor_inputs")
    ]

    @Test("mrio import stores the table with its provider; accounts equal pymrio's", arguments: cases)
    func importAndAccounts(_ rel: String, _ provider: String, _ ext: String) async throws {
        let helper = MRIOImportCLITests()
        let db = try helper.freshDB(provider)
        let path = MRIOImportCLITests.fixtures.appendingPathComponent(rel).path
        let o = try await CLI.run(["mrio", "import", path, "--id", "t-\(provider)", "--json"], db: db)
        #expect(o.status == 0, "stderr: \(o.stderr)")
        let t = try #require(try JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as? [String: Any])
        #expect(t["id"] as? String == "t-\(provider)")
        #expect((t["licence"] as? String)?.isEmpty == false && (t["provider"] as? String)?.isEmpty == false)
        try await helper.expectAccounts("t-\(provider)", ext: ext, db: db, reference: try helper.reference("\(provider)/reference.json"))
    }

    @Test("mrio accounts on a provider's files says what the reader did: GLORIA's dropped region and its conversion, WIOD's empty cell")
    func readerWarnings() async throws {
        let helper = MRIOImportCLITests()
        let db = try helper.freshDB("warnings")
        let gloria = MRIOImportCLITests.fixtures.appendingPathComponent("gloria").path
        let o = try await CLI.run(["mrio", "accounts", "--mrio", gloria, "--json"], db: db)
        #expect(o.status == 0, "stderr: \(o.stderr)")
        let out = try #require(try JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as? [String: Any])
        let warnings = (out["warnings"] as? [String]) ?? []
        #expect(warnings.contains { $0.contains("DYE") } && warnings.contains { $0.contains("industry-technology") }, "\(warnings)")
        let text = try await CLI.run(
            ["mrio", "accounts", "--mrio", MRIOImportCLITests.fixtures.appendingPathComponent("wiod2016/WIOT2014_Nov16_ROW.xlsb").path], db: db)
        #expect(text.status == 0 && text.stdout.contains("warning:") && text.stdout.contains("1 empty cell(s) read as 0"), "\(text.stdout)")
    }

    @Test("mrio import of a file of another format under a forced --format fails naming the file and leaves the database as it was")
    func forcedFormatFails() async throws {
        let helper = MRIOImportCLITests()
        let db = try helper.freshDB("forced")
        let before = try await helper.state(db)
        let eora = MRIOImportCLITests.fixtures.appendingPathComponent("eora26/Eora26_2015_bp.zip").path
        for format in ["exiobase12", "wiod2013", "figaro", "gloria", "wiod2016"] {
            let o = try await CLI.run(["mrio", "import", eora, "--format", format, "--id", "x"], db: db)
            #expect(o.status == 1 && o.stderr.contains("Eora26_2015_bp.zip"), "\(format): \(o.stderr)")
            #expect(try await helper.state(db) == before)
        }
    }
}
