import Foundation

/// The words of a full-text search and the one SQLite FTS5 `MATCH` expression built from them
/// (``YuhengDatabase/searchFactors(_:limit:)``, ``YuhengDatabase/searchProcesses(_:limit:)``).
///
/// The text is cut into words (letters and digits; lower-cased), each word is searched as a word
/// prefix, and all words must match. Repeated words are searched once. The text may have at most
/// ``maxCharacters`` characters and ``maxWords`` different words: a longer query is refused with
/// an error naming the limit, so one request cannot make the database evaluate thousands of
/// prefix terms.
///
/// ```swift
/// let q = try FullTextQuery("Natural gas, natural GAS residential")
/// q.words             // ["natural", "gas", "residential"]
/// q.matchExpression   // "natural"* AND "gas"* AND "residential"*
/// ```
public struct FullTextQuery: Sendable, Equatable {
    /// The longest search text, in characters.
    public static let maxCharacters = 1_000
    /// The most different words a search may have.
    public static let maxWords = 32

    /// The different words, in the order they first appear.
    public let words: [String]

    /// - Parameter wordCharacters: characters that belong to words besides letters and digits
    ///   (the factor index keeps `_`, as in `CH4_fossil`).
    public init(_ text: String, wordCharacters: Set<Character> = []) throws {
        // Characters are never fewer than UTF-8 bytes / 4, and never more than bytes: count only when needed.
        let bytes = text.utf8.count
        if bytes > Self.maxCharacters, bytes > 4 * Self.maxCharacters || text.count > Self.maxCharacters {
            throw DataError(
                .invalidValue, "the search text is \(text.count) characters long; the limit is \(Self.maxCharacters)", field: "query",
                suggestion: "search with a few distinctive words, e.g. \"natural gas residential\"")
        }
        var seen = Set<String>()
        var words: [String] = []
        for w in text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber || wordCharacters.contains($0)) }) {
            let word = String(w)
            if seen.insert(word).inserted { words.append(word) }
        }
        guard words.count <= Self.maxWords else {
            throw DataError(
                .invalidValue, "the search text has \(words.count) different words; the limit is \(Self.maxWords)", field: "query",
                suggestion: "search with a few distinctive words (every word must match), e.g. \"natural gas residential\"")
        }
        self.words = words
    }

    /// Whether the text held no searchable word (such a query matches nothing).
    public var isEmpty: Bool { words.isEmpty }

    /// One FTS5 expression: every word as a quoted prefix term, combined with AND. Words hold only
    /// letters, digits and the given word characters, so quoting them is enough.
    public var matchExpression: String {
        words.map { "\"\($0)\"*" }.joined(separator: " AND ")
    }
}
