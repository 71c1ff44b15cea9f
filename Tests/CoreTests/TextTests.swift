import Foundation
import Testing
import YuhengCore

@Suite("CSVTable (RFC 4180)")
struct CSVTableTests {
    @Test("header and plain rows, with 1-based line numbers")
    func plain() throws {
        let t = try CSVTable(text: "a,b,c\n1,2,3\n4,5,6\n")
        #expect(t.header == ["a", "b", "c"])
        #expect(t.rows.count == 2)
        #expect(t.rows[0].fields == ["1", "2", "3"])
        #expect(t.rows[1]["c"] == "6")
        #expect(t.rows.map(\.line) == [2, 3])
        #expect(t.rows[0]["missing"] == nil)
    }

    @Test("quoted fields with embedded commas")
    func quotedComma() throws {
        let t = try CSVTable(text: "a,b\n1,\"x,y\"\n")
        #expect(t.rows.count == 1)
        #expect(t.rows[0]["a"] == "1")
        #expect(t.rows[0]["b"] == "x,y")
        #expect(t.rows[0].line == 2)
    }

    @Test("doubled quotes inside a quoted field are one quote")
    func doubledQuotes() throws {
        let t = try CSVTable(text: "name,quote\nx,\"she said \"\"hi\"\"\"\ny,\"\"\"\"\nz,\"\"\n")
        #expect(t.rows.map { $0["quote"] } == [#"she said "hi""#, "\"", ""])
    }

    @Test("quoted fields with embedded newlines; line numbers count physical lines")
    func embeddedNewlines() throws {
        let t = try CSVTable(text: "a,b\n\"line one\nline two\",z\n3,4\n\"p\nq\nr\",s\n5,6")
        #expect(t.rows.count == 4)
        #expect(t.rows[0]["a"] == "line one\nline two")
        #expect(t.rows[0]["b"] == "z")
        #expect(t.rows.map(\.line) == [2, 4, 5, 8])
        #expect(t.rows[2]["a"] == "p\nq\nr")
        // The last record has no final newline.
        #expect(t.rows[3].fields == ["5", "6"])
    }

    @Test("CRLF line ends")
    func crlf() throws {
        let t = try CSVTable(text: "a,b\r\n1,2\r\n\"x\r\ny\",3\r\n4,5\r\n")
        #expect(t.header == ["a", "b"])
        #expect(t.rows.count == 3)
        #expect(t.rows[0].fields == ["1", "2"])
        #expect(t.rows[1]["a"] == "x\r\ny")
        #expect(t.rows[1]["b"] == "3")
        #expect(t.rows[2].fields == ["4", "5"])
        #expect(t.rows.map(\.line) == [2, 3, 5])
    }

    @Test("comment lines are skipped and still counted; # inside a record is data")
    func comments() throws {
        let text = "# generated file\n# second comment\na,b\n1,#2\n# between rows\n\"#3\",4\n"
        let t = try CSVTable(text: text)
        #expect(t.header == ["a", "b"])
        #expect(t.rows.count == 2)
        #expect(t.rows[0].fields == ["1", "#2"])
        #expect(t.rows[0].line == 4)
        #expect(t.rows[1]["a"] == "#3")
        #expect(t.rows[1].line == 6)
        // With comment skipping off, the first line is the header.
        let raw = try CSVTable(text: "#id,v\n1,2\n", skipComments: false)
        #expect(raw.header == ["#id", "v"])
        #expect(raw.rows.count == 1)
    }

    @Test("blank lines are skipped; short rows give nil for missing columns")
    func blankAndShort() throws {
        let t = try CSVTable(text: "a,b,c\n\n1,2\n\n")
        #expect(t.rows.count == 1)
        #expect(t.rows[0].line == 3)
        #expect(t.rows[0]["b"] == "2")
        #expect(t.rows[0]["c"] == nil)
    }

    @Test("the fields of one record: quotes, doubled quotes, empty fields, a leading #")
    func fieldsOfRecord() throws {
        #expect(try CSVTable.fields(of: #"1.A,"Energy, fuels","say ""NE""",,12.5"#) == ["1.A", "Energy, fuels", #"say "NE""#, "", "12.5"])
        #expect(try CSVTable.fields(of: "# not a comment here,x") == ["# not a comment here", "x"])
        #expect(try CSVTable.fields(of: "") == [""])
    }

    @Test("spreadsheet column letters: A…Z, AA, AB, ZZ, AAA")
    func columnLetters() {
        #expect([0, 25, 26, 27, 701, 702].map(SpreadsheetColumn.name) == ["A", "Z", "AA", "AB", "ZZ", "AAA"])
    }

