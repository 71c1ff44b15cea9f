import Foundation
import YuhengComputing
import YuhengCore
import YuhengData

extension MRIOService {
    /// Production- and consumption-based emissions of every region in the first and last year of
    /// the bundled series, in Mt: what the trends page and the country pages compare.
    public struct SeriesComparison: Sendable {
        /// A region's (first year, last year) values, Mt.
        public struct Region: Sendable {
            /// Region code in the tables, or "World" for the world totals.
            public var region: String
            /// Production-based emissions in the first and last year, Mt; nil when a year's table lacks the region.
            public var production: (from: Double, to: Double)?
            /// Consumption-based emissions in the first and last year, Mt; nil when a year's table lacks the region.
            public var consumption: (from: Double, to: Double)?
        }

        /// Label of the first year of the comparison (the year's table label, e.g. "2009").
        public var first: String
        /// Label of the last year of the comparison.
        public var last: String
        /// Every region of the last year, the largest consumer first.
        public var regions: [Region]
        /// World totals, Mt.
        public var world: Region
        /// The tables' datasets.
        public var datasets: [Provenance]

        /// A region's values (by its code in the tables).
        public func region(_ code: String) -> Region? { regions.first { $0.region == code } }
    }

    /// The comparison of the bundled years (from the same cached solves as the panorama); nil when
    /// fewer than two years are bundled.
    public func bundledComparison() throws -> SeriesComparison? {
        let years = try bundledSeries()
        guard let first = years.first, let last = years.last, years.count > 1 else { return nil }
        func mt(_ pair: (from: Double, to: Double)?) -> (from: Double, to: Double)? { pair.map { ($0.from / 1000, $0.to / 1000) } }
        let regions = last.regionsByConsumption.map { r in
            SeriesComparison.Region(
                region: r, production: mt(MRIOSeriesWork.change(years, r, \.pba)), consumption: mt(MRIOSeriesWork.change(years, r, \.cba)))
        }
        let world = SeriesComparison.Region(
            region: "World", production: (first.totalPBA / 1000, last.totalPBA / 1000),
            consumption: (first.totalCBA / 1000, last.totalCBA / 1000))
        return SeriesComparison(first: first.label, last: last.label, regions: regions, world: world, datasets: years.compactMap(\.dataset))
    }
}
