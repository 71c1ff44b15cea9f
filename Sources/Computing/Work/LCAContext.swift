import Foundation
import YuhengCore
import YuhengData
import YuhengLCA

/// What every LCA work kind builds first from its parameters: the LCI database of the Yuheng
/// database, its technosphere model and calculator, the climate method, and the provenance of both.
struct LCAContext: Sendable {
    let lci: LCIDatabase
    let model: TechnosphereModel
    let calculator: LCACalculator
    let method: ClimateMethod
    let provenance: [Provenance]

    /// - throws: ``ComputingError`` for an unknown allocation; the data layer's and engines' errors
    ///   for an unknown LCI database or method, or a singular technosphere.
    init(lci id: String, allocation: String, method: String, database db: YuhengDatabase) throws {
        guard let policy = AllocationPolicy(rawValue: allocation) else {
            throw ComputingError(
                .invalidParameters, "unknown allocation '\(allocation)'", suggestion: "use default, none, physical, economic or causal")
        }
        lci = try db.loadLCI(id: id)
        model = try TechnosphereModel(lci, allocation: policy)
        calculator = try LCACalculator(model: model)
        self.method = try ClimateMethod.named(method, library: try db.gwpLibrary())
        var prov = [try db.dataset(id)?.provenance, self.method.provenance].compactMap { $0 }
        if prov.isEmpty, let q = lci.provenance { prov.append(q) }
        provenance = prov
    }
}
