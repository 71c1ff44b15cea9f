/// An error in inventory input or calculation. It names the file, line and field where it can,
/// and says how to fix the problem.
///
/// ```text
/// ipcc-1.csv:3: field 'item': unknown fuel 'cole'. Did you mean 'coke_oven_coke'? See `yuheng factors search coal`.
/// ```
public struct InventoryError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Codable {
        case missingColumn
        case missingValue
        case invalidNumber
        case negativeAmount
        case unknownMethod
        case unknownFuel
        case unknownCategory
        case unknownItem
        case unitMismatch
        case missingFactor
        case invalidParameter
        case emptyInput
    }

    public let code: Code
    public var file: String?
    public var line: Int?
    public var field: String?
    public let message: String
    public var suggestion: String?

    public init(_ code: Code, _ message: String, field: String? = nil, suggestion: String? = nil, file: String? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.suggestion = suggestion
        self.file = file
        self.line = line
    }

    public var description: String {
        var where_ = ""
        if let f = file { where_ += f }
        if let l = line { where_ += where_.isEmpty ? "line \(l)" : ":\(l)" }
        var s = where_.isEmpty ? "" : "\(where_): "
        if let fld = field { s += "field '\(fld)': " }
        s += message
        if let sug = suggestion { s += ". \(sug)" }
        return s
    }

    func located(file: String?, line: Int?) -> InventoryError {
        var e = self
        if e.file == nil { e.file = file }
        if e.line == nil { e.line = line }
        return e
    }
}

/// Levenshtein-based suggestion of the closest known name.
func closest(_ word: String, in candidates: some Sequence<String>) -> String? {
    let w = Array(word.lowercased())
    var best: (String, Int)? = nil
    for c in candidates {
        let d = editDistance(w, Array(c.lowercased()))
        if best == nil || d < best!.1 { best = (c, d) }
    }
    guard let b = best, b.1 <= max(3, w.count / 2) else { return nil }
    return b.0
}

private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}
