import YuhengCore

/// An error thrown by YuhengUncertainty.
///
/// Every invalid input (a negative standard deviation, a triangular
/// distribution whose mode lies outside its range, a correlation matrix that
/// is not positive semi-definite, a pedigree score of 7...) is reported with
/// an ``UncertaintyError``. The ``code`` tells what went wrong, ``parameter``
/// names the offending input, and ``message`` explains it for humans and
/// always names that input too.
///
/// ```swift
/// do {
///     try Distribution.normal(mean: 10, sd: -1).validate()
/// } catch let error as UncertaintyError {
///     print(error.code)       // negativeStandardDeviation
///     print(error.parameter)  // Optional("sd")
///     print(error)            // negativeStandardDeviation: normal: sd = -1.0 must not be negative
/// }
/// ```
///
/// Codes can be matched directly in tests:
///
/// ```swift
/// #expect(throws: UncertaintyError.self) { try Distribution.uniform(min: 2, max: 1).validate() }
/// ```
public struct UncertaintyError: YuhengError, Equatable, Hashable {
    /// The kind of an ``UncertaintyError``.
    public enum Code: String, ErrorCode, Codable, CaseIterable {
        /// A standard deviation (normal `sd`, lognormal `sigma`) is negative.
        case negativeStandardDeviation
        /// A range is reversed or empty: `min > max`, `lower >= upper`,
        /// a 2.5th percentile above the 97.5th.
        case invalidRange
        /// The mode of a triangular or PERT distribution lies outside `[min, max]`.
        case modeOutsideRange
        /// A value that must be strictly positive is not: a lognormal built
        /// from a non-positive mean, median or percentile.
        case nonPositiveValue
        /// A parameter is NaN or infinite.
        case nonFiniteValue
        /// A parameter is outside its domain (a GSD below 1, a negative
        /// uncertainty percentage, a probability outside (0, 1), a negative PERT lambda...).
        case invalidParameter
        /// Discrete weights are negative, non-finite or sum to zero.
        case invalidWeights
        /// An input collection is empty where at least one element is needed.
        case emptyInput
        /// Sizes do not agree (values vs weights, inputs vs correlation matrix...).
        case dimensionMismatch
        /// The distribution cannot be used here (for example truncating a
        /// discrete distribution).
        case unsupportedDistribution
        /// A truncation interval holds no probability mass of its base distribution.
        case emptyTruncation
        /// A quantity has zero variance where a positive variance is needed
        /// (a rank correlation with a constant column, Sobol indices of a constant model).
        case zeroVariance
        /// A correlation matrix is malformed: not square, not symmetric, a
        /// diagonal element different from 1, or a coefficient outside [-1, 1].
        case invalidCorrelation
        /// A correlation matrix is not positive semi-definite, so no joint
        /// distribution has these correlations.
        case notPositiveSemidefinite
        /// A pedigree score is outside 1...5.
        case invalidPedigreeScore
        /// The pedigree table has no factor for this indicator and score
        /// (the "n/a" cells of the ecoinvent v2 table).
        case pedigreeScoreNotApplicable
        /// A run option is invalid (zero iterations, a non-positive block size...).
        case invalidArgument
        /// The model closure threw; the message names the iteration.
        case modelFailure
        /// The model returned NaN or an infinity; the message names the iteration.
        case nonFiniteModelOutput
        /// The run was cancelled before any result was available.
        case cancelled
        /// LAPACK reported an unexpected error.
        case libraryFailure

        /// Invalid parameters are input to correct. An empty input, a zero variance or a model
        /// that fails or overflows means the calculation cannot be done with these data (no input
        /// has uncertainty data, every intensity is zero).
        public var kind: ErrorKind {
            switch self {
            case .emptyInput, .zeroVariance, .modelFailure, .nonFiniteModelOutput: .computation
            case .cancelled: .unavailable
            case .libraryFailure: .failure
            default: .invalidInput
            }
        }
    }
    /// "uncertainty", the prefix of the qualified codes.
    public static let domain = "uncertainty"

    /// What went wrong.
    public let code: Code
    /// A human-readable explanation that names the offending input.
    public let message: String
    /// The name of the offending input or parameter (`"sd"`, `"mode"`, `"inputs[2]"`...), if any.
    public let parameter: String?

    /// Creates an error.
    ///
    /// ```swift
    /// throw UncertaintyError(.invalidRange, "uniform: min = 2 > max = 1", parameter: "min")
    /// ```
    public init(_ code: Code, _ message: String, parameter: String? = nil) {
        self.code = code
        self.message = message
        self.parameter = parameter
    }

    /// The parameter at fault as the error's field (no file: the engine reads none), or nil.
    public var location: ErrorLocation? { ErrorLocation.make(file: nil, field: parameter) }

    /// `"code: message"`: the message already names the input, and the code tells which check failed.
    public var description: String { "\(code.rawValue): \(message)" }
}

/// Pattern matching `catch UncertaintyError.Code.zeroVariance { ... }`.
public func ~= (code: UncertaintyError.Code, error: any Error) -> Bool {
    (error as? UncertaintyError)?.code == code
}
