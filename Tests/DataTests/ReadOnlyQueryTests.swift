import Foundation
import Testing
import YuhengCore
import YuhengData

/// The data layer's read-only SQL sandbox (issue 15: SQLite belongs to the data layer; the agents'
/// `sql_query` tool only translates its values and errors).
@Suite("ReadOnlyQuery (the SQL sandbox of the data layer)")
struct ReadOnlyQueryTests {
    @Test("a SELECT returns typed values, the tables read, and stops at the row limit")
    func select() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let r = try db.readOnlyQuery("SELECT species, value, NULL AS empty, x'00ff' AS b FROM gwp ORDER BY species", limits: .init(rowLimit: 3))
        #expect(r.columns == ["species", "value", "empty", "b"])
        #expect(r.rows.count == 3)
        #expect(r.truncatedBy == .rows && r.truncated)
        #expect(r.tablesRead == ["gwp"])
        #expect(r.rows[0][0].text != nil && r.rows[0][1].number != nil)
        #expect(r.rows[0][2] == .null)
        #expect(r.rows[0][3] == .blob(bytes: 2))
        let one = try db.readOnlyQuery("SELECT 42 AS n, 2.5 AS x")
        #expect(one.rows == [[.integer(42), .real(2.5)]])
        #expect(!one.truncated && one.bytes == 16)
    }

    @Test(
        "writes, ATTACH, PRAGMA writes, extensions and several statements are refused; nothing changes",
        arguments: [
            "DELETE FROM gwp", "CREATE TABLE evil(x)", "ATTACH DATABASE '/tmp/evil.sqlite' AS evil", "PRAGMA journal_mode=DELETE",
            "SELECT load_extension('x')", "BEGIN IMMEDIATE", "SELECT 1; DELETE FROM gwp"
        ])
    func refused(_ sql: String) throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let before = try db.datasets().count
        let error = #expect(throws: QueryError.self) { try db.readOnlyQuery(sql) }
        #expect(error?.code.isRefusal == true, "\(sql): \(String(describing: error))")
        #expect(error?.kind == .invalidInput)
        #expect(try db.datasets().count == before)
        #expect(try db.journalMode == "wal")
    }

    @Test("limits: the time limit interrupts, huge values are refused, long texts are cut, the result size is bounded")
    func limits() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        let forever = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
        let slow = #expect(throws: QueryError.self) { try db.readOnlyQuery(forever, limits: .init(timeLimit: 0.3)) }
        #expect(slow?.code == .interrupted && slow?.kind == .tooLarge)
        let big = #expect(throws: QueryError.self) { try db.readOnlyQuery("SELECT hex(randomblob(100000000))") }
        #expect(big?.code == .valueTooLarge)
        let cut = try db.readOnlyQuery("SELECT hex(randomblob(1000)) AS h", limits: .init(maxValueBytes: 100))
        let text = try #require(cut.rows.first?.first?.text)
        #expect(text.hasSuffix(ReadOnlyQuery.truncationMarker(totalBytes: 2000)) && cut.truncatedValues == 1)
        let many = try db.readOnlyQuery("SELECT species FROM gwp", limits: .init(maxResultBytes: 100))
        #expect(many.truncatedBy == .bytes && many.bytes <= 100 && !many.rows.isEmpty)
        let wide = #expect(throws: QueryError.self) { try db.readOnlyQuery("SELECT hex(randomblob(200)) AS h", limits: .init(maxResultBytes: 100)) }
        #expect(wide?.code == .rowTooLarge)
    }

    @Test("malformed queries are input errors, not refusals")
    func malformed() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let db = try openInstalledDatabase(in: tmp)
        #expect(throws: QueryError(.emptyQuery, "the query is empty")) { try db.readOnlyQuery("  ") }
        let bad = #expect(throws: QueryError.self) { try db.readOnlyQuery("SELEC 1") }
        #expect(bad?.code == .sqlError && bad?.code.isRefusal == false)
        let long = #expect(throws: QueryError.self) {
            try db.readOnlyQuery("SELECT 1 " + String(repeating: " ", count: 20) + "-- x", limits: .init(maxQueryBytes: 10))
        }
        #expect(long?.code == .queryTooLong && long?.qualifiedCode == "sql.queryTooLong")
    }
}
