import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A client of OpenAI-compatible `/v1/chat/completions` servers (llama.cpp, Ollama, vLLM, hosted
/// APIs) over Foundation's URLSession: tools (function calling), streaming (SSE with tool calls
/// assembled across chunks), timeouts, and retries with exponential backoff on HTTP 429 and 5xx
/// and on connection errors.
///
/// Every call is bounded:
/// - in time: one deadline — `wall_clock_s` from the start of the call, or the turn's
///   ``LLMDeadline`` when that is earlier — covers every attempt, every backoff and every streamed
///   byte; a server that never answers or trickles bytes is cut off there (``LLMError`` `.wallClock`),
///   and no retry starts after it;
/// - in size: a response may have at most `max_response_bytes` (16 MB by default); a larger one
///   (announced by Content-Length or received) is refused as soon as it is known (`.tooLarge`).
public struct OpenAICompatibleClient: ChatModel {
    /// Where the server is, the model, the key and the time, size and retry limits of every call.
    public let configuration: LLMConfiguration
    /// The configured model name (``LLMConfiguration/model``).
    public var modelName: String { configuration.model }

    /// A client for `configuration`; nothing is contacted until ``complete(_:onEvent:)``.
    public init(configuration: LLMConfiguration) {
        self.configuration = configuration
    }

    /// Sends one chat-completions request (streamed unless the request or configuration says otherwise) and returns the reply;
    /// `onEvent` receives text and tool-call fragments as they stream in. Retries 429, 5xx and connection errors with backoff.
    /// - Throws: ``LLMError``: `.unreachable`, `.timeout`, `.unauthorized`, `.httpStatus`, `.badResponse`, `.wallClock` past the deadline,
    ///   `.tooLarge` for a response over `max_response_bytes`, `.cancelled` when the task is cancelled.
    public func complete(_ request: ChatRequest, onEvent: (@Sendable (StreamEvent) -> Void)? = nil) async throws -> ChatCompletion {
        let stream = request.stream ?? configuration.stream
        let body = request.body(
            model: configuration.model, stream: stream, defaultTemperature: configuration.temperature, defaultMaxTokens: configuration.maxTokens)
        var urlRequest = URLRequest(url: configuration.endpoint)
        urlRequest.httpMethod = "POST"
        urlRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
        urlRequest.setValue(stream ? "text/event-stream" : "application/json", forHTTPHeaderField: "Accept")
        if let k = configuration.apiKey, !k.isEmpty { urlRequest.setValue("Bearer \(k)", forHTTPHeaderField: "Authorization") }
        urlRequest.httpBody = body.data()

        let deadline = LLMDeadline.effective(from: .now, seconds: configuration.wallClockSeconds)
        var attempt = 0
        var last: LLMError? = nil
        while true {
            try Task.checkCancellation()
            let remaining = Self.seconds(deadline - .now)
            guard remaining > 0 else { throw wallClockError(last: last) }
            urlRequest.timeoutInterval = idleTimeout
            do {
                return try await once(urlRequest, stream: stream, deadline: deadline, onEvent: onEvent)
            } catch let e as RetryableFailure {
                if attempt >= configuration.retries { throw e.error }
                var delay = configuration.backoffSeconds * pow(2, Double(attempt))
                if let ra = e.retryAfter { delay = max(delay, min(ra, 10)) }
                delay = min(delay, 8)
                // A retry that could not start before the deadline is not tried.
                guard delay < Self.seconds(deadline - .now) else { throw wallClockError(last: e.error) }
                last = e.error
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
            }
        }
    }

    struct RetryableFailure: Error {
        var error: LLMError
        var retryAfter: Double?
    }

    /// URLSession's idle timeout: `timeout_s`, in whole seconds (FoundationNetworking truncates it to
    /// whole seconds, so that 0.9 s would time out at once). The deadline is the watchdog's business.
    var idleTimeout: Double { max(1, configuration.timeoutSeconds.rounded(.up)) }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// The error when the deadline passes: it names the limit and, when there was one, the last failure.
    func wallClockError(last: LLMError?) -> LLMError {
        let endpoint = configuration.endpoint.absoluteString
        let limit = configuration.wallClockSeconds
        let shown = limit == limit.rounded() ? String(Int(limit)) : String(format: "%g", limit)
        return LLMError(
            .wallClock,
            "the model server at \(endpoint) did not finish answering within the wall-clock limit of \(shown) s\(last.map { " (last failure: \($0.message))" } ?? "")",
            suggestion: "check that the server is running and answering; a slow local model may need a larger wall_clock_s in llm.json")
    }

    /// One attempt. Throws ``RetryableFailure`` for what a retry may fix, ``LLMError`` otherwise.
    func once(_ request: URLRequest, stream: Bool, deadline: ContinuousClock.Instant, onEvent: (@Sendable (StreamEvent) -> Void)?) async throws
        -> ChatCompletion
    {
        let endpoint = configuration.endpoint.absoluteString
        let remaining = max(0, Self.seconds(deadline - .now))
        let cfg = URLSessionConfiguration.ephemeral
        cfg.timeoutIntervalForRequest = idleTimeout
        cfg.timeoutIntervalForResource = max(idleTimeout, remaining.rounded(.up) + 5)
        cfg.requestCachePolicy = .reloadIgnoringLocalCacheData
        let delegate = StreamingDelegate(maxBytes: configuration.maxResponseBytes, endpoint: endpoint)
        let session = URLSession(configuration: cfg, delegate: delegate, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let task = session.dataTask(with: request)
        let chunks = delegate.stream
        task.resume()
        // The deadline ends the attempt whatever the server does (silence, a byte every few seconds).
        let watchdog = Task { [delegate] in
            do { try await Task.sleep(until: deadline, clock: .continuous) } catch { return }
            delegate.expire()
            task.cancel()
        }
        defer { watchdog.cancel() }
        return try await withTaskCancellationHandler {
            var reading = ResponseReading(stream: stream)
            do {
                for try await chunk in chunks {
                    if try reading.take(chunk, onEvent: onEvent) { break }
                }
            } catch let e as LLMError {
                task.cancel()
                throw e
            } catch {
                task.cancel()
                if delegate.expired { throw wallClockError(last: nil) }
                if Task.isCancelled { throw LLMError(.cancelled, "the request to the model server was cancelled") }
                throw Self.transportError(error, endpoint: endpoint, timeout: configuration.timeoutSeconds)
            }
            if delegate.expired { throw wallClockError(last: nil) }
            if reading.assembler.done { task.cancel() } // [DONE] arrived: what follows is not read
            return try reading.completion(endpoint: endpoint, onEvent: onEvent)
        } onCancel: {
            task.cancel()
        }
    }

    /// What an attempt has read of the response: its head, then the plain body or, for server-sent events, the
    /// assembled stream (events passed on as they complete).
    struct ResponseReading {
        /// Whether the request asked for a stream.
        let stream: Bool
        var response: HTTPURLResponse?
        var buffer = Data()
        var assembler = StreamAssembler()
        var body = Data()
        var isSSE = false

        init(stream: Bool) { self.stream = stream }

        /// Takes one chunk of the response; true when the stream's end ([DONE]) arrived.
        mutating func take(_ chunk: StreamingDelegate.Chunk, onEvent: (@Sendable (StreamEvent) -> Void)?) throws -> Bool {
            switch chunk {
            case .response(let r):
                response = r
                let type = r?.value(forHTTPHeaderField: "Content-Type")?.lowercased() ?? ""
                isSSE = (r?.statusCode ?? 0) == 200 && (type.contains("text/event-stream") || (stream && !type.contains("json")))
            case .data(let d):
                guard isSSE else { body.append(d); return false }
                buffer.append(d)
                while let nl = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    var line = String(decoding: buffer[buffer.startIndex..<nl], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...nl)
                    if line.hasSuffix("\r") { line.removeLast() }
                    guard line.hasPrefix("data:") else { continue }
                    for e in try assembler.feed(String(line.dropFirst(5))) { onEvent?(e) }
                    if assembler.done { return true }
                }
            }
            return false
        }

        /// The completion of a response read to its end (or to [DONE]).
        mutating func completion(endpoint: String, onEvent: (@Sendable (StreamEvent) -> Void)?) throws -> ChatCompletion {
            guard let r = response else {
                throw RetryableFailure(
                    error: LLMError(
                        .unreachable, "no response from the model server at \(endpoint)",
                        suggestion: "check that the server is running and --base-url points at it"))
            }
            guard r.statusCode == 200 else { throw OpenAICompatibleClient.statusError(r, body: body, endpoint: endpoint) }
            if isSSE {
                // A last line without a newline.
                if !buffer.isEmpty {
                    let line = String(decoding: buffer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    if line.hasPrefix("data:") { for e in try assembler.feed(String(line.dropFirst(5))) { onEvent?(e) } }
                }
                return assembler.completion
            }
            let j: JSON
            do { j = try JSON.parse(body) } catch {
                throw LLMError(
                    .badResponse, "the model server's response is not JSON: \(String(decoding: body.prefix(200), as: UTF8.self))",
                    suggestion: "check that --base-url is the OpenAI-compatible endpoint (usually ending in /v1)")
            }
            let c = try StreamAssembler.parseResponse(j)
            if let t = c.message.content, !t.isEmpty { onEvent?(.content(t)) }
            return c
        }
    }

    static func statusError(_ r: HTTPURLResponse, body: Data, endpoint: String) -> Error {
        let text = String(decoding: body.prefix(2000), as: UTF8.self)
        var detail = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let j = try? JSON.parse(body), let m = j["error"]?["message"]?.stringValue ?? j["error"]?.stringValue ?? j["message"]?.stringValue {
            detail = m
        }
        let code = r.statusCode
        switch code {
        case 401, 403:
            return LLMError(
                .unauthorized, "the model server at \(endpoint) refused the request (HTTP \(code)): check the API key",
                suggestion: "set --api-key, YUHENG_LLM_API_KEY or api_key in ~/.config/yuheng/llm.json", status: code)
        case 429, 500, 502, 503, 504:
            let ra = r.value(forHTTPHeaderField: "Retry-After").flatMap(Double.init)
            return RetryableFailure(
                error: LLMError(
                    .httpStatus, "the model server at \(endpoint) answered HTTP \(code)\(detail.isEmpty ? "" : ": \(String(detail.prefix(300)))")",
                    suggestion: code == 429 ? "the server is rate-limiting; wait and try again" : "the server failed; check its log", status: code),
                retryAfter: ra)
        case 404:
            return LLMError(
                .httpStatus, "the model server at \(endpoint) answered HTTP 404\(detail.isEmpty ? "" : ": \(String(detail.prefix(300)))")",
                suggestion: "check --base-url (it usually ends in /v1) and --model", status: code)
        default:
            return LLMError(
                .httpStatus, "the model server at \(endpoint) answered HTTP \(code)\(detail.isEmpty ? "" : ": \(String(detail.prefix(300)))")",
                status: code)
        }
    }

    static func transportError(_ error: Error, endpoint: String, timeout: Double) -> Error {
        let ns = error as NSError
        let code = URLError.Code(rawValue: ns.code)
        if ns.domain == NSURLErrorDomain {
            switch code {
            case .cannotConnectToHost, .networkConnectionLost, .notConnectedToInternet, .cannotFindHost, .dnsLookupFailed:
                let what =
                    code == .cannotConnectToHost
                    ? "connection refused" : (code == .cannotFindHost || code == .dnsLookupFailed ? "unknown host" : "connection lost")
                return RetryableFailure(
                    error: LLMError(
                        .unreachable, "cannot reach the model server at \(endpoint) (\(what))",
                        suggestion: "start the server (llama.cpp, Ollama, vLLM …) or point --base-url / YUHENG_LLM_BASE_URL at it"))
            case .timedOut:
                return RetryableFailure(
                    error: LLMError(
                        .timeout, "the model server at \(endpoint) did not answer within \(Int(timeout)) s",
                        suggestion: "a large local model may need a longer timeout (timeout_s in llm.json)"))
            case .cancelled:
                return LLMError(.cancelled, "the request to the model server was cancelled")
            default: break
            }
        }
        return RetryableFailure(
            error: LLMError(
                .unreachable, "cannot talk to the model server at \(endpoint): \(ns.localizedDescription)",
                suggestion: "check --base-url"))
    }
}

extension OpenAICompatibleClient.RetryableFailure: CustomStringConvertible {
    var description: String { error.description }
}

/// Bridges URLSession's delegate callbacks to an async stream of response and data chunks, and
/// enforces the size limit (a response announcing or delivering more than `maxBytes` is cancelled
/// and the stream ends with ``LLMError`` `.tooLarge`) and the deadline (``expire()``).
final class StreamingDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    enum Chunk: Sendable {
        case response(HTTPURLResponse?)
        case data(Data)
    }
    /// Ends the stream when the deadline passes.
    struct Expired: Error {}

    let stream: AsyncThrowingStream<Chunk, Error>
    private let continuation: AsyncThrowingStream<Chunk, Error>.Continuation
    let maxBytes: Int
    let endpoint: String
    private let lock = NSLock()
    private var received = 0
    private var finished = false
    private var _expired = false

    init(maxBytes: Int = .max, endpoint: String = "") {
        var c: AsyncThrowingStream<Chunk, Error>.Continuation!
        stream = AsyncThrowingStream(bufferingPolicy: .unbounded) { c = $0 }
        continuation = c
        self.maxBytes = maxBytes
        self.endpoint = endpoint
        super.init()
    }

    var expired: Bool {
        lock.lock(); defer { lock.unlock() }
        return _expired
    }

    /// The deadline passed: the stream ends at once with ``Expired``.
    func expire() {
        lock.lock()
        let first = !finished
        finished = true
        _expired = first || _expired
        lock.unlock()
        if first { continuation.finish(throwing: Expired()) }
    }

    /// Ends the stream with `error` unless it has ended; true when this call ended it.
    private func finish(throwing error: Error?) -> Bool {
        lock.lock()
        let first = !finished
        finished = true
        lock.unlock()
        if first { if let error { continuation.finish(throwing: error) } else { continuation.finish() } }
        return first
    }

    private func tooLarge(_ what: String) -> LLMError {
        LLMError(
            .tooLarge, "the model server at \(endpoint) \(what); the limit is \(maxBytes) bytes (max_response_bytes)",
            suggestion: "check that --base-url points at a chat-completions server; lower max_tokens, or raise max_response_bytes in llm.json")
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        if response.expectedContentLength > Int64(maxBytes) {
            _ = finish(throwing: tooLarge("announced a response of \(response.expectedContentLength) bytes"))
            completionHandler(.cancel)
            return
        }
        lock.lock()
        let open = !finished
        lock.unlock()
        if open { continuation.yield(.response(response as? HTTPURLResponse)) }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.lock()
        received += data.count
        let over = received > maxBytes
        let open = !finished
        lock.unlock()
        guard open else { return }
        if over {
            _ = finish(throwing: tooLarge("sent more than \(maxBytes) bytes"))
            dataTask.cancel()
            return
        }
        continuation.yield(.data(data))
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        _ = finish(throwing: error)
    }
}
