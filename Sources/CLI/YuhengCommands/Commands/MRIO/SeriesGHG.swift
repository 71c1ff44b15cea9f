import ArgumentParser
import Foundation
import YuhengCharts
import YuhengCore
import YuhengMRIO
import YuhengServices

extension MRIOCommand.Series {
    /// The bundled GHG series (tables and nowcasts) from --from to --to for --gas, as text, JSON or chart.
    func runGHG() throws {
        let services = try database.services()
        let gas = try gases.chosen(default: .ghg) ?? .ghg
        let series = try services.mrio.series(from: from, to: to, gas: gas, gwp: try gases.set())
        guard let last = series.years.last else { throw invalidOption("the series is empty") }
        let shown =
            try region.isEmpty
            ? Self.largestConsumers(last, count: 3)
            : region.map { r in
                guard let i = RegionCodes.index(of: r, in: last.regions) else {
                    throw MRIOError(.unknownRegion, "no region '\(r)' in the series", suggestion: "regions: \(last.regions.joined(separator: ", "))")
                }
                return last.regions[i]
            }
        let n = NationalUnit.displayCO2e(unit.chosen, tableUnit: "Mt CO2e")
        if let path = chart {
            do { try Data(Self.ghgChart(series, regions: shown, unit: n).utf8).write(to: URL(fileURLWithPath: path)) } catch {
                throw ValidationError("cannot write the chart to \(path): \(error.localizedDescription)")
            }
        }
        if json { print(try Format.json(series)); return }
        print(Self.renderGHG(series, regions: shown, unit: n))
        if let c = chart { print("chart written to \(c)") }
    }

    /// The `count` regions with the largest consumption-based emissions in a year.
    static func largestConsumers(_ y: GHGSeriesYear, count: Int) -> [String] {
        y.regions.indices.sorted { y.consumptionMt[$0] > y.consumptionMt[$1] }.prefix(count).map { y.regions[$0] }
    }

    /// One row per year: the estimate flag, world production, and production, consumption and adjustment of each shown region.
    static func renderGHG(_ s: GHGSeries, regions: [String], unit n: UnitDisplay) -> String {
        var header = ["Year", "Estimate", "World (\(n.label))"]
        for r in regions { header += ["\(r) prod (\(n.label))", "\(r) cons (\(n.label))", "\(r) adjust. (%)"] }
        header.append("Adjust. error range (pp)")
        var t = TextTable(header, alignRight: [false, false] + Array(repeating: true, count: header.count - 2))
        for y in s.years {
            var cells = [String(y.year), y.estimate == "nowcast" ? "nowcast ← \(y.baseTableYear)" : "table", n(y.worldProductionMt)]
            for r in regions {
                guard let i = y.regions.firstIndex(of: r) else { cells += ["–", "–", "–"]; continue }
                cells += [n(y.productionMt[i]), n(y.consumptionMt[i]), Format.signedPercent(y.adjustmentPct[i])]
            }
            cells.append(y.errorRange.map { String(format: "±%.1f median, ±%.1f p90", $0.adjustmentMedianPP, $0.adjustmentP90PP) } ?? "")
            t.add(cells)
        }
        let what = s.gas == .ghg ? "GHG (CO2 + CH4 + N2O)" : s.gas.label
        var out = "MRIO series — \(what) [\(n.label)], \(s.gwp) GWP100, \(s.from)–\(s.to) — production- and consumption-based; "
        out += "Adjust. = (consumption − production) / production; nowcast years rest on the table named\n\n" + t.render() + "\n"
        out += "\nDatasets: " + s.datasets.map { "\($0.datasetID) \($0.version)" }.joined(separator: "; ")
        for note in s.notes { out += "\nnote: \(note)" }
        return out
    }

    /// Production (solid) and consumption per region over the years; the nowcast years of each line dashed.
    static func ghgChart(_ s: GHGSeries, regions: [String], unit n: UnitDisplay) -> String {
        var lines: [LineChart.Series] = []
        for r in regions {
            for (name, values) in [("production", \GHGSeriesYear.productionMt), ("consumption", \GHGSeriesYear.consumptionMt)] {
                func points(_ estimate: String) -> [(x: Double, y: Double)] {
                    s.years.compactMap { y in
                        guard let i = y.regions.firstIndex(of: r) else { return nil }
                        // the last table year starts the nowcast line, so that it joins the table line
                        let inPart =
                            y.estimate == estimate
                            || (estimate == "nowcast" && y.year == y.baseTableYear && s.years.contains { $0.estimate == "nowcast" })
                        return inPart ? (Double(y.year), n.value(y[keyPath: values][i])) : nil
                    }
                }
                let table = points("table"), nowcast = points("nowcast")
                if !table.isEmpty { lines.append(.init(name: "\(r) \(name)", points: table)) }
                if nowcast.count > 1 { lines.append(.init(name: "\(r) \(name) (nowcast)", points: nowcast, dashed: true)) }
            }
        }
        let what = s.gas == .ghg ? "GHG" : s.gas.label
        return LineChart.render(
            title: "\(what), production- and consumption-based, \(s.from)–\(s.to)",
            subtitle: "\(s.gwp) GWP100; dashed: nowcast years (from the \(MRIOService.latestTableYear) table)", unit: n.label, series: lines)
    }
}
