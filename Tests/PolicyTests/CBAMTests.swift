import Foundation
import Testing
import YuhengTestSupport
import YuhengCore
import YuhengData
import YuhengServices
@testable import YuhengPolicy

@Suite("CBAM legal parameters and catalog")
struct CBAMParameterTests {
    @Test("CBAM factor (Directive 2003/87/EC Art. 10a(1a)) by year")
    func cbamFactor() {
        let expected: [Int: Double] = [
            2024: 1, 2025: 1, 2026: 0.975, 2027: 0.95, 2028: 0.90, 2029: 0.775, 2030: 0.515, 2031: 0.39, 2032: 0.265, 2033: 0.14, 2034: 0, 2040: 0
        ]
        for (y, f) in expected { #expect(CBAMSchedules.cbamFactor(year: y) == f, "year \(y)") }
    }

    @Test("Default-value mark-ups by year and sector (IR 2025/2621 Annex I as replaced by 2026/1740)")
    func markUps() {
        for s in [CBAMSector.cement, .ironSteel, .aluminium, .hydrogen] {
            #expect(CBAMSchedules.markUp(year: 2025, sector: s) == 0)
            #expect(CBAMSchedules.markUp(year: 2026, sector: s) == 0.10)
            #expect(CBAMSchedules.markUp(year: 2027, sector: s) == 0.20)
            #expect(CBAMSchedules.markUp(year: 2028, sector: s) == 0.30)
            #expect(CBAMSchedules.markUp(year: 2031, sector: s) == 0.30)
        }
        #expect(CBAMSchedules.markUp(year: 2026, sector: .fertilisers) == 0.01)
        #expect(CBAMSchedules.markUp(year: 2030, sector: .fertilisers) == 0.01)
        #expect(CBAMSchedules.markUp(year: 2026, sector: .electricity) == 0)
    }

    @Test("Annex II: direct only for iron and steel (not sintered ore), aluminium, hydrogen, electricity")
    func annexII() throws {
        #expect(CBAMSchedules.directOnly(try catalog.resolve("72083900")))
        #expect(!CBAMSchedules.directOnly(try catalog.resolve("26011200")))
        #expect(CBAMSchedules.directOnly(try catalog.resolve("76011000")))
        #expect(CBAMSchedules.directOnly(try catalog.resolve("28041000")))
        #expect(!CBAMSchedules.directOnly(try catalog.resolve("25231000")))
        #expect(!CBAMSchedules.directOnly(try catalog.resolve("28141000")))
    }

    @Test("Bundled catalog: 749 CN codes, checksums, Commission cross-checks")
    func bundledCatalog() throws {
        #expect(catalog.records.count == 749)
        let m = try BundledCBAM.manifest()
        #expect(m.format == "yuheng-cbam")
        #expect(m.files["cn_defaults.csv"]?.rows == 749)
        #expect(m.dataset.licence.hasPrefix("MIT"))
        #expect(catalog.provenance?.datasetID == "cbam-transitional-defaults")
        // Transitional totals quoted independently (SOURCES.md).
        let checks: [(String, Double)] = [("25231000", 0.87), ("72011011", 2.07), ("28141000", 2.82), ("28041000", 10.4)]
        for (cn, total) in checks {
            let r = try catalog.resolve(cn)
            #expect(abs(r.defaultDirect + r.defaultIndirect - total) < 1e-9, "\(cn)")
        }
        let info = try BundledCBAM.datasetInfo()
        #expect(info.checksum.count == 64)
    }

    @Test("A changed bundled file is detected by its SHA-256")
    func checksumMismatch() throws {
        let tmp = try TemporaryFolder()
        defer { tmp.remove() }
        let src = try BundledCBAM.directory()
        for f in ["manifest.json", "cn_defaults.csv", "LICENSE.txt"] {
            try FileManager.default.copyItem(at: src.appendingPathComponent(f), to: tmp.url.appendingPathComponent(f))
        }
        #expect(try BundledCBAM.load(from: tmp.url).records.count == 749)
        var text = try String(contentsOf: tmp.url.appendingPathComponent("cn_defaults.csv"), encoding: .utf8)
        text = text.replacingOccurrences(of: "Cement clinker,Cement,0.83,0.04", with: "Cement clinker,Cement,0.38,0.04")
        try text.write(to: tmp.url.appendingPathComponent("cn_defaults.csv"), atomically: true, encoding: .utf8)
        #expect(throws: DataError.self) { try BundledCBAM.load(from: tmp.url) }
    }

    @Test("CN codes resolve with spaces, to parents, and to unambiguous children")
    func resolve() throws {
        #expect(try catalog.resolve("7208 39 00").cnCode == "72083900")
        #expect(try catalog.resolve("72085120").category == "Iron or steel products")
        #expect(try catalog.resolve("7201").category == "Pig iron")
        #expect(try catalog.resolve("2523 10 00").category == "Cement clinker")
        let e = policyError { _ = try catalog.resolve("2523", field: "x") }
        #expect(e?.code == .ambiguousCNCode)
    }
}

@Suite("CBAM worked examples (methods note cbam.md §5-6)")
struct CBAMExampleTests {
    func cbam1(year: Int? = nil) throws -> CBAMAssessment {
        try CBAMEngine.assess(try CBAMDeclarationFile.load(path: example("cbam/cbam-1.yaml")), catalog: catalog, year: year)
    }