    @Test("header names are trimmed; other separators work")
    func separators() throws {
        let t = try CSVTable(text: " a ;b\n1;\"2;3\"\n", separator: ";")
        #expect(t.header == ["a", "b"])
        #expect(t.rows[0]["b"] == "2;3")
    }

    @Test("a duplicate header column is an error")
    func duplicateHeader() {
        let error = #expect(throws: CoreError.self) { try CSVTable(text: "a,b,a\n1,2,3\n") }
        #expect(error?.code == .malformedInput)
        #expect(error?.message.contains("'a'") == true)
        #expect(error?.message.contains("line 1") == true)
        // Line numbers of a header after comment lines.
        let later = #expect(throws: CoreError.self) { try CSVTable(text: "# c\n# c\nx, x\n") }
        #expect(later?.message.contains("line 3") == true)
    }

    @Test("too many fields is an error naming the line")
    func tooManyFields() {
        let error = #expect(throws: CoreError.self) { try CSVTable(text: "a,b\n1,2\n\"q\nr\",4\n3,4,5\n") }
        #expect(error?.code == .malformedInput)
        #expect(error?.message.contains("line 5") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("3 fields") == true)
    }

    @Test("an unclosed quote is an error naming the line where the field starts")
    func unclosedQuote() {
        let error = #expect(throws: CoreError.self) { try CSVTable(text: "a,b\n1,2\n3,\"never closed\n4,5\n") }
        #expect(error?.code == .malformedInput)
        #expect(error?.message.contains("line 3") == true, "\(error?.message ?? "")")
    }

    @Test("empty text is an error")
    func empty() {
        for text in ["", "# only a comment\n"] {
            let error = #expect(throws: CoreError.self) { try CSVTable(text: text) }
            #expect(error?.code == .malformedInput)
        }
    }
}

@Suite("SHA-256")
struct SHA256Tests {
    // FIPS 180-2, Appendix B (SHA-256 examples) and the NIST empty-string vector.
    @Test(
        "FIPS 180-2 test vectors",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            (
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
            )
        ])
    func vectors(_ message: String, _ expected: String) {
        #expect(SHA256.hex(Array(message.utf8)) == expected)
    }

    @Test("FIPS 180-2: one million 'a'")
    func millionA() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hex(message) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    // Padding boundaries (55/56 bytes: length fits / does not fit in the last block; 64: one full
    // block). Expected digests computed independently with Python's hashlib.
    @Test(
        "padding boundaries",
        arguments: [
            (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
            (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
            (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
            (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
            (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
            (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
            (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c")
        ])
    func boundaries(_ count: Int, _ expected: String) {
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: count)) == expected)
    }

    @Test("digest is 32 bytes and hex is its lower-case rendering")
    func digestAndHex() {
        let d = SHA256.digest(Array("abc".utf8))
        #expect(d.count == 32)
        #expect(d.prefix(4) == [0xba, 0x78, 0x16, 0xbf])
        let hex = SHA256.hex(Array("abc".utf8))
        #expect(hex.count == 64)
        #expect(hex == d.map { String(format: "%02x", $0) }.joined())
    }
}

@Suite("Region")
struct RegionTests {
    @Test("ISO 3166-1 alpha-3 codes are accepted", arguments: ["CHN", "USA", "DEU", "JPN", " FRA "])
    func valid(_ code: String) throws {
        let r = try Region(code: code)
        #expect(r.code == code.trimmingCharacters(in: .whitespaces))
        #expect(r.name == r.code)
        #expect(Region.isISO3(r.code))
    }

    @Test("anything else is rejected with .invalidCode", arguments: ["chn", "CN", "CHNA", "C1N", "", "ÄBC", "Chn", "RoW"])
    func invalid(_ code: String) {
        #expect(!Region.isISO3(code))
        let error = #expect(throws: CoreError.self) { try Region(code: code) }
        #expect(error?.code == .invalidCode)
    }

    @Test("aggregates take any non-empty identifier")
    func aggregates() throws {
        let row = try Region(code: "RoW", name: "Rest of the world", aggregate: true)
        #expect(row.code == "RoW")
        #expect(row.name == "Rest of the world")
        #expect(try Region(code: "EU27", aggregate: true).code == "EU27")
        let error = #expect(throws: CoreError.self) { try Region(code: "  ", aggregate: true) }
        #expect(error?.code == .invalidCode)
    }

    @Test("regions sort by code")
    func ordering() throws {
        let sorted = try ["USA", "CHN", "DEU"].map { try Region(code: $0) }.sorted()
        #expect(sorted.map(\.code) == ["CHN", "DEU", "USA"])
    }
}
