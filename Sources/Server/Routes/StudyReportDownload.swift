import Foundation
import Hummingbird
import YuhengData

/// The ISO 14067 report of a finished `lca-study` job as a file download
/// (`GET /api/jobs/{id}/report.md` and `/report.html`). The job's result already holds both
/// renderings (`report_markdown`, `report_html`); they are served with
/// `Content-Disposition: attachment`, so the browser saves them instead of showing them as a page
/// of this server.
enum StudyReportDownload {
    enum Format {
        case markdown, html

        var key: String { self == .markdown ? "report_markdown" : "report_html" }
        var fileExtension: String { self == .markdown ? "md" : "html" }
        var contentType: String { self == .markdown ? "text/markdown; charset=utf-8" : "text/html; charset=utf-8" }
    }

    static func response(db: YuhengDatabase, job id: String, format: Format) throws -> Response {
        guard let job = try db.job(id) else { throw APIError(.notFound, code: "job.notFound", "no job \(id)", field: "id") }
        guard job.kind == "lca-study" else {
            throw APIError(.notFound, code: "job.noReport", "job \(id) is a '\(job.kind)' job; reports come from lca-study jobs", field: "id")
        }
        guard job.status == .succeeded, let text = try db.jobResult(id) else {
            throw APIError(.conflict, code: "job.notFinished", "job \(id) is \(job.status.rawValue)\(job.error.map { ": \($0)" } ?? "")")
        }
        guard let result = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], let report = result[format.key] as? String else {
            throw APIError(.internalServerError, code: "job.noReport", "the result of job \(id) holds no \(format.key)")
        }
        return Response(status: .ok, headers: [
            .contentType: format.contentType,
            .contentDisposition: "attachment; filename=\"\(fileName(job: id, format: format))\"",
            .cacheControl: "no-store",
        ], body: .init(byteBuffer: ByteBuffer(string: report)))
    }

    /// `yuheng-lca-<job id>.md` with only letters, digits, '-' and '_' from the id.
    static func fileName(job id: String, format: Format) -> String {
        let safe = String(id.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "-" || $0 == "_" }.map(Character.init))
        return "yuheng-lca-\(safe.prefix(64)).\(format.fileExtension)"
    }
}
