import Foundation

/// The data page (`/data`): every registered dataset with its version, licence, date and source.
public enum DataView {
    /// A registered dataset.
    public struct Dataset: Sendable {
        /// The dataset's identifier, e.g. "gcb2022-national" or "ipcc2006-stationary".
        public var id: String
        /// Human-readable title of the dataset.
        public var title: String
        /// The dataset's version as its publisher numbers it.
        public var version: String
        /// Licence under which the data may be used, e.g. "CC BY 4.0".
        public var licence: String
        /// The source's publication or release date (ISO 8601).
        public var date: String
        /// Where the data comes from (publisher, URL or citation).
        public var source: String
        /// A dataset line of the table.
        public init(id: String, title: String, version: String, licence: String, date: String, source: String) {
            self.id = id
            self.title = title
            self.version = version
            self.licence = licence
            self.date = date
            self.source = source
        }
    }

    /// The columns' widths: ids and dates never wrap, the title keeps a readable measure (it wrapped
    /// one word per line beside the long source texts), long versions, licences and sources (URLs)
    /// may break anywhere, and the source takes the rest in a smaller font.
    static let style = """
        <style>#datasets td{vertical-align:top} #datasets .id,#datasets .date{white-space:nowrap} #datasets .title{min-width:14em}
        #datasets .version{min-width:10em;overflow-wrap:anywhere} #datasets .licence{min-width:8em;overflow-wrap:anywhere}
        #datasets .source{min-width:16em;font-size:13px;color:#444;overflow-wrap:anywhere}</style>
        """

    /// The page body.
    public static func render(_ datasets: [Dataset]) -> String {
        let esc = HTML.esc
        let rows = datasets.map {
            "<tr data-dataset=\"\(esc($0.id))\"><td class=\"id\">\(esc($0.id))</td><td class=\"title\">\(esc($0.title))</td><td class=\"version\">\(esc($0.version))</td>"
                + "<td class=\"licence\">\(esc($0.licence))</td><td class=\"date\">\(esc($0.date))</td><td class=\"source\">\(esc($0.source))</td></tr>"
        }.joined()
        return style
            + "<h1>Datasets and provenance</h1><p class=\"muted\">\(datasets.count) datasets: everything shipped with Yuheng and what was imported.</p>"
            + "<div class=\"scroll\"><table id=\"datasets\"><thead><tr><th>ID</th><th>Title</th><th>Version</th><th>Licence</th><th>Date</th><th>Source</th></tr></thead><tbody>\(rows)</tbody></table></div>"
    }
}
