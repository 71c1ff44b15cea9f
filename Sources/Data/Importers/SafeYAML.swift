import Foundation
import Yams
import YuhengCore

/// Limits on a YAML or JSON input document. Real input files (CBAM declarations, avoided-emissions
/// portfolios, scenarios, study files) are a few kilobytes; the limits are far above that and far
/// below what would exhaust memory.
public struct InputLimits: Sendable {
    /// Largest document, bytes.
    public var maxBytes: Int
    /// Most alias references (`*name`) in a YAML document.
    public var maxAliases: Int
    /// Most values (mappings, lists and scalars) after every alias is expanded: a "billion laughs"
    /// document of 1 KB with aliases of aliases expands to 10⁹ values and stops here.
    public var maxNodes: Int
    /// Deepest nesting of mappings and lists.
    public var maxDepth: Int

    /// Limits; the defaults are 16 MiB, 1000 aliases, 10⁶ values and a nesting depth of 100.
    public init(maxBytes: Int = 16 << 20, maxAliases: Int = 1000, maxNodes: Int = 1_000_000, maxDepth: Int = 100) {
        self.maxBytes = maxBytes
        self.maxAliases = maxAliases
        self.maxNodes = maxNodes
        self.maxDepth = maxDepth
    }

    /// The default limits, used for every input file.
    public static let standard = InputLimits()
}

/// A YAML or JSON document as plain values, with the line of each value where it is known (YAML).
public struct InputNode: Sendable {
    /// One key and its value in a mapping.
    public struct Entry: Sendable {
        /// The key as written.
        public var key: String
        /// Line of the key (1-based).
        public var line: Int?
        /// The value of the key.
        public var value: InputNode
    }

    /// A plain value: null, a scalar, a list or a mapping (entries in document order).
    public enum Value: Sendable {
        case null
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)
        case sequence([InputNode])
        case mapping([Entry])
    }

    /// The value.
    public var value: Value
    /// 1-based line of the value in the file (nil for JSON).
    public var line: Int?
    /// The scalar as written (e.g. `NO`, `0x1F`, `72083900`), for text fields written as numbers.
    public var text: String?

    /// A node with its value, line and scalar text.
    public init(_ value: Value, line: Int? = nil, text: String? = nil) {
        self.value = value
        self.line = line
        self.text = text
    }

    /// The entries of a mapping with YAML merge keys (`<<: *defaults`) resolved: the mapping's own
    /// keys win over merged ones. nil when the node is not a mapping.
    public var entries: [Entry]? {
        guard case .mapping(let es) = value else { return nil }
        guard es.contains(where: { $0.key == "<<" }) else { return es }
        var own = es.filter { $0.key != "<<" }
        var seen = Set(own.map(\.key))
        for m in es where m.key == "<<" {
            let sources: [InputNode]
            switch m.value.value {
            case .sequence(let xs): sources = xs
            default: sources = [m.value]
            }
            for s in sources {
                for e in s.entries ?? [] where seen.insert(e.key).inserted { own.append(e) }
            }
        }
        return own
    }

    /// The scalar as text: strings as they are, numbers and booleans as written.
    public var scalarText: String? {
        switch value {
        case .string(let s): return s
        case .int(let i): return text ?? String(i)
        case .double(let d): return text ?? String(d)
        case .bool(let b): return text ?? String(b)
        case .null, .sequence, .mapping: return nil
        }
    }

    /// What the value is, for messages: "a number", "a list", ...
    public var kindName: String {
        switch value {
        case .null: return "nothing"
        case .bool: return "true/false"
        case .int, .double: return "a number"
        case .string(let s): return "the text '\(s.count > 40 ? String(s.prefix(40)) + "…" : s)'"
        case .sequence: return "a list"
        case .mapping: return "a mapping of fields"
        }
    }

    /// Plain Foundation values (String, Int, Double, Bool, NSNull, [Any], [String: Any]).
    public var plain: Any {
        switch value {
        case .null: return NSNull()
        case .bool(let b): return b
        case .int(let i): return i
        case .double(let d): return d
        case .string(let s): return s
        case .sequence(let xs): return xs.map(\.plain)
        case .mapping:
            var out: [String: Any] = [:]
            for e in entries ?? [] { out[e.key] = e.value.plain }
            return out
        }
    }
}

