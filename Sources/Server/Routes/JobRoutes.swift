import Foundation
import Hummingbird
import YuhengData

/// Jobs: `/api/jobs` (submit, list) and `/api/jobs/{id}` (status, result, progress events,
/// cancellation, the reports of study jobs). The job kinds are in `Jobs/`.
enum JobRoutes {
    static func register(_ api: APIRegistry, state: ServerState, jobs: JobManager) {
        let light = state.light
        api.add(
            .post, "/api/jobs", tag: "jobs", summary: "Submit a job; its parameters are checked now (400 naming the field), it runs later (202)",
            body: "JSON {kind, params}"
        ) { req, _ in
            let (kind, params) = try submission(try await req.bodyData(), kinds: jobs.kinds)
            return try await light.run { JSONResponse.make(try jobs.submit(kind: kind, params: params), status: .accepted) }
        }
        api.add(.get, "/api/jobs", tag: "jobs", summary: "Recent jobs") { _, _ in try await light.run { JSONResponse.make(try jobs.recent()) } }
        api.add(.get, "/api/jobs/{id}", tag: "jobs", summary: "A job's status and progress") { _, ctx in
            let id = try pathParameter(ctx, "id")
            return try await light.run { JSONResponse.make(try jobs.record(id)) }
        }
        api.add(.get, "/api/jobs/{id}/result", tag: "jobs", summary: "A finished job's result") { _, ctx in
            let id = try pathParameter(ctx, "id")
            return try await light.run { JSONResponse.text(try jobs.result(id), type: "application/json") }
        }
        api.add(
            .get, "/api/jobs/{id}/events", tag: "jobs", summary: "Server-sent events with the job's progress until it ends",
            response: "text/event-stream"
        ) { _, ctx in
            let id = try pathParameter(ctx, "id")
            _ = try jobs.record(id)
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: .init(asyncSequence: events(id, jobs)))
        }
        api.add(.delete, "/api/jobs/{id}", tag: "jobs", summary: "Cancel a queued or running job") { _, ctx in
            let id = try pathParameter(ctx, "id")
            return try await light.run { JSONResponse.make(try jobs.cancel(id)) }
        }
        api.add(
            .get, "/api/jobs/{id}/report.md", tag: "jobs", summary: "The ISO 14067 report of a finished lca-study job, as a Markdown download",
            response: "text/markdown attachment"
        ) { _, ctx in
            let id = try pathParameter(ctx, "id")
            return try await light.run { try StudyReportDownload.response(jobs: jobs, job: id, format: .markdown) }
        }
        api.add(
            .get, "/api/jobs/{id}/report.html", tag: "jobs", summary: "The ISO 14067 report of a finished lca-study job, as an HTML download",
            response: "text/html attachment"
        ) { _, ctx in
            let id = try pathParameter(ctx, "id")
            return try await light.run { try StudyReportDownload.response(jobs: jobs, job: id, format: .html) }
        }
    }

    /// The kind and the parameters (a JSON object, re-encoded) of a submission body `{kind, params}`.
    static func submission(_ body: Data, kinds: [String]) throws -> (kind: String, params: Data) {
        let obj = try JSONInput.object(body)
        guard let kind = obj["kind"] as? String, !kind.isEmpty else {
            throw APIError(
                .badRequest, code: "job.invalid",
                "the body must be a JSON object with 'kind' (a string; kinds: \(kinds.joined(separator: ", "))) and 'params' (an object)",
                field: "kind")
        }
        for key in obj.keys where key != "kind" && key != "params" {
            throw APIError(.badRequest, code: "job.invalid", "unknown field '\(key)': the body has only 'kind' and 'params'", field: key)
        }
        let params: [String: Any]
        switch obj["params"] {
        case nil, is NSNull: params = [:]
        case let o as [String: Any]: params = o
        default: throw APIError(.badRequest, code: "job.invalidParams", "params must be a JSON object {…} (the job's parameters)", field: "params")
        }
        return (kind, try JSONSerialization.data(withJSONObject: params))
    }

    /// The job's record as `progress` events whenever it changes, then `end` with its final status.
    static func events(_ id: String, _ jobs: JobManager) -> AsyncStream<ByteBuffer> {
        AsyncStream<ByteBuffer> { continuation in
            let task = Task {
                var last = ""
                while !Task.isCancelled {
                    guard let j = try? jobs.record(id) else { break }
                    let data = (try? JSONResponse.encode(j)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
                    if data != last { continuation.yield(ByteBuffer(string: "event: progress\ndata: \(data)\n\n")); last = data }
                    if [.succeeded, .failed, .cancelled, .interrupted].contains(j.status) {
                        continuation.yield(ByteBuffer(string: "event: end\ndata: \(j.status.rawValue)\n\n"))
                        break
                    }
                    try? await Task.sleep(for: .milliseconds(200))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
