/// JSON form of a ``Distribution``: an object with a `"type"` and the
/// parameters of that case. Decoding validates (an invalid distribution
/// throws a `DecodingError.dataCorrupted` whose underlying error is the
/// ``UncertaintyError``).
///
/// ```json
/// {"type": "constant", "value": 3}
/// {"type": "normal", "mean": 2580, "sd": 65.8}
/// {"type": "lognormal", "mu": 0.693, "sigma": 0.405}
/// {"type": "triangular", "min": 0.8, "mode": 1.0, "max": 1.5}
/// {"type": "uniform", "min": 0, "max": 1}
/// {"type": "pert", "min": 0, "mode": 1, "max": 5, "lambda": 4}
/// {"type": "discrete", "values": [1, 2], "weights": [0.3, 0.7]}
/// {"type": "truncated", "base": {"type": "normal", "mean": 0.9, "sd": 0.1}, "lower": 0, "upper": 1}
/// ```
///
/// `lambda` defaults to 4; an absent `lower`/`upper` means −∞/+∞.
///
/// ```swift
/// let d = try JSONDecoder().decode(Distribution.self, from: Data(#"{"type":"uniform","min":0,"max":2}"#.utf8))
/// ```
extension Distribution: Codable {
    private enum CodingKeys: String, CodingKey {
        case type, value, mean, sd, mu, sigma, min, mode, max, lambda, values, weights, base, lower, upper
    }

    /// Decodes `{"type": "lognormal", "mu": …, "sigma": …}` and the other kinds by their parameter names.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        let d: Distribution
        switch type {
        case "constant":
            d = .constant(try c.decode(Double.self, forKey: .value))
        case "normal":
            d = .normal(mean: try c.decode(Double.self, forKey: .mean), sd: try c.decode(Double.self, forKey: .sd))
        case "lognormal":
            d = .lognormal(mu: try c.decode(Double.self, forKey: .mu), sigma: try c.decode(Double.self, forKey: .sigma))
        case "triangular":
            d = .triangular(
                min: try c.decode(Double.self, forKey: .min), mode: try c.decode(Double.self, forKey: .mode),
                max: try c.decode(Double.self, forKey: .max))
        case "uniform":
            d = .uniform(min: try c.decode(Double.self, forKey: .min), max: try c.decode(Double.self, forKey: .max))
        case "pert":
            d = .pert(
                min: try c.decode(Double.self, forKey: .min), mode: try c.decode(Double.self, forKey: .mode),
                max: try c.decode(Double.self, forKey: .max),
                lambda: try c.decodeIfPresent(Double.self, forKey: .lambda) ?? 4)
        case "discrete":
            d = .discrete(
                values: try c.decode([Double].self, forKey: .values), weights: try c.decode([Double].self, forKey: .weights))
        case "truncated":
            d = .truncated(
                try c.decode(Distribution.self, forKey: .base),
                lower: try c.decodeIfPresent(Double.self, forKey: .lower) ?? -.infinity,
                upper: try c.decodeIfPresent(Double.self, forKey: .upper) ?? .infinity)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unknown distribution type \"\(type)\"")
        }
        do {
            try d.validate()
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath, debugDescription: "invalid \(type) distribution: \(error)",
                    underlyingError: error))
        }
        self = d
    }

    /// Encodes the distribution as `{"type": kind, parameters…}`, the form ``init(from:)`` reads.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kindName, forKey: .type)
        switch self {
        case .constant(let v):
            try c.encode(v, forKey: .value)
        case .normal(let m, let sd):
            try c.encode(m, forKey: .mean)
            try c.encode(sd, forKey: .sd)
        case .lognormal(let mu, let sigma):
            try c.encode(mu, forKey: .mu)
            try c.encode(sigma, forKey: .sigma)
        case .triangular(let a, let m, let b):
            try c.encode(a, forKey: .min)
            try c.encode(m, forKey: .mode)
            try c.encode(b, forKey: .max)
        case .uniform(let a, let b):
            try c.encode(a, forKey: .min)
            try c.encode(b, forKey: .max)
        case .pert(let a, let m, let b, let lambda):
            try c.encode(a, forKey: .min)
            try c.encode(m, forKey: .mode)
            try c.encode(b, forKey: .max)
            try c.encode(lambda, forKey: .lambda)
        case .discrete(let values, let weights):
            try c.encode(values, forKey: .values)
            try c.encode(weights, forKey: .weights)
        case .truncated(let base, let lo, let hi):
            try c.encode(base, forKey: .base)
            if lo.isFinite { try c.encode(lo, forKey: .lower) }
            if hi.isFinite { try c.encode(hi, forKey: .upper) }
        }
    }
}