/// The one reader of YAML (and JSON) input documents: every YAML reader of Yuheng goes through it.
/// It refuses documents that are too large, too deep or that expand without bound through aliases
/// ("billion laughs"), decodes strictly (unknown keys are errors with a did-you-mean, numbers must
/// be finite) and turns decoding errors into messages of the form
/// `file:line: missing key 'capacity' at path routes[1]`.
///
/// ```swift
/// let scenario = try SafeYAML.decode(IndustrialScenario.self, from: text, file: "steel.yaml", docs: "docs/simulate-format.md")
/// ```
public enum SafeYAML {
    /// Parses `text` as JSON when `file` ends in `.json`, else as YAML. An empty document is an error.
    public static func parse(_ text: String, file: String, limits: InputLimits = .standard) throws -> InputNode {
        if file.lowercased().hasSuffix(".json") { return try parseJSON(text, file: file, limits: limits) }
        guard let node = try parseYAML(text, file: file, limits: limits) else {
            throw DataError(.malformedFile, "the file is empty", file: file)
        }
        return node
    }

    /// Parses a YAML document (nil when it is empty).
    public static func parseYAML(_ text: String, file: String, limits: InputLimits = .standard) throws -> InputNode? {
        try checkSize(text, file: file, limits: limits)
        try checkAliases(text, file: file, limits: limits)
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let e as YamlError {
            throw DataError(.malformedFile, "not valid YAML: \(e)", file: file, suggestion: "check the indentation and the ':' after each key")
        }
        guard let root else { return nil }
        // Count first (cheap: aliases share their storage until converted), then convert.
        var count = limits.maxNodes
        try countNodes(root, depth: 0, budget: &count, file: file, limits: limits)
        var budget = limits.maxNodes
        return try convert(root, depth: 0, budget: &budget, file: file, limits: limits)
    }

