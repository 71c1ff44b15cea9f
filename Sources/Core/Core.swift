/// YuhengCore: the domain vocabulary shared by every engine.
///
/// - Units and quantities (``MeasureUnit``, ``Quantity``, ``UnitDimension``): conversions between
///   compatible units, errors for incompatible ones.
/// - Greenhouse gases and GWP sets (``Gas``, ``GWPSet``, ``GWPLibrary``).
/// - Regions and sectors (``Region``, ``Sector``).
/// - Provenance (``Provenance``, ``DatasetInfo``): every number knows its dataset.
/// - Small text readers (``CSVTable``).
public enum YuhengCoreInfo {
    /// Version of the YuhengCore library (semantic versioning), reported by `yuheng --version` and the API.
    public static let version = "0.1.0"
}
