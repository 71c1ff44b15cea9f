import Foundation
import Hummingbird
import YuhengCore
import YuhengPages
import YuhengPanorama

// Translations of the use cases' results into the pages' value types (YuhengPages renders them).

extension RegionFigures {
    /// A region's row of the panoramic account.
    init(_ r: PanoramaRow) {
        let landUse =
            r.panoramic?.landUse.map {
                Estimate(value: $0.valueMt, low: $0.lowMt, high: $0.highMt, when: $0.year.map(String.init) ?? "", unit: "Mt CO2")
            }
            ?? r.landUseMt.map { Estimate(value: $0, low: r.landUseLowMt, high: r.landUseHighMt, when: "", unit: "Mt CO2") }
        let natural =
            r.panoramic?.natural.map { Estimate(value: $0.valueMt, low: $0.lowMt, high: $0.highMt, when: $0.period ?? "", unit: $0.unit) }
            ?? r.naturalMt.map { Estimate(value: $0, low: r.naturalLowMt, high: r.naturalHighMt, when: "", unit: "Mt CO2e") }
        self.init(
            region: r.region, iso3: r.iso3, name: r.name, production: r.productionMt, consumption: r.consumptionMt, imports: r.importsMt,
            exports: r.exportsMt, net: r.netTransferMt, adjustmentPct: r.adjustmentPct, gcbTerritorial: r.gcbTerritorialMt,
            gcbConsumption: r.gcbConsumptionMt, landUse: landUse, natural: natural, panoramicTotal: r.panoramic?.panoramicTotalMt,
            panoramicAdjustmentPct: r.panoramic?.panoramicAdjustmentPct)
    }
}

extension DatasetLine {
    /// A dataset's provenance as a page's footer names it.
    init(_ p: Provenance) { self.init(id: p.datasetID, version: p.version, licence: p.licence, source: p.source) }
}

/// A page as an HTML answer.
enum Page {
    static func html(
        _ title: String, _ section: PageLayout.Section, _ body: String, script: String = "", wide: Bool = false,
        status: HTTPResponse.Status = .ok, datasets: [DatasetLine] = []
    ) -> Response {
        JSONResponse.html(PageLayout.document(title, active: section, body, script: script, wide: wide, datasets: datasets), status: status)
    }
}

/// Errors on pages: said for the page (no command-line advice), with what to do there and links back.
enum WebError {
    /// The error page of `error`, with the page's `advice` (what to do on the page) and links.
    static func page(
        _ error: any Error, section: PageLayout.Section, advice: String? = nil,
        links: [ErrorView.Link] = [ErrorView.Link("← back to the map", "/")]
    ) -> Response {
        let e = APIError.from(error)
        let body = ErrorView.render(
            status: Int(e.status.code), code: e.code, message: HTML.withoutCommandLine(e.message), advice: advice, links: links)
        return Page.html(e.status == .notFound ? "Not found" : "Error", section, body, status: e.status)
    }

    /// The message of an error as a page shows it.
    static func message(_ error: any Error) -> String { HTML.withoutCommandLine(APIError.from(error).message) }
}

/// Runs a page's handler; an error becomes an error page (see ``WebError``).
func htmlHandle(section: PageLayout.Section = .none, advice: String? = nil, _ body: () async throws -> Response) async -> Response {
    do { return try await body() } catch { return WebError.page(error, section: section, advice: advice) }
}
