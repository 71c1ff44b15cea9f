import Foundation
import YuhengTestSupport

/// The package root.
let packageRoot: URL = TestPaths.packageRoot

/// The folder with the bundled datasets in the source tree.
let bundledDirectory: URL = TestPaths.bundled

/// |a − b| ≤ rel · max(|a|, |b|), with an absolute floor for values at zero.
func isClose(_ a: Double, _ b: Double, rel: Double = 1e-12, abs absTol: Double = 0) -> Bool { relativelyClose(a, b, rel: rel, abs: absTol) }

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
