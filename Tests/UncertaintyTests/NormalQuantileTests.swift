import Foundation
import Testing
import YuhengUncertainty

@Suite("Standard normal")
struct NormalQuantileTests {
    @Test("AS241 matches known quantiles to 1e-9")
    func knownQuantiles() {
        // reference values: scipy.special.ndtri (Cephes)
        let cases: [(Double, Double)] = [
            (0.975, 1.959963984540054),
            (0.025, -1.959963984540054),
            (0.5, 0),
            (0.3, -0.5244005127080409),
            (0.95, 1.6448536269514722),
            (0.999, 3.090232306167813),
            (1e-10, -6.361340902404056),
            (1e-300, -37.0470962993612)
        ]
        for (p, z) in cases {
            #expect(abs(StandardNormal.quantile(p) - z) <= 1e-9 * max(1, abs(z)), "p = \(p)")
        }
        #expect(StandardNormal.quantile(0) == -.infinity)
        #expect(StandardNormal.quantile(1) == .infinity)
        #expect(StandardNormal.quantile(.nan).isNaN)
    }

    @Test("quantile inverts the CDF across the range")
    func roundTrip() {
        for i in 1..<200 {
            let p = Double(i) / 200
            #expect(abs(StandardNormal.cdf(StandardNormal.quantile(p)) - p) < 1e-14)
        }
        for e in stride(from: -300.0, through: -2, by: 7) {
            let p = pow(10, e)
            let z = StandardNormal.quantile(p)
            #expect(abs(StandardNormal.cdf(z) / p - 1) < 1e-12, "p = 1e\(e)")
        }
    }

    @Test("the quantile is odd about 1/2")
    func symmetry() {
        for k in 1..<64 {
            let p = Double(k) / 128 // exactly representable, as is 1 − p
            #expect(StandardNormal.quantile(1 - p) == -StandardNormal.quantile(p))
        }
    }

    @Test("pdf and cdf known values")
    func pdfCdf() {
        #expect(abs(StandardNormal.pdf(0) - 0.3989422804014327) < 1e-16)
        #expect(abs(StandardNormal.cdf(1.96) - 0.9750021048517795) < 1e-15)
        #expect(abs(StandardNormal.cdf(-8) - 6.22096057427174e-16) < 1e-28)
    }
}
