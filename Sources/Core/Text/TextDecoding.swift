import Foundation

/// Decodes the bytes of an input file as UTF-8 text and, when they are not UTF-8, says what they
/// look like (UTF-16 from Excel's "Unicode text", Latin-1/Windows-1252 from older tools), so that
/// every reader gives the same useful message instead of "cannot read the file".
///
/// ```swift
/// let text = try TextDecoding.utf8(data)       // a UTF-8 byte-order mark is dropped
/// // CoreError: "not UTF-8 (looks like UTF-16 little-endian): save the file as UTF-8 ..."
/// ```
public enum TextDecoding {
    /// The text of `data` (UTF-8, with or without a byte-order mark). Throws a ``CoreError`` with
    /// code `malformedInput` naming the encoding the bytes look like.
    public static func utf8(_ data: Data) throws -> String {
        if let s = String(data: data, encoding: .utf8) {
            return s.hasPrefix("\u{FEFF}") ? String(s.dropFirst()) : s
        }
        throw CoreError(
            code: .malformedInput,
            message:
                "not UTF-8 (\(guess(data))): save the file as UTF-8 (e.g. \"CSV UTF-8\" in Excel, or `iconv -f \(iconvName(data)) -t UTF-8 FILE`)")
    }

    /// What non-UTF-8 bytes look like: "looks like UTF-16 little-endian", "looks like Latin-1 / Windows-1252", ...
    public static func guess(_ data: Data) -> String {
        switch encoding(data) {
        case .utf16LE: return "looks like UTF-16 little-endian"
        case .utf16BE: return "looks like UTF-16 big-endian"
        case .utf32: return "looks like UTF-32"
        case .latin1: return "looks like Latin-1 / Windows-1252"
        case .binary: return "looks like binary data, not text"
        }
    }

    enum Guess { case utf16LE, utf16BE, utf32, latin1, binary }

    static func encoding(_ data: Data) -> Guess {
        let b = [UInt8](data.prefix(4096))
        if b.starts(with: [0xFF, 0xFE, 0, 0]) || b.starts(with: [0, 0, 0xFE, 0xFF]) { return .utf32 }
        if b.starts(with: [0xFF, 0xFE]) { return .utf16LE }
        if b.starts(with: [0xFE, 0xFF]) { return .utf16BE }
        // Without a byte-order mark: ASCII text in UTF-16 has a zero in every other byte.
        var zeroEven = 0, zeroOdd = 0
        for (i, x) in b.enumerated() where x == 0 { if i % 2 == 0 { zeroEven += 1 } else { zeroOdd += 1 } }
        let pairs = max(1, b.count / 2)
        if zeroOdd * 3 > pairs && zeroEven * 10 < pairs { return .utf16LE }
        if zeroEven * 3 > pairs && zeroOdd * 10 < pairs { return .utf16BE }
        if zeroEven + zeroOdd > 0 { return .binary }
        return .latin1
    }

    static func iconvName(_ data: Data) -> String {
        switch encoding(data) {
        case .utf16LE: return "UTF-16LE"
        case .utf16BE: return "UTF-16BE"
        case .utf32: return "UTF-32"
        case .latin1, .binary: return "WINDOWS-1252"
        }
    }
}
