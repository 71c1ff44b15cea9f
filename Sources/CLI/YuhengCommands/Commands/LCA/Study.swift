import ArgumentParser
import Foundation
import YuhengData
import YuhengLCA
import YuhengReports
import YuhengServices

extension LCACommand {
    /// `yuheng lca study FILE [--report R]`.
    struct Study: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a product footprint study file (YAML or JSON) and write an ISO 14067-style report.",
            discussion:
                "The report format follows the extension of --report: .md (Markdown) or .html. See docs/lca-study-format.md and examples/lca/.")
        @OptionGroup var options: LCIOptions
        @Argument(help: "Study file (.yaml or .json).") var file: String
        @Option(help: "Write the report here (.md or .html).") var report: String?
        @Flag(help: "Print the results as JSON.") var json = false

        func run() throws {
            try YuhengCommands.run {
                let study = try StudyFile.load(path: file)
                if study.allocation == nil { _ = try options.policy() }
                let services = try options.database.services()
                let result = try services.lca.study(study, database: options.lci, file: file)
                if let out = report { try write(result, to: out) }
                if json { print(try Format.json(result)); return }
                print("\(study.title)\n")
                print("Carbon footprint: \(String(format: "%.6g", result.result.total)) kg CO2e per \(study.functionalUnit)\n")
                var t = TextTable(["Stage", "kg CO2e", "Share"], alignRight: [false, true, true])
                for s in result.byStage { t.add([s.label, String(format: "%.6g", s.kgCO2e), String(format: "%.1f %%", s.share * 100)]) }
                print(t.render())
                if let out = report { print("\nreport written to \(out)") }
            }
        }

        /// The report as Markdown or HTML, by the file's extension.
        func write(_ result: StudyResult, to out: String) throws {
            let date = ISO8601DateFormatter().string(from: Date())
            let html = out.lowercased().hasSuffix(".html") || out.lowercased().hasSuffix(".htm")
            let text = html ? StudyReport.html(result, generated: date) : StudyReport.markdown(result, generated: date)
            do { try text.write(toFile: out, atomically: true, encoding: .utf8) } catch {
                throw LCAError(.invalidArgument, "cannot write the report: \(error.localizedDescription)", dataset: out)
            }
        }
    }
}
