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

    struct Reports: Decodable { let report_markdown: String?; let report_html: String? }

    static func response(jobs: JobManager, job id: String, format: Format) throws -> Response {
        let job = try jobs.record(id)
        guard job.kind == StudyJob.name else {
            throw APIError(.notFound, code: "job.noReport", "job \(id) is a '\(job.kind)' job; reports come from lca-study jobs", field: "id")
        }
        let text = try jobs.result(id)
        let reports = try? JSONDecoder().decode(Reports.self, from: Data(text.utf8))
        guard let report = format == .markdown ? reports?.report_markdown : reports?.report_html else {
            throw APIError(.internalServerError, code: "job.noReport", "the result of job \(id) holds no \(format.key)")
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: format.contentType,
                .contentDisposition: "attachment; filename=\"\(fileName(job: id, format: format))\"",
                .cacheControl: "no-store"
            ], body: .init(byteBuffer: ByteBuffer(string: report)))
    }

    /// `yuheng-lca-<job id>.md` with only letters, digits, '-' and '_' from the id.
    static func fileName(job id: String, format: Format) -> String {
        let safe = String(
            id.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "-" || $0 == "_" }.map(Character.init))
        return "yuheng-lca-\(safe.prefix(64)).\(format.fileExtension)"
    }
}