    @Test("CBAM-1: SEE of crude steel and hot-rolled coil, direct and indirect")
    func cbam1SEE() throws {
        let r = try cbam1()
        let crude = try #require(r.processes.first { $0.process == "crude_steel" })
        #expect(close(crude.seeDirect, 1.680))
        #expect(close(crude.seeIndirect, 0.105))
        let hrc = try #require(r.processes.first { $0.process == "hrc" })
        #expect(close(hrc.seeDirect, 1.844))
        #expect(close(hrc.seeIndirect, 0.18225))
        #expect(close(hrc.seeTotal, 2.02625))
        #expect(close(hrc.seeCertificate, 1.844)) // Annex II: direct only
        #expect(hrc.directOnly)
        #expect(hrc.steps.contains { $0.contains("1.05 × 1.68 (crude_steel)") })
    }

    @Test("CBAM-1: 508.25 certificates for 1,000 t in 2026 with the 1.370 benchmark")
    func cbam1Certificates2026() throws {
        let r = try cbam1()
        #expect(r.period == "definitive")
        let a = try #require(r.imports.first?.actual)
        #expect(close(a.embeddedT, 1844))
        #expect(close(a.freeAllocationAdjustmentT, 1335.75))
        #expect(close(a.certificates, 508.25))
        #expect(close(a.costEUR, 38118.75))
        #expect(close(r.totals.certificates, 508.25))
        #expect(r.imports.first?.scope == "direct")
    }

    @Test("CBAM-1: certificates and cost in 2027, 2028, 2030, 2034")
    func cbam1Years() throws {
        let expected: [(Int, Double, Double, Double)] = [
            (2027, 1301.50, 542.50, 40687.50), (2028, 1233.00, 611.00, 45825.00),
            (2030, 705.55, 1138.45, 85383.75), (2034, 0, 1844.00, 138300.00)
        ]
        for (y, faa, certs, cost) in expected {
            let a = try #require(try cbam1(year: y).imports.first?.actual)
            #expect(close(a.freeAllocationAdjustmentT, faa, 1e-10), "\(y)")
            #expect(close(a.certificates, certs, 1e-10), "\(y)")
            #expect(close(a.costEUR, cost, 1e-10), "\(y)")
        }
    }

    @Test("CBAM-1 on default values: 2.20 × mark-up → 1,084.25 / 1,338.5 / 1,627.0 certificates")
    func cbam1Defaults() throws {
        for (y, see, certs) in [(2026, 2.42, 1084.25), (2027, 2.64, 1338.5), (2028, 2.86, 1627.0)] {
            let i = try #require(try cbam1(year: y).imports.first)
            #expect(close(i.onDefaults.seeTPerT, see, 1e-12), "\(y)")
            #expect(close(i.onDefaults.certificates, certs, 1e-10), "\(y)")
        }
        let c = try #require(try cbam1().imports.first?.comparison)
        #expect(c.verdict == "overstates")
        #expect(close(c.differenceT, 576, 1e-10))
        #expect(close(c.fromBaseValueT, 356, 1e-10))
        #expect(close(c.fromMarkUpT, 220, 1e-10))
        #expect(close(c.certificateDifference, 576, 1e-10))
        #expect(c.explanation.contains { $0.contains("mark-up of 10 %") })
        #expect(c.explanation.contains { $0.contains("emits less than the average") })
    }