    /// Parses a JSON document.
    public static func parseJSON(_ text: String, file: String, limits: InputLimits = .standard) throws -> InputNode {
        try checkSize(text, file: file, limits: limits)
        let tree: JSONTree
        do { tree = try JSONDecoder().decode(JSONTree.self, from: Data(text.utf8)) } catch let e as DecodingError {
            let detail: String
            switch e {
            case .dataCorrupted(let c):
                detail = (c.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? c.debugDescription
            default: detail = "\(e)"
            }
            throw DataError(.malformedFile, "not valid JSON: \(detail)", file: file)
        }
        var budget = limits.maxNodes
        return try tree.node(depth: 0, budget: &budget, file: file, limits: limits)
    }

    /// Decodes `T` from a YAML or JSON document (by the file's extension), strictly: unknown keys are
    /// errors with the nearest known key, numbers must be finite, and every error names the file,
    /// the line (YAML) and the path of the value. `docs` is named in the suggestion.
    public static func decode<T: Decodable>(
        _ type: T.Type, from text: String, file: String, docs: String? = nil,
        limits: InputLimits = .standard
    ) throws -> T {
        try decode(type, from: try parse(text, file: file, limits: limits), file: file, docs: docs)
    }

    /// Decodes `T` from a parsed document (see ``decode(_:from:file:docs:limits:)``).
    public static func decode<T: Decodable>(_ type: T.Type, from node: InputNode, file: String, docs: String? = nil) throws -> T {
        let log = DecodeLog()
        let value: T
        do {
            value = try T(from: NodeDecoder(node: node, codingPath: [], path: "", log: log, file: file))
        } catch var e as DataError {
            if e.suggestion == nil, let docs { e.suggestion = "see \(docs)" }
            throw e
        } catch let e as DecodingError {
            let (path, message) = describe(e)
            throw DataError(
                .malformedFile, message, file: file, line: line(of: e, in: node), field: path.isEmpty ? nil : path,
                suggestion: docs.map { "see \($0)" })
        }
        if let (entry, path, known) = log.firstUnknownKey() {
            throw DataError(
                .malformedFile, "unknown key '\(entry.key)'\(path.isEmpty ? "" : " at path \(path)")", file: file, line: entry.line,
                suggestion: EditDistance.didYouMean(entry.key, in: known) ?? "known keys here: \(known.sorted().joined(separator: ", "))")
        }
        return value
    }

    /// "routes[1].capacity" from a coding path (array indices in brackets).
    public static func path(_ codingPath: [CodingKey]) -> String {
        var s = ""
        for k in codingPath {
            if k.stringValue.isEmpty || (k.intValue != nil && k.stringValue.hasPrefix("Index ")) {
                s += "[\(k.intValue ?? 0)]"
            } else {
                s += (s.isEmpty ? "" : ".") + k.stringValue
            }
        }
        return s
    }

    /// A decoding error as (path, message): "missing key 'x' at path a.b", "expected a number at path a.b", ...
    public static func describe(_ e: DecodingError) -> (path: String, message: String) {
        func at(_ p: String) -> String { p.isEmpty ? "" : " at path \(p)" }
        switch e {
        case .keyNotFound(let k, let ctx):
            let p = path(ctx.codingPath)
            return (p, "missing key '\(k.stringValue)'\(at(p))")
        case .typeMismatch(let t, let ctx):
            let p = path(ctx.codingPath)
            return (p, "expected \(typeName(t))\(at(p))")
        case .valueNotFound(let t, let ctx):
            let p = path(ctx.codingPath)
            return (p, "missing value (\(typeName(t)))\(at(p))")
        case .dataCorrupted(let ctx):
            let p = path(ctx.codingPath)
            return (p, "\(ctx.debugDescription)\(at(p))")
        @unknown default:
            return ("", "\(e)")
        }
    }

    static func typeName(_ t: Any.Type) -> String {
        if t == String.self { return "text" }
        if t == Double.self || t == Float.self { return "a number" }
        if t == Int.self || t == UInt64.self || t == Int64.self { return "a whole number" }
        if t == Bool.self { return "true or false" }
        let n = "\(t)"
        if n.hasPrefix("Array") { return "a list" }
        if n.hasPrefix("Dictionary") { return "a mapping" }
        return "a mapping of fields (\(n))"
    }

    /// The line of the value a decoding error points at (the deepest one that exists).
    static func line(of e: DecodingError, in root: InputNode) -> Int? {
        let ctx: DecodingError.Context
        switch e {
        case .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): ctx = c
        @unknown default: return nil
        }
        var node = root
        var line = root.line
        for k in ctx.codingPath {
            if case .sequence(let xs) = node.value, let i = k.intValue, i < xs.count {
                node = xs[i]
            } else if let es = node.entries, let entry = es.first(where: { $0.key == k.stringValue }) {
                line = entry.line ?? line; node = entry.value
            } else {
                break
            }
            line = node.line ?? line
        }
        return line
    }

    // MARK: Limits

    static func checkSize(_ text: String, file: String, limits: InputLimits) throws {
        let n = text.utf8.count
        guard n <= limits.maxBytes else {
            throw DataError(
                .malformedFile, "the document is \(n / 1_048_576) MB; documents of this kind are limited to \(limits.maxBytes / 1_048_576) MB",
                file: file, suggestion: "split the file, or give the data as CSV where the format allows it")
        }
    }

