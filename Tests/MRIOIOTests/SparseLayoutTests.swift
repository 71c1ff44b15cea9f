import Foundation
import Testing
import YuhengData
import YuhengMRIO
import YuhengNumerics
import YuhengTestSupport

/// A pymrio `save_all` folder (Z.txt) and an EXIOBASE 3 folder (A.txt, x.txt) written here from a generated table with
/// few non-zeros: read with `sparseFlows` the core matrix stays sparse, and the accounts are those of the dense read.
@Suite("pymrio and EXIOBASE 3 layouts kept sparse")
struct SparseLayoutTests {
    static let regions = (1...6).map { "R\($0)" }, sectors = (1...20).map { "S\($0)" }, categories = ["hh", "gov"]

    /// A productive table: strong domestic blocks (30 % non-zero), sparse trade (3 %); flows Z, final demand Y, output x.
    static func table() -> (z: DenseMatrix, y: DenseMatrix, x: [Double], f: DenseMatrix) {
        var rng = SeededGenerator(seed: 18)
        let n = regions.count * sectors.count, S = sectors.count
        let xt = (0..<n).map { _ in 100 + 900 * Double.random(in: 0..<1, using: &rng) }
        var z = DenseMatrix(rows: n, columns: n, repeating: 0)
        for j in 0..<n {
            for i in 0..<n where Double.random(in: 0..<1, using: &rng) < (i / S == j / S ? 0.3 : 0.03) {
                z[i, j] = (Double.random(in: 0..<1, using: &rng) * 0.05 * xt[j] * 1e4).rounded() / 1e4
            }
        }
        var y = DenseMatrix(rows: n, columns: regions.count * categories.count, repeating: 0)
        for i in 0..<n { for c in 0..<y.columns { y[i, c] = (Double.random(in: 0..<1, using: &rng) * 50 * 1e4).rounded() / 1e4 } }
        let x = (0..<n).map { i in (0..<n).reduce(0) { $0 + z[i, $1] } + (0..<y.columns).reduce(0) { $0 + y[i, $1] } }
        let f = DenseMatrix(rows: 2, columns: n) { k, j in Double((k + 1) * (j % 7 + 1)) }
        return (z, y, x, f)
    }

    /// A matrix as pymrio writes it: one header row per column level (its name, an empty cell, the labels), the row of
    /// index names, then the rows (region, sector, values).
    static func tsv(_ m: DenseMatrix, rows: [[String]], columns: [[String]], columnNames: [String]) -> String {
        var out = ""
        for (level, name) in columnNames.enumerated() { out += name + "\t\t" + columns.map { $0[level] }.joined(separator: "\t") + "\n" }
        out += "region\tsector" + String(repeating: "\t", count: columns.count) + "\n"
        for (i, r) in rows.enumerated() {
            out += r.joined(separator: "\t") + "\t" + (0..<m.columns).map { "\(m[i, $0])" }.joined(separator: "\t") + "\n"
        }
        return out
    }

    /// Writes the folder: the core matrix `core` (Z.txt or A.txt), Y.txt, x.txt and an extension folder.
    static func write(to dir: URL, core: String, extensionFolder: String) throws {
        let (z, y, x, f) = table()
        let keys = regions.flatMap { r in sectors.map { [r, $0] } }
        let yKeys = regions.flatMap { r in categories.map { [r, $0] } }
        let n = keys.count
        var m = z
        if core == "A" { for j in 0..<n { for i in 0..<n { m[i, j] = z[i, j] / x[j] } } }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(extensionFolder), withIntermediateDirectories: true)
        func put(_ name: String, _ text: String) throws { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        try put("\(core).txt", tsv(m, rows: keys, columns: keys, columnNames: ["region", "sector"]))
        try put("Y.txt", tsv(y, rows: keys, columns: yKeys, columnNames: ["region", "category"]))
        try put("x.txt", "region\tsector\tindout\n" + keys.enumerated().map { "\($1[0])\t\($1[1])\t\(x[$0])" }.joined(separator: "\n") + "\n")
        let fText =
            "region\t" + keys.map { $0[0] }.joined(separator: "\t") + "\nsector\t" + keys.map { $0[1] }.joined(separator: "\t") + "\nstressor"
            + String(repeating: "\t", count: n) + "\n"
            + ["co2", "ch4"].enumerated().map { k, s in
                s + "\t" + (0..<n).map { "\(f[k, $0])" }.joined(separator: "\t")
            }.joined(separator: "\n") + "\n"
        try put("\(extensionFolder)/F.txt", fText)
        try put("\(extensionFolder)/unit.txt", "stressor\tunit\nco2\tkg\nch4\tkg\n")
    }

    @Test("a pymrio folder (Z.txt) and an EXIOBASE 3 folder (A.txt): the core stays sparse, the accounts equal the dense read to 1e-14")
    func sparseCore() throws {
        for (core, folder, format) in [("Z", "emissions", MRIOFormat.pymrio), ("A", "satellite", MRIOFormat.exiobase3)] {
            let tmp = try TemporaryFolder("sparse-\(core)")
            defer { tmp.remove() }
            try Self.write(to: tmp.url, core: core, extensionFolder: folder)
            #expect(try MRIOReader.detect(path: tmp.url.path) == format)
            let dense = try MRIOReader.read(path: tmp.url.path, format: format)
            let held = try MRIOReader.read(path: tmp.url.path, format: format, sparseFlows: true)
            #expect((core == "Z" ? held.sparseZ : held.sparseA) != nil && held.Z == nil && held.A == nil, "\(core) should stay sparse")
            let a = try MRIOEngine.accounts(held, options: AccountOptions(solver: .iterative)).0
            let b = try MRIOEngine.accounts(dense, options: AccountOptions(solver: .iterative)).0
            #expect(a.solverReport?.products == "sparse")
            for (ea, eb) in zip(a.extensions, b.extensions) {
                for (x, y) in [(ea.cbaRegion, eb.cbaRegion), (ea.impRegion, eb.impRegion), (ea.expRegion, eb.expRegion), (ea.M, eb.M)] {
                    for k in 0..<y.elements.count {
                        let d = abs(x.elements[k] - y.elements[k]), s = max(abs(y.elements[k]), 1e-300)
                        #expect(d <= 1e-14 * s + 1e-300, "\(core): \(x.elements[k]) vs \(y.elements[k])")
                    }
                }
            }
            let lu = try MRIOEngine.accounts(dense, options: AccountOptions(solver: .lu)).0
            #expect(zip(a.extensions[0].cbaRegion.elements, lu.extensions[0].cbaRegion.elements).allSatisfy { abs($0 - $1) <= 1e-12 * abs($1) })
        }
    }
}
