#pragma once

#include "time_spec.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace sg::templating {

/// One named range of the time picker (Grafana's `TimeOption`).
struct TimeOption
{
    QString from;
    QString to;
    QString display;
};

/// The time picker's default quick ranges in Grafana's order: "Last 5 minutes" … "Last 5 years", then
/// "Yesterday" … "Previous fiscal year", then "Today" … "This fiscal year".
const QList<TimeOption>& defaultQuickRanges();

/// Every range `describe` knows by name: the quick ranges plus Grafana's hidden "Next 5 minutes" … "Next 5 years".
const QList<TimeOption>& standardRanges();

/// Grafana's `describeTimeRange`: the name of a known range ("Last 6 hours", "Today", "Yesterday", "This week so
/// far", "Previous month"; dashboard `customRanges` are searched first), "Last 45 minutes" for any `now-Nunit` to
/// `now`, "2024-01-15 10:00:00 to 2024-01-15 12:00:00" for absolute ends (formatted in the dashboard zone),
/// "2024-01-15 10:00:00 to a few seconds ago" when one end is absolute, and "from to to" otherwise.
QString describe(QStringView from, QStringView to, TimestampMs nowMs, const TimeOptions& options = {},
    const QList<TimeOption>& customRanges = {});

/// Grafana's `describeTextRange` for a shorthand such as "5m", "now-1h" or "+2d": the display text and, when the
/// text is not `now±N unit`, `invalid` (as `isValidTimeSpan` checks).
struct TextRange
{
    TimeOption option;
    bool invalid = false;
};
TextRange describeTextRange(QStringView expr);

/// moment's `fromNow()` wording used by describe: "a few seconds ago", "5 minutes ago", "in 2 hours".
QString describeTimeAgo(TimestampMs timeMs, TimestampMs nowMs);

/// One entry of the refresh picker.
struct RefreshOption
{
    QString label; ///< "Off", "Auto", "5s", …
    QString value; ///< "" for Off, "auto", or the interval text
    qint64 intervalMs = 0; ///< 0 for Off and Auto
};

/// Grafana's default refresh intervals: 5s 10s 30s 1m 5m 15m 30m 1h 2h 1d.
QStringList defaultRefreshIntervals();

/// The refresh picker's entries: "Off", then "Auto" when `withAuto`, then `intervals` (unparsable ones skipped).
QList<RefreshOption> refreshOptions(const QStringList& intervals = defaultRefreshIntervals(), bool withAuto = true);

/// The interval "Auto" refresh uses: calculateInterval over the range with the panel width as resolution, never
/// below `minRefreshInterval` (Grafana's server setting `min_refresh_interval`, default 5s).
Result<qint64> autoRefreshIntervalMs(
    TimestampMs fromMs, TimestampMs toMs, int widthPx, QStringView minRefreshInterval = u"5s");

} // namespace sg::templating
