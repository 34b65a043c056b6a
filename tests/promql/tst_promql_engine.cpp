// Engine tests on a MemoryStore with hand-computed expectations: lookback, staleness, rate extrapolation,
// aggregation grouping, operators, histogram_quantile, range queries and limits.

#include "core/promql/engine.h"
#include "core/promql/evaluator.h"
#include "core/tsdb/memory_store.h"

#include <QTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>

using namespace sg;
using namespace sg::promql;
using namespace Qt::StringLiterals;

namespace {

constexpr TimestampMs S = 1000;

void add(tsdb::MemoryStore& store, const Labels& labels, const std::vector<std::pair<TimestampMs, double>>& samples)
{
    tsdb::AppendBatch batch;
    for (const auto& [t, v] : samples)
        batch.samples.push_back(tsdb::BatchSample { labels, t, v });
    store.append(batch);
}

/// A querier that counts select() calls, to check that range queries select once per selector.
class CountingQuerier final : public tsdb::Querier
{
public:
    explicit CountingQuerier(const tsdb::Querier& inner)
        : m_inner(inner)
    {
    }
    std::vector<tsdb::SeriesSamples> select(const Matchers& m, TimestampMs mint, TimestampMs maxt) const override
    {
        ++selects;
        return m_inner.select(m, mint, maxt);
    }
    std::vector<Labels> series(const Matchers& m, TimestampMs mint, TimestampMs maxt) const override { return m_inner.series(m, mint, maxt); }
    std::vector<std::string> labelNames() const override { return m_inner.labelNames(); }
    std::vector<std::string> labelValues(std::string_view n) const override { return m_inner.labelValues(n); }
    mutable int selects = 0;

private:
    const tsdb::Querier& m_inner;
};

/// "labels => value" lines, sorted, for comparing instant vectors.
QStringList dump(const QueryResult& r)
{
    QStringList out;
    if (r.value.type == ValueType::Scalar)
        return { u"scalar => %1"_s.arg(r.value.scalar, 0, 'g', 10) };
    for (const auto& s : r.value.vector)
        out << u"%1 => %2"_s.arg(QString::fromStdString(s.metric.toString())).arg(s.v, 0, 'g', 10);
    out.sort();
    return out;
}

/// A value as text that tells every double apart: NaN, -0, 17 significant digits.
QString exactText(double v)
{
    return std::isnan(v) ? u"NaN"_s : (v == 0 && std::signbit(v) ? u"-0"_s : QString::number(v, 'g', 17));
}

/// A range query's points at `t`, and an instant query's samples, as sorted "labels value" lines.
QStringList pointsAt(const QueryResult& range, TimestampMs t)
{
    QStringList out;
    for (const auto& series : range.value.matrix)
        for (const auto& p : series.points)
            if (p.t == t)
                out << QString::fromStdString(series.metric.toString()) + u' ' + exactText(p.v);
    out.sort();
    return out;
}
QStringList samplesOf(const QueryResult& instant)
{
    QStringList out;
    for (const auto& x : instant.value.vector)
        out << QString::fromStdString(x.metric.toString()) + u' ' + exactText(x.v);
    out.sort();
    return out;
}

} // namespace

class TestPromqlEngine : public QObject
{
    Q_OBJECT
private:
    tsdb::MemoryStore m_store { 365LL * 86400 * 1000 };

private Q_SLOTS:
    void initTestCase()
    {
        // gauge with a 60 s scrape interval
        add(m_store, { { "__name__", "up" }, { "job", "a" }, { "instance", "1" } }, { { 0, 1 }, { 60 * S, 2 } });
        add(m_store, { { "__name__", "up" }, { "job", "a" }, { "instance", "2" } }, { { 0, 3 }, { 60 * S, 4 } });
        add(m_store, { { "__name__", "up" }, { "job", "b" }, { "instance", "1" } }, { { 0, 10 }, { 60 * S, 20 } });
        // a series that goes stale at 30 s
        add(m_store, { { "__name__", "gone" } }, { { 0, 1 }, { 30 * S, tsdb::staleNaN() } });
        // counters scraped every 15 s
        add(m_store, { { "__name__", "c_total" }, { "case", "plain" } },
            { { 0, 0 }, { 15 * S, 10 }, { 30 * S, 20 }, { 45 * S, 30 }, { 60 * S, 40 } });
        add(m_store, { { "__name__", "c_total" }, { "case", "reset" } },
            { { 15 * S, 10 }, { 30 * S, 20 }, { 45 * S, 5 }, { 60 * S, 15 } });
        add(m_store, { { "__name__", "c_total" }, { "case", "zero" } },
            { { 15 * S, 1 }, { 30 * S, 11 }, { 45 * S, 21 }, { 60 * S, 31 } });
        add(m_store, { { "__name__", "c_total" }, { "case", "late" } }, { { 40 * S, 0 }, { 50 * S, 10 }, { 60 * S, 20 } });
        add(m_store, { { "__name__", "gauge" } }, { { 15 * S, 10 }, { 60 * S, 40 } });
        // classic histogram buckets
        const std::pair<const char*, double> buckets[] = { { "0.1", 10 }, { "0.5", 30 }, { "1", 40 }, { "+Inf", 50 } };
        for (const auto& [le, count] : buckets)
            add(m_store, { { "__name__", "lat_bucket" }, { "le", le } }, { { 60 * S, count } });
        const std::pair<const char*, double> broken[] = { { "0.1", 10 }, { "0.5", 8 }, { "1", 20 }, { "+Inf", 20 } };
        for (const auto& [le, count] : broken)
            add(m_store, { { "__name__", "bad_bucket" }, { "le", le } }, { { 60 * S, count } });
    }