    @Test("CBAM-1 with EUR 8/t paid in the country of origin: 196.693 certificates deducted, 311.557 due")
    func cbam1OriginPrice() throws {
        let r = try CBAMEngine.assess(try CBAMDeclarationFile.load(path: example("cbam/cbam-1-origin-price.json")), catalog: catalog)
        let a = try #require(r.imports.first?.actual)
        #expect(close(a.carbonPricePaidEUR, 14752))
        #expect(close(a.deductionCertificates, 14752.0 / 75))
        #expect(close(a.certificates, 311.5566666666667, 1e-12))
        // No deduction on the default basis (Art. 9(1): actual emissions only).
        #expect(r.imports.first?.onDefaults.deductionCertificates == 0)
    }

    @Test("CBAM-1 in CSV form equals the YAML form")
    func cbam1CSV() throws {
        let yaml = try CBAMDeclarationFile.load(path: example("cbam/cbam-1.yaml"))
        let csv = try CBAMDeclarationFile.load(path: example("cbam/cbam-1.csv"))
        #expect(csv == yaml)
        #expect(try CBAMEngine.assess(csv, catalog: catalog) == CBAMEngine.assess(yaml, catalog: catalog))
    }

    @Test("CBAM-2: cement SEE direct 0.6575, indirect 0.059125, total 0.716625 (both count)")
    func cbam2() throws {
        let r = try CBAMEngine.assess(try CBAMDeclarationFile.load(path: example("cbam/cbam-2.yaml")), catalog: catalog)
        let clinker = try #require(r.processes.first { $0.process == "clinker" })
        #expect(close(clinker.seeDirect, 0.85))
        #expect(close(clinker.seeIndirect, 0.0495))
        let cement = try #require(r.processes.first { $0.process == "cement" })
        #expect(close(cement.seeDirect, 0.6575))
        #expect(close(cement.seeIndirect, 0.059125))
        #expect(close(cement.seeTotal, 0.716625))
        #expect(close(cement.seeCertificate, 0.716625))
        #expect(!cement.directOnly)
        let i = try #require(r.imports.first)
        #expect(i.scope == "direct + indirect")
        #expect(close(i.actual?.embeddedT, 7166.25, 1e-12))
        // Bundled default for Portland cement: 0.81 + 0.06, +10 % in 2026.
        #expect(close(i.defaultValue.baseTPerT, 0.87))
        #expect(close(i.onDefaults.seeTPerT, 0.957))
        #expect(i.notes.contains { $0.contains("no benchmark") })
    }

    @Test("Transitional year: both direct and indirect reported, no certificates")
    func transitional() throws {
        let r = try cbam1(year: 2025)
        #expect(r.period == "transitional")
        let i = try #require(r.imports.first)
        #expect(close(i.actual?.seeTPerT, 2.02625))
        #expect(i.actual?.certificates == 0)
        #expect(i.onDefaults.certificates == 0)
        #expect(i.defaultValue.markUp == 0)
    }

    @Test("Precursor from two suppliers: weighted average SEE; attribution by shares")
    func sharesAndMixes() throws {
        let d = chain { d in
            d.installations[0].processes.insert(CBAMProcess(id: "pig2", cnCode: "7201", seeDirect: 2.1, seeIndirect: 0.15), at: 1)
            d.installations[0].processes[2].precursors = [
                CBAMPrecursorUse(
                    tPerT: 0.9, sources: [CBAMPrecursorSource(process: "pig", share: 0.75), CBAMPrecursorSource(process: "pig2", share: 0.25)])
            ]
        }
        let r = try CBAMEngine.assess(d, catalog: catalog)
        let steel = try #require(r.processes.first { $0.process == "steel" })
        #expect(close(steel.seeDirect, 0.15 + 0.9 * (0.75 * 1.7 + 0.25 * 2.1)))
        #expect(close(steel.seeIndirect, 0.06 + 0.9 * (0.75 * 0.05 + 0.25 * 0.15)))

        // Installation totals attributed to processes by shares (reporting-period form).
        var shared = chain()
        shared.installations[0].directEmissionsT = 1000
        shared.installations[0].processes[1] = CBAMProcess(
            id: "steel", cnCode: "7207", activityLevelT: 2000, shareOfDirect: 0.3, electricityMWhPerT: 0.10,
            precursors: [CBAMPrecursorUse(process: "pig", massT: 1800)])
        shared.installations[0].processes[2] = CBAMProcess(
            id: "hrc", cnCode: "72083900", activityLevelT: 1000, shareOfDirect: 0.7, electricityMWhPerT: 0.12,
            precursors: [CBAMPrecursorUse(process: "steel", tPerT: 1.05)])
        let s = try CBAMEngine.assess(shared, catalog: catalog)
        #expect(close(s.processes.first { $0.process == "steel" }?.ownDirectTPerT, 300.0 / 2000))
        #expect(close(s.processes.first { $0.process == "hrc" }?.ownDirectTPerT, 0.7))
    }

