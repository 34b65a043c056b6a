// Grafana's number formatters: toFixed and its automatic decimals, scaledUnits (SI, IEC, short, currency, counts)
// and the Misc units (percent, hex, sci, locale, string, boolean). Ports of @grafana/data
// valueFormats/baseFormatters.ts, symbolFormatters.ts and arithmeticFormatters.ts.
#include "units_p.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>

using namespace Qt::StringLiterals;

namespace sg::units::detail {
namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr int SiBaseIndex = 5;

const std::array<QString, 14>& siPrefixes()
{
    static const std::array<QString, 14> p { u"f"_s, u"p"_s, u"n"_s, u"µ"_s, u"m"_s, QString(), u"k"_s, u"M"_s, u"G"_s,
        u"T"_s, u"P"_s, u"E"_s, u"Z"_s, u"Y"_s };
    return p;
}

/// getDecimalsForValue: about two significant digits; NaN for NaN (as JavaScript's Math.max(0, NaN)).
double decimalsForValue(double value)
{
    const double absValue = std::abs(value);
    const double log10 = std::floor(std::log(absValue) / std::numbers::ln10);
    double dec = -log10 + 1;
    const double magnitude = jsPow(10, -dec);
    const double norm = absValue / magnitude;
    if (norm > 2.25)
        ++dec;
    if (std::fmod(value, 1.0) == 0)
        dec = 0;
    return std::isnan(dec) ? NaN : std::max(0.0, dec);
}

QString hexText(double value, std::optional<int> decimals)
{
    return jsToHexString(jsParseFloat(toFixed(value, decimals))).toUpper();
}

} // namespace

QString toFixed(double value, std::optional<int> decimals)
{
    if (std::isinf(value))
        return value > 0 ? u"∞"_s : u"-∞"_s;
    const double dec = decimals ? double(*decimals) : decimalsForValue(value);
    if (value == 0)
        return jsToFixed(value, int(dec));
    const double factor = (dec != 0 && !std::isnan(dec)) ? jsPow(10, std::max(0.0, dec)) : 1;
    const QString formatted = jsToString(jsRound(value * factor) / factor);
    if (formatted.contains(u'e'))
        return formatted;
    const qsizetype decimalPos = formatted.indexOf(u'.');
    const double precision = decimalPos == -1 ? 0 : double(formatted.size() - decimalPos - 1);
    if (precision < dec) {
        // JavaScript pads with String(factor).slice(1, …): the zeros of "100…".
        return (precision != 0 ? formatted : formatted + u'.') + jsToString(factor).mid(1, qsizetype(dec - precision));
    }
    return formatted;
}

FormattedValue toFixedUnit(double value, std::optional<int> decimals, QStringView unit, bool asPrefix)
{
    FormattedValue v { toFixed(value, decimals), {}, {} };
    if (!unit.isEmpty()) {
        if (asPrefix)
            v.prefix = unit.toString();
        else
            v.suffix = u' ' + unit.toString();
    }
    return v;
}

FormattedValue scaledUnits(double value, std::optional<int> decimals, double factor, std::span<const QString> ext,
    int offset, bool* suffixUndefined)
{
    if (suffixUndefined)
        *suffixUndefined = false;
    if (!std::isfinite(value)) {
        if (suffixUndefined)
            *suffixUndefined = true;
        return { jsToLocaleString(value, 0, 3), {}, {} };
    }
    const double siIndex = value == 0 ? 0 : std::floor(std::log10(std::abs(value)) / std::log10(factor));
    const double last = double(ext.size()) - 1;
    const auto suffixIndex = std::size_t(std::clamp(offset + siIndex, 0.0, last));
    const double power = std::clamp(siIndex, double(-offset), last - offset);
    return { toFixed(value / jsPow(factor, power), decimals), {}, ext[suffixIndex] };
}

FormattedValue siPrefix(double value, std::optional<int> decimals, QStringView unit, int offset)
{
    std::array<QString, 14> ext;
    for (std::size_t i = 0; i < ext.size(); ++i)
        ext[i] = u' ' + siPrefixes()[i] + unit.toString();
    return scaledUnits(value, decimals, 1000, ext, SiBaseIndex + offset);
}

FormattedValue binaryPrefix(double value, std::optional<int> decimals, QStringView unit, int offset)
{
    static const std::array<QString, 9> prefixes { QString(), u"Ki"_s, u"Mi"_s, u"Gi"_s, u"Ti"_s, u"Pi"_s, u"Ei"_s,
        u"Zi"_s, u"Yi"_s };
    std::array<QString, 9> ext;
    for (std::size_t i = 0; i < ext.size(); ++i)
        ext[i] = u' ' + prefixes[i] + unit.toString();
    return scaledUnits(value, decimals, 1024, ext, offset);
}