    void instant_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<qint64>("time");
        QTest::addColumn<QStringList>("expected");
        auto row = [](const char* name, const char* q, qint64 t, QStringList e) {
            QTest::newRow(name) << QString::fromUtf8(q) << t << e;
        };
        // selectors, lookback (t - 5m, t] and staleness
        row("selector", "up{job=\"b\"}", 60 * S, { u"up{instance=\"1\", job=\"b\"} => 20"_s });
        row("lookback-holds", "up{job=\"b\"}", 359 * S, { u"up{instance=\"1\", job=\"b\"} => 20"_s });
        row("lookback-left-open", "up{job=\"b\"}", 360 * S, {});
        row("before-first-sample", "up{job=\"b\"}", -1, {});
        row("regex", "up{job=~\"a|c\", instance!~\"2\"}", 60 * S, { u"up{instance=\"1\", job=\"a\"} => 2"_s });
        row("before-stale", "gone", 15 * S, { u"gone{} => 1"_s });
        row("stale-ends-series", "gone", 30 * S, {});
        row("stale-stays-ended", "gone", 45 * S, {});
        row("offset", "up{job=\"b\"} offset 1m", 60 * S, { u"up{instance=\"1\", job=\"b\"} => 10"_s });
        row("at", "up{job=\"b\"} @ 0", 200 * S, { u"up{instance=\"1\", job=\"b\"} => 10"_s });
        // rate / increase extrapolation (hand-computed, see extrapolatedRate)
        row("rate", "rate(c_total{case=\"plain\"}[1m])", 60 * S, { u"{case=\"plain\"} => 0.6666666667"_s });
        row("increase", "increase(c_total{case=\"plain\"}[1m])", 60 * S, { u"{case=\"plain\"} => 40"_s });
        row("increase-reset", "increase(c_total{case=\"reset\"}[1m])", 60 * S, { u"{case=\"reset\"} => 33.33333333"_s });
        row("rate-reset", "rate(c_total{case=\"reset\"}[1m])", 60 * S, { u"{case=\"reset\"} => 0.5555555556"_s });
        row("increase-zero-limit", "increase(c_total{case=\"zero\"}[1m])", 60 * S, { u"{case=\"zero\"} => 31"_s });
        row("increase-late-start", "increase(c_total{case=\"late\"}[1m])", 60 * S, { u"{case=\"late\"} => 20"_s });
        row("irate", "irate(c_total{case=\"reset\"}[1m])", 60 * S, { u"{case=\"reset\"} => 0.6666666667"_s });
        row("delta", "delta(gauge[1m])", 60 * S, { u"{} => 40"_s });
        row("rate-one-sample", "rate(c_total{case=\"plain\"}[10s])", 60 * S, {});
        // aggregations
        row("sum-by", "sum by (job) (up)", 60 * S, { u"{job=\"a\"} => 6"_s, u"{job=\"b\"} => 20"_s });
        row("sum-without", "sum without (instance) (up)", 60 * S, { u"{job=\"a\"} => 6"_s, u"{job=\"b\"} => 20"_s });
        row("sum-all", "sum(up)", 60 * S, { u"{} => 26"_s });
        row("avg", "avg by (job) (up)", 60 * S, { u"{job=\"a\"} => 3"_s, u"{job=\"b\"} => 20"_s });
        row("min-max", "max by (instance) (up) - min by (instance) (up)", 60 * S,
            { u"{instance=\"1\"} => 18"_s, u"{instance=\"2\"} => 0"_s });
        row("count", "count(up)", 60 * S, { u"{} => 3"_s });
        row("topk", "topk(1, up)", 60 * S, { u"up{instance=\"1\", job=\"b\"} => 20"_s });
        row("quantile", "quantile(0.5, up)", 60 * S, { u"{} => 4"_s });
        // operators
        row("arith-drops-name", "up{job=\"b\"} * 2", 60 * S, { u"{instance=\"1\", job=\"b\"} => 40"_s });
        row("comparison-filters", "up > 3", 60 * S, { u"up{instance=\"1\", job=\"b\"} => 20"_s, u"up{instance=\"2\", job=\"a\"} => 4"_s });
        row("comparison-bool", "up{job=\"a\"} > bool 3", 60 * S, { u"{instance=\"1\", job=\"a\"} => 0"_s, u"{instance=\"2\", job=\"a\"} => 1"_s });
        row("scalar-left", "100 - up{job=\"b\"}", 60 * S, { u"{instance=\"1\", job=\"b\"} => 80"_s });
        row("vector-matching", "up{job=\"a\"} / ignoring(job) up{job=\"b\"}", 60 * S, { u"{instance=\"1\"} => 0.1"_s });
        row("group-left", "up / on(instance) group_left up{job=\"b\"}", 60 * S,
            { u"{instance=\"1\", job=\"a\"} => 0.1"_s, u"{instance=\"1\", job=\"b\"} => 1"_s });
        row("and", "up and up{instance=\"2\"}", 60 * S, { u"up{instance=\"2\", job=\"a\"} => 4"_s });
        row("unless", "up{job=\"a\"} unless up{instance=\"2\"}", 60 * S, { u"up{instance=\"1\", job=\"a\"} => 2"_s });
        row("scalar-precedence", "2 ^ 3 ^ 2 - 2 * 3 % 4", 0, { u"scalar => 510"_s });
        row("unary-pow", "-2 ^ 2", 0, { u"scalar => -4"_s });
        // histogram_quantile on classic buckets
        row("hq-median", "histogram_quantile(0.5, lat_bucket)", 60 * S, { u"{} => 0.4"_s });
        row("hq-low", "histogram_quantile(0.05, lat_bucket)", 60 * S, { u"{} => 0.025"_s });
        row("hq-inf-bucket", "histogram_quantile(0.9, lat_bucket)", 60 * S, { u"{} => 1"_s });
        row("hq-monotonic-fix", "histogram_quantile(0.5, bad_bucket)", 60 * S, { u"{} => 0.1"_s });
        row("hq-out-of-range", "histogram_quantile(2, lat_bucket)", 60 * S, { u"{} => inf"_s });
        // functions
        row("time", "time()", 90 * S, { u"scalar => 90"_s });
        row("vector", "vector(1)", 0, { u"{} => 1"_s });
        row("absent", "absent(nope{job=\"x\"})", 0, { u"{job=\"x\"} => 1"_s });
        row("absent-present", "absent(up)", 60 * S, {});
        row("clamp", "clamp(up{job=\"b\"}, 0, 15)", 60 * S, { u"{instance=\"1\", job=\"b\"} => 15"_s });
        row("label-replace", "label_replace(up{job=\"b\"}, \"dst\", \"x-$1\", \"job\", \"(.*)\")", 60 * S,
            { u"up{dst=\"x-b\", instance=\"1\", job=\"b\"} => 20"_s });
        row("avg-over-time", "avg_over_time(c_total{case=\"plain\"}[1m])", 60 * S, { u"{case=\"plain\"} => 25"_s });
        row("last-over-time-keeps-name", "last_over_time(gauge[1m])", 60 * S, { u"gauge{} => 40"_s });
        row("subquery", "max_over_time(up{job=\"b\"}[2m:1m])", 60 * S, { u"{instance=\"1\", job=\"b\"} => 20"_s });
        row("timestamp", "timestamp(up{job=\"b\"})", 100 * S, { u"{instance=\"1\", job=\"b\"} => 60"_s });
    }
    void instant()
    {
        QFETCH(QString, query);
        QFETCH(qint64, time);
        QFETCH(QStringList, expected);
        Engine engine;
        auto r = engine.instantQuery(m_store, query.toStdString(), time);
        if (!r)
            QFAIL(r.error().message.c_str());
        QCOMPARE(dump(*r), expected);
    }

    void rangeQuery()
    {
        Engine engine;
        CountingQuerier q(m_store);
        auto r2 = engine.rangeQuery(q, "sum by (job) (up) + sum by (job) (rate(up[2m]))", 0, 120 * S, 30 * S);
        QVERIFY(r2.ok());
        QCOMPARE(q.selects, 2); // once per selector, not once per step
        const Matrix& m = r2->value.matrix;
        QCOMPARE(m.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(m[0].metric.toString()), u"{job=\"a\"}"_s);

        auto r3 = engine.rangeQuery(m_store, "up{job=\"b\"}", 0, 120 * S, 30 * S);
        QVERIFY(r3.ok());
        QCOMPARE(r3->value.matrix.size(), std::size_t(1));
        const auto& pts = r3->value.matrix[0].points;
        QCOMPARE(pts.size(), std::size_t(5));
        const double want[] = { 10, 10, 20, 20, 20 };
        for (std::size_t i = 0; i < pts.size(); ++i) {
            QCOMPARE(pts[i].t, TimestampMs(i) * 30 * S);
            QCOMPARE(pts[i].v, want[i]);
        }

        auto r4 = engine.rangeQuery(m_store, "time()", 0, 120 * S, 60 * S);
        QVERIFY(r4.ok());
        QCOMPARE(r4->value.matrix.size(), std::size_t(1));
        QCOMPARE(r4->value.matrix[0].points.size(), std::size_t(3));
        QCOMPARE(r4->value.matrix[0].points[2].v, 120.0);
    }

    void rangeMatchesInstant_data()
    {
        QTest::addColumn<QString>("query");
        QTest::newRow("subquery") << u"max_over_time(sum by (job) (up)[2m:30s])"_s;
        QTest::newRow("nested-subquery") << u"min_over_time(max_over_time(up[1m:15s])[3m:1m])"_s;
        QTest::newRow("rate") << u"rate(c_total[1m])"_s;
        QTest::newRow("offset-at") << u"up offset 30s + on(job, instance) up @ 60"_s;
        QTest::newRow("staleness") << u"count_over_time(gone[1m])"_s;
        // a bare selector at the root takes the series-by-series path
        QTest::newRow("selector") << u"up"_s;
        QTest::newRow("selector-stale") << u"gone"_s;
        QTest::newRow("selector-offset") << u"(c_total offset 20s)"_s;
        QTest::newRow("selector-negative-offset") << u"gauge offset -1m"_s;
        QTest::newRow("selector-regex") << u"{__name__=~\"c_total|gauge\"}"_s;
        // sum/count of *_over_time take the series-by-series aggregate path
        QTest::newRow("sum-avg-over-time") << u"sum by (job) (avg_over_time(up[2m]))"_s;
        QTest::newRow("count-max-over-time") << u"count(max_over_time(c_total[1m]))"_s;
        QTest::newRow("sum-min-over-time") << u"sum without (case) (min_over_time(c_total[45s]))"_s;
        QTest::newRow("sum-sum-over-time") << u"sum(sum_over_time(c_total[1m] offset 30s))"_s;
        QTest::newRow("sum-last-over-time-stale") << u"sum(last_over_time(gone[1m]))"_s;
        QTest::newRow("count-present-count") << u"count(present_over_time(gauge[1m])) + sum(count_over_time(up[3m]))"_s;
        // range selectors carry each series' window forward from step to step; these move it back or hold it still
        QTest::newRow("rate-two-ranges") << u"rate(c_total[1m]) / on(job, instance, case) rate(c_total[2m])"_s;
        QTest::newRow("rate-at") << u"rate(c_total[1m] @ 120) + rate(c_total[45s])"_s;
        QTest::newRow("subquery-rate-offset") << u"max_over_time(rate(c_total[30s])[2m:15s] offset 1m)"_s;
        QTest::newRow("subquery-rate-at") << u"max_over_time(rate(c_total[30s])[2m:15s] @ 100)"_s;
        QTest::newRow("subquery-stale") << u"max_over_time(count_over_time(gone[30s])[1m:10s])"_s;
        // rate/increase/delta and *_over_time of a range selector at the root: series by series
        QTest::newRow("root-delta-offset") << u"delta(gauge[1m] offset 30s)"_s;
        QTest::newRow("root-increase-reset") << u"(increase(c_total[45s]))"_s;
        QTest::newRow("root-last-keeps-name") << u"last_over_time({__name__=~\"up|gone\"}[1m])"_s;
        QTest::newRow("root-avg-negative-offset") << u"avg_over_time(c_total[1m] offset -30s)"_s;
        QTest::newRow("root-max-stale") << u"max_over_time(gone[20s])"_s;
        QTest::newRow("root-irate-reset") << u"irate(c_total[45s])"_s;
        QTest::newRow("root-idelta-offset") << u"idelta(gauge[2m] offset 15s)"_s;
        QTest::newRow("sum-irate") << u"sum by (job) (irate(up[2m]))"_s;
        QTest::newRow("count-idelta") << u"count(idelta(c_total[30s]))"_s;
        QTest::newRow("avg-rate") << u"avg by (job) (rate(up[2m]))"_s;
        QTest::newRow("min-max-over-time") << u"min without (instance) (max_over_time(up[1m])) + on() group_left max(up)"_s;
        QTest::newRow("max-without-case") << u"max without (case) (increase(c_total[1m]))"_s;
        QTest::newRow("avg-selector-offset") << u"avg(c_total offset 15s)"_s;
        // *_over_time of a subquery at the root: inner steps evaluated once, each series' window slid across
        QTest::newRow("subquery-last-keeps-name") << u"last_over_time(c_total[1m:20s])"_s;
        QTest::newRow("subquery-last-of-rate") << u"last_over_time(rate(c_total[30s])[1m:20s])"_s;
        QTest::newRow("subquery-avg-sum-count") << u"(avg_over_time(up[1m:10s]))"_s;
        QTest::newRow("subquery-sum") << u"sum_over_time((c_total)[100s:7s] offset -20s)"_s;
        QTest::newRow("subquery-count-gaps") << u"count_over_time(c_total[10s:5s])"_s;
        QTest::newRow("subquery-present-scalar") << u"present_over_time(vector(time())[1m:])"_s;
        QTest::newRow("subquery-min-stale") << u"min_over_time(gone[1m:5s])"_s;
        QTest::newRow("increase-anchored") << u"increase(c_total[1m] anchored)"_s;
        QTest::newRow("rate-smoothed") << u"rate(c_total[1m] smoothed)"_s;
    }
    void rangeMatchesInstant()
    {
        // every step of a range query equals the instant query at that time (the subquery cache must not leak)
        QFETCH(QString, query);
        Engine engine;
        const std::string q = query.toStdString();
        auto range = engine.rangeQuery(m_store, q, 0, 240 * S, 15 * S);
        QVERIFY(range.ok());
        for (TimestampMs t = 0; t <= 240 * S; t += 15 * S) {
            auto inst = engine.instantQuery(m_store, q, t);
            QVERIFY(inst.ok());
            QStringList fromRange;
            for (const auto& s : range->value.matrix)
                for (const auto& p : s.points)
                    if (p.t == t)
                        fromRange << u"%1 => %2"_s.arg(QString::fromStdString(s.metric.toString())).arg(p.v, 0, 'g', 10);
            fromRange.sort();
            QCOMPARE(fromRange, dump(*inst));
        }
    }

    // Two series that differ only in their names become one series of the result once the names are dropped: their
    // points merge while their windows do not meet, and the query fails where they do, at the root's step path
    // and on the series-by-series paths for a subquery or a range selector alike.
    void subqueryWindowsMergeByLabels()
    {
        tsdb::MemoryStore pair;
        add(pair, { { "__name__", "pair_a" }, { "side", "x" } }, { { 0, 1 }, { 10 * S, 5 }, { 20 * S, 2 } });
        add(pair, { { "__name__", "pair_b" }, { "side", "x" } }, { { 200 * S, 7 }, { 230 * S, 3 } });
        Engine engine;
        for (const char* query : { "max_over_time({side=\"x\"}[20s:10s])", "last_over_time({side=\"x\"}[20s:10s])",
                 "-max_over_time({side=\"x\"}[20s:10s])", "max_over_time({side=\"x\"}[20s])",
                 "last_over_time({side=\"x\"}[20s])" }) {
            QueryOptions options;
            options.lookbackDelta = 30 * S; // pair_a is gone before pair_b comes
            auto range = engine.rangeQuery(pair, query, 0, 240 * S, 15 * S, options);
            QVERIFY2(range.ok(), query);
            const bool keepsName = std::string_view(query).starts_with("last");
            QCOMPARE(range->value.matrix.size(), std::size_t(keepsName ? 2 : 1));
            std::size_t points = 0;
            for (const auto& series : range->value.matrix) {
                points += series.points.size();
                for (TimestampMs t = 0; t <= 240 * S; t += 15 * S) {
                    auto inst = engine.instantQuery(pair, query, t, options);
                    QVERIFY(inst.ok());
                    const auto p = std::find_if(
                        series.points.begin(), series.points.end(), [&](const Point& x) { return x.t == t; });
                    const auto i = std::find_if(inst->value.vector.begin(), inst->value.vector.end(),
                        [&](const Sample& x) { return x.metric == series.metric; });
                    QCOMPARE(p != series.points.end(), i != inst->value.vector.end());
                    if (p != series.points.end())
                        QCOMPARE(p->v, i->v);
                }
            }
            QVERIFY(points > 4);
        }
        QueryOptions longLookback;
        longLookback.lookbackDelta = 300 * S;
        for (const char* query : { "max_over_time({side=\"x\"}[20s:10s])", "-max_over_time({side=\"x\"}[20s:10s])",
                 "max_over_time({side=\"x\"}[300s])" }) {
            auto range = engine.rangeQuery(pair, query, 0, 240 * S, 15 * S, longLookback);
            QVERIFY(!range.ok());
            QCOMPARE(QString::fromStdString(range.error().message),
                u"vector cannot contain metrics with the same labelset"_s);
        }
    }

    // A range query's min/max_over_time of a subquery slide each window forward, and its avg/min/max of a function
    // or a selector go series by series; every step must equal the instant query's answer bit for bit, on values
    // with NaNs, signed zeros, infinities, ties and sums past the largest double, with windows that overlap, touch,
    // and leave gaps between steps.
    void oddValuesMatchInstant()
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const double inf = std::numeric_limits<double>::infinity();
        const double values[] = { nan, 0.0, -0.0, 2.0, -2.0, inf, -inf, 5.0, 2.0, 1.7e308, -1.7e308, 1e308 };
        std::uint32_t seed = 99;
        const auto next = [&] { return seed = seed * 1664525u + 1013904223u, seed >> 8; };
        tsdb::MemoryStore noisy;
        for (const char* k : { "1", "2", "3", "4", "5" }) {
            std::vector<std::pair<TimestampMs, double>> samples;
            for (TimestampMs t = 0; t <= 600 * S; t += 5 * S)
                if (next() % 4 != 0) // gaps of their own
                    samples.emplace_back(t, values[next() % std::size(values)]);
            add(noisy, { { "__name__", "noisy" }, { "k", k } }, samples);
        }
        Engine engine;
        QueryOptions options;
        options.lookbackDelta = 10 * S;
        for (const char* query : { "max_over_time(noisy[30s:5s])", "min_over_time(noisy[30s:5s])",
                 "max_over_time(noisy[1m:10s] offset 7s)", "min_over_time(noisy[20s:5s])",
                 "max_over_time((noisy * -1)[2m:5s])", "min_over_time((noisy * 0 / 0)[20s:5s])",
                 "avg(last_over_time(noisy[20s]))", "min(noisy)", "max(noisy offset 5s)", "avg by (k) (noisy)",
                 "max(max_over_time(noisy[30s]))", "min(min_over_time(noisy[15s]))", "avg(avg_over_time(noisy[25s]))",
                 // windows of 100 inner samples: the subquery path drops the samples before them in batches
                 "min_over_time(noisy[100s:1s])", "sum_over_time(noisy[100s:1s] offset 3s)" }) {
            for (const DurationMs step : { 5 * S, 15 * S, 45 * S }) {
                auto range = engine.rangeQuery(noisy, query, 0, 600 * S, step, options);
                QVERIFY2(range.ok(), query);
                std::size_t compared = 0;
                for (TimestampMs t = 0; t <= 600 * S; t += step) {
                    auto inst = engine.instantQuery(noisy, query, t, options);
                    QVERIFY(inst.ok());
                    const QStringList fromRange = pointsAt(*range, t);
                    QCOMPARE(fromRange, samplesOf(*inst));
                    compared += std::size_t(fromRange.size());
                }
                QVERIFY(compared > 10);
            }
        }
    }

    // Series that come and go over a range query: the subquery path keeps only each window's samples and hands the
    // points of series that ended to the result; every step equals the instant query.
    void churningSeriesOverSubquery()
    {
        tsdb::MemoryStore churn;
        for (int k = 0; k < 80; ++k) {
            std::vector<std::pair<TimestampMs, double>> samples;
            for (TimestampMs t = k * 7 * S; t <= k * 7 * S + 20 * S; t += 5 * S)
                samples.emplace_back(t, double(k) + double(t % (3 * S)) / double(S));
            add(churn, { { "__name__", "churn" }, { "k", std::to_string(k) } }, samples);
        }
        Engine engine;
        QueryOptions options;
        options.lookbackDelta = 5 * S;
        for (const char* query : { "max_over_time(churn[15s:5s])", "last_over_time(churn[10s:5s])" }) {
            auto range = engine.rangeQuery(churn, query, 0, 600 * S, 5 * S, options);
            QVERIFY2(range.ok(), query);
            QCOMPARE(range->value.matrix.size(), std::size_t(80));
            for (TimestampMs t = 0; t <= 600 * S; t += 5 * S) {
                auto inst = engine.instantQuery(churn, query, t, options);
                QVERIFY(inst.ok());
                QCOMPARE(pointsAt(*range, t), samplesOf(*inst));
            }
        }
    }

    // min/max_over_time keep Prometheus' loop's answer bit for bit (the first of equal zeros, NaN only when every
    // value is NaN) on windows of NaN, signed zeros, infinities and repeats, short and long.
    void extremesOverTimeMatchPrometheusLoop()
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const double inf = std::numeric_limits<double>::infinity();
        const double values[] = { nan, 0.0, -0.0, 1.5, -1.5, inf, -inf, 7.0, -7.0, 1.5 };
        std::uint32_t seed = 12345;
        const auto next = [&] { return seed = seed * 1664525u + 1013904223u, seed >> 8; };
        for (const bool isMax : { false, true }) {
            const OverTimeFunction f = overTimeFunction(isMax ? "max_over_time" : "min_over_time");
            QVERIFY(f);
            for (int round = 0; round < 20000; ++round) {
                std::vector<tsdb::Sample> window(1 + next() % 23);
                const std::uint32_t palette = 2 + next() % 9; // few values: repeats and zero ties are common
                for (std::size_t i = 0; i < window.size(); ++i)
                    window[i] = { TimestampMs(i), values[next() % palette] };
                double want = window[0].v;
                for (const auto& x : window)
                    if ((isMax ? x.v > want : x.v < want) || std::isnan(want))
                        want = x.v;
                const double got = f(window);
                if (std::isnan(want) ? !std::isnan(got) : (got != want || std::signbit(got) != std::signbit(want))) {
                    const auto show = [](double v) { return v == 0 && std::signbit(v) ? u"-0"_s : QString::number(v); };
                    QString w;
                    for (const auto& x : window)
                        w += show(x.v) + u' ';
                    QFAIL(qPrintable(
                        u"%1 of %2: %3, Prometheus %4"_s.arg(isMax ? u"max"_s : u"min"_s, w, show(got), show(want))));
                }
            }
        }
    }

    void rangeQueryStaleness()
    {
        Engine engine;
        auto r = engine.rangeQuery(m_store, "gone", 0, 60 * S, 15 * S);
        QVERIFY(r.ok());
        QCOMPARE(r->value.matrix.size(), std::size_t(1));
        QCOMPARE(r->value.matrix[0].points.size(), std::size_t(2)); // 0 s and 15 s; stale from 30 s on
    }

    void warnings()
    {
        Engine engine;
        auto r = engine.instantQuery(m_store, "rate(gauge[1m])", 60 * S);
        QVERIFY(r.ok());
        QCOMPARE(r->warnings.size(), std::size_t(1));
        QVERIFY(QString::fromStdString(r->warnings[0]).contains(u"metric might not be a counter"_s));
        auto clean = engine.instantQuery(m_store, "rate(c_total[1m])", 60 * S);
        QVERIFY(clean.ok());
        QVERIFY(clean->warnings.empty());
        // the same from a range query, which takes the series-by-series path for a function at the root
        auto ranged = engine.rangeQuery(m_store, "rate(gauge[1m])", 0, 120 * S, 15 * S);
        QVERIFY(ranged.ok());
        QCOMPARE(ranged->warnings, r->warnings);
        auto rangedClean = engine.rangeQuery(m_store, "(increase(c_total[1m]))", 0, 120 * S, 15 * S);
        QVERIFY(rangedClean.ok());
        QVERIFY(rangedClean->warnings.empty());
        auto fixed = engine.instantQuery(m_store, "histogram_quantile(0.5, bad_bucket)", 60 * S);
        QVERIFY(fixed.ok());
        QCOMPARE(fixed->warnings.size(), std::size_t(1));
        // The histogram trim operators remove float samples (they have no observations), and say so.
        for (const char* q : { "up </ 5", "up >/ 0", "up </ on (job, instance) up" }) {
            auto trimmed = engine.instantQuery(m_store, q, 60 * S);
            QVERIFY2(trimmed.ok(), q);
            QVERIFY2(trimmed->value.vector.empty(), q);
            QCOMPARE(trimmed->warnings.size(), std::size_t(1));
            QVERIFY(QString::fromStdString(trimmed->warnings[0]).startsWith(u"PromQL info: float samples have no observations to trim"_s));
        }
    }

    void errorsAndLimits()
    {
        Engine engine;
        auto parse = engine.instantQuery(m_store, "sum(", 0);
        QVERIFY(!parse.ok());
        QCOMPARE(int(parse.error().code), int(ErrorCode::Parse));

        QueryOptions small;
        small.maxSamples = 2;
        auto limited = engine.instantQuery(m_store, "up", 60 * S, small);
        QVERIFY(!limited.ok());
        QCOMPARE(int(limited.error().code), int(ErrorCode::Limit));

        auto limitedRange = engine.rangeQuery(m_store, "up", 0, 60 * S, 15 * S, small);
        QVERIFY(!limitedRange.ok());
        QCOMPARE(int(limitedRange.error().code), int(ErrorCode::Limit));
        QueryOptions points9;
        points9.maxSamples = 9; // 3 series per step fit, 15 points in all do not
        auto limitedTotal = engine.rangeQuery(m_store, "up", 0, 60 * S, 15 * S, points9);
        QVERIFY(!limitedTotal.ok());
        QCOMPARE(int(limitedTotal.error().code), int(ErrorCode::Limit));
        // the series-by-series paths of a function and of a subquery keep the limit on the result's points
        QueryOptions points20;
        points20.maxSamples = 20;
        for (const char* q : { "last_over_time(up[2m])", "last_over_time(up[30s:15s])" }) {
            // at most 6 samples a step; 3 series x 9 steps = 27 points, where 3 x 3 fit
            auto limited = engine.rangeQuery(m_store, q, 0, 120 * S, 15 * S, points20);
            QVERIFY2(!limited.ok(), q);
            QCOMPARE(int(limited.error().code), int(ErrorCode::Limit));
            auto fits = engine.rangeQuery(m_store, q, 0, 30 * S, 15 * S, points20);
            QVERIFY2(fits.ok(), q);
            QCOMPARE(fits->value.matrix.size(), std::size_t(3));
        }

        auto points = engine.rangeQuery(m_store, "up", 0, 20'000 * S, S);
        QVERIFY(!points.ok());
        QVERIFY(QString::fromStdString(points.error().message).contains(u"11,000 points"_s));

        // two series that differ only in their names: once the names are dropped, one step holds the same labels
        // twice. The range path finds it where it files the step's points (from the second step's series on).
        tsdb::MemoryStore pair;
        add(pair, { { "__name__", "pair_a" }, { "side", "x" } }, { { 0, 1 }, { 60 * S, 2 } });
        add(pair, { { "__name__", "pair_b" }, { "side", "x" } }, { { 45 * S, 3 }, { 60 * S, 4 } });
        for (const bool range : { false, true }) {
            auto dup = range ? engine.rangeQuery(pair, "-{side=\"x\"}", 0, 60 * S, 15 * S)
                             : engine.instantQuery(pair, "-{side=\"x\"}", 60 * S);
            QVERIFY(!dup.ok());
            QCOMPARE(int(dup.error().code), int(ErrorCode::Execution));
            QCOMPARE(QString::fromStdString(dup.error().message), u"vector cannot contain metrics with the same labelset"_s);
        }
        auto beforeSecond = engine.rangeQuery(pair, "-{side=\"x\"}", 0, 30 * S, 15 * S);
        QVERIFY(beforeSecond.ok());
        QCOMPARE(beforeSecond->value.matrix.size(), std::size_t(1));

        // Durations with step() or range() are checked per query as in Prometheus, at their position. Found by
        // fuzzing (scripts/fuzz promql_eval): 2^300 minutes as a subquery's range overflowed.
        struct BadDuration
        {
            const char* query;
            bool range;
            const char* message;
            int begin, end;
        };
        const BadDuration bad[] = {
            { "absent_over_time(rate(htusl[4m])[min_of(step(), 2)^5m:20ms])", true, "duration is out of range", 33, 53 },
            { "rate(c_total[step() - 1m])", true, "duration must be greater than 0", 13, 24 },
            { "rate(c_total[step()])", false, "duration must be greater than 0", 13, 19 },
            { "max_over_time(up[1m:step() % (step() - 1m)])", true, "modulo by zero", 20, 42 },
            { "up offset (1m / (range() - 2m))", true, "division by zero", 10, 31 },
        };
        for (const BadDuration& b : bad) {
            auto r = b.range ? engine.rangeQuery(m_store, b.query, 0, 120 * S, 60 * S) : engine.instantQuery(m_store, b.query, 60 * S);
            QVERIFY2(!r.ok(), b.query);
            QCOMPARE(int(r.error().code), int(ErrorCode::Parse));
            QCOMPARE(QString::fromStdString(r.error().message), QString::fromUtf8(b.message));
            QCOMPARE(r.error().where.begin, b.begin);
            QCOMPARE(r.error().where.end, b.end);
        }
        for (const char* good : { "rate(c_total[step() * 2])", "c_total offset (step() / 3)", "up offset -step()" }) {
            auto r = engine.rangeQuery(m_store, good, 0, 120 * S, 15 * S);
            QVERIFY2(r.ok(), good);
            QVERIFY2(!r->value.matrix.empty(), good);
        }

        std::atomic_bool cancel { true };
        QueryOptions canceled;
        canceled.cancel = &cancel;
        auto c = engine.rangeQuery(m_store, "up", 0, 3600 * S, 15 * S, canceled);
        QVERIFY(!c.ok());
        QCOMPARE(int(c.error().code), int(ErrorCode::Canceled));

        // found by fuzzing (scripts/fuzz promql_eval): a subquery of 4 weeks at 2 s over no series loads no
        // samples, so only a timeout stops it, as in Prometheus
        QueryOptions late;
        late.deadline = std::chrono::steady_clock::now();
        auto timedOut = engine.instantQuery(m_store, "(absent_metric[4w:(+2)])", 60 * S, late);
        QVERIFY(!timedOut.ok());
        QCOMPARE(int(timedOut.error().code), int(ErrorCode::Timeout));
        QCOMPARE(QString::fromStdString(timedOut.error().message), u"query timed out"_s);

        auto matrixRange = engine.rangeQuery(m_store, "up[5m]", 0, 60 * S, 15 * S);
        QVERIFY(!matrixRange.ok());

        auto manyToOne = engine.instantQuery(m_store, "up{job=\"a\"} + on() up{job=\"b\"}", 60 * S);
        QVERIFY(!manyToOne.ok());
        QVERIFY(QString::fromStdString(manyToOne.error().message).contains(u"many-to-one matching must be explicit"_s));
        auto manyToMany = engine.instantQuery(m_store, "up{job=\"b\"} + on() up{job=\"a\"}", 60 * S);
        QVERIFY(!manyToMany.ok());
        QVERIFY(QString::fromStdString(manyToMany.error().message).contains(u"many-to-many matching not allowed"_s));
    }
};

QTEST_GUILESS_MAIN(TestPromqlEngine)
#include "tst_promql_engine.moc"
