import Foundation
import Testing

/// Issue 16 item 5 (and 10's leftovers): the search results name the unit a footprint is per —
/// the process's own (kWh for electricity), not the flow's reference unit (MJ).
@Suite("LCA search: the process's own unit", .timeLimit(.minutes(10)))
struct LCASearchUnitTests {
    @Test("/api/lca/search gives every hit the unit /api/lca/calculate reports its footprint per")
    func searchUnitIsTheFootprintUnit() async throws {
        let c = try await SharedServer.client
        let hits = try await c.get("/api/lca/search", ["q": "electricity", "limit": "8"]).array()
        #expect(hits.count == 8)
        var differing = 0
        for h in hits {
            let id = try #require(h["process_id"] as? String)
            let r = try await c.postJSON("/api/lca/calculate", ["process": id])
            #expect(r.status == 200, "\(r.text.prefix(300))")
            let result = try r.object()
            #expect(
                h["unit"] as? String == result["unit"] as? String,
                "\(h["name"] ?? id): search \(h["unit"] ?? "none"), footprint per \(result["unit"] ?? "none")")
            if let flow = h["reference_unit"] as? String, flow != h["unit"] as? String {
                differing += 1
                #expect(result["reference_unit"] as? String == flow, "the flow's unit is the footprint's reference_unit")
            }
        }
        #expect(differing > 0, "no electricity process is stated in another unit than its flow's (the case this test is about)")
    }
}
