import Foundation
import Testing
import YuhengUncertainty

@Suite("Approach 1 error propagation")
struct ErrorPropagationTests {
    @Test("IPCC-6: Eq 3.1 per source and Eq 3.2 for the total")
    func ipcc6Approach1() throws {
        let coal = try ErrorPropagation.productUncertainty([5, 3])
        let gas = try ErrorPropagation.productUncertainty([2, 3])
        let cement = try ErrorPropagation.productUncertainty([2, 5])
        #expect(abs(coal - 5.831) < 5e-4 && abs(gas - 3.606) < 5e-4 && abs(cement - 5.385) < 5e-4)
        let total = try ErrorPropagation.sumUncertainty(values: [244_068, 56_100, 468_000], uncertainties: [coal, gas, cement])
        #expect(abs(total - 3.777) < 5e-4)
        #expect(abs(total / 100 * 768_168 - 29_014) < 1)
    }

    @Test("first-order variance and lognormal products")
    func general() throws {
        #expect(try ErrorPropagation.firstOrderVariance(gradient: [1, 1], covariance: [[1, 1], [1, 4]]) == 7)
        let y = try ErrorPropagation.lognormalProduct([.lognormal(mu: 1, sigma: 0.3), .constant(2), .lognormal(mu: 0, sigma: 0.4)])
        #expect(y == .lognormal(mu: 1 + log(2.0), sigma: 0.5))
        #expect(errorCode { _ = try ErrorPropagation.lognormalProduct([.normal(mean: 1, sd: 0.1)]) } == .unsupportedDistribution)
        #expect(errorCode { _ = try ErrorPropagation.sumUncertainty(values: [1, -1], uncertainties: [5, 5]) } == .invalidParameter)
        #expect(errorCode { _ = try ErrorPropagation.sumUncertainty(values: [1], uncertainties: [5, 5]) } == .dimensionMismatch)
        #expect(errorCode { _ = try ErrorPropagation.productUncertainty([-1]) } == .invalidParameter)
    }
}
