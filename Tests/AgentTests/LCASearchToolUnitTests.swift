import Foundation
import Testing
import YuhengAgents
import YuhengServices

/// Issue 18: the agent's lca_search gives each process the unit its footprint is per, from the same
/// source as /api/lca/search (the service's search), not the flow's reference unit.
@Suite("lca_search: the unit a footprint is per")
struct LCASearchToolUnitTests {
    @Test("lca_search gives every hit the unit lca_calculate and the service report its footprint per (kWh, not MJ)")
    func searchUnitIsTheFootprintUnit() async throws {
        let o = await YuhengTools.registry().call("lca_search", arguments: ["query": "electricity", "limit": 8], context: TestEnv.context)
        let rows = try #require(o.result?.json["processes"]?.arrayValue, "\(String(describing: o.error))")
        #expect(rows.count == 8)
        let service = TestEnv.context.services.lca
        let served = Dictionary(try service.search("electricity", limit: 8).map { ($0.processID, $0) }, uniquingKeysWith: { a, _ in a })
        var differing = 0
        for row in rows {
            let id = try #require(row["process_id"]?.stringValue)
            let footprint = try service.calculate(.init(process: id))
            #expect(row["reference_unit"]?.stringValue == footprint.unit, "\(id): search \(row), footprint per \(footprint.unit)")
            let hit = try #require(served[id], "the tool and the service find the same processes")
            #expect(row["reference_unit"]?.stringValue == hit.unit, "the tool and /api/lca/search name the same unit")
            if let flow = row["flow_reference_unit"]?.stringValue {
                differing += 1
                #expect(footprint.referenceUnit == flow, "the flow's unit is the footprint's reference_unit")
            }
        }
        #expect(differing > 0, "no electricity process is stated in another unit than its flow's (the case this test is about)")
        let kWh = rows.filter { $0["reference_unit"]?.stringValue == "kWh" }
        #expect(!kWh.isEmpty, "grid electricity is per kWh")
    }
}
