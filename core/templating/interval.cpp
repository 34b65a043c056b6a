#include "interval.h"

#include "duration.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::templating {

namespace {

constexpr qint64 SafeResolution = 11000; // Prometheus and Loki refuse more points per series
constexpr qint64 DefaultResolution = 1500;

bool isVariableInterval(QStringView text)
{
    return text == u"$__interval" || text == u"$__interval_ms" || text == u"$__rate_interval"
        || text == u"$__rate_interval_ms" || text == u"${__interval}" || text == u"${__interval_ms}"
        || text == u"${__rate_interval}" || text == u"${__rate_interval_ms}";
}

bool isRateVariable(QStringView text)
{
    return text == u"$__rate_interval" || text == u"${__rate_interval}";
}

qint64 floorDiv(qint64 a, qint64 b)
{
    qint64 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

// Go's calculateRateInterval: a scrape interval that does not parse yields 0.
qint64 rateIntervalNs(qint64 intervalNs, QStringView scrape)
{
    const auto scrapeNs = parseGoInterval(scrape.isEmpty() ? u"15s" : scrape);
    if (!scrapeNs)
        return 0;
    return qint64(std::max(double(intervalNs + *scrapeNs), 4.0 * double(*scrapeNs)));
}

} // namespace

Result<IntervalValues> calculateInterval(TimestampMs fromMs, TimestampMs toMs, double resolution, QStringView lowLimit)
{
    qint64 lowLimitMs = 1;
    if (!lowLimit.isEmpty()) {
        const auto parsed = parseInterval(lowLimit);
        if (!parsed)
            return parsed.error();
        lowLimitMs = *parsed;
    }
    qint64 intervalMs = roundInterval(double(toMs - fromMs) / resolution);
    if (lowLimitMs > intervalMs)
        intervalMs = lowLimitMs;
    return IntervalValues { intervalMs, formatInterval(intervalMs) };
}

Result<qint64> rateIntervalMs(qint64 intervalMs, QStringView scrapeInterval)
{
    const auto scrapeNs = parseGoInterval(scrapeInterval.isEmpty() ? u"15s" : scrapeInterval);
    if (!scrapeNs)
        return scrapeNs.error();
    return rateIntervalNs(intervalMs * NsPerMs, scrapeInterval) / NsPerMs;
}

Result<PrometheusStep> prometheusStep(const PrometheusStepRequest& r)
{
    const QString& original = r.queryInterval;
    QString queryInterval = isVariableInterval(original) ? QString() : original;
    if (queryInterval == u"0s")
        queryInterval.clear();

    // gtime.GetIntervalFrom(dsScrapeInterval, queryInterval, intervalMs, 15s)
    qint64 minNs = 0;
    if (queryInterval.isEmpty() && r.intervalMs != 0) {
        minNs = r.intervalMs * NsPerMs;
    } else {
        const QString text = queryInterval.isEmpty() ? r.scrapeInterval : queryInterval;
        if (text.isEmpty()) {
            minNs = 15 * 1000 * NsPerMs;
        } else {
            const auto parsed = parseGoInterval(text);
            if (!parsed) {
                Error e = parsed.error();
                e.message = "invalid min step \"" + text.toStdString() + "\": " + e.message;
                return e;
            }
            minNs = *parsed;
        }
    }

    const qint64 rangeNs = (r.toMs - r.fromMs) * NsPerMs;
    const qint64 resolution = r.maxDataPoints == 0 ? DefaultResolution : r.maxDataPoints;
    const qint64 raw = rangeNs / resolution;
    const qint64 calculated = raw < minNs ? minNs : roundIntervalGo(raw);
    const qint64 safe = roundIntervalGo(rangeNs / SafeResolution);
    const qint64 adjusted = calculated > safe ? calculated : safe;

    qint64 stepNs = 0;
    if (isRateVariable(original))
        stepNs = rateIntervalNs(adjusted, r.scrapeInterval);
    else
        stepNs = adjusted * (r.intervalFactor == 0 ? 1 : r.intervalFactor);

    qint64 rateNs = 0;
    if (isRateVariable(original)) {
        rateNs = stepNs;
    } else {
        QString requestedMinStep = original;
        if (requestedMinStep == u"$__interval" || requestedMinStep == u"${__interval}")
            requestedMinStep = formatGoDuration(stepNs);
        if (requestedMinStep.isEmpty())
            requestedMinStep = r.scrapeInterval;
        rateNs = rateIntervalNs(r.intervalMs * NsPerMs, requestedMinStep);
    }

    PrometheusStep out;
    out.stepMs = stepNs / NsPerMs;
    out.interval = formatIntervalGo(stepNs);
    out.rateIntervalMs = rateNs / NsPerMs;
    out.rateInterval = formatGoDuration(rateNs);
    out.rangeMs = r.toMs - r.fromMs;
    out.rangeS = qint64(std::round(double(out.rangeMs) / 1000.0));
    return out;
}

Result<LokiStep> lokiStep(const LokiStepRequest& r)
{
    const int resolution = (r.resolution >= 1 && r.resolution <= 5) || r.resolution == 10 ? r.resolution : 1;
    const qint64 rangeNs = (r.toMs - r.fromMs) * NsPerMs;
    const qint64 intervalNs = r.intervalMs * NsPerMs;
    qint64 stepNs = 0;
    if (r.step.isEmpty()) {
        const qint64 chosen = std::max(intervalNs * resolution, rangeNs / SafeResolution);
        stepNs = qint64(std::ceil(double(chosen) / 1e6)) * NsPerMs;
    } else if (r.step == u"$__interval" || r.step == u"${__interval}") {
        stepNs = intervalNs * resolution;
    } else if (r.step == u"$__range" || r.step == u"${__range}") {
        stepNs = rangeNs * resolution;
    } else {
        const auto parsed = parseGoInterval(r.step);
        if (!parsed) {
            Error e = parsed.error();
            e.message = "invalid step \"" + r.step.toStdString() + "\": " + e.message;
            return e;
        }
        stepNs = *parsed * resolution;
    }
    LokiStep out;
    out.stepMs = stepNs / NsPerMs;
    out.intervalMs = r.intervalMs;
    out.interval = formatIntervalGo(intervalNs);
    out.rangeMs = r.toMs - r.fromMs;
    out.rangeS = qint64(std::round(double(out.rangeMs) / 1000.0));
    out.autoValue
        = r.queryType == LokiQueryType::Instant ? QString::number(out.rangeS) + u's' : formatIntervalGo(stepNs);
    return out;
}

AlignedRange alignRange(TimestampMs fromMs, TimestampMs toMs, qint64 stepMs, qint64 utcOffsetSec)
{
    if (stepMs <= 0)
        return { fromMs, toMs, stepMs };
    const qint64 offsetMs = utcOffsetSec * 1000;
    return { floorDiv(fromMs + offsetMs, stepMs) * stepMs - offsetMs,
        floorDiv(toMs + offsetMs, stepMs) * stepMs - offsetMs, stepMs };
}

} // namespace sg::templating
