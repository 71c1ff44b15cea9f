import Foundation

/// The data page (`/data`): every registered dataset with its version, licence, date and source.
public enum DataView {
    /// A registered dataset.
    public struct Dataset: Sendable {
        public var id: String
        public var title: String
        public var version: String
        public var licence: String
        public var date: String
        public var source: String
        public init(id: String, title: String, version: String, licence: String, date: String, source: String) {
            self.id = id
            self.title = title
            self.version = version
            self.licence = licence
            self.date = date
            self.source = source
        }
    }

    /// The page body.
    public static func render(_ datasets: [Dataset]) -> String {
        let esc = HTML.esc
        let rows = datasets.map {
            "<tr><td>\(esc($0.id))</td><td>\(esc($0.title))</td><td>\(esc($0.version))</td><td>\(esc($0.licence))</td><td>\(esc($0.date))</td><td>\(esc($0.source))</td></tr>"
        }.joined()
        return "<h1>Datasets and provenance</h1><div class=\"scroll\"><table id=\"datasets\"><thead><tr><th>ID</th><th>Title</th><th>Version</th><th>Licence</th><th>Date</th><th>Source</th></tr></thead><tbody>\(rows)</tbody></table></div>"
    }
}
