import Foundation
import Hummingbird
import YuhengCore

/// An API error: HTTP status, a machine-readable code, a message and the offending field.
public struct APIError: Error, Sendable, Encodable, CustomStringConvertible {
    /// HTTP status of the answer (400 bad input, 404 unknown resource, 422 singular or non-finite result, 503 busy, ...).
    public var status: HTTPResponse.Status
    /// Machine-readable qualified code, e.g. `data.unknownDataset` or `job.notFound`, stable across releases.
    public var code: String
    /// Human-readable explanation sent to the client, including what to change where Yuheng knows it.
    public var message: String
    /// The request field (query parameter or JSON key path) that caused the error; nil when no single field is at fault.
    public var field: String?
    /// Seconds after which the client may try again (sent as `Retry-After` with 503).
    public var retryAfter: Int?
    /// Methods the path allows (sent as `Allow` with 405).
    public var allow: [String]?

    /// An error answer with `status`, qualified `code` and `message`; `field`, `retryAfter` and `allow` are optional headers/details.
    public init(_ status: HTTPResponse.Status, code: String, _ message: String, field: String? = nil, retryAfter: Int? = nil, allow: [String]? = nil)
    {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.retryAfter = retryAfter
        self.allow = allow
    }

    /// The message followed by the code in brackets, e.g. "no job 42 [job.notFound]".
    public var description: String { "\(message) [\(code)]" }

    enum CodingKeys: String, CodingKey { case code, message, field }

    /// The server's one mapping of errors to answers. Yuheng's errors answer by their ``ErrorKind``
    /// (the status: a singular matrix 422, bad input 400, a thing not found 404), qualified code
    /// (`data.unknownDataset`), description and field; the errors of the HTTP layer itself
    /// (Hummingbird's, a request body that does not decode, a cancelled request) keep their own
    /// answers. Only a `.failure` (a broken installation) or an error Yuheng does not know is a 500.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as DecodingError: return .decoding(e)
        case let e as HTTPError:
            switch e.status {
            case .contentTooLarge: return APIError(.contentTooLarge, code: "request.tooLarge", "the request body is too large")
            case .notFound: return APIError(.notFound, code: "request.notFound", e.body ?? "not found")
            default: return APIError(e.status, code: "request.\(e.status.code)", e.body ?? e.status.reasonPhrase)
            }
        case is CancellationError:
            return APIError(
                .init(code: 499, reasonPhrase: "Client Closed Request"), code: "request.cancelled",
                "the request was cancelled (the client went away or the server is stopping)")
        default:
            let r = ErrorReport(error)
            return APIError(HTTPResponse.Status(code: r.kind.httpStatus), code: r.code, r.description, field: r.location?.field)
        }
    }

    var response: Response {
        struct Envelope: Encodable { let error: APIError }
        var r = JSONResponse.make(Envelope(error: self), status: status)
        if let retryAfter { r.headers[.retryAfter] = String(retryAfter) }
        if let allow { r.headers[.allow] = allow.joined(separator: ", ") }
        return r
    }
}

enum JSONResponse {
    /// The encoder of every JSON answer and job result. It refuses NaN and ±infinity (the default
    /// strategy throws): a result that is not finite is an error that names where it occurs
    /// (``encode(_:)``), never "NaN" in the output.
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// Encodes a result, checking that every number is finite.
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        do {
            return try encoder.encode(value)
        } catch let EncodingError.invalidValue(v, c) {
            let path = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            let at = path.hasPrefix(".") ? String(path.dropFirst()) : path
            throw APIError(
                .unprocessableContent, code: "result.notFinite",
                "the result is not a finite number at '\(at.isEmpty ? "(top)" : at)' (\(v)): the inputs are out of the range this calculation supports; check the amounts and values given",
                field: at.isEmpty ? nil : at)
        }
    }

    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        do {
            let data = try encode(value)
            return Response(
                status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        } catch let e as APIError {
            return e.response
        } catch {
            return Response(
                status: .internalServerError, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"code":"internal","message":"encoding failed"}}"#)))
        }
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func bytes(_ data: Data, type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ text: String, type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Runs a handler and turns any thrown error into a JSON error response.
func handle(_ body: () async throws -> Response) async -> Response {
    do { return try await body() } catch { return APIError.from(error).response }
}
