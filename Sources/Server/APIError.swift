import Foundation
import YuhengComputing
import YuhengUncertainty
import Hummingbird
import YuhengCore
import YuhengData
import YuhengInventory
import YuhengLCA
import YuhengMRIO

/// An API error: HTTP status, a machine-readable code, a message and the offending field.
public struct APIError: Error, Sendable, Encodable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var field: String?

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    enum CodingKeys: String, CodingKey { case code, message, field }

    /// Maps Yuheng's domain errors to API errors (400 for bad input, 404 for unknown things).
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as InventoryError: return APIError(.badRequest, code: "inventory.\(e.code.rawValue)", e.description, field: e.field)
        case let e as UnitError: return APIError(.badRequest, code: "unit.\(e.code.rawValue)", e.message)
        case let e as GWPError: return APIError(e.code == .unknownSet ? .badRequest : .badRequest, code: "gwp.\(e.code.rawValue)", e.message, field: "gwp")
        case let e as MRIOError: return APIError(.badRequest, code: "mrio.\(e.code.rawValue)", e.description)
        case let e as LCAError:
            let status: HTTPResponse.Status = (e.code == .unknownProcess) ? .notFound : .badRequest
            return APIError(status, code: "lca.\(e.code.rawValue)", e.description, field: e.entity)
        case let e as DataError:
            let status: HTTPResponse.Status = e.code == .unknownDataset ? .notFound : .badRequest
            return APIError(status, code: "data.\(e.code.rawValue)", e.description, field: e.field)
        case let e as DecodingError: return APIError(.badRequest, code: "request.malformed", "the request body is not valid JSON for this endpoint: \(e)")
        case let e as ComputingError:
            let status: HTTPResponse.Status = [.invalidParameters, .unknownKind, .unknownExecutor, .slurmPartition].contains(e.code) ? .badRequest : .serviceUnavailable
            return APIError(status, code: e.code.rawValue, e.description)
        case let e as UncertaintyError: return APIError(.badRequest, code: "uncertainty.\(e.code.rawValue)", e.message, field: e.parameter)
        default: return APIError(.internalServerError, code: "internal", "\(error)")
        }
    }

    var response: Response {
        struct Envelope: Encodable { let error: APIError }
        return JSONResponse.make(Envelope(error: self), status: status)
    }
}

enum JSONResponse {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return e
    }()

    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        do {
            let data = try encoder.encode(value)
            return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        } catch {
            return Response(status: .internalServerError, headers: [.contentType: "application/json"],
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
