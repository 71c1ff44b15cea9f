import Foundation
import Hummingbird
import YuhengInventory
import YuhengPages
import YuhengReports
import YuhengServices

/// The inventory page for an activity file with a `year` column: the latest year's table (as for
/// one year) and the series — a chart per IPCC sector, the trend, key categories with a Pareto
/// chart — and `POST /inventory/report`, which downloads the printable report of the same file.
enum InventorySeriesPage {
    static func register(_ pages: PageRoutes, state: ServerState) {
        pages.postForm("/inventory/report") { req, _ in
            let body: Data
            do { body = try await req.bodyData() } catch {
                return InventoryPage.page(
                    InventoryView.render(csv: nil, gwp: nil, result: nil, failure: InventoryPage.failure(error)), status: APIError.from(error).status)
            }
            let contentType = req.headers[.contentType] ?? ""
            return try await state.work.run { report(body, contentType: contentType, state: state) }
        }
    }

    /// True when the activities span more than one year (they are computed as a time series).
    static func isSeries(_ activities: [Activity]) -> Bool { Set(activities.compactMap(\.year)).count > 1 }

    /// The series computed by the inventory service for a submission.
    static func series(_ s: InventoryPage.Submission, activities: [Activity], baseYear: Int?, state: ServerState) throws -> InventorySeriesResult {
        try state.services.inventory.series(activities, fileName: s.fileName, gwp: s.gwp, options: InventorySeriesOptions(baseYear: baseYear))
    }

    /// The page of a series: the latest year's table, then the series section.
    static func page(_ s: InventoryPage.Submission, series: InventorySeriesResult) -> Response {
        let latest = InventoryService.CorrelatedInventory(
            result: series.latest, correlated: [:],
            correlationProblem: "the correlated propagation is shown for a single year's file; this is the latest year of a series")
        let table = InventoryView.render(
            csv: s.csv, gwp: s.gwp,
            result: InventoryPage.result(latest, fileName: "\(s.fileName), \(series.latestYear.map(String.init) ?? "latest year")"), failure: nil)
        return InventoryPage.page(
            table + InventorySeriesView.render(view(series), csv: s.csv), datasets: series.latest.datasets.map(DatasetLine.init))
    }

    /// The view's values: sector totals per year, the trend and the key categories.
    static func view(_ s: InventorySeriesResult) -> InventorySeriesView.Series {
        let sectorNames = Set(s.series.flatMap(\.bySectorCO2e.keys)).sorted()
        let sectors = sectorNames.map { name in InventorySeriesView.Sector(name: name, tonnes: s.series.map { $0.bySectorCO2e[name] }) }
        let keys = s.keyCategories.key.map {
            InventorySeriesView.Key(
                category: $0.category, name: $0.name, gas: $0.gas, criteria: $0.criteria, levelShare: $0.levelShare,
                levelCumulative: $0.levelCumulative, trendShare: $0.trendShare, co2e: $0.co2e)
        }
        return InventorySeriesView.Series(
            years: s.years, baseYear: s.baseYear, gwp: s.latest.gwp, sectors: sectors, totals: s.series.map(\.totalCO2e),
            trendPercent: s.trend?.changePercent, trendUncertaintyPoints: s.trend?.uncertaintyPercentPoints, keys: keys)
    }

    /// The report download: the printable HTML report of the posted file (a single year is a series of one).
    static func report(_ body: Data, contentType: String, state: ServerState) -> Response {
        do {
            let form = try FormData.parse(body, contentType: contentType)
            let s = try InventoryPage.submission(form)
            let baseYear = form.text("base_year").flatMap { Int($0) }
            let activities = try ActivityFile.parseCSV(s.csv, fileName: s.fileName)
            let series = try series(s, activities: activities, baseYear: baseYear, state: state)
            let html = InventoryReport.html(series, title: "Greenhouse gas inventory — \(s.fileName)")
            var headers = HTTPFields()
            headers[.contentType] = "text/html; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"inventory-report.html\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
        } catch {
            return InventoryPage.page(
                InventoryView.render(csv: nil, gwp: nil, result: nil, failure: InventoryPage.failure(error)), status: APIError.from(error).status)
        }
    }
}