    @Test("Annex II good with a non-Annex-II precursor keeps the precursor's indirect emissions")
    func crossSectoralRule() throws {
        // Pig iron (Annex II) from sintered ore (2601 12 00, not Annex II).
        let d = CBAMDeclaration(
            year: 2026,
            installations: [
                CBAMInstallation(
                    id: "w", gridEFtPerMWh: 0.5,
                    processes: [
                        CBAMProcess(id: "sinter", cnCode: "26011200", directTPerT: 0.2, electricityMWhPerT: 0.04),
                        CBAMProcess(
                            id: "pig", cnCode: "7201", directTPerT: 1.3, electricityMWhPerT: 0.1,
                            precursors: [CBAMPrecursorUse(process: "sinter", tPerT: 1.4)])
                    ])
            ], imports: [])
        let r = try CBAMEngine.assess(d, catalog: catalog)
        let sinter = try #require(r.processes.first { $0.process == "sinter" })
        #expect(close(sinter.seeCertificate, 0.2 + 0.02)) // direct + indirect
        let pig = try #require(r.processes.first { $0.process == "pig" })
        #expect(close(pig.seeCertificate, 1.3 + 1.4 * 0.22)) // own indirect dropped, precursor's kept
        #expect(close(pig.seeTotal, 1.3 + 0.05 + 1.4 * 0.22))
    }

    @Test("The electricity factor falls back to the country's grid average handed in, with a warning")
    func gridFallback() throws {
        let d = chain { $0.installations[0].gridEFtPerMWh = nil }
        let r = try CBAMEngine.assess(
            d, catalog: catalog, gridFactors: ["CHN": GridIntensity(iso3: "CHN", year: 2023, tPerMWh: 0.5823, source: "test")])
        #expect(close(r.processes.first { $0.process == "steel" }?.ownIndirectTPerT, 0.05823))
        #expect(r.warnings.contains { $0.contains("grid average of CHN") })
        let e = policyError { _ = try CBAMEngine.assess(d, catalog: catalog) }
        #expect(e?.code == .missingValue)
        #expect(e?.field == "installations[works].grid_ef_t_per_mwh")
    }
}

@Suite("CBAM bad input: clear errors naming the field")
struct CBAMBadInputTests {
    @Test("Unknown CN code")
    func unknownCN() throws {
        let e = policyError { _ = try CBAMEngine.assess(chain { $0.installations[0].processes[2].cnCode = "9999 99 99" }, catalog: catalog) }
        #expect(e?.code == .unknownCNCode)
        #expect(e?.field == "installations[works].processes[hrc].cn_code")
        #expect(e?.description.contains("unknown CN code '9999 99 99'") == true)
        let e2 = policyError { _ = try CBAMEngine.assess(chain { $0.imports = [CBAMImport(cnCode: "84713000", quantityT: 1)] }, catalog: catalog) }
        #expect(e2?.code == .unknownCNCode)
        #expect(e2?.field == "imports[0].cn_code")
    }

    @Test("Precursors that form a cycle")
    func cycle() throws {
        let e = policyError {
            _ = try CBAMEngine.assess(
                chain { $0.installations[0].processes[1].precursors?.append(CBAMPrecursorUse(process: "hrc", tPerT: 0.05)) }, catalog: catalog)
        }
        #expect(e?.code == .precursorCycle)
        #expect(e?.message.contains("works/steel → works/hrc → works/steel") == true)
        #expect(e?.field?.hasPrefix("installations[works].processes[") == true)
        let own = policyError {
            _ = try CBAMEngine.assess(
                chain { $0.installations[0].processes[2].precursors?.append(CBAMPrecursorUse(process: "hrc", tPerT: 0.02)) }, catalog: catalog)
        }
        #expect(own?.code == .precursorCycle)
        #expect(own?.field == "installations[works].processes[hrc].precursors[1]")
    }

