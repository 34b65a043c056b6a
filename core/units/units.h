#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>
#include <QTimeZone>

#include <optional>
#include <vector>

namespace sg::units {

/// A value formatted for display, split as Grafana's FormattedValue is: "$" + "1.5" + " K".
struct FormattedValue
{
    QString text;
    QString prefix;
    QString suffix;
    /// prefix + text + suffix
    QString toString() const { return prefix + text + suffix; }
};

/// One entry of the unit catalogue (Grafana's getValueFormats()).
struct UnitInfo
{
    QString id;       ///< "bytes", "reqps", "percentunit", ...
    QString name;     ///< "bytes(IEC)", "requests/sec (rps)", ...
    QString category; ///< "Data", "Throughput", ...
};

/// What the date units need besides the value. Grafana takes these from the browser; Sightglass passes them.
struct FormatOptions
{
    /// Zone the date units ("dateTimeAs*", "time:…", "dateTimeFromNow") show times in. Grafana's default is the
    /// browser's zone: the app passes QTimeZone::systemTimeZone() for "local" or QTimeZone::utc() for "utc".
    QTimeZone timeZone = QTimeZone::utc();
    /// "Now" in ms since the epoch, for dateTimeFromNow and the "…NoDateIfToday" units; empty: the current time.
    std::optional<qint64> nowMs;
    /// moment.js pattern of "dateTimeAsLocal". Grafana derives it from the browser's locale with Intl; this is
    /// en-US as current ICU writes it (a narrow no-break space before AM/PM).
    QString localDateTimePattern = QStringLiteral(u"MM/DD/YYYY, hh:mm:ss\u202FA");
    /// moment.js pattern of "dateTimeAsLocalNoDateIfToday" for today's times.
    QString localTimePattern = QStringLiteral(u"hh:mm:ss\u202FA");
};

/// Formats `value` with Grafana's unit `unitId` (also "prefix:", "suffix:", "si:", "count:", "currency:",
/// "time:" and "bool:" forms), with `decimals` (none: Grafana's automatic decimals), exactly as
/// @grafana/data's getValueFormat(unitId)(value, decimals) does, quirks included (NaN, ±Inf, en-US numbers).
/// An unknown id formats as a custom suffix, as Grafana does.
FormattedValue format(QStringView unitId, double value, std::optional<int> decimals = std::nullopt);

/// As above, with the time zone, "now" and local patterns of the date units.
FormattedValue format(QStringView unitId, double value, std::optional<int> decimals, const FormatOptions& options);

/// The whole catalogue, grouped by category in Grafana's order.
const std::vector<UnitInfo>& catalogue();

/// Grafana's category names in catalogue order ("Misc", "Acceleration", ..., "Boolean").
QStringList categories();

/// The catalogue entry of `unitId`, or nothing for parameterised and unknown ids.
std::optional<UnitInfo> unitInfo(QStringView unitId);

/// True when `unitId` is in the catalogue or is one of the parameterised forms.
bool isKnown(QStringView unitId);

/// Maps a legacy Graph/Singlestat `format` / `y_formats` id to its current id. Grafana carries those ids over
/// unchanged when it migrates the panels; the one rename is the misspelt "farenheit" → "fahrenheit".
QString migrateLegacyUnit(QStringView legacyId);

} // namespace sg::units
