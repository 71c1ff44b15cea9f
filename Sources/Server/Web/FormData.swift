import Foundation

/// The fields of an HTML form submission: `multipart/form-data` (what a form with a file input
/// sends) or `application/x-www-form-urlencoded`.
///
/// ```swift
/// let form = try FormData.parse(body, contentType: request.headers[.contentType] ?? "")
/// let csv = form.file("file")?.text ?? form.text("csv")
/// ```
struct FormData {
    struct Field {
        var name: String
        /// The uploaded file's name (file inputs only).
        var fileName: String?
        var value: Data
        var text: String { String(decoding: value, as: UTF8.self) }
    }

    var fields: [Field]

    /// The first field of that name as text.
    func text(_ name: String) -> String? { fields.first { $0.name == name }?.text }

    /// The uploaded file of that name, if one was chosen (browsers send an empty part otherwise).
    func file(_ name: String) -> Field? {
        fields.first { $0.name == name && $0.fileName.map { !$0.isEmpty } == true && !$0.value.isEmpty }
    }

    static func parse(_ body: Data, contentType: String) throws -> FormData {
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch type {
        case "multipart/form-data":
            guard let boundary = parameters(contentType)["boundary"], !boundary.isEmpty else {
                throw APIError(.badRequest, code: "form.malformed", "multipart/form-data without a boundary", field: "Content-Type")
            }
            return try multipart(body, boundary: boundary)
        case "application/x-www-form-urlencoded", "":
            return urlEncoded(String(decoding: body, as: UTF8.self))
        default:
            throw APIError(
                .unsupportedMediaType, code: "form.unsupportedType",
                "send the form as multipart/form-data or application/x-www-form-urlencoded, not \(type)", field: "Content-Type")
        }
    }

    /// `a=1&b=two+words` (plus signs are spaces, then percent-decoding).
    static func urlEncoded(_ text: String) -> FormData {
        let fields = text.split(separator: "&").map { pair -> Field in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return Field(name: decode(parts[0]), fileName: nil, value: Data(decode(parts.count > 1 ? parts[1] : "").utf8))
        }
        return FormData(fields: fields)
    }

    /// RFC 7578: parts separated by `--boundary`, each with headers, a blank line and the content.
    static func multipart(_ body: Data, boundary: String) throws -> FormData {
        let delimiter = Data("--\(boundary)".utf8)
        let crlf = Data("\r\n".utf8), headerEnd = Data("\r\n\r\n".utf8)
        func malformed(_ why: String) -> APIError { APIError(.badRequest, code: "form.malformed", "the multipart form body is malformed: \(why)") }
        guard var position = body.range(of: delimiter)?.upperBound else { throw malformed("no boundary line") }
        var fields: [Field] = []
        while true {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            let rest = body[position...]
            if rest.starts(with: Data("--".utf8)) { break }
            guard rest.starts(with: crlf) else { throw malformed("a boundary line is not followed by a line break") }
            let partStart = position + crlf.count
            guard let headersRange = body.range(of: headerEnd, in: partStart..<body.endIndex) else {
                throw malformed("a part has no blank line after its headers")
            }
            let headers = String(decoding: body[partStart..<headersRange.lowerBound], as: UTF8.self)
            guard let next = body.range(of: crlf + delimiter, in: headersRange.upperBound..<body.endIndex) else {
                throw malformed("the last part is not closed")
            }
            var name: String? = nil, fileName: String? = nil
            for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                let p = parameters(String(line.dropFirst("content-disposition:".count)))
                name = p["name"]
                fileName = p["filename"]
            }
            if let name {
                fields.append(Field(name: name, fileName: fileName, value: Data(body[headersRange.upperBound..<next.lowerBound])))
            }
            position = next.upperBound
        }
        return FormData(fields: fields)
    }

    /// `key=value` parameters of a header value (`form-data; name="csv"; filename="a;b.csv"`), values unquoted.
    static func parameters(_ header: String) -> [String: String] {
        var out: [String: String] = [:]
        var chars = Substring(header)
        // Skip the leading token (the media type or "form-data").
        if let semicolon = chars.firstIndex(of: ";") { chars = chars[chars.index(after: semicolon)...] } else { return out }
        while !chars.isEmpty {
            chars = chars.drop { $0 == " " || $0 == ";" || $0 == "\t" }
            guard let eq = chars.firstIndex(of: "=") else { break }
            let key = chars[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            chars = chars[chars.index(after: eq)...]
            var value = ""
            if chars.first == "\"" {
                chars = chars.dropFirst()
                while let c = chars.first, c != "\"" {
                    if c == "\\", chars.count > 1 { chars = chars.dropFirst() }
                    value.append(chars.first!)
                    chars = chars.dropFirst()
                }
                chars = chars.dropFirst()
            } else {
                let end = chars.firstIndex(of: ";") ?? chars.endIndex
                value = chars[..<end].trimmingCharacters(in: .whitespaces)
                chars = chars[end...]
            }
            out[key] = value
        }
        return out
    }
}