    @Test("Shares that do not sum to one")
    func shares() throws {
        let mix = policyError {
            _ = try CBAMEngine.assess(
                chain { d in
                    d.installations[0].processes[1].precursors = [
                        CBAMPrecursorUse(
                            tPerT: 0.9, sources: [CBAMPrecursorSource(process: "pig", share: 0.6), CBAMPrecursorSource(process: "pig", share: 0.3)])
                    ]
                }, catalog: catalog)
        }
        #expect(mix?.code == .sharesDoNotSumToOne)
        #expect(mix?.field == "installations[works].processes[steel].precursors[0].sources[*].share")
        #expect(mix?.message.contains("add up to 0.9") == true)
        let attribution = policyError {
            _ = try CBAMEngine.assess(
                chain { d in
                    d.installations[0].directEmissionsT = 1000
                    d.installations[0].processes[1] = CBAMProcess(
                        id: "steel", cnCode: "7207", activityLevelT: 100, shareOfDirect: 0.5,
                        precursors: [CBAMPrecursorUse(process: "pig", tPerT: 0.9)])
                    d.installations[0].processes[2] = CBAMProcess(
                        id: "hrc", cnCode: "72083900", activityLevelT: 100, shareOfDirect: 0.6,
                        precursors: [CBAMPrecursorUse(process: "steel", tPerT: 1.05)])
                }, catalog: catalog)
        }
        #expect(attribution?.code == .sharesDoNotSumToOne)
        #expect(attribution?.field == "installations[works].processes[*].share_of_direct")
        #expect(attribution?.message.contains("1.1") == true)
    }

    @Test("Negative production and negative quantities")
    func negative() throws {
        let e = policyError {
            _ = try CBAMEngine.assess(
                chain { $0.installations[0].processes[2] = CBAMProcess(id: "hrc", cnCode: "72083900", activityLevelT: -500, attributedDirectT: 40) },
                catalog: catalog)
        }
        #expect(e?.code == .negativeValue)
        #expect(e?.field == "installations[works].processes[hrc].activity_level_t")
        #expect(e?.message.contains("negative production") == true)
        let q = policyError { _ = try CBAMEngine.assess(chain { $0.imports[0].quantityT = -1000 }, catalog: catalog) }
        #expect(q?.code == .negativeValue)
        #expect(q?.field == "imports[hrc].quantity_t")
        let m = policyError {
            _ = try CBAMEngine.assess(
                chain { $0.installations[0].processes[1].precursors = [CBAMPrecursorUse(process: "pig", tPerT: -0.9)] }, catalog: catalog)
        }
        #expect(m?.code == .negativeValue)
        #expect(m?.field == "installations[works].processes[steel].precursors[0].t_per_t")
    }

    @Test("Other mistakes: unknown process, conflicting data, period totals without activity level")
    func others() throws {
        let ref = policyError {
            _ = try CBAMEngine.assess(
                chain { $0.installations[0].processes[2].precursors = [CBAMPrecursorUse(process: "stel", tPerT: 1)] }, catalog: catalog)
        }
        #expect(ref?.code == .unknownReference)
        #expect(ref?.suggestion?.contains("did you mean 'works/steel'") == true)
        let both = policyError { _ = try CBAMEngine.assess(chain { $0.installations[0].processes[2].seeDirect = 2 }, catalog: catalog) }
        #expect(both?.code == .conflictingValues)
        let al = policyError {
            _ = try CBAMEngine.assess(
                chain { $0.installations[0].processes[2] = CBAMProcess(id: "hrc", cnCode: "72083900", attributedDirectT: 80) }, catalog: catalog)
        }
        #expect(al?.code == .missingValue)
        #expect(al?.field == "installations[works].processes[hrc].activity_level_t")
    }

