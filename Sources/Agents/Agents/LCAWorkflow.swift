import Foundation
import YuhengCore

/// What a product footprint request says: "carbon footprint of 1 t of ready-mix concrete delivered 50 km".
public struct LCARequest: Sendable, Equatable {
    /// The product as written, e.g. "ready-mix concrete" (the words searched for in the LCI).
    public var product: String
    /// Amount of the product; nil when not said (the workflow then assumes one reference unit and says so).
    public var amount: Double?
    /// Unit of the amount, normalised (t, kg, g, kWh, MWh, MJ, GJ, m3, l); nil when not said.
    public var unit: String?
    /// Delivery distance in km; nil when not said (no transport stage is added).
    public var distanceKm: Double?
    /// truck, rail or ship; nil when not said.
    public var transportMode: String?

    static let unitWords: [String: String] = [
        "t": "t", "tonne": "t", "tonnes": "t", "ton": "t", "tons": "t", "kg": "kg", "kilogram": "kg", "kilograms": "kg", "g": "g",
        "kwh": "kWh", "mwh": "MWh", "mj": "MJ", "gj": "GJ", "m3": "m3", "m³": "m3", "l": "l", "litre": "l", "litres": "l", "liter": "l", "liters": "l"
    ]

    /// Reads the request; nil when it names no product (then the LCA agent works from the model instead).
    public static func parse(_ question: String) -> LCARequest? {
        let q = question.replacingOccurrences(of: "’", with: "'")
        let lower = q.lowercased()
        var req = LCARequest(product: "")
        let ns = q as NSString
        // Amount, unit and product: "1 t of ready-mix concrete", "500 kg portland cement".
        let units = unitWords.keys.sorted { $0.count > $1.count }.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|")
        let amountPattern = "(\\d+(?:[.,]\\d+)?)\\s*(\(units))\\s+(?:of\\s+)?([^,.?;]+)"
        if let re = try? NSRegularExpression(pattern: amountPattern, options: [.caseInsensitive]),
            let m = re.firstMatch(in: q, range: NSRange(location: 0, length: ns.length))
        {
            req.amount = Double(ns.substring(with: m.range(at: 1)).replacingOccurrences(of: ",", with: "."))
            req.unit = unitWords[ns.substring(with: m.range(at: 2)).lowercased()]
            req.product = ns.substring(with: m.range(at: 3))
        } else {
            for lead in ["carbon footprint of ", "footprint of ", "emissions of ", "lca of ", "life cycle assessment of ", "impact of "] {
                if let r = lower.range(of: lead) {
                    let start = q.index(q.startIndex, offsetBy: lower.distance(from: lower.startIndex, to: r.upperBound))
                    req.product = String(q[start...]).components(separatedBy: CharacterSet(charactersIn: ",.?;")).first ?? ""
                    break
                }
            }
        }
        // Cut the product phrase before delivery and other qualifiers.
        var product = req.product
        for marker in [
            " delivered", " transported", " shipped", " carried", " over ", " by ", " including", " with ", " from ", " at the", " in the ", " per "
        ] {
            if let r = product.lowercased().range(of: marker) {
                product = String(
                    product[
                        product
                            .startIndex..<product.index(
                                product.startIndex, offsetBy: product.lowercased().distance(from: product.lowercased().startIndex, to: r.lowerBound))]
                )
            }
        }
        product = product.trimmingCharacters(in: .whitespacesAndNewlines)
        for article in ["a ", "an ", "the ", "one "] where product.lowercased().hasPrefix(article) {
            product = String(product.dropFirst(article.count))
        }
        req.product = product
        if let re = try? NSRegularExpression(pattern: "(\\d+(?:\\.\\d+)?)\\s*km\\b", options: [.caseInsensitive]),
            let m = re.firstMatch(in: q, range: NSRange(location: 0, length: ns.length))
        {
            req.distanceKm = Double(ns.substring(with: m.range(at: 1)))
        }
        if lower.range(of: "\\b(truck|lorry|road)\\b", options: .regularExpression) != nil {
            req.transportMode = "truck"
        } else if lower.range(of: "\\b(rail|train)\\b", options: .regularExpression) != nil {
            req.transportMode = "rail"
        } else if lower.range(of: "\\b(ship|barge|vessel|sea)\\b", options: .regularExpression) != nil {
            req.transportMode = "ship"
        }
        return req.product.isEmpty ? nil : req
    }

