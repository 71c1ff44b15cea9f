import Foundation
import Hummingbird
import YuhengInventory
import YuhengPages
import YuhengServices

/// The inventory page (`/inventory`): the form posts here (multipart/form-data with the file, or
/// urlencoded); the inventory is computed by the inventory service with both uncertainty
/// propagations — IPCC Approach 1 (every source independent) and shared factors correlated — and
/// ``InventoryView`` renders it.
enum InventoryPage {
    /// What the form sent.
    struct Submission {
        var csv: String
        var gwp: String
        var fileName: String
    }

    static func register(_ pages: PageRoutes, state: ServerState) {
        pages.get("/inventory") { _, _ in
            await htmlHandle(section: .inventory) {
                page(InventoryView.render(csv: nil, gwp: nil, result: nil, failure: nil))
            }
        }
        pages.postForm("/inventory") { req, _ in
            let body: Data
            do { body = try await req.bodyData() } catch {
                return page(InventoryView.render(csv: nil, gwp: nil, result: nil, failure: failure(error)), status: APIError.from(error).status)
            }
            let contentType = req.headers[.contentType] ?? ""
            return try await state.work.run { post(body, contentType: contentType, state: state) }
        }
    }

    /// The page; the footer names the datasets of a computed inventory (the factors and the GWP set).
    static func page(_ body: String, status: HTTPResponse.Status = .ok, datasets: [DatasetLine] = []) -> Response {
        Page.html("Inventory", .inventory, body, script: InventoryView.script, wide: true, status: status, datasets: datasets)
    }

    /// A submitted form: the result, or the error with the form as it was sent.
    static func post(_ body: Data, contentType: String, state: ServerState) -> Response {
        var sent: Submission?
        do {
            let s = try submission(try FormData.parse(body, contentType: contentType))
            sent = s
            let activities = try ActivityFile.parseCSV(s.csv, fileName: s.fileName)
            if InventorySeriesPage.isSeries(activities) {
                return InventorySeriesPage.page(s, series: try InventorySeriesPage.series(s, activities: activities, baseYear: nil, state: state))
            }
            let computed = try state.services.inventory.computeCorrelated(activities, fileName: s.fileName, gwp: s.gwp)
            return page(
                InventoryView.render(csv: s.csv, gwp: s.gwp, result: result(computed, fileName: s.fileName), failure: nil),
                datasets: computed.result.datasets.map(DatasetLine.init))
        } catch {
            return page(
                InventoryView.render(csv: sent?.csv, gwp: sent?.gwp, result: nil, failure: failure(error)), status: APIError.from(error).status)
        }
    }

    static func failure(_ error: any Error) -> InventoryView.Failure {
        let e = APIError.from(error)
        return InventoryView.Failure(code: e.code, message: HTML.withoutCommandLine(e.message), field: e.field)
    }

    /// The submission of a form body (the uploaded file wins over the text area).
    static func submission(_ form: FormData) throws -> Submission {
        let gwp = form.text("gwp").flatMap { $0.isEmpty ? nil : $0 } ?? "AR5"
        if let file = form.file("file") {
            return Submission(csv: file.text, gwp: gwp, fileName: file.fileName ?? "upload.csv")
        }
        guard let csv = form.text("csv"), !csv.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError(.badRequest, code: "form.missingField", "choose an activity file or paste one into the text area", field: "csv")
        }
        return Submission(csv: csv, gwp: gwp, fileName: "pasted.csv")
    }

    /// The page's values of a computed inventory.
    static func result(_ c: InventoryService.CorrelatedInventory, fileName: String) -> InventoryView.Result {
        let r = c.result
        let categories = r.byCategory.keys.sorted().map { code in
            let cat = r.byCategory[code]!
            return InventoryView.Category(
                code: code, name: cat.name, byGas: cat.byGasTonnes, co2e: cat.co2eTonnes, approach1: cat.uncertaintyPercent,
                correlated: c.correlated[code])
        }
        let total = InventoryView.Category(
            code: "", name: "Total", byGas: r.byGasTonnes, co2e: r.totalCO2eTonnes, approach1: r.uncertaintyPercent,
            correlated: c.correlated[""])
        return InventoryView.Result(
            fileName: fileName, gwp: r.gwp, categories: categories, total: total, coverage: r.uncertaintyCoverage,
            unquantified: r.uncertaintyUnquantified,
            correlationNote: c.correlationProblem.map { "the correlated propagation is not available: \($0)" },
            biogenicCO2: r.memo.biogenicCO2Tonnes, bunkersCO2e: r.memo.internationalBunkersCO2eTonnes,
            referenceVsSectoralPct: r.referenceVsSectoralPercent,
            warnings: r.warnings, datasets: r.datasets.map(DatasetLine.init))
    }
}
