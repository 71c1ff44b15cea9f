import Foundation

/// The package root (three levels above this file: Tests/CoreTests/TestSupport.swift).
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

/// The folder with the bundled datasets in the source tree.
let bundledDirectory: URL = packageRoot.appendingPathComponent("Sources/Data/Bundled")

/// |a − b| ≤ rel · max(|a|, |b|), with an absolute floor for values at zero.
func isClose(_ a: Double, _ b: Double, rel: Double = 1e-12, abs absTol: Double = 0) -> Bool {
    if a == b { return true }
    return Swift.abs(a - b) <= max(rel * max(Swift.abs(a), Swift.abs(b)), absTol)
}

/// True when `symbol` appears in `text` as a whole token (not as part of a longer word),
/// so "L" is found in "cannot convert L (volume)" but not in "Liter".
func containsToken(_ text: String, _ symbol: String) -> Bool {
    var search = text.startIndex..<text.endIndex
    while let r = text.range(of: symbol, range: search) {
        let beforeOK = r.lowerBound == text.startIndex || !isSymbolChar(text[text.index(before: r.lowerBound)])
        let afterOK = r.upperBound == text.endIndex || !isSymbolChar(text[r.upperBound])
        if beforeOK && afterOK { return true }
        search = text.index(after: r.lowerBound)..<text.endIndex
    }
    return false
}

private func isSymbolChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