    /// Words that must appear in a process that represents the product.
    var significantWords: [String] {
        let stop: Set<String> = ["the", "and", "for", "with", "from", "per", "one", "some", "product"]
        return product.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init).filter {
            $0.count >= 3 && !stop.contains($0)
        }
    }
}

/// The LCA workflow agent: a deterministic orchestrator that writes goal and scope, chooses the
/// functional unit and boundary, searches and selects processes (stating why), builds a study file
/// in the ProductStudy format, runs the calculation, contributions and Monte Carlo, and writes an
/// ISO 14067-style report with `lca_study`. The model is consulted only for open-ended steps
/// (choosing among search hits, writing the goal) through named tool calls, each with a
/// deterministic fallback, so a scripted model can drive it. When the product is not in the
/// database, or a unit cannot be converted, it returns a question instead of guessing; every
/// assumption it makes is written into the study.
public struct LCAWorkflow: Sendable {
    /// The model consulted for open-ended steps; nil runs every step with its deterministic fallback.
    public var model: ChatModel?
    /// The tools the workflow calls (lca_search, lca_calculate, lca_contributions, monte_carlo, lca_study).
    public var registry: ToolRegistry
    /// The database, output folder and caches the tools use.
    public var context: ToolContext
    /// Steps, tokens and time of the run.
    public var limits: AgentLimits
    /// The check of the answer's numbers against the tool results.
    public var validator: GroundingValidator

    /// A workflow; the model is optional.
    public init(
        model: ChatModel?, registry: ToolRegistry, context: ToolContext, limits: AgentLimits = AgentLimits(),
        validator: GroundingValidator = GroundingValidator()
    ) {
        self.model = model
        self.registry = registry
        self.context = context
        self.limits = limits
        self.validator = validator
    }

    final class State: @unchecked Sendable {
        var trace: [TraceEntry] = []
        var steps = 0
        var tokens = 0
        var assumptions: [String] = []
        var choices: [String] = []
        var limitations: [String] = []
    }