    @Test("File errors name the file and the field; unknown fields get a suggestion")
    func fileErrors() throws {
        let yaml = """
            installations:
              - id: w
                processes:
                  - id: p
                    cn_code: 7201
                    see_direkt: 1.7
            imports: []
            """
        let e = policyError { _ = try CBAMDeclarationFile.parse(yaml, fileName: "bad.yaml") }
        #expect(e?.code == .unknownField)
        #expect(e?.file == "bad.yaml")
        #expect(e?.field == "installations[w].processes[p].see_direkt")
        #expect(e?.suggestion?.contains("see_direct") == true)

        let csv = "record,installation,id,cn_code,activity_level_t,direct_t_per_t\nprocess,w,p,7201,-5,1\n"
        let decl = try CBAMDeclarationFile.parse(csv, fileName: "neg.csv")
        let n = policyError { _ = try CBAMEngine.assess(decl, catalog: catalog) }
        #expect(n?.code == .negativeValue)
        let bad = policyError { _ = try CBAMDeclarationFile.parse("record,installation,id,cn_code,quantity\nimport,,x,7201,3\n", fileName: "b.csv") }
        #expect(bad?.code == .unknownField)
        #expect(bad?.suggestion?.contains("quantity_t") == true)
        let num = policyError { _ = try CBAMDeclarationFile.parse("record,id,cn_code,quantity_t\nimport,x,7201,lots\n", fileName: "c.csv") }
        #expect(num?.line == 2)
        #expect(num?.field == "quantity_t")
    }
}

@Suite("CBAM localised estimates")
struct LocalisedEstimateTests {
    /// The policy use cases over a fresh data layer built from the bundled datasets.
    static let services: YuhengServices = {
        do { return YuhengServices(db: try YuhengDatabase.open(path: try TemporaryFolder().path("estimates.sqlite"))) } catch {
            fatalError("data layer: \(error)")
        }
    }()

    @Test("Input-output estimate = multiplier × price / 1000, labelled, with a ±50 % range")
    func inputOutput() throws {
        let e = try LocalisedEstimates.fromInputOutput(
            multiplierKtPerMUSD: 2.5, priceUSDPerT: 600, region: "CHN", sector: "27t28", table: "WIOD 2011",
            field: "imports[x].estimate.price_usd_per_t", provenance: nil)
        #expect(close(e.tCO2ePerT, 1.5))
        #expect(close(e.low, 0.75))
        #expect(close(e.high, 2.25))
        #expect(e.label.hasPrefix("ESTIMATE"))
    }

    @Test("No price, no input-output estimate")
    func refusedWithoutPrice() throws {
        let e = policyError {
            _ = try LocalisedEstimates.fromInputOutput(
                multiplierKtPerMUSD: 2.5, priceUSDPerT: nil, region: "CHN", sector: "27t28", table: "WIOD 2011",
                field: "imports[x].estimate.price_usd_per_t", provenance: nil)
        }
        #expect(e?.code == .estimateRefused)
        #expect(e?.field == "imports[x].estimate.price_usd_per_t")
        let d = CBAMDeclaration(
            installations: [], imports: [CBAMImport(id: "x", cnCode: "72083900", country: "CHN", quantityT: 10, estimate: CBAMEstimateRequest())])
        let e2 = policyError { _ = try Self.services.policy.estimates(for: d, catalog: catalog) }
        #expect(e2?.code == .estimateRefused)
    }

    @Test("Estimates from the bundled MRIO sit beside the default in the assessment")
    func bundledMRIO() throws {
        let d = CBAMDeclaration(
            year: 2026, installations: [],
            imports: [
                CBAMImport(id: "hrc", cnCode: "72083900", country: "IND", quantityT: 100, estimate: CBAMEstimateRequest(priceUSDPerT: 600)),
                CBAMImport(id: "hrc-vn", cnCode: "72083900", country: "VNM", quantityT: 100, estimate: CBAMEstimateRequest(priceUSDPerT: 600))
            ])
        let est = try Self.services.policy.estimates(for: d, catalog: catalog)
        let m = try Self.services.policy.bundledMRIOMultipliers()
        let ind = try #require(m.value(region: "IND", sector: "27t28"))
        #expect(close(est["hrc"]?.first?.tCO2ePerT, ind * 600 / 1000))
        #expect(est["hrc-vn"]?.first?.label.contains("RoW") == true)
        #expect(est["hrc-vn"]?.first?.basis.contains { $0.contains("rest-of-the-world") } == true)
        let r = try CBAMEngine.assess(d, catalog: catalog, estimates: est)
        let line = try #require(r.imports.first)
        #expect(close(line.estimates.first?.ratioToDefault, ind * 600 / 1000 / 2.01))
        #expect(line.notes.contains { $0.contains("ESTIMATES") })
        #expect(line.actual == nil)
    }
}
