import Foundation
import Testing

/// A `multipart/form-data` body as a browser sends it for a form with a file input.
func multipartBody(_ parts: [(name: String, fileName: String?, value: String)], boundary: String) -> Data {
    var s = ""
    for p in parts {
        s += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(p.name)\""
        if let f = p.fileName { s += "; filename=\"\(f)\"\r\nContent-Type: text/csv" }
        s += "\r\n\r\n\(p.value)\r\n"
    }
    return Data((s + "--\(boundary)--\r\n").utf8)
}

/// The text of the cell with `data-col="COL"` in the row with the given id or data-category.
func cell(_ column: String, row: String, in html: String) -> String? {
    guard let start = html.range(of: row) else { return nil }
    let rest = html[start.upperBound...]
    guard let end = rest.range(of: "</tr>"), let c = rest[..<end.lowerBound].range(of: "data-col=\"\(column)\">") else { return nil }
    let after = rest[c.upperBound..<end.lowerBound]
    return after.range(of: "</").map { String(after[..<$0.lowerBound]) }
}

/// "301,320.29" → 301320.29; "±17.22 %" → 17.22.
func parseNumber(_ s: String) -> Double? {
    Double(
        s.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "±", with: "").replacingOccurrences(of: "%", with: "").trimmingCharacters(
            in: .whitespaces))
}

