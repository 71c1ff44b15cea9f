import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import YuhengLCA

/// A small element tree built with XMLParser (namespaces resolved, names without prefixes).
final class XMLElementNode {
    let name: String
    let attributes: [String: String]
    var children: [XMLElementNode] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
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
        let builder = Builder()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.delegate = builder
        let ok = parser.parse()
        if ok, let open = builder.stack.last {
            throw LCAError(.malformedFile, "is not well-formed XML: it ends before <\(open.name)> is closed (line \(parser.lineNumber))", dataset: file,
                           suggestion: "the file looks truncated; copy or export it again")
        }
        guard ok, let root = builder.root else {
            let e = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "no root element"
            throw LCAError(.malformedFile, "is not well-formed XML (line \(parser.lineNumber), column \(parser.columnNumber): \(e))", dataset: file,
                           suggestion: "check that the file is a complete EcoSpold2 document")
        }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLElementNode] = []
        var root: XMLElementNode?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                    attributes attributeDict: [String: String] = [:]) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            var attrs: [String: String] = [:]
            for (k, v) in attributeDict { attrs[k.split(separator: ":").last.map(String.init) ?? k] = v }
            let node = XMLElementNode(name: local, attributes: attrs)
            if let parent = stack.last { parent.children.append(node) } else if root == nil { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
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