    /// Runs the study for `request`: goal and scope, process choice, calculation, contributions, Monte Carlo and the `lca_study` report.
    /// Returns a question (``StopReason/question``) instead of guessing when the product is not found or a unit does not convert.
    /// A model that fails is not an error: the step falls back to its deterministic choice.
    public func run(_ request: LCARequest, question: String, onEvent: (@Sendable (AgentEvent) -> Void)? = nil) async throws -> AgentAnswer {
        let st = State()
        func finish(_ answer: String, _ stop: StopReason, files: [String] = []) -> AgentAnswer {
            let report = stop == .answered ? AgentRunner.ground(answer, question: question, trace: st.trace, validator: validator) : .empty
            var text = answer
            if !report.unsupported.isEmpty { text = GroundingValidator.annotate(answer, report) }
            return AgentAnswer(
                answer: text, agent: "lca", trace: st.trace, grounding: report, model: model?.modelName ?? "none", stopReason: stop,
                routing: nil, files: files, steps: st.steps, tokens: st.tokens)
        }
        func call(_ name: String, _ args: JSON) async -> ToolOutcome {
            onEvent?(.toolCall(name: name, arguments: args.text()))
            let o = await registry.call(name, arguments: args, context: context)
            let e = TraceEntry(step: st.steps, outcome: o)
            st.trace.append(e)
            onEvent?(.toolResult(e))
            return o
        }

        // 1. What is asked.
        var amount = request.amount
        var unit = request.unit
        let product = request.product

        // 2. Find and select the product's process.
        let search = await call("lca_search", ["query": .string(product), "limit": 8])
        guard let hits = search.result?.json["processes"]?.arrayValue, !hits.isEmpty else {
            return finish(
                "I could not find any process for \"\(product)\" in the LCI database (\(search.error?.message ?? "no hits")). Which process or material should represent it? You can search with `yuheng lca search`.",
                .question)
        }
        let partial = search.result?.json["partial_match"]?.boolValue ?? false
        guard let chosen = await select(hits, for: product, words: request.significantWords, partial: partial, purpose: "the product itself", st: st)
        else {
            var names: [String] = []
            for n in hits.compactMap({ $0["name"]?.stringValue }) where !names.contains(n) && names.count < 5 { names.append(n) }
            return finish(
                "The LCI database has no process that is \"\(product)\". The closest are: \(names.map { "\"\($0)\"" }.joined(separator: ", ")). Which of them should represent the product, or what is it made of (for example a mix design with the mass of each ingredient)? I will not substitute another product without your confirmation.",
                .question)
        }
        let processID = chosen.hit["process_id"]?.stringValue ?? ""
        let processName = chosen.hit["name"]?.stringValue ?? processID
        let refUnit = chosen.hit["reference_unit"]?.stringValue ?? ""
        st.choices.append(
            "Product: \"\(processName)\" (\(processID.prefix(8)), \(chosen.hit["location"]?.stringValue ?? "no location")) — \(chosen.reason)")
        if amount == nil {
            amount = 1
            unit = refUnit
            st.assumptions.append("No amount was given: the functional unit is 1 \(refUnit) of \(product) (the process's reference unit).")
        }

        // 3. Delivery transport.
        var transport: (id: String, name: String, tkm: Double, mode: String)? = nil
        if let km = request.distanceKm {
            guard let a = amount, let u = unit, let tonnes = try? MeasureUnit(u).convert(a, to: MeasureUnit("t")) else {
                return finish(
                    "To add the \(Self.fmt(km)) km delivery I need the mass of the functional unit (\(amount.map(Self.fmt) ?? "?") \(unit ?? "")) of \(product): how many tonnes is it?",
                    .question)
            }
            let mode = request.transportMode ?? "truck"
            if request.transportMode == nil {
                st.assumptions.append(
                    "The transport mode was not given: delivery by combination truck, diesel (US average), loaded one way; no empty return trip is added."
                )
            }
            let query = mode == "rail" ? "transport train diesel" : (mode == "ship" ? "transport barge" : "transport combination truck diesel")
            let ts = await call("lca_search", ["query": .string(query), "limit": 8])
            let modeWord = mode == "rail" ? "train" : (mode == "ship" ? "barge" : "truck")
            if let th = ts.result?.json["processes"]?.arrayValue, !th.isEmpty,
                let pick = await select(
                    th, for: "\(mode) transport (freight, t*km)", words: ["transport", modeWord], partial: false,
                    purpose: "freight transport by \(mode)", st: st)
            {
                let tid = pick.hit["process_id"]?.stringValue ?? ""
                let tname = pick.hit["name"]?.stringValue ?? tid
                transport = (tid, tname, tonnes * km, mode)
                st.choices.append("Delivery: \"\(tname)\" (\(tid.prefix(8))) — \(pick.reason)")
                st.assumptions.append("Delivery: \(Self.fmt(tonnes)) t over \(Self.fmt(km)) km = \(Self.fmt(tonnes * km)) t*km.")
            } else {
                st.limitations.append("No \(mode) transport process was found, so the \(Self.fmt(km)) km delivery is not included.")
            }
        }
        guard let amountValue = amount else { return finish("What amount of \(product) should the footprint be for?", .question) }

        // 4. Calculation, contributions, uncertainty.
        var items: [JSON] = [["process": .string(processID), "amount": .number(amountValue), "unit": .str(unit)]]
        if let t = transport { items.append(["process": .string(t.id), "amount": .number(t.tkm), "unit": "t*km"]) }
        let calc = await call("lca_calculate", ["items": .array(items), "method": "ipcc-ar6-gwp100"])
        guard let result = calc.result?.json else {
            if calc.error?.kind == .unitMismatch {
                return finish(
                    "\(processName) is measured in \(refUnit), and \(Self.fmt(amountValue)) \(unit ?? "") cannot be converted to it (\(calc.error!.message)). How much is that in \(refUnit)?",
                    .question)
            }
            return finish("I cannot calculate this footprint: \(calc.error?.message ?? "the calculation failed").", .refusal)
        }
        let total = result["total_kg_co2e"]?.doubleValue ?? 0
        let itemRows = result["items"]?.arrayValue ?? []
        let productKg = itemRows.first?["kg_co2e"]?.doubleValue ?? total
        let productRefAmount = itemRows.first?["amount"]?.doubleValue ?? amountValue
        let shares = result["item_shares_pct"]?.arrayValue ?? []
        let contrib = await call("lca_contributions", ["process": .string(processID), "amount": .number(amountValue), "unit": .str(unit), "top": 5])
        var mcLine: String? = nil
        var mcSummary: JSON? = nil
        if registry.tool(named: "monte_carlo") != nil {
            var mcArgs: JSON = [
                "target": "lca", "process": .string(processID), "amount": .number(amountValue), "unit": .str(unit), "iterations": 100, "seed": 1
            ]
            var mc = await call("monte_carlo", mcArgs)
            var basis = "the LCI's own uncertainty data"
            if let s = mc.result?.json["total"], let lo = s["p2_5"]?.doubleValue, let hi = s["p97_5"]?.doubleValue,
                abs(hi - lo) <= 1e-9 * max(1, abs(hi))
            {
                // No exchange of this supply chain has uncertainty data: say so, and give them a basic one, as an assumption.
                let cov = mc.result?.json["coverage"]
                st.limitations.append(
                    "The LCI holds uncertainty data for \(Self.fmt(cov?["with_uncertainty_data"]?.doubleValue ?? 0)) of the \(Self.fmt(cov?["exchanges"]?.doubleValue ?? 0)) exchanges, which give no spread for this product."
                )
                if case .object(var o) = mcArgs { o["default_gsd"] = 1.1; mcArgs = .object(o) }
                mc = await call("monte_carlo", mcArgs)
                basis = "a geometric standard deviation of 1.1 assumed for every exchange without uncertainty data"
                st.assumptions.append(
                    "Uncertainty: exchanges without uncertainty data in the LCI were given a lognormal distribution with a geometric standard deviation of 1.1 (a basic uncertainty, not measured)."
                )
            }
            if let s = mc.result?.json["total"] {
                mcSummary = s
                mcLine =
                    "Monte Carlo (\(Self.fmt(s["iterations"]?.doubleValue ?? 0)) iterations, \(basis)): 95 % interval \(Self.fmt(s["p2_5"]?.doubleValue ?? 0))–\(Self.fmt(s["p97_5"]?.doubleValue ?? 0)) kg CO2e for the product at the gate."
                st.limitations.append(
                    "The Monte Carlo interval covers the product at the gate only and depends on the uncertainty data (or assumption) stated; the delivery is not sampled."
                )
            } else {
                st.limitations.append("Uncertainty was not quantified: \(mc.error?.message ?? "Monte Carlo failed").")
            }
        } else {
            st.limitations.append("Uncertainty was not quantified: the monte_carlo tool is not available.")
        }

        // 5. Goal and scope (the model writes it; a template otherwise).
        let amountText = "\(Self.fmt(amountValue)) \(unit ?? refUnit)"
        let fu =
            "\(amountText) of \(product)"
            + (transport.map { _ in " delivered \(Self.fmt(request.distanceKm ?? 0)) km to the customer" } ?? " at the producer's gate")
        var goal = "Quantify the carbon footprint (ISO 14067) of \(fu) and identify the processes that dominate it, as requested: \"\(question)\"."
        var application = "Screening-level product carbon footprint prepared by the Yuheng LCA agent; not a verified CFP study."
        if let g = await writeGoal(question: question, functionalUnit: fu, st: st) {
            goal = g.goal
            if let a = g.application { application = a }
        }
        let boundary = "cradle-to-gate"
        st.assumptions.append(
            "System boundary: cradle to gate of the producer" + (transport != nil ? ", plus delivery to the customer (reported in the addendum)" : "")
                + "; use and end of life are excluded.")
        st.assumptions.append("Impact method: IPCC AR6 GWP100 (biogenic CO2 included with its uptake).")

        // 6. The study file and the report.
        let slug = Self.slug(product)
        // The study's own calculation covers the product to the gate; the delivery is in the addendum.
        let studyFU =
            "\(amountText) of \(product) at the producer's gate"
            + (transport.map { _ in
                "; the \(Self.fmt(request.distanceKm ?? 0)) km delivery to the customer is added in the addendum (with delivery: \(Self.fmt(total)) kg CO2e)"
            } ?? "")
        let study = Self.studyYAML(
            title: "Carbon footprint of \(fu)", goal: goal, application: application, functionalUnit: studyFU,
            process: processID, amount: amountValue, unit: unit, boundary: boundary,
            assumptions: st.choices + st.assumptions, limitations: st.limitations)
        var appendix = "## Addendum: delivery, interpretation and choices (Yuheng LCA agent)\n\n"
        appendix += "| Life-cycle part | kg CO2e | Share |\n|---|---:|---:|\n"
        for (i, r) in itemRows.enumerated() {
            let label =
                i == 0
                ? "Product at the gate: \(r["process_name"]?.stringValue ?? "")"
                : "Delivery: \(r["process_name"]?.stringValue ?? "") (\(Self.fmt(r["amount"]?.doubleValue ?? 0)) t*km)"
            appendix +=
                "| \(label) | \(Self.fmt(r["kg_co2e"]?.doubleValue ?? 0)) | \(shares.indices.contains(i) ? Self.fmt(shares[i].doubleValue ?? 0) + " %" : "100 %") |\n"
        }
        appendix += "| **Total** | **\(Self.fmt(total))** | |\n\n"
        if let c = contrib.result?.json["contributions"]?.arrayValue, !c.isEmpty {
            appendix +=
                "Largest direct contributions to the product at the gate: "
                + c.prefix(3).map {
                    "\($0["name"]?.stringValue ?? "") \(Self.fmt($0["kg_co2e"]?.doubleValue ?? 0)) kg CO2e (\(Self.fmt($0["share_pct"]?.doubleValue ?? 0)) %)"
                }.joined(separator: "; ") + ".\n\n"
        }
        if let m = mcLine { appendix += m + "\n\n" }
        appendix += "### Process choices\n\n" + st.choices.map { "- \($0)" }.joined(separator: "\n") + "\n\n"
        appendix += "### Assumptions\n\n" + st.assumptions.map { "- \($0)" }.joined(separator: "\n") + "\n\n"
        if !st.limitations.isEmpty { appendix += "### Limitations\n\n" + st.limitations.map { "- \($0)" }.joined(separator: "\n") + "\n" }
        let studyOutcome = await call(
            "lca_study", ["study": .string(study), "report_name": .string("\(slug)-footprint.md"), "appendix": .string(appendix)])
        let reportPath = studyOutcome.result?.json["report_path"]?.stringValue

        // 7. The answer: every number from a tool result.
        var lines: [String] = []
        let dataset = calc.result?.provenance.first.map { "\($0.datasetID) (\($0.version))" } ?? "the LCI database"
        lines.append("Carbon footprint of \(fu): \(Self.fmt(total)) kg CO2e (IPCC AR6 GWP100; LCI data: \(dataset)).")
        lines.append(
            "- Product at the gate (\(processName), \(Self.fmt(productRefAmount)) \(itemRows.first?["unit"]?.stringValue ?? refUnit)): \(Self.fmt(productKg)) kg CO2e"
                + (shares.count > 1 ? " (\(Self.fmt(shares[0].doubleValue ?? 0)) % of the total)." : "."))
        if transport != nil, itemRows.count > 1 {
            let r = itemRows[1]
            lines.append(
                "- Delivery (\(Self.fmt(r["amount"]?.doubleValue ?? 0)) t*km, \(r["process_name"]?.stringValue ?? "")): \(Self.fmt(r["kg_co2e"]?.doubleValue ?? 0)) kg CO2e (\(Self.fmt(shares.count > 1 ? shares[1].doubleValue ?? 0 : 0)) %)."
            )
        }
        if let top = contrib.result?.json["contributions"]?[0] {
            lines.append(
                "- Largest direct contributor: \(top["name"]?.stringValue ?? "") with \(Self.fmt(top["kg_co2e"]?.doubleValue ?? 0)) kg CO2e (\(Self.fmt(top["share_pct"]?.doubleValue ?? 0)) % of the product's footprint)."
            )
        }
        if mcSummary != nil, let m = mcLine { lines.append("- " + m) }
        lines.append("Choices: " + st.choices.joined(separator: "; ") + ".")
        lines.append("Assumptions: " + st.assumptions.joined(separator: " "))
        if let p = reportPath {
            lines.append("ISO 14067-style report: \(p)")
        } else {
            lines.append("The report could not be written: \(studyOutcome.error?.message ?? "unknown error").")
        }
        return finish(lines.joined(separator: "\n"), .answered, files: studyOutcome.result?.files ?? [])
    }

    // MARK: Model-assisted steps

    struct Selection { var hit: JSON; var reason: String }

    /// Chooses the hit that is `target`: the model's choice when it is one of the hits and shares a
    /// word with the target, else the best-ranked hit containing every significant word, else nil.
    func select(_ hits: [JSON], for target: String, words: [String], partial: Bool, purpose: String, st: State) async -> Selection? {
        func matchesWords(_ h: JSON, _ ws: [String], all: Bool) -> Bool {
            let text = ((h["name"]?.stringValue ?? "") + " " + (h["category"]?.stringValue ?? "")).lowercased()
            let tokens = text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
            func has(_ w: String) -> Bool {
                let stem = w.hasSuffix("s") && w.count > 3 ? String(w.dropLast()) : w
                return tokens.contains { $0.hasPrefix(stem) }
            }
            return all ? ws.allSatisfy(has) : ws.contains(where: has)
        }
        if let model, st.steps < limits.maxSteps {
            st.steps += 1
            let list = hits.enumerated().map { i, h in
                "\(i + 1). process_id \(h["process_id"]?.stringValue ?? "") — \(h["name"]?.stringValue ?? "") [\(h["reference_unit"]?.stringValue ?? ""), \(h["location"]?.stringValue ?? "")] (\(h["category"]?.stringValue ?? ""))"
            }.joined(separator: "\n")
            let tool: JSON = [
                "type": "function",
                "function": [
                    "name": "select_process", "description": "Choose the process that represents \(purpose).",
                    "parameters": [
                        "type": "object",
                        "properties": [
                            "process_id": ["type": "string", "description": "process_id of the chosen candidate, or \"none\" if no candidate is it"],
                            "reason": ["type": "string", "description": "Why this process represents it (technology, geography, unit)."]
                        ],
                        "required": ["process_id", "reason"], "additionalProperties": false
                    ]
                ]
            ]
            let req = ChatRequest(
                messages: [
                    .system(
                        "You select life cycle inventory processes for a product carbon footprint study. Choose the candidate that IS \(purpose), not an input to it or a different product. Answer with the select_process tool."
                    ),
                    .user("Needed: \(target)\nCandidates:\n\(list)")
                ],
                tools: [tool], toolChoice: .function("select_process"), temperature: 0, stream: false)
            if let c = try? await model.complete(req, onEvent: nil) {
                st.tokens += c.usage?.total ?? 0
                if let call = c.message.toolCalls.first, let args = try? JSON.parse(ArgumentRepair.repair(call.arguments)),
                    let id = args["process_id"]?.stringValue?.trimmingCharacters(in: .whitespaces)
                {
                    if id.lowercased() == "none" { return nil }
                    if id.count >= 6,
                        let h = hits.first(where: { ($0["process_id"]?.stringValue ?? "").hasPrefix(id) || $0["name"]?.stringValue == id }),
                        words.isEmpty || matchesWords(h, words, all: false)
                    {
                        return Selection(hit: h, reason: "chosen by the model: \(args["reason"]?.stringValue ?? "no reason given")")
                    }
                }
            }
        }
        if let h = hits.first(where: { matchesWords($0, words, all: true) }) {
            let rank = (hits.firstIndex(of: h) ?? 0) + 1
            return Selection(
                hit: h,
                reason: "search hit \(rank) of \(hits.count), the best-ranked whose name contains every word of \"\(target)\""
                    + (partial ? " (partial search)" : ""))
        }
        return nil
    }

    func writeGoal(question: String, functionalUnit: String, st: State) async -> (goal: String, application: String?)? {
        guard let model, st.steps < limits.maxSteps else { return nil }
        st.steps += 1
        let tool: JSON = [
            "type": "function",
            "function": [
                "name": "write_goal", "description": "Write the goal and intended application of the study (ISO 14044 §4.2.2).",
                "parameters": [
                    "type": "object",
                    "properties": [
                        "goal": [
                            "type": "string",
                            "description": "The goal: what is assessed and why, one or two sentences, no numbers beyond the functional unit."
                        ],
                        "intended_application": ["type": "string", "description": "Intended application and audience, one sentence."]
                    ],
                    "required": ["goal"], "additionalProperties": false
                ]
            ]
        ]
        let req = ChatRequest(
            messages: [
                .system("You write the goal of an ISO 14067 product carbon footprint study. Answer with the write_goal tool."),
                .user("Request: \(question)\nFunctional unit: \(functionalUnit)")
            ],
            tools: [tool], toolChoice: .function("write_goal"), temperature: 0, stream: false)
        guard let c = try? await model.complete(req, onEvent: nil) else { return nil }
        st.tokens += c.usage?.total ?? 0
        guard let call = c.message.toolCalls.first, let args = try? JSON.parse(ArgumentRepair.repair(call.arguments)),
            let g = args["goal"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), g.count >= 10, g.count <= 1500
        else { return nil }
        return (g, args["intended_application"]?.stringValue.flatMap { $0.isEmpty || $0.count > 600 ? nil : $0 })
    }

    // MARK: Study file

    static func q(_ s: String) -> String { JSON.string(s).text() }

    /// A study in the ProductStudy YAML format (docs/lca-study-format.md).
    static func studyYAML(
        title: String, goal: String, application: String, functionalUnit: String, process: String, amount: Double, unit: String?,
        boundary: String, assumptions: [String], limitations: [String]
    ) -> String {
        var y = "# Product carbon footprint study written by the Yuheng LCA agent (docs/lca-study-format.md)\n"
        y += "title: \(q(title))\n"
        y += "goal: \(q(goal))\n"
        y += "intended_application: \(q(application))\n"
        y +=
            "scope: \(q("Cradle-to-gate product system on the US LCI database; processes and assumptions below were chosen by the agent and are listed in the report."))\n"
        y += "practitioner: \(q("Yuheng LCA agent"))\n"
        y += "functional_unit: \(q(functionalUnit))\n"
        y += "reference:\n  process: \(q(process))\n  amount: \(amount)\n"
        if let u = unit { y += "  unit: \(q(u))\n" }
        y += "boundary: \(boundary)\nmethod: ipcc-ar6-gwp100\nallocation: default\ncutoff: 0.01\n"
        y += "stages:\n"
        for (name, patterns) in [
            ("Electricity", ["electricity"]), ("Fuels burnt", ["combusted", "boiler", "combustion", "burned"]),
            ("Transport", ["transport"]),
            (
                "Extraction and raw materials",
                ["extraction", "at mine", "mining", "quarr", "crude oil", "natural gas, at", "limestone", "sand", "gravel"]
            )
        ] {
            y += "  - name: \(q(name))\n    match: [\(patterns.map(q).joined(separator: ", "))]\n"
        }
        y += "default_stage: \(q("Production and other processes"))\n"
        y +=
            "data_sources:\n  - \(q("US LCI database (NREL/USDA), openLCA JSON-LD 1.5 release, bundled with Yuheng as uslci-1.5"))\n  - \(q("IPCC AR6 WGI global warming potentials (globalwarmingpotentials dataset)"))\n"
        if !assumptions.isEmpty { y += "assumptions:\n" + assumptions.map { "  - \(q($0))\n" }.joined() }
        let lim =
            limitations + [
                "Screening study prepared automatically: the process choices should be reviewed before the results are used or communicated."
            ]
        y += "limitations:\n" + lim.map { "  - \(q($0))\n" }.joined()
        return y
    }

    static func slug(_ s: String) -> String {
        let parts = s.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) || !$0.isASCII })
        let joined = parts.joined(separator: "-")
        return joined.isEmpty ? "product" : String(joined.prefix(60))
    }

    /// Four significant digits, thousands separated by commas.
    public static func fmt(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        let a = abs(x)
        let decimals: Int
        if a == 0 || a >= 1000 {
            decimals = 0
        } else if a >= 100 {
            decimals = 1
        } else if a >= 10 {
            decimals = 2
        } else if a >= 1 {
            decimals = 3
        } else {
            return String(format: "%.3g", x)
        }
        let s = String(format: "%.\(decimals)f", a)
        let parts = s.split(separator: ".", maxSplits: 1)
        var intPart = String(parts[0])
        var groups: [String] = []
        while intPart.count > 3 { groups.insert(String(intPart.suffix(3)), at: 0); intPart.removeLast(3) }
        groups.insert(intPart, at: 0)
        var out = groups.joined(separator: ",")
        if parts.count > 1 {
            var frac = String(parts[1])
            while frac.hasSuffix("0") { frac.removeLast() }
            if !frac.isEmpty { out += "." + frac }
        }
        return (x < 0 ? "-" : "") + out
    }
}
