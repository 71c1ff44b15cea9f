import Foundation
import Testing
import YuhengTestSupport

/// Issue 16 item 10, the figures the command line writes: no label is cut at the edge of its
/// drawing (texts measured with the charts' own text metrics, see ``SVGTextBounds``).
@Suite("yuheng: charts written by the command line keep their labels inside the drawing")
struct ChartLabelsCLITests {
    @Test(
        "panorama --map: the title, the subtitle naming the sources and the legend lie inside the map",
        arguments: [["--year", "2011"], ["--year", "2009", "--gas", "co2"]])
    func worldMap(options: [String]) async throws {
        let file = ScratchFolder.newFolder("map").appendingPathComponent("world.svg")
        let o = try await CLI.run(["panorama", "--map", file.path] + options)
        #expect(o.status == 0, "\(o.stderr)")
        let svg = try String(contentsOf: file, encoding: .utf8)
        let problems = SVGTextBounds.outside(svg)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        // The subtitle is there in full (wrapped, not cut): every dataset it names is on one of its lines.
        let lines = SVGTextBounds.texts(svg).map(\.text).joined(separator: " ")
        #expect(lines.contains("Sources:"))
        for id in ["wiod", "gcb"] { #expect(lines.contains(id), "the subtitle lost '\(id)': \(lines.prefix(400))") }
    }

    @Test(
        "lca study --report x.html: every stage label and value of the stage chart lies inside it, in full",
        arguments: ["hdpe-resin.yaml", "us-grid-electricity.yaml"])
    func studyStageChart(file: String) async throws {
        let html = ScratchFolder.newFolder("study").appendingPathComponent("report.html")
        let o = try await CLI.run(["lca", "study", "examples/lca/\(file)", "--report", html.path])
        #expect(o.status == 0, "\(o.stderr)")
        let page = try String(contentsOf: html, encoding: .utf8)
        let svg = String(try #require(page.firstMatch(of: /<svg[\s\S]*?<\/svg>/), "no chart in the report").output)
        let problems = SVGTextBounds.outside(svg)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        // The stage table's labels and values all appear in the chart (labels may wrap onto lines).
        let md = html.deletingPathExtension().appendingPathExtension("md")
        #expect(try await CLI.run(["lca", "study", "examples/lca/\(file)", "--report", md.path]).status == 0)
        let table = try String(contentsOf: md, encoding: .utf8).components(separatedBy: "### By life-cycle stage")[1].components(separatedBy: "\n\n")[
            1]
        let stages = table.split(separator: "\n").dropFirst(2).map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
        #expect(!stages.isEmpty)
        let drawn = SVGTextBounds.texts(svg).map(\.text).joined(separator: " ")
        for s in stages where s.count >= 2 {
            #expect(
                drawn.contains(s[0].replacingOccurrences(of: "\\|", with: "|").split(separator: " ").last.map(String.init) ?? ""),
                "stage '\(s[0])' not in the chart")
            #expect(drawn.contains(s[1]), "value \(s[1]) of '\(s[0])' not in the chart")
        }
    }
}