    /// Counts alias references (`*name`) in the text, conservatively (also inside quotes and
    /// comments), and refuses aliases used as mapping keys: Yams hashes keys while composing, and
    /// the hash of a key that aliases a large node would itself expand it.
    static func checkAliases(_ text: String, file: String, limits: InputLimits) throws {
        let b = Array(text.utf8)
        var count = 0
        var line = 1
        var i = 0
        while i < b.count {
            if b[i] == 0x0A { line += 1 }
            guard isAliasStart(b, at: i) else {
                i += 1
                continue
            }
            count += 1
            if count > limits.maxAliases {
                throw DataError(
                    .malformedFile, "the document has more than \(limits.maxAliases) alias references (*name)", file: file, line: line,
                    suggestion: "write the values out; aliases of aliases can make a small file expand without bound")
            }
            let j = skipAliasName(b, from: i + 1)
            if (j < b.count && b[j] == 0x3A) || isExplicitKey(b, before: i) { // "*a:" or "? *a"
                throw DataError(
                    .malformedFile, "an alias (*name) is used as a mapping key", file: file, line: line,
                    suggestion: "keys must be written out; aliases may only stand for values")
            }
            i = j
        }
    }

    /// Bytes after which a `*` starts an alias: space, tab, line feed, carriage return, left bracket, left brace, comma.
    static let aliasLeaders: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, 0x5B, 0x7B, 0x2C]
    /// Bytes after which a `?` starts a node: line feed, carriage return, left brace, left bracket, comma, dash.
    static let nodeLeaders: Set<UInt8> = [0x0A, 0x0D, 0x7B, 0x5B, 0x2C, 0x2D]

    /// A letter, digit, `-` or `_`: the characters of an anchor or alias name.
    static func isAnchorChar(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F
    }

    /// Whether `b[i]` is a `*` that starts an alias: followed by a name, preceded by a blank or a flow indicator.
    static func isAliasStart(_ b: [UInt8], at i: Int) -> Bool {
        guard b[i] == 0x2A, i + 1 < b.count, isAnchorChar(b[i + 1]) else { return false }
        return aliasLeaders.contains(i == 0 ? 0x20 : b[i - 1])
    }

    /// The index after the alias name starting at `start` and the spaces and tabs after it.
    static func skipAliasName(_ b: [UInt8], from start: Int) -> Int {
        var j = start
        while j < b.count, isAnchorChar(b[j]) { j += 1 }
        while j < b.count, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
        return j
    }

    /// "? *a" is an explicit key when the '?' before the alias at `i` starts a node (line start, or after a flow indicator or '-').
    static func isExplicitKey(_ b: [UInt8], before i: Int) -> Bool {
        var k = i - 1
        while k >= 0, b[k] == 0x20 || b[k] == 0x09 { k -= 1 }
        guard k >= 0, b[k] == 0x3F else { return false }
        var m = k - 1
        while m >= 0, b[m] == 0x20 || b[m] == 0x09 { m -= 1 }
        return m < 0 || nodeLeaders.contains(b[m])
    }

    /// Counts the values of the document as if every alias were expanded, stopping at the budget.
    static func countNodes(_ node: Node, depth: Int, budget: inout Int, file: String, limits: InputLimits) throws {
        budget -= 1
        if budget < 0 {
            throw DataError(
                .malformedFile, "the document expands to more than \(limits.maxNodes) values", file: file, line: node.mark?.line,
                suggestion: "a small file that expands this much uses aliases of aliases (a 'billion laughs'); write the values out")
        }
        if depth > limits.maxDepth {
            throw DataError(.malformedFile, "the document is nested more than \(limits.maxDepth) levels deep", file: file, line: node.mark?.line)
        }
        switch node {
        case .scalar, .alias: return
        case .sequence(let seq): for x in seq { try countNodes(x, depth: depth + 1, budget: &budget, file: file, limits: limits) }
        case .mapping(let map):
            for (k, v) in map {
                try countNodes(k, depth: depth + 1, budget: &budget, file: file, limits: limits)
                try countNodes(v, depth: depth + 1, budget: &budget, file: file, limits: limits)
            }
        }
    }

    static func convert(_ node: Node, depth: Int, budget: inout Int, file: String, limits: InputLimits) throws -> InputNode {
        budget -= 1
        let line = node.mark.map { $0.line }
        if budget < 0 {
            throw DataError(
                .malformedFile, "the document expands to more than \(limits.maxNodes) values", file: file, line: line,
                suggestion: "a small file that expands this much uses aliases of aliases (a 'billion laughs'); write the values out")
        }
        if depth > limits.maxDepth {
            throw DataError(.malformedFile, "the document is nested more than \(limits.maxDepth) levels deep", file: file, line: line)
        }
        switch node {
        case .scalar(let s):
            let text = s.string
            switch Resolver.default.resolveTag(of: node) {
            case .null: return InputNode(.null, line: line, text: text)
            case .bool: return InputNode(node.bool.map { .bool($0) } ?? .string(text), line: line, text: text)
            case .int:
                if let i = node.int { return InputNode(.int(i), line: line, text: text) }
                if let d = Double(text.replacingOccurrences(of: "_", with: "")) { return InputNode(.double(d), line: line, text: text) }
                return InputNode(.string(text), line: line, text: text)
            case .float: return InputNode(node.float.map { .double($0) } ?? .string(text), line: line, text: text)
            default: return InputNode(.string(text), line: line, text: text)
            }
        case .sequence(let seq):
            var out: [InputNode] = []
            out.reserveCapacity(seq.count)
            for x in seq { out.append(try convert(x, depth: depth + 1, budget: &budget, file: file, limits: limits)) }
            return InputNode(.sequence(out), line: line)
        case .mapping(let map):
            var out: [InputNode.Entry] = []
            for (k, v) in map {
                let key: String
                switch k {
                case .scalar(let s): key = s.string
                default:
                    throw DataError(.malformedFile, "a key must be a single word or text, not a list or mapping", file: file, line: k.mark?.line)
                }
                out.append(
                    InputNode.Entry(
                        key: key, line: k.mark?.line, value: try convert(v, depth: depth + 1, budget: &budget, file: file, limits: limits)))
            }
            return InputNode(.mapping(out), line: line)
        case .alias:
            throw DataError(.malformedFile, "an alias (*name) that refers to nothing", file: file, line: line)
        }
    }
}

