import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import YuhengCore
import YuhengLCA

/// A small element tree built with XMLParser (namespaces resolved, names without prefixes).
///
/// Parsing stops with an error at ``maxDepth`` levels of nesting (EcoSpold2 documents are about
/// ten deep), and a tree frees itself iteratively, so no document can exhaust the stack.
final class XMLElementNode {
    let name: String
    let attributes: [String: String]
    var children: [XMLElementNode] = []
    var text = ""

    /// The deepest nesting accepted while parsing.
    static let maxDepth = 256

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// Frees the subtree without recursion: children are detached onto a work list first, so each
    /// node is released with no children of its own. (A tree nested 50,000 deep would otherwise
    /// overflow the stack in a chain of deinits.)
    deinit {
        guard !children.isEmpty else { return }
        var pending = children
        children = []
        while let node = pending.popLast() {
            if !node.children.isEmpty {
                pending.append(contentsOf: node.children)
                node.children = []
            }
        }
    }

    func child(_ name: String) -> XMLElementNode? { children.first { $0.name == name } }
    func children(_ name: String) -> [XMLElementNode] { children.filter { $0.name == name } }
    /// Trimmed text of the first child with that name.
    func childText(_ name: String) -> String? {
        guard let c = child(name) else { return nil }
        let t = c.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }
    subscript(_ attribute: String) -> String? { attributes[attribute] }

    /// A numeric attribute; nil when absent, an error when present but not a number.
    func number(_ attribute: String, file: String, entity: String?) throws -> Double? {
        guard let s = attributes[attribute]?.trimmingCharacters(in: .whitespaces), !s.isEmpty else { return nil }
        guard let v = Double(s), v.isFinite else {
            throw LCAError(.invalidAmount, "the attribute \(attribute)=\"\(s)\" of <\(name)> is not a number", dataset: file, entity: entity)
        }
        return v
    }

    /// The text of all `<text>` children (EcoSpold2 rich text), joined by new lines.
    var paragraphs: String? {
        let parts = children.filter { $0.name == "text" || $0.name == "textAndImage" }.compactMap { c -> String? in
            let t = c.text.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        }
        if parts.isEmpty {
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        }
        return parts.joined(separator: "\n")
    }

    /// Parses XML data into its root element; malformed XML is an ``LCAError`` naming the file.
    static func parse(_ data: Data, file: String) throws -> XMLElementNode {
        try checkEncoding(data, file: file)
        let builder = Builder()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.delegate = builder
        let ok = parser.parse()
        if let line = builder.tooDeepAt {
            throw LCAError(
                .malformedFile, "is nested more than \(maxDepth) elements deep (line \(line)); EcoSpold2 documents are about ten deep", dataset: file,
                suggestion: "this is not an EcoSpold2 dataset (or it was crafted to exhaust the reader); check the file")
        }
        if ok, let open = builder.stack.last {
            throw LCAError(
                .malformedFile, "is not well-formed XML: it ends before <\(open.name)> is closed (line \(parser.lineNumber))", dataset: file,
                suggestion: "the file looks truncated; copy or export it again")
        }
        guard ok, let root = builder.root else {
            let e = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "no root element"
            throw LCAError(
                .malformedFile, "is not well-formed XML (line \(parser.lineNumber), column \(parser.columnNumber): \(e))", dataset: file,
                suggestion: "check that the file is a complete EcoSpold2 document")
        }
        return root
    }

    /// A document that does not declare another encoding must be UTF-8: bytes in Latin-1 or UTF-16
    /// (without a byte-order mark) are an error that says which they look like, instead of the
    /// parser's "error 9". Documents with a byte-order mark or an `encoding="…"` declaration other
    /// than UTF-8 are left to the parser, which decodes them.
    static func checkEncoding(_ data: Data, file: String) throws {
        let head = data.prefix(4)
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0, 0, 0xFE, 0xFF]) { return }
        if let declared = declaredEncoding(data), !["utf-8", "utf8"].contains(declared.lowercased()) { return }
        func fail(_ message: String) -> LCAError {
            LCAError(
                .malformedFile, message, dataset: file,
                suggestion:
                    "save the file as UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`), or declare its encoding in the first line: <?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
            )
        }
        if data.prefix(4096).contains(0) || String(data: data, encoding: .utf8) == nil { throw fail("is not UTF-8 (\(TextDecoding.guess(data)))") }
    }

    /// The `encoding` of the XML declaration (`<?xml version="1.0" encoding="ISO-8859-1"?>`), if any.
    static func declaredEncoding(_ data: Data) -> String? {
        let head = String(decoding: data.prefix(256).prefix { $0 != 0 }, as: UTF8.self)
        guard head.hasPrefix("<?xml"), let end = head.range(of: "?>") else { return nil }
        let decl = head[..<end.lowerBound]
        guard let r = decl.range(of: "encoding") else { return nil }
        var rest = decl[r.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        rest = rest.dropFirst()
        return String(rest.prefix { $0 != quote })
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLElementNode] = []
        var root: XMLElementNode?
        /// The line where nesting passed ``XMLElementNode/maxDepth`` (parsing was stopped there).
        var tooDeepAt: Int?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
            attributes attributeDict: [String: String] = [:]
        ) {
            guard tooDeepAt == nil else { return }
            if stack.count >= XMLElementNode.maxDepth {
                tooDeepAt = parser.lineNumber
                parser.abortParsing()
                return
            }
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            var attrs: [String: String] = [:]
            for (k, v) in attributeDict { attrs[k.split(separator: ":").last.map(String.init) ?? k] = v }
            let node = XMLElementNode(name: local, attributes: attrs)
            if let parent = stack.last { parent.children.append(node) } else if root == nil { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            guard tooDeepAt == nil else { return }
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
        }
    }
}
