/// Spreadsheet column letters, as in the cell reference "AB12".
///
/// ```swift
/// SpreadsheetColumn.name(0)    // "A"
/// SpreadsheetColumn.name(27)   // "AB"
/// ```
public enum SpreadsheetColumn {
    /// The letters of the 0-based column `index`: 0 → A, 25 → Z, 26 → AA.
    public static func name(_ index: Int) -> String {
        var n = index + 1
        var s = ""
        while n > 0 {
            s = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + s
            n = (n - 1) / 26
        }
        return s
    }
}
