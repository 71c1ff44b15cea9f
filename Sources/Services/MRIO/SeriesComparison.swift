import Foundation
import YuhengComputing
import YuhengCore
import YuhengData
import YuhengMRIO

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

    /// The comparison of the first and last table year of the GHG series for `gas` (Mt CO2e, from the same
    /// cached solves as the GHG panorama of those years); nil when fewer than two table years are bundled.
    public func ghgComparison(gas: MRIOGas, gwp set: String) throws -> SeriesComparison? {
        let tables = try seriesYears().filter { $0.estimate == .table }.map(\.year)
        guard let lo = tables.first, let hi = tables.last, lo < hi else { return nil }
        let series = try series(from: lo, to: hi, gas: gas, gwp: set)
        guard let first = series.years.first, let last = series.years.last else { return nil }
        func pair(_ a: [Double], _ b: [Double], _ r: String) -> (from: Double, to: Double)? {
            guard let i = first.regions.firstIndex(of: r), let j = last.regions.firstIndex(of: r) else { return nil }
            return (a[i], b[j])
        }
        let order = last.regions.indices.sorted { last.consumptionMt[$0] > last.consumptionMt[$1] }.map { last.regions[$0] }
        let regions = order.map { r in
            SeriesComparison.Region(
                region: r, production: pair(first.productionMt, last.productionMt, r), consumption: pair(first.consumptionMt, last.consumptionMt, r))
        }
        let world = SeriesComparison.Region(
            region: "World", production: (first.worldProductionMt, last.worldProductionMt),
            consumption: (first.worldConsumptionMt, last.worldConsumptionMt))
        return SeriesComparison(first: String(lo), last: String(hi), regions: regions, world: world, datasets: series.datasets)
    }
}
