#pragma once

#include "core/common/result.h"
#include "core/common/time.h"

#include <QString>
#include <QStringView>

namespace sg::templating {

/// `$__interval` and `$__interval_ms` as Grafana's panels compute them (`rangeUtil.calculateInterval`).
struct IntervalValues
{
    qint64 intervalMs = 0; ///< `$__interval_ms`
    QString interval; ///< `$__interval`, e.g. "30s" (secondsToHms of intervalMs)
};

/// Grafana's `calculateInterval(range, resolution, lowLimitInterval)`: roundInterval((to - from) / resolution),
/// raised to `lowLimit` when that is larger. `resolution` is the query's max data points or, without one, the
/// panel width in pixels. `lowLimit` is the panel's "Min interval" (">10s" accepted) or, without one, the data
/// source's scrape interval; an empty string means 1 ms. A bad `lowLimit` is an error.
Result<IntervalValues> calculateInterval(
    TimestampMs fromMs, TimestampMs toMs, double resolution, QStringView lowLimit = {});

/// What the Prometheus data source's server side needs to choose a range query's step (Grafana's
/// `calculatePrometheusInterval` in pkg/promlib).
struct PrometheusStepRequest
{
    TimestampMs fromMs = 0;
    TimestampMs toMs = 0;
    qint64 maxDataPoints = 0; ///< the query's max data points; 0 = 1500 (Grafana's default resolution)
    qint64 intervalMs = 0; ///< the panel's `$__interval_ms` from calculateInterval (0 = none)
    QString queryInterval; ///< the query's "Min step" field; may be "$__interval" or "$__rate_interval"
    QString scrapeInterval; ///< the data source's scrape interval ("" = 15s)
    qint64 intervalFactor = 1; ///< the deprecated resolution factor (0 counts as 1)
};

/// The step and the built-in values the Prometheus data source substitutes on the server side.
struct PrometheusStep
{
    qint64 stepMs = 0; ///< the query_range `step`; also `$__interval_ms`
    QString interval; ///< `$__interval` (gtime.FormatInterval of the step: "2m", "15s")
    qint64 rateIntervalMs = 0; ///< `$__rate_interval_ms`
    QString rateInterval; ///< `$__rate_interval`, Go duration text ("1m0s", "2m10s")
    qint64 rangeMs = 0; ///< `$__range_ms`
    qint64 rangeS = 0; ///< `$__range_s` (rounded); `$__range` is rangeS + "s"
};

/// Prometheus step as Grafana computes it: minimum = the query's min step, else the panel's interval, else the
/// scrape interval (15s); calculated = range / maxDataPoints rounded (gtime table), or the minimum when larger;
/// step = max(calculated, rounded(range / 11000)) × intervalFactor (Prometheus rejects more than 11000 points).
/// With min step "$__rate_interval" the step is the rate interval of that value.
/// `$__rate_interval` = max(`$__interval` of the panel + scrape, 4 × scrape), scrape being the query's min step
/// when set, else the data source's scrape interval. A min step or scrape interval that the step needs and that
/// does not parse is an error; a scrape text the rate interval cannot read gives 0, as in Grafana.
Result<PrometheusStep> prometheusStep(const PrometheusStepRequest& request);

/// Grafana's `calculateRateInterval`: max(interval + scrape, 4 × scrape); scrape "" = 15s. Milliseconds.
Result<qint64> rateIntervalMs(qint64 intervalMs, QStringView scrapeInterval = {});

/// Loki query type, which decides what `$__auto` becomes.
enum class LokiQueryType {
    Range, ///< `$__auto` = the step
    Instant, ///< `$__auto` = the whole range ("3600s")
};

/// What the Loki data source's server side needs to choose a step (Grafana's pkg/tsdb/loki `calculateStep`).
struct LokiStepRequest
{
    TimestampMs fromMs = 0;
    TimestampMs toMs = 0;
    qint64 intervalMs = 0; ///< the panel's `$__interval_ms`
    int resolution = 1; ///< the query's "Resolution" 1/1..1/5 or 1/10; anything else counts as 1
    QString step; ///< the query's "Step" field ("" = computed)
    LokiQueryType queryType = LokiQueryType::Range;
};

/// The Loki step and built-ins: `$__interval` keeps the panel interval; `$__auto` follows the query type.
struct LokiStep
{
    qint64 stepMs = 0;
    qint64 intervalMs = 0; ///< `$__interval_ms`
    QString interval; ///< `$__interval` (gtime.FormatInterval)
    QString autoValue; ///< `$__auto`: the step (range) or the whole range in seconds (instant)
    qint64 rangeMs = 0;
    qint64 rangeS = 0;
};

/// Loki step: without a Step field, max(interval × resolution, range / 11000) rounded up to whole milliseconds;
/// with one, that duration × resolution ("$__interval" and "$__range" stand for the panel interval and the range).
/// A bad Step is an error.
Result<LokiStep> lokiStep(const LokiStepRequest& request);

/// A range query's bounds aligned to its step the way Grafana sends them (`AlignTimeRange`): both ends rounded
/// down to a multiple of the step in the dashboard's UTC offset, so that successive refreshes hit the same
/// evaluation timestamps (and Prometheus' result cache).
struct AlignedRange
{
    TimestampMs startMs = 0;
    TimestampMs endMs = 0;
    qint64 stepMs = 0;
};
AlignedRange alignRange(TimestampMs fromMs, TimestampMs toMs, qint64 stepMs, qint64 utcOffsetSec = 0);

/// True when a range-vector window (`[2m]`) shorter than the step leaves samples between evaluation points
/// unread. The dashboard should then either use `$__rate_interval` (always step + one scrape or more) or raise the
/// query's min step to the window; Grafana itself does not change the step for fixed windows.
constexpr bool windowSkipsSamples(qint64 windowMs, qint64 stepMs)
{
    return windowMs < stepMs;
}

} // namespace sg::templating
