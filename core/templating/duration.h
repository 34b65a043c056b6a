#pragma once

#include "core/common/result.h"

#include <QString>
#include <QStringView>

namespace sg::templating {

/// Grafana's interval strings and how it rounds them. Two families live here because Grafana has two:
/// the browser side (`rangeUtil` in @grafana/data: `intervalToMs`, `secondsToHms`, `roundInterval`), which gives
/// `$__interval` for most panels, and the server side (the plugin SDK's `gtime` and Go's `time.Duration`), which
/// computes the Prometheus and Loki step. They differ in small ways (`<` against `<=` in the rounding table, "1m"
/// against "1m0s") and each caller should use the one Grafana uses at that point.

/// Milliseconds in Grafana's fixed-length units: M is 30 days and y is 365 days, as in `rangeUtil`.
constexpr qint64 MsPerSecond = 1000;
constexpr qint64 MsPerMinute = 60 * MsPerSecond;
constexpr qint64 MsPerHour = 60 * MsPerMinute;
constexpr qint64 MsPerDay = 24 * MsPerHour;
constexpr qint64 MsPerWeek = 7 * MsPerDay;
constexpr qint64 MsPerMonth = 30 * MsPerDay;
constexpr qint64 MsPerYear = 365 * MsPerDay;
constexpr qint64 NsPerMs = 1'000'000;

/// `rangeUtil.intervalToMs`: "5m" → 300000. A unitless number counts seconds; units are ms s m h d w M y; the
/// count is read with parseInt ("1.5h" is 1h) and text after the unit is ignored ("10sx" is 10s), as in Grafana.
/// A leading '>' (the old "min interval" spelling ">10s") is accepted and dropped.
Result<qint64> parseInterval(QStringView text);

/// `rangeUtil.secondsToHms`: the largest whole unit only ("1y", "30d", "2h", "1m", "15s", "500ms").
QString secondsToHms(double seconds);

/// secondsToHms(ms / 1000): the text Grafana shows for `$__interval`.
QString formatInterval(qint64 ms);

/// `rangeUtil.roundInterval`: rounds a raw interval (ms) down to a "nice" one (1ms … 1y) using Grafana's table.
qint64 roundInterval(double ms);

/// The plugin SDK's `gtime.RoundInterval` (same table with `<=` bounds and a 48h row); nanoseconds in and out.
qint64 roundIntervalGo(qint64 ns);

/// `gtime.ParseIntervalStringToTimeDuration`: strips one '<' and one '>', reads a bare number as seconds, accepts
/// d/w/M/y (M = 365.25/12 days, y = 365.25 days) and everything Go's time.ParseDuration accepts ("1m30s").
/// Returns nanoseconds.
Result<qint64> parseGoInterval(QStringView text);

/// `gtime.FormatInterval`: "%dy", "%dd", "%dh", "%dm", "%ds", "%dms", or "1ms" below a millisecond. Nanoseconds in.
QString formatIntervalGo(qint64 ns);

/// Go's `time.Duration.String()` ("2m10s", "1h0m0s", "1.5s", "500ms"), which Grafana uses for `$__rate_interval`.
QString formatGoDuration(qint64 ns);

} // namespace sg::templating
