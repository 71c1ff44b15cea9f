import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif
import YuhengTestSupport
import ZIPFoundation

/// The cells of one worksheet part (inline strings and numbers), read with Foundation's XML parser:
/// an independent reading of what `yuheng inventory --report crt` wrote into `crt_report.xlsx`.
private final class SheetCells: NSObject, XMLParserDelegate {
    var cells: [String: String] = [:]
    private var ref: String?
    private var text = ""
    private var inValue = false

    static func read(_ data: Data) -> [String: String] {
        let d = SheetCells()
        let p = XMLParser(data: data)
        p.delegate = d
        _ = p.parse()
        return d.cells
    }

    func parser(_ p: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "c" { ref = attributes["r"]; text = "" }
        if name == "v" || name == "t" { inValue = true }
    }
    func parser(_ p: XMLParser, foundCharacters s: String) { if inValue { text += s } }
    func parser(_ p: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "v" || name == "t" { inValue = false }
        if name == "c", let r = ref { cells[r] = text; ref = nil }
    }
}

/// The fields of one CSV line (RFC 4180 quotes).
private func csvFields(_ line: String) -> [String] {
    var fields: [String] = [], current = "", quoted = false, previousQuote = false
    for ch in line {
        if quoted {
            if ch == "\"" { quoted = false; previousQuote = true } else { current.append(ch) }
        } else if ch == "\"" {
            if previousQuote { current.append("\"") }
            quoted = true
            previousQuote = false
        } else if ch == "," {
            fields.append(current)
            current = ""
            previousQuote = false
        } else {
            current.append(ch)
            previousQuote = false
        }
    }
    fields.append(current)
    return fields
}

@Suite("inventory --report crt: the workbook")
struct WorkbookTests {
    @Test("crt_report.xlsx holds every CSV table as a sheet with the same cells; numbers are numbers; openpyxl reads it when installed")
    func workbook() async throws {
        let out = CLI.databaseDir.appendingPathComponent("crt-xlsx")
        let rep = try await CLI.run(["inventory", "examples/inventory/national-demo.csv", "--report", "crt", "--out", out.path])
        #expect(rep.status == 0, "\(rep.stderr)")
        let book = out.appendingPathComponent("crt_report.xlsx")
        let archive = try Archive(url: book, accessMode: .read)
        var parts: [String: Data] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts[entry.path] = data
        }
        for p in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"] {
            #expect(parts[p] != nil, "missing part \(p)")
        }
        let workbook = String(decoding: try #require(parts["xl/workbook.xml"]), as: UTF8.self)
        for name in ["Summary 1 2022", "Summary 2 2022", "Summary 2 series", "Key categories", "Uncertainty (Approach 1)"] {
            #expect(workbook.contains("name=\"\(name)\""), "sheet \(name)")
        }
        // Sheet 1 is Summary 1: every cell of the CSV (after the two comment lines, which are rows 1–2) is there.
        let csv = try String(contentsOf: out.appendingPathComponent("crt_summary1_2022.csv"), encoding: .utf8)
        let cells = SheetCells.read(try #require(parts["xl/worksheets/sheet1.xml"]))
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(cells["A1"] == String(lines[0].dropFirst(2)))
        var compared = 0
        for (r, line) in lines.enumerated() where !line.hasPrefix("#") {
            for (c, field) in csvFields(line).enumerated() where !field.isEmpty {
                let ref = String(UnicodeScalar(UInt8(65 + c))) + String(r + 1)
                let got = try #require(cells[ref], "no cell \(ref) for '\(field)'")
                if let v = Double(field) {
                    #expect(Double(got) == v, "\(ref): \(got) vs \(field)")
                } else {
                    #expect(got == field.trimmingCharacters(in: .whitespaces), "\(ref): \(got) vs \(field)")
                }
                compared += 1
            }
        }
        #expect(compared > 100, "only \(compared) cells compared")
        // The total row's numbers are stored as numbers (no t="inlineStr"), so spreadsheets can sum them.
        let xml = String(decoding: try #require(parts["xl/worksheets/sheet1.xml"]), as: UTF8.self)
        #expect(xml.contains("<c r=\"C4\"><v>"), "C4 (total CO2) should be a number cell")
        // A real spreadsheet reader, when installed (pip install openpyxl).
        guard let python = TestPaths.executable("python3") else { return }
        let script = """
            import sys
            try:
                import openpyxl
            except ImportError:
                print("skip"); sys.exit(0)
            wb = openpyxl.load_workbook(sys.argv[1])
            print("|".join(wb.sheetnames)); print(type(wb.worksheets[0]["C4"].value).__name__)
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", script, book.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        if text.hasPrefix("skip") { return }
        #expect(text.contains("Summary 1 2022|Summary 2 2022|Summary 2 series|Key categories|Uncertainty (Approach 1)"), "\(text)")
        #expect(text.contains("float") || text.contains("int"), "\(text)")
    }
}
