import Foundation

/// Error pages: what went wrong, what to do on the page, and links back. They never suggest
/// command-line commands (a visitor of the web interface may not have the command line).
public enum ErrorView {
    /// A link on an error page.
    public struct Link: Sendable {
        /// The link's text, e.g. "← back to the map".
        public var title: String
        /// The link's target, a path on this server such as "/".
        public var href: String
        /// A link with its text and target.
        public init(_ title: String, _ href: String) {
            self.title = title
            self.href = href
        }
    }

    /// The pages of the web interface, for "what exists" on a 404 page.
    public static let pages: [(path: String, title: String, what: String)] = [
        ("/", "Map", "production- vs consumption-based CO2 of every region (2011 or 2009)"),
        ("/country/CHN", "Country pages", "/country/ISO3 for the 40 countries of the bundled WIOD tables, e.g. CHN, USA, DEU"),
        ("/trends", "Trends", "how production and consumption changed from 2009 to 2011"),
        ("/inventory", "Inventory", "an IPCC inventory of an activity file"),
        ("/lca", "LCA", "product footprints, Monte Carlo and ISO 14067 study reports"),
        ("/data", "Data", "the datasets with version, source and licence"),
        ("/chat", "Chat", "ask Yuheng's agents"),
        ("/openapi.json", "API", "the JSON API (its paths start with /api/)")
    ]

    /// An error's page body: the status, the message, what to do and links.
    public static func render(status: Int, code: String, message: String, advice: String? = nil, links: [Link] = [Link("← back to the map", "/")])
        -> String
    {
        let esc = HTML.esc
        let linkLine = links.map { "<a href=\"\(esc($0.href))\">\(esc($0.title))</a>" }.joined(separator: " · ")
        return """
            <h1>\(status == 404 ? "Not found" : "Something went wrong") <span class="muted">(\(status))</span></h1>
            <div class="card bad" id="error"><p id="error-message">\(esc(message))</p><p class="muted"><code>\(esc(code))</code></p></div>
            \(advice.map { "<p id=\"error-advice\">\(esc($0))</p>" } ?? "")
            <p id="error-links">\(linkLine)</p>
            """
    }

    /// The 404 page of a path no page has: what exists, with links.
    public static func notFound(path: String) -> String {
        let esc = HTML.esc
        let shown = path.count > 200 ? String(path.prefix(200)) + "…" : path
        let list = pages.map { "<li><a href=\"\(esc($0.path))\">\(esc($0.title))</a>: \(esc($0.what))</li>" }.joined()
        return """
            <h1>Not found <span class="muted">(404)</span></h1>
            <div class="card" id="error"><p id="error-message">There is no page <code>\(esc(shown))</code> on this server.</p></div>
            <p>These pages exist:</p><ul id="pages">\(list)</ul>
            <p id="error-links"><a href="/">← back to the map</a></p>
            """
    }
}

/// The page of a country that is not a region of the bundled input-output table (e.g. Switzerland,
/// which WIOD counts in its rest of the world): what the other datasets hold for it.
public enum CountryOutsideView {
    /// Everything the page of a country outside the input-output table shows.
    public struct Model: Sendable {
        /// The country's ISO 3166-1 alpha-3 code, e.g. "CHE".
        public var code: String
        /// Display name of the country, e.g. "Switzerland".
        public var name: String
        /// The year of the figures.
        public var year: Int
        /// The table's name, e.g. "WIOD 2011 (wiod2011-co2)".
        public var table: String
        /// Territorial fossil CO2 of the Global Carbon Budget, Mt CO2; nil when GCB has no value.
        public var gcbTerritorial: Double?
        /// Consumption-based fossil CO2 of the Global Carbon Budget, Mt CO2; nil when GCB has no value.
        public var gcbConsumption: Double?
        /// Land-use change CO2 (GCB), natural CH4 in CO2e, LUCF of inventories (CAIT).
        public var landUse: RegionFigures.Estimate?
        /// Natural CH4 sources, Mt CO2e, with range and period; nil without data.
        public var natural: RegionFigures.Estimate?
        /// Land use, land-use change and forestry of the national inventory (CAIT), Mt CO2; nil without data.
        public var lucf: RegionFigures.Estimate?
        /// The countries the table has (code, name), for links.
        public var tableCountries: [(code: String, name: String)]
        /// The `year` query the page was asked with ("" for the default), kept in its links.
        public var yearQuery: String
        /// The datasets behind the figures, listed under the page.
        public var datasets: [DatasetLine]
        /// What the page was asked for and cannot show, e.g. that GHG-wide values exist only for the table's regions.
        public var note: String? = nil

        /// A model of the page.
        public init(
            code: String, name: String, year: Int, table: String, gcbTerritorial: Double?, gcbConsumption: Double?,
            landUse: RegionFigures.Estimate?, natural: RegionFigures.Estimate?, lucf: RegionFigures.Estimate?,
            tableCountries: [(code: String, name: String)], yearQuery: String, datasets: [DatasetLine]
        ) {
            self.code = code
            self.name = name
            self.year = year
            self.table = table
            self.gcbTerritorial = gcbTerritorial
            self.gcbConsumption = gcbConsumption
            self.landUse = landUse
            self.natural = natural
            self.lucf = lucf
            self.tableCountries = tableCountries
            self.yearQuery = yearQuery
            self.datasets = datasets
        }
    }

    /// The page body.
    public static func render(_ m: Model) -> String {
        let esc = HTML.esc, num = HTML.num
        var rows = ""
        func row(_ id: String, _ label: String, _ value: Double?, _ unit: String) {
            guard let value else { return }
            rows += "<tr><th>\(esc(label))</th><td class=num id=\"\(id)\">\(num(value, 1))</td><td>\(esc(unit))</td></tr>"
        }
        row("gcb-territorial", "Territorial fossil CO2 (GCB 2022, \(m.year))", m.gcbTerritorial, "Mt CO2")
        row("gcb-consumption", "Consumption-based CO2 (GCB 2022, \(m.year))", m.gcbConsumption, "Mt CO2")
        for (id, label, e) in [
            ("landuse", "Land-use change (GCB 2024", m.landUse), ("natural", "Natural CH4 sources (GMB 2020", m.natural),
            ("lucf", "LUCF of inventories (CAIT", m.lucf)
        ] {
            if let e { row(id, "\(label), \(e.when))", e.value, e.unit + (e.low.map { " (\(num($0, 1)) to \(num(e.high, 1)))" } ?? "")) }
        }
        let table =
            rows.isEmpty
            ? "<p class=\"muted\" id=\"no-figures\">No bundled dataset has figures for \(esc(m.name)).</p>" : "<table id=\"figures\">\(rows)</table>"
        let countries = m.tableCountries.map { "<a href=\"/country/\(esc($0.code))\(m.yearQuery)\">\(esc($0.name))</a>" }.joined(separator: ", ")
        return """
            <h1 id="country-name">\(esc(m.name)) (\(esc(m.code))), \(m.year)</h1>
            <div class="card" id="outside-table"><p>\(esc(m.name)) is not a region of the bundled input-output table \(esc(m.table)): the table counts its emissions in the rest of the world (RoW), so it has no production- and consumption-based account, trade partners or supply-chain paths of its own.</p>\(m.note.map { "<p id=\"outside-note\">\(esc($0))</p>" } ?? "")</div>
            <h2>What the other datasets hold for \(esc(m.name))</h2>
            \(table)
            <p id="error-links"><a href="/\(m.yearQuery)">← back to the map</a> · <a href="/data">all datasets</a></p>
            <p class="muted">Countries of the table: \(countries)</p>
            """
    }
}