// MARK: - JSON

/// A JSON value (Bool, number and string kept apart, which JSONSerialization does not do reliably).
private indirect enum JSONTree: Decodable {
    case null, bool(Bool), int(Int), double(Double), string(String), array([JSONTree]), object([(String, JSONTree)])

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        if let c = try? decoder.container(keyedBy: Key.self) {
            self = .object(try c.allKeys.sorted { $0.stringValue < $1.stringValue }.map { ($0.stringValue, try c.decode(JSONTree.self, forKey: $0)) })
            return
        }
        if var u = try? decoder.unkeyedContainer() {
            var out: [JSONTree] = []
            while !u.isAtEnd { out.append(try u.decode(JSONTree.self)) }
            self = .array(out)
            return
        }
        let s = try decoder.singleValueContainer()
        if s.decodeNil() {
            self = .null
        } else if let b = try? s.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? s.decode(Int.self) {
            self = .int(i)
        } else if let d = try? s.decode(Double.self) {
            self = .double(d)
        } else {
            self = .string(try s.decode(String.self))
        }
    }

    func node(depth: Int, budget: inout Int, file: String, limits: InputLimits) throws -> InputNode {
        budget -= 1
        if budget < 0 { throw DataError(.malformedFile, "the document has more than \(limits.maxNodes) values", file: file) }
        if depth > limits.maxDepth { throw DataError(.malformedFile, "the document is nested more than \(limits.maxDepth) levels deep", file: file) }
        switch self {
        case .null: return InputNode(.null)
        case .bool(let b): return InputNode(.bool(b))
        case .int(let i): return InputNode(.int(i))
        case .double(let d): return InputNode(.double(d))
        case .string(let s): return InputNode(.string(s))
        case .array(let xs):
            var out: [InputNode] = []
            for x in xs { out.append(try x.node(depth: depth + 1, budget: &budget, file: file, limits: limits)) }
            return InputNode(.sequence(out))
        case .object(let kv):
            var out: [InputNode.Entry] = []
            for (k, v) in kv {
                out.append(.init(key: k, line: nil, value: try v.node(depth: depth + 1, budget: &budget, file: file, limits: limits)))
            }
            return InputNode(.mapping(out))
        }
    }
}

