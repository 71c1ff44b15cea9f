import YuhengCore

extension MRIOSystem {
    /// A sector code with its name when known: `26 Other non-metallic minerals`, else the code.
    public func sectorTitle(_ code: String) -> String { SectorLookup.title(code, names: sectorNames) }

    /// A "REGION:SECTOR" label with the sector's name: `CHN:26 Other non-metallic minerals`.
    public func namedLabel(_ label: String) -> String {
        guard let colon = label.lastIndex(of: ":") else { return label }
        return String(label[..<colon]) + ":" + sectorTitle(String(label[label.index(after: colon)...]))
    }

    /// The index of the sector `text` names: a code, a name or an unambiguous part of one, in any
    /// case. An unknown or ambiguous text is an error listing the candidates with their names.
    public func sectorIndex(_ text: String) throws -> Int { try SectorLookup.index(of: text, codes: sectors, names: sectorNames) }

    /// The index of the region `text` names: the table's code or the ISO 3166-1 alpha-3 code, in any
    /// case. An unknown region is an error naming the regions (and the nearest one).
    public func regionIndex(_ text: String) throws -> Int {
        if let i = RegionCodes.index(of: text, in: regions) { return i }
        let hint = EditDistance.didYouMean(text, in: regions).map { "\($0) " } ?? ""
        throw MRIOError(.unknownRegion, "no region '\(text)' in the table \(name)", suggestion: "\(hint)regions: \(regions.joined(separator: ", "))")
    }
}

/// Finding a sector by what a user types — a code (`27t28`), a name (`Basic metals and fabricated
/// metal`) or a part of one (`metal`, `cement`), in any case — with did-you-mean suggestions.
///
/// ```swift
/// let i = try SectorLookup.index(of: "electricity", codes: system.sectors, names: system.sectorNames)
/// SectorLookup.title("26", names: ["26": "Other non-metallic minerals"])   // "26 Other non-metallic minerals"
/// ```
public enum SectorLookup {
    /// `code name`, or the code when it has no name.
    public static func title(_ code: String, names: [String: String]) -> String {
        names[code].map { "\(code) \($0)" } ?? code
    }

    /// The index of the sector `text` names among `codes`: an exact code, a code in any case, a
    /// whole name in any case, then the one code or name containing the text. Several matches or
    /// none are an ``MRIOError`` listing the candidates (with a did-you-mean when one is close).
    public static func index(of text: String, codes: [String], names: [String: String]) throws -> Int {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let i = codes.firstIndex(of: t) { return i }
        let l = t.lowercased()
        if let i = codes.firstIndex(where: { $0.lowercased() == l }) { return i }
        if let i = codes.firstIndex(where: { names[$0]?.lowercased() == l }) { return i }
        let partial = l.isEmpty ? [] : codes.indices.filter { (names[codes[$0]] ?? "").lowercased().contains(l) }
        if partial.count == 1 { return partial[0] }
        if partial.count > 1 {
            throw MRIOError(
                .labels, "'\(text)' matches several sectors",
                suggestion: "be more specific: " + partial.map { title(codes[$0], names: names) }.joined(separator: "; "))
        }
        let candidates = codes + codes.compactMap { names[$0] }
        let near = EditDistance.nearest(t, in: candidates).map { c in codes.first { $0 == c || names[$0] == c } ?? c }
        let hint = near.map { "did you mean '\(title($0, names: names))'? " } ?? ""
        throw MRIOError(
            .labels, "no sector '\(text)'", suggestion: hint + "sectors: " + codes.map { title($0, names: names) }.joined(separator: "; "))
    }
}
