import Foundation
import Hummingbird
import YuhengPages

/// The data page (`/data`): every registered dataset (``DataView``).
enum DataPage {
    static func register(_ pages: PageRoutes, state: ServerState) {
        pages.get("/data") { _, _ in
            await htmlHandle(section: .data) {
                try await state.work.run {
                    let datasets = try state.services.data.datasets().map {
                        DataView.Dataset(id: $0.id, title: $0.title, version: $0.version, licence: $0.licence, date: $0.date, source: $0.source)
                    }
                    return Page.html("Data", .data, DataView.render(datasets), wide: true)
                }
            }
        }
    }
}