// MARK: - Strict decoder

/// Which keys the decoded types asked for, by mapping: what was never asked for is unknown.
private final class DecodeLog {
    struct Seen {
        var path: String
        var entries: [InputNode.Entry]
        var requested: Set<String>
    }
    var order: [String] = []
    var seen: [String: Seen] = [:]

    func register(_ path: String, entries: [InputNode.Entry]) {
        if seen[path] == nil {
            order.append(path)
            seen[path] = Seen(path: path, entries: entries, requested: [])
        }
    }

    func request(_ path: String, _ key: String) { seen[path]?.requested.insert(key) }

    func requested(_ path: String) -> Set<String> { seen[path]?.requested ?? [] }

    /// The first key (in file order) that no decoded type asked for.
    func firstUnknownKey() -> (InputNode.Entry, String, Set<String>)? {
        var found: [(InputNode.Entry, String, Set<String>)] = []
        for p in order {
            guard let s = seen[p] else { continue }
            if let e = s.entries.first(where: { !s.requested.contains($0.key) && $0.key != "<<" }) { found.append((e, p, s.requested)) }
        }
        return found.min { ($0.0.line ?? Int.max) < ($1.0.line ?? Int.max) }
    }
}

private struct IndexKey: CodingKey {
    var stringValue: String { "Index \(intValue ?? 0)" }
    var intValue: Int?
    init(_ i: Int) { intValue = i }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct NodeDecoder: Decoder {
    let node: InputNode
    let codingPath: [CodingKey]
    /// The path as shown in messages: "routes[1].capacity".
    let path: String
    let log: DecodeLog
    let file: String
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func error(_ message: String, code: DataError.Code = .malformedFile) -> DataError {
        DataError(code, message, file: file, line: node.line, field: path.isEmpty ? nil : path)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let entries = node.entries else { throw error("expected a mapping of fields, found \(node.kindName)") }
        log.register(path, entries: entries)
        return KeyedDecodingContainer(KeyedNodeContainer<Key>(decoder: self, entries: entries))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard case .sequence(let xs) = node.value else { throw error("expected a list, found \(node.kindName)") }
        return UnkeyedNodeContainer(decoder: self, items: xs)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer { SingleValueNodeContainer(decoder: self) }

    func child(_ node: InputNode, key: CodingKey, shown: String) -> NodeDecoder {
        NodeDecoder(node: node, codingPath: codingPath + [key], path: shown, log: log, file: file)
    }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: NodeDecoder
    let entries: [InputNode.Entry]
    let index: [String: Int]
    var codingPath: [CodingKey] { decoder.codingPath }
    var allKeys: [Key] { entries.compactMap { Key(stringValue: $0.key) } }

    init(decoder: NodeDecoder, entries: [InputNode.Entry]) {
        self.decoder = decoder
        self.entries = entries
        var index: [String: Int] = [:]
        for (i, e) in entries.enumerated() where index[e.key] == nil { index[e.key] = i }
        self.index = index
    }

    func entry(_ key: Key) -> InputNode.Entry? {
        decoder.log.request(decoder.path, key.stringValue)
        return index[key.stringValue].map { entries[$0] }
    }

    func contains(_ key: Key) -> Bool { entry(key) != nil }

    func childPath(_ key: Key) -> String { decoder.path.isEmpty ? key.stringValue : "\(decoder.path).\(key.stringValue)" }

    func child(_ key: Key) throws -> NodeDecoder {
        guard let e = entry(key) else {
            let here = decoder.path.isEmpty ? "" : " at path \(decoder.path)"
            // A required key is missing: is it there under a mistyped name?
            let asked = decoder.log.requested(decoder.path)
            let strangers = entries.map(\.key).filter { !asked.contains($0) && $0 != "<<" }
            if let typo = EditDistance.nearest(key.stringValue, in: strangers, within: max(2, key.stringValue.count / 3)) {
                let line = entries.first { $0.key == typo }?.line
                throw DataError(
                    .malformedFile, "unknown key '\(typo)'\(here)", file: decoder.file, line: line ?? decoder.node.line,
                    suggestion: "did you mean '\(key.stringValue)'?")
            }
            throw DataError(.malformedFile, "missing key '\(key.stringValue)'\(here)", file: decoder.file, line: decoder.node.line)
        }
        var d = decoder.child(e.value, key: key, shown: childPath(key))
        if d.node.line == nil {
            d = NodeDecoder(
                node: InputNode(e.value.value, line: e.line, text: e.value.text), codingPath: d.codingPath, path: d.path, log: d.log, file: d.file)
        }
        return d
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let e = entry(key) else { return true }
        if case .null = e.value.value { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try T(from: child(key)) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try Bool(from: child(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try String(from: child(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try Double(from: child(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try Float(from: child(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try Int(from: child(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try Int8(from: child(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try Int16(from: child(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try Int32(from: child(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try Int64(from: child(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try UInt(from: child(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try UInt8(from: child(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try UInt16(from: child(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try UInt32(from: child(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try UInt64(from: child(key)) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer { try child(key).unkeyedContainer() }
    func superDecoder() throws -> Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> Decoder { try child(key) }
}

private struct UnkeyedNodeContainer: UnkeyedDecodingContainer {
    let decoder: NodeDecoder
    let items: [InputNode]
    var currentIndex = 0
    var codingPath: [CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func next() throws -> NodeDecoder {
        guard !isAtEnd else { throw decoder.error("the list has only \(items.count) entries") }
        let d = decoder.child(items[currentIndex], key: IndexKey(currentIndex), shown: "\(decoder.path)[\(currentIndex)]")
        currentIndex += 1
        return d
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        if case .null = items[currentIndex].value { currentIndex += 1; return true }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: next()) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> Decoder { try next() }
}

private struct SingleValueNodeContainer: SingleValueDecodingContainer {
    let decoder: NodeDecoder
    var codingPath: [CodingKey] { decoder.codingPath }
    var node: InputNode { decoder.node }

    func decodeNil() -> Bool {
        if case .null = node.value { return true }
        return false
    }

    func mismatch(_ what: String) -> DataError {
        decoder.error("expected \(what), found \(node.kindName)")
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        if case .bool(let b) = node.value { return b }
        throw mismatch("true or false")
    }

    func decode(_ type: String.Type) throws -> String {
        if let s = node.scalarText { return s }
        throw mismatch("text")
    }

    func decode(_ type: Double.Type) throws -> Double {
        let d: Double
        switch node.value {
        case .int(let i): d = Double(i)
        case .double(let x): d = x
        case .string(let s):
            guard let x = Double(s.trimmingCharacters(in: .whitespaces)) else { throw mismatch("a number") }
            d = x
        default: throw mismatch("a number")
        }
        guard d.isFinite else {
            throw decoder.error("'\(node.text ?? String(d))' is not a finite number", code: .invalidValue)
        }
        return d
    }

    func decode(_ type: Float.Type) throws -> Float {
        let f = Float(try decode(Double.self))
        guard f.isFinite else { throw decoder.error("\(node.text ?? "the number") is too large", code: .invalidValue) }
        return f
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        var v: T? = nil
        switch node.value {
        case .int(let i): v = T(exactly: i) ?? node.text.flatMap { T($0) }
        case .double(let d):
            if let t = node.text, let x = T(t) { v = x } else if d.isFinite, d == d.rounded() { v = T(exactly: d) }
            if v == nil, d.isFinite, d == d.rounded() { throw decoder.error("\(node.text ?? String(d)) is out of range", code: .invalidValue) }
        case .string(let s): v = T(s.trimmingCharacters(in: .whitespaces))
        default: break
        }
        guard let v else {
            if case .int = node.value { throw decoder.error("\(node.text ?? "the number") is out of range", code: .invalidValue) }
            throw mismatch("a whole number")
        }
        return v
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(UInt64.self) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: decoder) }
}
