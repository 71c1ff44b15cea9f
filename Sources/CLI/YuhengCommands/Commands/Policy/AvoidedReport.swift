import Foundation
import YuhengPolicy

/// The text report of an avoided-emissions assessment.
enum AvoidedReport {
    static func t(_ x: Double, _ d: Int = 0) -> String { Format.number(x, decimals: d) }

    static func render(_ r: AvoidedAssessment, file: String) -> String {
        var out: [String] = []
        out.append("Avoided emissions of wind and PV — \(r.title ?? file)")
        out.append(
            "ANNUAL = first full year of operation (year of use). LIFETIME = all years of operation of the capacity (year of sale). They are different quantities: never add or swap them."
        )
        let rows = r.byDestination + [r.total]

        out.append("\nANNUAL figures by destination (t CO2e per year)")
        var a = TextTable(
            ["Destination", "PV MW", "Wind MW", "Generation MWh/yr", "Displaced t/yr", "Life-cycle (levelised) t/yr", "Avoided t/yr"],
            alignRight: [false, true, true, true, true, true, true])
        for s in rows {
            a.add([
                s.key, t(s.pvKW / 1000, 1), t(s.windKW / 1000, 1), t(s.annual.generationMWh), t(s.annual.displacedT), t(s.annual.lifeCycleLevelisedT),
                t(s.annual.avoidedT)
            ])
        }
        out.append(a.render())

        out.append("\nLIFETIME figures by destination (t CO2e over the lifetime)")
        var l = TextTable(
            ["Destination", "Generation GWh", "Displaced t", "Life-cycle t", "Avoided t", "Avoided, constant grid t", "Avoided : life-cycle"],
            alignRight: [false, true, true, true, true, true, true])
        for s in rows {
            l.add([
                s.key, t(s.lifetime.generationMWh / 1000, 1), t(s.lifetime.displacedT), t(s.lifetime.lifeCycleT), t(s.lifetime.avoidedT),
                t(s.lifetime.avoidedConstantGridT),
                s.lifetime.lifeCycleT > 0 ? String(format: "%.1f : 1", s.lifetime.avoidedT / s.lifetime.lifeCycleT) : "—"
            ])
        }
        out.append(l.render())

        out.append("\nProjects")
        var p = TextTable(
            [
                "Project", "Tech", "Dest", "MW", "CF", "Years", "Degr.", "Grid t/MWh", "Decline", "LC g/kWh", "Payback yr", "Annual avoided t",
                "Lifetime avoided t"
            ],
            alignRight: [false, false, false, true, true, true, true, true, true, true, true, true, true])
        for x in r.projects {
            p.add([
                x.id, x.technology, x.destination ?? "", t(x.capacityKW / 1000, 3), String(format: "%.3g", x.capacityFactor), String(x.lifetimeYears),
                String(format: "%g%%", x.degradationPerYear * 100), String(format: "%.3f", x.gridTPerMWh),
                String(format: "%g%%", x.gridDeclinePerYear * 100),
                String(format: "%.2f", x.lifeCycleIntensityGPerKWh), x.paybackYears.map { String(format: "%.3f", $0) } ?? "—",
                t(x.annual.avoidedT, 2), t(x.lifetime.avoidedT, 2)
            ])
        }
        out.append(p.render())

        out.append("\nAssumptions")
        for x in r.projects {
            out.append("  \(x.id):")
            for s in x.assumptions { out.append("    \(s.parameter): \(s.value) — \(s.source)") }
        }
        out.append("\nHow to read these figures")
        for s in r.statements { out.append("  - \(s)") }
        return out.joined(separator: "\n")
    }
}