@Suite("Web forms: inventory with uncertainty, LCA study reports", .timeLimit(.minutes(10)))
struct WebFormTests {
    @Test("Uploading IPCC-1 on the inventory page shows the table by category and gas with the 95 % uncertainty")
    func inventoryUpload() async throws {
        let c = try await SharedServer.client
        let csv = try Paths.file("examples/inventory/ipcc-1.csv")
        let api = try await c.send("POST", "/api/inventory", query: ["gwp": "AR5"], body: Data(csv.utf8), contentType: "text/csv").object()
        let total = try #require(number(api["total_co2e_t"]))
        let u = try #require(number(api["uncertainty_pct"]))

        let boundary = "----yuheng\(UUID().uuidString.prefix(8))"
        let body = multipartBody([("file", "ipcc-1.csv", csv), ("gwp", nil, "AR5"), ("csv", nil, "")], boundary: boundary)
        let r = try await c.send("POST", "/inventory", body: body, contentType: "multipart/form-data; boundary=\(boundary)")
        #expect(r.status == 200, "\(r.text.prefix(300))")
        #expect(r.contentType.hasPrefix("text/html"))
        let html = r.text
        #expect(html.contains("301,320.29"), "the IPCC-1 total (AR5) is not on the page")
        #expect(html.contains("id=\"inventory-table\""))
        // Columns per gas, and the category row with its CO2e and uncertainty.
        for gas in ["CO2 t", "CH4 t", "N2O t"] { #expect(html.contains("<th>\(gas)</th>"), "no column \(gas)") }
        let categories = try #require(api["by_category"] as? [String: [String: Any]])
        for (code, values) in categories {
            let row = "data-category=\"\(code)\""
            #expect(cell("co2e", row: row, in: html).flatMap(parseNumber) == (number(values["co2e_t"]).map { ($0 * 100).rounded() / 100 }), "\(code)")
            let cu = try #require(number(values["uncertainty_pct"]))
            #expect(cell("u", row: row, in: html) == "±\(String(format: "%.2f", cu)) %", "\(code): \(cell("u", row: row, in: html) ?? "no cell")")
        }
        // The total: Approach 1 half-width and its 95 % range, and the correlated propagation.
        #expect(cell("u", row: "id=\"inventory-total\"", in: html) == "±\(String(format: "%.2f", u)) %")
        let range = try #require(cell("range", row: "id=\"inventory-total\"", in: html)).components(separatedBy: " – ").compactMap(parseNumber)
        #expect(range.count == 2)
        if range.count == 2 {
            #expect(abs(range[0] - total * (1 - u / 100)) < 0.006 && abs(range[1] - total * (1 + u / 100)) < 0.006, "range \(range)")
        }
        let correlated = try #require(cell("u-correlated", row: "id=\"inventory-total\"", in: html).flatMap(parseNumber))
        #expect(correlated > 0)
        #expect(html.contains("ipcc2006-fuels"), "the datasets are not listed")

        // The text area works without a file (urlencoded, as a form without JavaScript may send), with AR6.
        let ar6 = try await c.send("POST", "/api/inventory", query: ["gwp": "AR6"], body: Data(csv.utf8), contentType: "text/csv").object()
        let form = "gwp=AR6&csv=" + csv.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let page = try await c.send("POST", "/inventory", body: Data(form.utf8), contentType: "application/x-www-form-urlencoded")
        #expect(page.status == 200)
        let ar6Total = try #require(cell("co2e", row: "id=\"inventory-total\"", in: page.text).flatMap(parseNumber))
        #expect(abs(ar6Total - (number(ar6["total_co2e_t"]) ?? 0)) < 0.006)
        #expect(page.text.contains("<option selected>AR6</option>"))
    }

    @Test("The correlated column counts a factor shared by two activities once; Approach 1 treats them as independent")
    func sharedFactor() async throws {
        let c = try await SharedServer.client
        let header = "id,category,method,item,amount,unit,ad_uncertainty_pct,parameters\n"
        func totals(_ rows: String) async throws -> (approach1: Double, correlated: Double) {
            let r = try await c.send(
                "POST", "/inventory", body: Data(("csv=" + (header + rows).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!).utf8),
                contentType: "application/x-www-form-urlencoded")
            #expect(r.status == 200, "\(r.text.prefix(300))")
            let a = try #require(cell("u", row: "id=\"inventory-total\"", in: r.text).flatMap(parseNumber))
            let k = try #require(cell("u-correlated", row: "id=\"inventory-total\"", in: r.text).flatMap(parseNumber))
            return (a, k)
        }
        let one = try await totals("gas,1.A.1.a,stationary,natural_gas,1000,TJ,,\n")
        let two = try await totals("gas1,1.A.1.a,stationary,natural_gas,1000,TJ,,\ngas2,1.A.1.a,stationary,natural_gas,1000,TJ,,\n")
        // The same factor for both: fully correlated, the relative uncertainty of the sum is that of one;
        // as independent sources (Eq 3.2) it shrinks by √2.
        #expect(abs(two.correlated - one.correlated) < 0.02, "correlated: one \(one.correlated) %, two \(two.correlated) %")
        #expect(abs(two.approach1 * 2.0.squareRoot() - one.approach1) < 0.02, "Approach 1: one \(one.approach1) %, two \(two.approach1) %")
    }

    @Test("A bad activity file shows the error on the page with a 400")
    func inventoryError() async throws {
        let c = try await SharedServer.client
        let bad = "id,category,method,item,amount,unit\nx,1.A.1.a,stationary,natural_gas,-5,TJ\n"
        let r = try await c.send(
            "POST", "/inventory", body: Data(("csv=" + bad.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!).utf8),
            contentType: "application/x-www-form-urlencoded")
        #expect(r.status == 400)
        #expect(r.text.contains("id=\"inventory-error\""))
        #expect(r.text.contains("inventory.negativeAmount"))
        #expect(r.text.contains("natural_gas,-5,TJ"), "the submitted file is kept in the form")
        let empty = try await c.send("POST", "/inventory", body: Data("csv=".utf8), contentType: "application/x-www-form-urlencoded")
        #expect(empty.status == 400)
        #expect(empty.text.contains("form.missingField"))
    }

    @Test("An LCA study's ISO 14067 report downloads as Markdown and HTML, linked from the LCA page")
    func studyReport() async throws {
        let c = try await SharedServer.client
        let page = try await c.get("/lca")
        #expect(page.text.contains("id=\"study-text\"") && page.text.contains("id=\"study-run\""))
        #expect(page.text.contains("kind:'lca-study'"))

        let yaml = try Paths.file("examples/lca/us-grid-electricity.yaml")
        let id = try await c.submitJob("lca-study", ["study": yaml, "format": "yaml"])
        let early = try await c.get("/api/jobs/\(id)/report.md")
        #expect([200, 409].contains(early.status), "before it finishes a report is a 409: \(early.status)")
        let j = try await c.waitForJob(id, timeout: 300)
        #expect(j["status"] as? String == "succeeded", "\(j)")
        let result = try await c.get("/api/jobs/\(id)/result").object()

        for (ext, key, type) in [("md", "report_markdown", "text/markdown"), ("html", "report_html", "text/html")] {
            let r = try await c.get("/api/jobs/\(id)/report.\(ext)")
            #expect(r.status == 200, "report.\(ext): \(r.text.prefix(200))")
            #expect(r.contentType.hasPrefix(type))
            let disposition = r.headers.first { $0.key.lowercased() == "content-disposition" }?.value ?? ""
            #expect(disposition == "attachment; filename=\"yuheng-lca-\(id).\(ext)\"", "Content-Disposition: \(disposition)")
            #expect(r.text == result[key] as? String, "the download differs from the job's \(key)")
            #expect(r.text.contains("Carbon footprint of 1 kWh of US grid electricity"))
        }
        let listed = try await c.get("/lca")
        #expect(listed.text.contains("href=\"/api/jobs/\(id)/report.md\""), "the LCA page does not link the report")
        #expect(listed.text.contains("href=\"/api/jobs/\(id)/report.html\""))

        // Reports exist only for lca-study jobs.
        let wait = try await c.submitJob("wait", ["seconds": 0])
        try await c.waitForJob(wait, timeout: 300)
        let none = try await c.get("/api/jobs/\(wait)/report.md")
        #expect(none.status == 404)
        #expect(try none.apiError().code == "job.noReport")
        let unknown = try await c.get("/api/jobs/no-such-job/report.html")
        #expect(unknown.status == 404)
        #expect(try unknown.apiError().code == "job.notFound")
    }
}
