import Foundation
import Testing
import YuhengTestSupport
@testable import YuhengInventory

@Suite("docs/inventory-format.md")
struct DocsTests {
    @Test("documents every method and every parameter of every method")
    func everyMethodAndParameter() throws {
        let doc = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("docs/inventory-format.md"), encoding: .utf8)
        for spec in MethodSpecs.all {
            #expect(doc.contains("`\(spec.method.rawValue)`") || doc.contains("**\(spec.method.rawValue)**"), "method \(spec.method.rawValue)")
            for p in spec.parameters {
                #expect(doc.contains("`\(p.key)`"), "parameter \(p.key) of \(spec.method.rawValue)")
            }
            for item in spec.items ?? [] where !spec.method.isOriginal {
                #expect(doc.contains(item), "item \(item) of \(spec.method.rawValue)")
            }
        }
    }

    @Test("the demonstration inventory covers every sector over at least three years")
    func demo() throws {
        let acts = try Fixture.example("national-demo.csv")
        let s = try Fixture.engine().computeSeries(acts, fileName: "national-demo.csv")
        #expect(s.years.count >= 3)
        let sectors = Set(s.latest.byCategory.keys.map { String($0.prefix(1)) })
        #expect(sectors.isSuperset(of: ["1", "2", "3", "4"]))
        #expect(!s.keyCategories.key.isEmpty)
        #expect(s.trend?.uncertaintyPercentPoints != nil)
    }
}
