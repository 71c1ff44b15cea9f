import Foundation
import Hummingbird
import YuhengPages

/// Server-rendered pages, one file per area: each gathers its data from ``ServerState/services``
/// and answers with the HTML of a view function of YuhengPages (pure: value types in, HTML out).
///
/// | page | file | view |
/// |---|---|---|
/// | `/` map | MapPage.swift | ``MapView`` |
/// | `/country/{code}` | CountryPage.swift | ``CountryView``, ``CountryOutsideView`` |
/// | `/trends` | TrendsPage.swift | ``TrendsView`` |
/// | `/sda` | SDAPage.swift | ``SDAView`` |
/// | `/inventory` | InventoryPage.swift | ``InventoryView`` |
/// | `/lca` | LCAPage.swift | ``LCAView`` |
/// | `/lca/montecarlo/{id}` | MonteCarloPage.swift | ``MonteCarloView`` |
/// | `/data` | DataPage.swift | ``DataView`` |
/// | `/chat` | ChatPage.swift | ``ChatView`` |
/// | unknown paths, errors | PageModels.swift, RequestGuard | ``ErrorView`` |
enum WebPages {
    static func register(_ pages: PageRoutes, state: ServerState, jobs: JobManager) {
        MapPage.register(pages, state: state)
        CountryPage.register(pages, state: state)
        TrendsPage.register(pages, state: state)
        SDAPage.register(pages, state: state)
        InventoryPage.register(pages, state: state)
        InventorySeriesPage.register(pages, state: state)
        LCAPage.register(pages, state: state, jobs: jobs)
        MonteCarloPage.register(pages, state: state, jobs: jobs)
        DataPage.register(pages, state: state)
        ChatPage.register(pages, state: state)
    }
}
