#include "core/templating/duration.h"
#include "core/templating/interval.h"

#include <QTest>

#include <limits>

using namespace sg;
using namespace sg::templating;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 S = 1000;
constexpr qint64 M = 60 * S;
constexpr qint64 H = 60 * M;
constexpr qint64 D = 24 * H;
constexpr TimestampMs T0 = 1'700'000'000'000;
} // namespace

class TestIntervals : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parseInterval_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<bool>("ok");
        QTest::addRow("5m") << u"5m"_s << 5 * M << true;
        QTest::addRow("10s") << u"10s"_s << 10 * S << true;
        QTest::addRow("1h") << u"1h"_s << H << true;
        QTest::addRow("1d") << u"1d"_s << D << true;
        QTest::addRow("1w") << u"1w"_s << 7 * D << true;
        QTest::addRow("1M is 30 days") << u"1M"_s << 30 * D << true;
        QTest::addRow("1y is 365 days") << u"1y"_s << 365 * D << true;
        QTest::addRow("100ms") << u"100ms"_s << qint64(100) << true;
        QTest::addRow("unitless seconds") << u"30"_s << 30 * S << true;
        QTest::addRow("parseInt count") << u"1.5h"_s << H << true;
        QTest::addRow("min interval prefix") << u">10s"_s << 10 * S << true;
        QTest::addRow("negative") << u"-5m"_s << -5 * M << true;
        QTest::addRow("trailing text ignored") << u"10sx"_s << 10 * S << true;
        QTest::addRow("empty") << QString() << qint64(0) << false;
        QTest::addRow("zero without unit") << u"0"_s << qint64(0) << false;
        QTest::addRow("word") << u"abc"_s << qint64(0) << false;
        QTest::addRow("bad unit") << u"5x"_s << qint64(0) << false;
        QTest::addRow("unit first") << u"m5"_s << qint64(0) << false;
        // past int64 milliseconds (found by fuzzing: the count overflowed as it was read, then the product)
        QTest::addRow("count past int64") << u"8888888888888888888888s"_s << qint64(0) << false;
        QTest::addRow("unitless past int64") << u"99999999999999999999"_s << qint64(0) << false;
        QTest::addRow("unitless ms past int64") << u"9223372036854776"_s << qint64(0) << false;
        QTest::addRow("last day in int64") << u"106751991167d"_s << qint64(106751991167) * D << true;
        QTest::addRow("first day past int64") << u"106751991168d"_s << qint64(0) << false;
    }
    void parseInterval()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QFETCH(bool, ok);
        const auto result = templating::parseInterval(text);
        QCOMPARE(result.ok(), ok);
        if (ok)
            QCOMPARE(*result, ms);
        else
            QVERIFY(result.error().message.find("Invalid interval string") != std::string::npos);
    }

    void formatInterval_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::addRow("1ms") << qint64(1) << u"1ms"_s;
        QTest::addRow("500ms") << qint64(500) << u"500ms"_s;
        QTest::addRow("1s") << S << u"1s"_s;
        QTest::addRow("1.5s drops the fraction") << qint64(1500) << u"1s"_s;
        QTest::addRow("20s") << 20 * S << u"20s"_s;
        QTest::addRow("1m") << M << u"1m"_s;
        QTest::addRow("90s is 1m") << 90 * S << u"1m"_s;
        QTest::addRow("1h") << H << u"1h"_s;
        QTest::addRow("1d") << D << u"1d"_s;
        QTest::addRow("1w is 7d") << 7 * D << u"7d"_s;
        QTest::addRow("30d") << 30 * D << u"30d"_s;
        QTest::addRow("1y") << 365 * D << u"1y"_s;
        QTest::addRow("zero") << qint64(0) << u"less than a millisecond"_s;
    }
    void formatInterval()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(templating::formatInterval(ms), text);
    }

    void roundInterval_data()
    {
        // Every row of rangeUtil.roundInterval's table, just below and at each bound.
        QTest::addColumn<double>("input");
        QTest::addColumn<qint64>("rounded");
        const QList<std::pair<qint64, qint64>> table = { { 10, 1 }, { 15, 10 }, { 35, 20 }, { 75, 50 }, { 150, 100 },
            { 350, 200 }, { 750, 500 }, { 1500, 1000 }, { 3500, 2000 }, { 7500, 5000 }, { 12500, 10000 },
            { 17500, 15000 }, { 25000, 20000 }, { 45000, 30000 }, { 90000, 60000 }, { 210000, 120000 },
            { 450000, 300000 }, { 750000, 600000 }, { 1050000, 900000 }, { 1500000, 1200000 }, { 2700000, 1800000 },
            { 5400000, 3600000 }, { 9000000, 7200000 }, { 16200000, 10800000 }, { 32400000, 21600000 },
            { 86400000, 43200000 }, { 604800000, 86400000 }, { 1814400000, 604800000 }, { 3628800000, 2592000000 } };
        for (qsizetype i = 0; i < table.size(); ++i) {
            const auto [bound, result] = table[i];
            const qint64 next = i + 1 < table.size() ? table[i + 1].second : 31536000000;
            QTest::addRow("below %lld", bound) << double(bound - 1) << result;
            QTest::addRow("at %lld", bound) << double(bound) << next;
        }
        QTest::addRow("zero") << 0.0 << qint64(1);
        QTest::addRow("infinite") << std::numeric_limits<double>::infinity() << qint64(31536000000);
    }
    void roundInterval()
    {
        QFETCH(double, input);
        QFETCH(qint64, rounded);
        QCOMPARE(templating::roundInterval(input), rounded);
    }

    void roundIntervalGo_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<qint64>("rounded");
        QTest::addRow("10ms inclusive") << qint64(10) << qint64(1);
        QTest::addRow("11ms") << qint64(11) << qint64(10);
        QTest::addRow("15ms inclusive") << qint64(15) << qint64(10);
        QTest::addRow("16ms") << qint64(16) << qint64(20);
        QTest::addRow("15.7s") << qint64(15709) << qint64(15000);
        QTest::addRow("115.2s") << qint64(115200) << qint64(120000);
        QTest::addRow("1d inclusive") << D << 12 * H;
        QTest::addRow("just over 1d") << D + 1 << D;
        QTest::addRow("2d") << 2 * D << D;
        QTest::addRow("just over 2d") << 2 * D + 1 << D;
        QTest::addRow("just over 1w") << 7 * D + 1 << 7 * D;
        QTest::addRow("just over 3w") << 21 * D + 1 << 30 * D;
        QTest::addRow("6w strict") << 42 * D << 365 * D;
    }
    void roundIntervalGo()
    {
        QFETCH(qint64, ms);
        QFETCH(qint64, rounded);
        QCOMPARE(templating::roundIntervalGo(ms * NsPerMs), rounded * NsPerMs);
    }

    void goDurations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("goString");
        QTest::addColumn<QString>("grafanaString");
        QTest::addRow("15s") << u"15s"_s << 15 * S << u"15s"_s << u"15s"_s;
        QTest::addRow("bare number") << u"30"_s << 30 * S << u"30s"_s << u"30s"_s;
        QTest::addRow("min prefix") << u">1m"_s << M << u"1m0s"_s << u"1m"_s;
        QTest::addRow("max prefix") << u"<2h"_s << 2 * H << u"2h0m0s"_s << u"2h"_s;
        QTest::addRow("compound") << u"1m30s"_s << 90 * S << u"1m30s"_s << u"1m"_s;
        QTest::addRow("130s") << u"130s"_s << 130 * S << u"2m10s"_s << u"2m"_s;
        QTest::addRow("fraction") << u"1.5s"_s << qint64(1500) << u"1.5s"_s << u"1s"_s;
        QTest::addRow("ms") << u"500ms"_s << qint64(500) << u"500ms"_s << u"500ms"_s;
        QTest::addRow("1d") << u"1d"_s << D << u"24h0m0s"_s << u"1d"_s;
        QTest::addRow("1w") << u"1w"_s << 7 * D << u"168h0m0s"_s << u"7d"_s;
        QTest::addRow("1y julian") << u"1y"_s << qint64(31557600000) << u"8766h0m0s"_s << u"1y"_s;
        QTest::addRow("1M") << u"1M"_s << qint64(2629800000) << u"730h30m0s"_s << u"30d"_s;
    }
    void goDurations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QFETCH(QString, goString);
        QFETCH(QString, grafanaString);
        const auto ns = parseGoInterval(text);
        QVERIFY2(ns.ok(), ns.ok() ? "" : ns.error().message.c_str());
        QCOMPARE(*ns, ms * NsPerMs);
        QCOMPARE(formatGoDuration(*ns), goString);
        QCOMPARE(formatIntervalGo(*ns), grafanaString);
        QVERIFY(!parseGoInterval(u"invalid-interval").ok());
        QVERIFY(!parseGoInterval(u"5x").ok());
        // past int64 nanoseconds: an error, where the product overflowed
        QVERIFY(!parseGoInterval(u"106752d").ok());
        QVERIFY(!parseGoInterval(u"99999999999999999999y").ok());
        QCOMPARE(*parseGoInterval(u"106751d"), qint64(106751) * 24 * 3600 * 1'000'000'000);
        // Go's bounds exactly: int64's maximum is a duration, 2^63 only negated, and no digits are rounded
        QCOMPARE(*parseGoInterval(u"9223372036854775807ns"), std::numeric_limits<qint64>::max());
        QVERIFY(!parseGoInterval(u"9223372036854775808ns").ok());
        QCOMPARE(*parseGoInterval(u"-9223372036854775808ns"), std::numeric_limits<qint64>::min());
        QVERIFY(!parseGoInterval(u"-9223372036854775809ns").ok());
        QVERIFY(!parseGoInterval(u"2562048h").ok());
        QCOMPARE(*parseGoInterval(u"2562047h47m16.854775807s"), std::numeric_limits<qint64>::max());
        QCOMPARE(*parseGoInterval(u"1.000000001s"), qint64(1'000'000'001));
        QCOMPARE(*parseGoInterval(u"1h1.5m"), qint64(3'690) * 1'000'000'000);
        QCOMPARE(formatGoDuration(0), u"0s"_s);
        QCOMPARE(formatIntervalGo(1), u"1ms"_s);
    }

    void calculateInterval_data()
    {
        QTest::addColumn<qint64>("rangeMs");
        QTest::addColumn<double>("resolution");
        QTest::addColumn<QString>("lowLimit");
        QTest::addColumn<qint64>("intervalMs");
        QTest::addColumn<QString>("interval");
        QTest::addRow("6h / 1000") << 6 * H << 1000.0 << QString() << 20 * S << u"20s"_s;
        QTest::addRow("6h / 1000, min 30s") << 6 * H << 1000.0 << u"30s"_s << 30 * S << u"30s"_s;
        QTest::addRow("6h / 1000, min >1m") << 6 * H << 1000.0 << u">1m"_s << M << u"1m"_s;
        QTest::addRow("6h / 1000, min below") << 6 * H << 1000.0 << u"10s"_s << 20 * S << u"20s"_s;
        QTest::addRow("1h / 1000") << H << 1000.0 << QString() << 5 * S << u"5s"_s;
        QTest::addRow("1h / 1500") << H << 1500.0 << QString() << 2 * S << u"2s"_s;
        QTest::addRow("1h / 1500 scrape 15s") << H << 1500.0 << u"15s"_s << 15 * S << u"15s"_s;
        QTest::addRow("5m / 1000") << 5 * M << 1000.0 << QString() << qint64(200) << u"200ms"_s;
        QTest::addRow("7d / 1000") << 7 * D << 1000.0 << QString() << 10 * M << u"10m"_s;
        QTest::addRow("30d / 800") << 30 * D << 800.0 << QString() << H << u"1h"_s;
        QTest::addRow("90d / 100") << 90 * D << 100.0 << QString() << 12 * H << u"12h"_s;
        QTest::addRow("100d / 10") << 100 * D << 10.0 << QString() << 7 * D << u"7d"_s;
        QTest::addRow("1y / 1000") << 365 * D << 1000.0 << QString() << 6 * H << u"6h"_s;
        QTest::addRow("5y / 10") << 5 * 365 * D << 10.0 << QString() << 365 * D << u"1y"_s;
        QTest::addRow("empty range") << qint64(0) << 1000.0 << QString() << qint64(1) << u"1ms"_s;
        QTest::addRow("1h / 30 min 10s") << H << 30.0 << u"10s"_s << 2 * M << u"2m"_s;
    }
    void calculateInterval()
    {
        QFETCH(qint64, rangeMs);
        QFETCH(double, resolution);
        QFETCH(QString, lowLimit);
        QFETCH(qint64, intervalMs);
        QFETCH(QString, interval);
        const auto v = templating::calculateInterval(T0, T0 + rangeMs, resolution, lowLimit);
        QVERIFY(v.ok());
        QCOMPARE(v->intervalMs, intervalMs);
        QCOMPARE(v->interval, interval);
    }
    void calculateIntervalBadLowLimit() { QVERIFY(!templating::calculateInterval(T0, T0 + H, 1000, u"abc").ok()); }

    void prometheusStep_data()
    {
        // The rows of Grafana's TestCalculatePrometheusInterval (pkg/promlib/models).
        QTest::addColumn<QString>("queryInterval");
        QTest::addColumn<QString>("scrape");
        QTest::addColumn<qint64>("intervalMs");
        QTest::addColumn<qint64>("factor");
        QTest::addColumn<qint64>("rangeMs");
        QTest::addColumn<qint64>("maxDataPoints");
        QTest::addColumn<qint64>("stepMs");
        auto row = [](const char* name, const QString& qi, const QString& ds, qint64 intervalMs, qint64 factor,
                       qint64 range, qint64 maxDp, qint64 step) {
            QTest::addRow("%s", name) << qi << ds << intervalMs << factor << range << maxDp << step;
        };
        row("min step bigger than calculated", u"10m"_s, QString(), 300000, 1, 48 * H, 761, 10 * M);
        row("calculated bigger than min step", u"2m"_s, QString(), 300000, 1, 48 * H, 761, 5 * M);
        row("min step 2m, interval 15m", u"2m"_s, QString(), 900000, 1, 48 * H, 175, 15 * M);
        row("with step parameter", QString(), u"15s"_s, 0, 1, 12 * H, 0, 30 * S);
        row("without step parameter", QString(), u"15s"_s, 0, 1, H, 0, 15 * S);
        row("high intervalFactor", QString(), u"15s"_s, 0, 10, 48 * H, 0, 20 * M);
        row("low intervalFactor", QString(), u"15s"_s, 0, 1, 48 * H, 0, 2 * M);
        row("scrape interval 240s", QString(), u"240s"_s, 0, 1, 48 * H, 0, 4 * M);
        row("zero factor counts as one", QString(), u"15s"_s, 0, 0, H, 0, 15 * S);
        row("$__interval", u"$__interval"_s, u"15s"_s, 60000, 1, 48 * H, 0, 120 * S);
        row("${__interval}", u"${__interval}"_s, u"15s"_s, 60000, 1, 48 * H, 0, 120 * S);
        row("explicit 1m", u"1m"_s, u"15s"_s, 60000, 1, 48 * H, 0, 2 * M);
        row("$__rate_interval", u"$__rate_interval"_s, u"30s"_s, 100000, 1, 2 * D, 12384, 130 * S);
        row("${__rate_interval}", u"${__rate_interval}"_s, u"30s"_s, 100000, 1, 2 * D, 12384, 130 * S);
        row("min step 150s over 100s", u"150s"_s, u"30s"_s, 100000, 1, 2 * D, 12384, 150 * S);
        row("min step 150s over 120s", u"150s"_s, u"30s"_s, 120000, 1, 2 * D, 12384, 150 * S);
        row("min step equal to interval", u"120s"_s, u"30s"_s, 120000, 1, 2 * D, 12384, 120 * S);
        row("30s over 1h", u"30s"_s, u"30s"_s, 30000, 1, H, 12384, 30 * S);
        row("rate interval over 1h", u"$__rate_interval"_s, u"30s"_s, 30000, 1, H, 12384, 2 * M);
        row("rate interval over 2d", u"$__rate_interval"_s, u"30s"_s, 120000, 1, 2 * D, 12384, 150 * S);
        row("$__interval over 2d", u"$__interval"_s, u"15s"_s, 120000, 1, 2 * D, 12384, 120 * S);
        row("empty scrape is 15s", QString(), QString(), 0, 1, H, 0, 15 * S);
        row("very short range", QString(), u"15s"_s, 0, 1, M, 0, 15 * S);
        row("very long range", QString(), u"15s"_s, 0, 1, 30 * D, 0, 30 * M);
        row("manual override", u"5m"_s, u"15s"_s, 0, 1, 48 * H, 0, 5 * M);
        row("auto over 1h, 1613 points", QString(), u"30s"_s, 30000, 1, H, 1613, 30 * S);
        row("auto over 5m, 1055 points", QString(), u"15s"_s, 15000, 1, 5 * M, 1055, 15 * S);
        row("$__interval_ms", u"$__interval_ms"_s, u"15s"_s, 60000, 1, 48 * H, 0, 120 * S);
        row("${__interval_ms}", u"${__interval_ms}"_s, u"15s"_s, 60000, 1, 48 * H, 0, 120 * S);
        row("max data points zero", QString(), u"15s"_s, 0, 1, H, 0, 15 * S);
        row("negative factor", QString(), u"15s"_s, 0, -5, 48 * H, 0, -10 * M);
        row("very small max data points", QString(), u"15s"_s, 0, 1, H, 10, 5 * M);
        row("safe interval below calculated", QString(), u"15s"_s, 0, 1, H, 10000, 15 * S);
        row("11000 point limit", QString(), u"1s"_s, 1000, 1, 2 * D, 100000, 15 * S);
    }
    void prometheusStep()
    {
        QFETCH(QString, queryInterval);
        QFETCH(QString, scrape);
        QFETCH(qint64, intervalMs);
        QFETCH(qint64, factor);
        QFETCH(qint64, rangeMs);
        QFETCH(qint64, maxDataPoints);
        QFETCH(qint64, stepMs);
        PrometheusStepRequest r;
        r.fromMs = T0;
        r.toMs = T0 + rangeMs;
        r.maxDataPoints = maxDataPoints;
        r.intervalMs = intervalMs;
        r.queryInterval = queryInterval;
        r.scrapeInterval = scrape;
        r.intervalFactor = factor;
        const auto step = templating::prometheusStep(r);
        QVERIFY2(step.ok(), step.ok() ? "" : step.error().message.c_str());
        QCOMPARE(step->stepMs, stepMs);
    }

    void prometheusBuiltins_data()
    {
        QTest::addColumn<QString>("queryInterval");
        QTest::addColumn<QString>("scrape");
        QTest::addColumn<qint64>("intervalMs");
        QTest::addColumn<qint64>("rangeMs");
        QTest::addColumn<qint64>("maxDataPoints");
        QTest::addColumn<QString>("interval");
        QTest::addColumn<QString>("rateInterval");
        QTest::addColumn<qint64>("rateIntervalMs");
        // rate = max($__interval + scrape, 4 × scrape); scrape = min step, else the data source's
        QTest::addRow("default scrape") << QString() << u"15s"_s << qint64(0) << 12 * H << qint64(0) << u"30s"_s
                                        << u"1m0s"_s << M;
        QTest::addRow("panel interval dominates")
            << QString() << u"15s"_s << 5 * M << 48 * H << qint64(0) << u"5m"_s << u"5m15s"_s << 315 * S;
        QTest::addRow("min step is the scrape")
            << u"1m"_s << u"15s"_s << M << 48 * H << qint64(0) << u"2m"_s << u"4m0s"_s << 4 * M;
        QTest::addRow("min step $__interval uses the step")
            << u"$__interval"_s << u"15s"_s << M << 48 * H << qint64(0) << u"2m"_s << u"8m0s"_s << 8 * M;
        QTest::addRow("min step $__rate_interval") << u"$__rate_interval"_s << u"30s"_s << 100 * S << 2 * D
                                                   << qint64(12384) << u"2m"_s << u"2m10s"_s << 130 * S;
        QTest::addRow("data source scrape 30s")
            << QString() << u"30s"_s << 30 * S << H << qint64(1613) << u"30s"_s << u"2m0s"_s << 2 * M;
        QTest::addRow("min step 10m") << u"10m"_s << QString() << 5 * M << 48 * H << qint64(761) << u"10m"_s
                                      << u"40m0s"_s << 40 * M;
        QTest::addRow("$__interval_ms min step cannot be read")
            << u"$__interval_ms"_s << u"15s"_s << M << 48 * H << qint64(0) << u"2m"_s << u"0s"_s << qint64(0);
    }
    void prometheusBuiltins()
    {
        QFETCH(QString, queryInterval);
        QFETCH(QString, scrape);
        QFETCH(qint64, intervalMs);
        QFETCH(qint64, rangeMs);
        QFETCH(qint64, maxDataPoints);
        QFETCH(QString, interval);
        QFETCH(QString, rateInterval);
        QFETCH(qint64, rateIntervalMs);
        PrometheusStepRequest r;
        r.fromMs = T0;
        r.toMs = T0 + rangeMs;
        r.maxDataPoints = maxDataPoints;
        r.intervalMs = intervalMs;
        r.queryInterval = queryInterval;
        r.scrapeInterval = scrape;
        const auto step = templating::prometheusStep(r);
        QVERIFY(step.ok());
        QCOMPARE(step->interval, interval);
        QCOMPARE(step->rateInterval, rateInterval);
        QCOMPARE(step->rateIntervalMs, rateIntervalMs);
        QCOMPARE(step->rangeMs, rangeMs);
        QCOMPARE(step->rangeS, rangeMs / 1000);
    }

    void prometheusStepErrors()
    {
        PrometheusStepRequest r;
        r.fromMs = T0;
        r.toMs = T0 + H;
        r.queryInterval = u"invalid-interval"_s;
        r.scrapeInterval = u"15s"_s;
        QVERIFY(!templating::prometheusStep(r).ok());
        r.queryInterval.clear();
        r.scrapeInterval = u"fast"_s;
        QVERIFY(!templating::prometheusStep(r).ok());
    }

    void rateInterval_data()
    {
        QTest::addColumn<qint64>("intervalMs");
        QTest::addColumn<QString>("scrape");
        QTest::addColumn<qint64>("rateMs");
        QTest::addRow("100s + 30s") << 100 * S << u"30s"_s << 130 * S;
        QTest::addRow("60s, 4 x 30s") << 60 * S << u"30s"_s << 120 * S;
        QTest::addRow("default scrape") << 15 * S << QString() << 60 * S;
        QTest::addRow("1m + 15s") << 5 * M << u"15s"_s << 315 * S;
        QTest::addRow("zero interval") << qint64(0) << u"1m"_s << 4 * M;
    }
    void rateInterval()
    {
        QFETCH(qint64, intervalMs);
        QFETCH(QString, scrape);
        QFETCH(qint64, rateMs);
        QCOMPARE(*rateIntervalMs(intervalMs, scrape), rateMs);
    }

    void lokiStep_data()
    {
        // The rows of Grafana's TestLokiStep (pkg/tsdb/loki), in whole milliseconds.
        QTest::addColumn<qint64>("intervalMs");
        QTest::addColumn<qint64>("rangeMs");
        QTest::addColumn<int>("resolution");
        QTest::addColumn<QString>("step");
        QTest::addColumn<qint64>("stepMs");
        QTest::addRow("query step 1m") << 7 * S << S << 2 << u"1m"_s << 2 * M;
        QTest::addRow("query step as number") << 7 * S << S << 2 << u"30"_s << M;
        QTest::addRow("step $__range") << 7 * S << S << 2 << u"$__range"_s << 2 * S;
        QTest::addRow("step $__interval") << 7 * S << S << 2 << u"$__interval"_s << 14 * S;
        QTest::addRow("step 1d") << 7 * S << S << 2 << u"1d"_s << 48 * H;
        QTest::addRow("step 1w") << 7 * S << S << 2 << u"1w"_s << 336 * H;
        QTest::addRow("base case") << 7 * S << S << 2 << QString() << 14 * S;
        QTest::addRow("safe interval") << 2 * S << 33000 * S << 1 << QString() << 3 * S;
        QTest::addRow("safe interval ceils to ms") << 2 * S << 33001 * S << 1 << QString() << qint64(3001);
        QTest::addRow("resolution") << S << 100 * S << 5 << QString() << 5 * S;
        QTest::addRow("safe after resolution") << 2 * S << 33000 * S << 2 << QString() << 4 * S;
        QTest::addRow("interval zero") << qint64(0) << 22000 * S << 1 << QString() << 2 * S;
        QTest::addRow("resolution zero") << S << 22000 * S << 0 << QString() << 2 * S;
        QTest::addRow("resolution 10") << S << 100 * S << 10 << QString() << 10 * S;
        QTest::addRow("resolution 7 counts as 1") << S << 100 * S << 7 << QString() << S;
    }
    void lokiStep()
    {
        QFETCH(qint64, intervalMs);
        QFETCH(qint64, rangeMs);
        QFETCH(int, resolution);
        QFETCH(QString, step);
        QFETCH(qint64, stepMs);
        LokiStepRequest r;
        r.fromMs = T0;
        r.toMs = T0 + rangeMs;
        r.intervalMs = intervalMs;
        r.resolution = resolution;
        r.step = step;
        const auto s = templating::lokiStep(r);
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
        QCOMPARE(s->stepMs, stepMs);
    }
    void lokiBuiltins()
    {
        LokiStepRequest r;
        r.fromMs = T0;
        r.toMs = T0 + H;
        r.intervalMs = 2 * S;
        auto range = templating::lokiStep(r);
        QVERIFY(range.ok());
        QCOMPARE(range->interval, u"2s"_s);
        QCOMPARE(range->autoValue, u"2s"_s);
        QCOMPARE(range->rangeS, qint64(3600));
        r.queryType = LokiQueryType::Instant;
        QCOMPARE(templating::lokiStep(r)->autoValue, u"3600s"_s);
        r.step = u"invalid"_s;
        QVERIFY(!templating::lokiStep(r).ok());
    }

    void alignRange_data()
    {
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("to");
        QTest::addColumn<qint64>("step");
        QTest::addColumn<qint64>("offsetSec");
        QTest::addColumn<qint64>("start");
        QTest::addColumn<qint64>("end");
        QTest::addRow("seconds") << qint64(1000) << qint64(5000) << qint64(3000) << qint64(0) << qint64(0)
                                 << qint64(3000);
        QTest::addRow("minute") << qint64(1710339936789) << qint64(1710343536789) << M << qint64(0)
                                << qint64(1710339900000) << qint64(1710343500000);
        QTest::addRow("day utc") << qint64(1710339936789) << qint64(1710339936789) << D << qint64(0)
                                 << qint64(1710288000000) << qint64(1710288000000);
        QTest::addRow("day in utc+1") << qint64(1710339936789) << qint64(1710339936789) << D << qint64(3600)
                                      << qint64(1710284400000) << qint64(1710284400000);
        QTest::addRow("no step") << qint64(5) << qint64(9) << qint64(0) << qint64(0) << qint64(5) << qint64(9);
    }
    void alignRange()
    {
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        QFETCH(qint64, step);
        QFETCH(qint64, offsetSec);
        QFETCH(qint64, start);
        QFETCH(qint64, end);
        const AlignedRange a = templating::alignRange(from, to, step, offsetSec);
        QCOMPARE(a.startMs, start);
        QCOMPARE(a.endMs, end);
    }

    void windows()
    {
        QVERIFY(windowSkipsSamples(2 * M, 5 * M));
        QVERIFY(!windowSkipsSamples(5 * M, 5 * M));
    }
};

QTEST_GUILESS_MAIN(TestIntervals)
#include "tst_intervals.moc"