FormattedValue currency(double value, std::optional<int> decimals, QStringView symbol, bool asSuffix)
{
    static const std::array<QString, 5> ext { QString(), u"K"_s, u"M"_s, u"B"_s, u"T"_s };
    const bool negative = value < 0;
    if (negative)
        value = std::abs(value);
    bool undefinedSuffix = false;
    FormattedValue v = scaledUnits(value, decimals, 1000, ext, 0, &undefinedSuffix);
    if (asSuffix) {
        if (!undefinedSuffix)
            v.suffix += symbol.toString();
    } else {
        v.prefix = symbol.toString();
    }
    if (negative)
        v.prefix = u'-' + v.prefix;
    return v;
}

FormattedValue fullCurrency(double value, std::optional<int> decimals, QStringView symbol, bool asSuffix)
{
    FormattedValue v;
    v.text = decimals ? jsToLocaleString(value, *decimals, *decimals) : jsToLocaleString(value, 0, 1);
    (asSuffix ? v.suffix : v.prefix) = symbol.toString();
    return v;
}

FormattedValue simpleCount(double value, std::optional<int> decimals, QStringView symbol)
{
    static const std::array<QString, 5> ext { QString(), u"K"_s, u"M"_s, u"B"_s, u"T"_s };
    bool undefinedSuffix = false;
    FormattedValue v = scaledUnits(value, decimals, 1000, ext, 0, &undefinedSuffix);
    // Grafana appends to an undefined suffix for ±Infinity and NaN, which JavaScript spells "undefined".
    v.suffix = (undefinedSuffix ? u"undefined"_s : v.suffix) + u' ' + symbol.toString();
    return v;
}

FormattedValue customSi(double value, std::optional<int> decimals, QStringView spec)
{
    // The first character picks the prefix, compared after NFKD (so "µ" and "μ" are both micro).
    const QString first = spec.left(1).toString().normalized(QString::NormalizationForm_KD);
    int offset = 0;
    const auto& prefixes = siPrefixes();
    for (std::size_t i = 0; i < prefixes.size(); ++i) {
        if (prefixes[i].normalized(QString::NormalizationForm_KD) == first) {
            offset = int(i) - SiBaseIndex;
            break;
        }
    }
    return siPrefix(value, decimals, offset == 0 ? spec : spec.mid(1), offset);
}

FormattedValue formatNumber(const UnitSpec& spec, double value, std::optional<int> decimals)
{
    switch (spec.kind) {
    case Kind::String:
        return { jsToString(value), {}, {} };
    case Kind::Short: {
        static const std::array<QString, 9> ext { QString(), u" K"_s, u" Mil"_s, u" Bil"_s, u" Tri"_s, u" Quadr"_s,
            u" Quint"_s, u" Sext"_s, u" Sept"_s };
        return scaledUnits(value, decimals, 1000, ext, 0);
    }
    case Kind::Psi: {
        static const std::array<QString, 3> ext { u"psi"_s, u"ksi"_s, u"Mpsi"_s };
        return scaledUnits(value, decimals, 1000, ext, 0);
    }
    case Kind::Percent:
        return { toFixed(value, decimals), {}, u"%"_s };
    case Kind::PercentUnit:
        return { toFixed(100 * value, decimals), {}, u"%"_s };
    case Kind::Hex:
        return { hexText(value, decimals), {}, {} };
    case Kind::Hex0x: {
        const QString hex = hexText(value, decimals);
        return { hex.startsWith(u'-') ? u"-0x"_s + hex.mid(1) : u"0x"_s + hex, {}, {} };
    }
    case Kind::Sci:
        return { jsToExponential(value, decimals), {}, {} };
    case Kind::Locale:
        return { jsToLocaleString(value, 0, decimals.value_or(3)), {}, {} };
    case Kind::Bool: {
        const QStringView symbol(spec.symbol);
        const qsizetype slash = symbol.indexOf(u'/');
        const bool truthy = value != 0 && !std::isnan(value);
        return { (truthy ? symbol.left(slash) : symbol.mid(slash + 1)).toString(), {}, {} };
    }
    default:
        return toFixedUnit(value, decimals, spec.symbol);
    }
}

} // namespace sg::units::detail
