#pragma once
// Internal to sg_units: the catalogue table and the formatter families, each a port of one @grafana/data file
// (valueFormats/*.ts) over the JavaScript number conversions in js_number.cpp.

#include "units.h"

#include <span>

namespace sg::units::detail {

/// How a catalogue entry formats (one enumerator per Grafana formatter family).
enum class Kind : quint8 {
    Fixed, // toFixedUnit(symbol)
    String,
    Short,
    Si, // SIPrefix(symbol, offset)
    Binary, // binaryPrefix(symbol, offset)
    Percent,
    PercentUnit,
    Hex,
    Hex0x,
    Sci,
    Locale,
    Currency, // currency(symbol)
    CurrencySuffix, // currency(symbol, true)
    Count, // simpleCountUnit(symbol)
    Psi,
    Bool, // symbol "True/False"
    Nanoseconds,
    Microseconds,
    Milliseconds,
    Seconds,
    Minutes,
    Hours,
    Days,
    DurationMs,
    DurationS,
    DurationHms,
    DurationDhms,
    Timeticks,
    ClockMs,
    ClockS,
    DateIso,
    DateIsoToday,
    DateUs,
    DateUsToday,
    DateLocal,
    DateLocalToday,
    DateSystem,
    DateFromNow,
};

/// Grafana's categories, in its order.
enum class Cat : quint8 {
    Misc,
    Acceleration,
    Angle,
    Area,
    Computation,
    Concentration,
    Currency,
    Data,
    DataRate,
    DateTime,
    Energy,
    Flow,
    Force,
    HashRate,
    Mass,
    Length,
    Pressure,
    Radiation,
    RotationalSpeed,
    Temperature,
    Time,
    Throughput,
    Velocity,
    Volume,
    Boolean,
};

/// One row of the catalogue table.
struct UnitSpec
{
    const char16_t* id;
    const char16_t* name;
    Cat category;
    Kind kind;
    const char16_t* symbol = u"";
    int offset = 0;
};

std::span<const UnitSpec> unitSpecs();
QString categoryName(Cat category);
/// The row of `id`, or nullptr.
const UnitSpec* findUnit(QStringView id);

// --- JavaScript number conversions (js_number.cpp) ---------------------------------------------------------------

/// Number.prototype.toString(): shortest round-trip digits, exponent form outside [1e-7, 1e21).
QString jsToString(double value);
/// Number.prototype.toFixed(digits), digits in [0, 100]: exact, ties away from zero.
QString jsToFixed(double value, int digits);
/// Number.prototype.toExponential(digits); no digits: as many as needed to round-trip.
QString jsToExponential(double value, std::optional<int> digits);
/// Number.prototype.toString(16) as V8 writes it (fractional digits up to the double's precision).
QString jsToHexString(double value);
/// Intl.NumberFormat("en-US", {minimumFractionDigits, maximumFractionDigits}).format(value).
QString jsToLocaleString(double value, int minFractionDigits, int maxFractionDigits);
/// parseFloat(text).
double jsParseFloat(QStringView text);
/// Math.round: nearest integer, ties toward +∞.
double jsRound(double value);
/// Math.pow as V8 computes it (fdlibm's algorithm, not correctly rounded; js_pow.cpp).
double jsPow(double base, double exponent);

// --- valueFormats/baseFormatters.ts, symbolFormatters.ts, arithmeticFormatters.ts (number_format.cpp) ------------

/// Grafana's toFixed(): automatic decimals when `decimals` is empty; "∞" for ±Infinity.
QString toFixed(double value, std::optional<int> decimals);
FormattedValue toFixedUnit(double value, std::optional<int> decimals, QStringView unit, bool asPrefix = false);
/// scaledUnits(factor, ext, offset); `suffixUndefined` tells the callers that JavaScript's suffix was undefined.
FormattedValue scaledUnits(double value, std::optional<int> decimals, double factor, std::span<const QString> ext,
    int offset, bool* suffixUndefined = nullptr);
FormattedValue siPrefix(double value, std::optional<int> decimals, QStringView unit, int offset);
FormattedValue binaryPrefix(double value, std::optional<int> decimals, QStringView unit, int offset);
FormattedValue currency(double value, std::optional<int> decimals, QStringView symbol, bool asSuffix);
FormattedValue fullCurrency(double value, std::optional<int> decimals, QStringView symbol, bool asSuffix);
FormattedValue simpleCount(double value, std::optional<int> decimals, QStringView symbol);
/// The "si:" form: an SI prefix letter at the start of `spec` sets the offset.
FormattedValue customSi(double value, std::optional<int> decimals, QStringView spec);
/// Misc, Boolean and Pressure/psi formatters that are neither fixed nor scaled by a symbol.
FormattedValue formatNumber(const UnitSpec& spec, double value, std::optional<int> decimals);

// --- civil time (local_time.cpp) ------------------------------------------------------------------------------------

constexpr qint64 MsPerDay = 86400000;

/// Division rounding toward −∞.
qint64 floorDiv(qint64 a, qint64 b);
/// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12).
qint64 daysFromCivil(qint64 year, int month, int day);
bool isLeapYear(qint64 year);
int daysInMonth(qint64 year, int month0);

/// A moment in a time zone, broken down as moment.js sees it.
struct LocalTime
{
    qint64 epochMs = 0;
    int offsetSeconds = 0;
    qint64 year = 1970;
    int month = 0; // 0-11
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int ms = 0;
    int weekday = 4; // 0 = Sunday
    int dayOfYear = 1;
};

LocalTime breakDown(qint64 epochMs, const QTimeZone& zone);
/// The epoch ms of a local date and time in `zone` (what JavaScript's Date setters do).
qint64 compose(qint64 year, int month0, int day, qint64 msOfDay, const QTimeZone& zone);
/// JavaScript's Date value of a number: whole ms, or nothing outside ±8.64e15.
std::optional<qint64> timeClip(double epochMs);

// --- valueFormats/dateTimeFormatters.ts (time_format.cpp, moment_format.cpp, date_format.cpp) ----------------------

/// ns … d, durations, timeticks and clocks.
FormattedValue formatDuration(Kind kind, double value, std::optional<int> decimals);
/// moment(value).format(pattern) in `zone`; "Invalid date" outside JavaScript's Date range.
QString momentFormat(double epochMs, QStringView pattern, const QTimeZone& zone);
/// moment(value).fromNow() in `zone` with "now" at `nowMs`.
QString momentFromNow(double epochMs, qint64 nowMs, const QTimeZone& zone);
/// The "Date & time" units and "time:" (`pattern` set).
FormattedValue formatDate(Kind kind, double value, const FormatOptions& options, QStringView pattern = {});

} // namespace sg::units::detail
