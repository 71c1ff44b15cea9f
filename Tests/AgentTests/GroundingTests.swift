import Foundation
import Testing
@testable import YuhengAgents

@Suite("grounding validator")
struct GroundingTests {
    @Test("reads thousands separators, decimals, percentages, scientific notation and multipliers; skips identifiers")
    func extraction() {
        let m = NumberExtractor.extract(
            "China: 8,174,521.65 kt (CO2, AR6, GWP100), 12.5 %, 3.2e-4, 1.5 × 10^3, 2×10⁻², 8.1 million, −42, 15t16, v1.2.3")
        let v = m.map(\.value)
        #expect(v.contains(8_174_521.65))
        #expect(m.contains { $0.isPercent && $0.value == 12.5 })
        #expect(v.contains { abs($0 - 3.2e-4) < 1e-12 })
        #expect(v.contains(1500))
        #expect(v.contains { abs($0 - 0.02) < 1e-12 })
        #expect(v.contains(8.1e6))
        #expect(v.contains(-42))
        #expect(!v.contains(2) && !v.contains(6) && !v.contains(100) && !v.contains(15) && !v.contains(16))
        #expect(!v.contains(1.2) && !v.contains(3))
        #expect(NumberExtractor.extract("1 234 kt").map(\.value) == [1, 234])
        #expect(NumberExtractor.extract("9\u{202F}528.6 Mt").map(\.value) == [9528.6])
        let markers = NumberExtractor.extract("1. first\n2) second")
        #expect(markers.count == 2 && markers.allSatisfy { $0.isListMarker })
    }

    @Test("supports numbers within 0.5 % or equal after rounding; flags the rest; ignores question numbers, years and counts")
    func validation() {
        let ev = [Evidence(tool: "mrio_accounts", numbers: [8_174_521.649, 0.1234, 1388.07512, 509_328.88])]
        let v = GroundingValidator()
        let r = v.validate(
            answer: """
                In 2011 China's footprint was 8,174,522 kt (8.17 million t), 12.3 % were exported; 1,388.1 Mt moved; \
                Australia: 509.3 thousand kt. The top 5 partners. Another figure: 777.7 kt and 2.4 %.
                """, question: "What was China's consumption-based CO2 in 2011, top 5 partners?", evidence: ev)
        #expect(r.supported.map(\.text).contains("8,174,522"))
        #expect(r.supported.map(\.text).contains("8.17 million"))
        #expect(r.supported.map(\.text).contains("12.3 %"))
        #expect(r.supported.map(\.text).contains("1,388.1"))
        #expect(r.supported.map(\.text).contains("509.3 thousand"))
        #expect(Set(r.unsupported.map(\.text)) == ["777.7", "2.4 %"])
        #expect(r.ignored.contains { $0.text == "2011" })
        #expect(r.ignored.contains { $0.text == "5" })
        let strict = GroundingValidator.refusal(r)
        #expect(strict.contains("777.7") && strict.contains("no tool returned"))
        #expect(GroundingValidator.annotate("x", r).contains("Unverified: 777.7, 2.4 %"))
    }

    @Test("a decrease matches a negative tool value; zero needs a zero")
    func signs() {
        let r = GroundingValidator().validate(
            answer: "Emissions fall by 12.4 kt and 0.0 elsewhere, 0.5 in a third.", question: "",
            evidence: [Evidence(tool: "t", numbers: [-12.41, 0.00001, 0.7])])
        #expect(r.supported.count == 2)
        #expect(r.unsupported.map(\.text) == ["0.5"])
    }
}

@Suite("grounding validator: standards")
struct GroundingStandardsTests {
    @Test("numbers of standards are not data")
    func standards() {
        let r = GroundingValidator().validate(
            answer: "An ISO 14067-style report following ISO 14044 and IPCC 2006 guidance.", question: "", evidence: [])
        #expect(r.unsupported.isEmpty)
        #expect(r.ignored.count == 3)
    }
}
