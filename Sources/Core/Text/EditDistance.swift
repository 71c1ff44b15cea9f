/// Edit distance and "did you mean" suggestions, shared by every reader and engine that names a
/// mistyped field, column, fuel or process (one implementation for the whole code base).
///
/// ```swift
/// EditDistance.between("capcity", "capacity")                        // 1
/// EditDistance.nearest("capcity", in: ["capacity", "lifetime"])     // "capacity"
/// ```
public enum EditDistance {
    /// Words longer than this get no suggestion: the distance costs length × length, and a
    /// suggestion for a 10,000-character "name" helps nobody.
    public static let maximumLength = 200

    /// Levenshtein distance between `a` and `b`, ignoring case.
    public static func between(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count), cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count { cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)) }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }

    /// The candidate closest to `word` when it is close enough to be a likely typo, else nil: at
    /// most `within` edits, by default max(3, half the word's length). Ties go to the first
    /// candidate in sorted order, so the suggestion does not depend on the order of a dictionary.
    ///
    /// ```swift
    /// EditDistance.nearest("amont", in: ["amount", "method"], within: 2)   // "amount"
    /// ```
    public static func nearest(_ word: String, in candidates: some Sequence<String>, within: Int? = nil) -> String? {
        guard word.count <= maximumLength else { return nil }
        var best: (String, Int)? = nil
        for c in candidates.sorted() where c.count <= maximumLength {
            let d = between(word, c)
            if best == nil || d < best!.1 { best = (c, d) }
        }
        guard let b = best, b.1 <= (within ?? max(3, word.count / 2)) else { return nil }
        return b.0
    }

    /// "did you mean 'x'?" for the nearest candidate, else nil.
    public static func didYouMean(_ word: String, in candidates: some Sequence<String>) -> String? {
        nearest(word, in: candidates).map { "did you mean '\($0)'?" }
    }
}
