// The query client's results cache: a range answer built from cached steps equals a fresh evaluation, for every
// shape of shift and every kind of expression; a change of the past (a late sample) or a range-bound expression is
// never answered from the cache; only settled steps are kept; the UI's and the HTTP APIs' calls share it.
#include "core/logstore/memory_log_store.h"
#include "core/services/query_client.h"
#include "core/tsdb/store.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sg;
using namespace sg::services;

namespace {
constexpr DurationMs Step = 60'000;
constexpr DurationMs Scrape = 15'000;

QString describe(const promql::Matrix& m)
{
    QString out;
    for (const auto& s : m) {
        out += QString::fromStdString(s.metric.toString()) + u':';
        for (const auto& p : s.points)
            out += u' ' + QString::number(p.t) + u'=' + QString::number(p.v, 'g', 17);
        out += u'\n';
    }
    return out;
}
}

class TestQueryCache : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        tsdb::StoreOptions options;
        options.retention = 0;
        auto store = tsdb::Store::open(m_dir.filePath(QStringLiteral("metrics")).toStdString(), options);
        QVERIFY(store.ok());
        m_store = std::move(*store);
        // Six hours ending an hour ago: settled. Two jobs, a counter and a gauge, one gap.
        m_end = nowMs() / Step * Step - 3'600'000;
        m_start = m_end - 6 * 3'600'000;
        tsdb::AppendBatch batch;
        double counter = 0;
        for (TimestampMs t = m_start; t <= m_end; t += Scrape) {
            counter += double((t / Scrape) % 7);
            for (const char* job : { "api", "db" }) {
                if (std::string_view(job) == "db" && t > m_start + 3'600'000 && t < m_start + 5'400'000)
                    continue; // a scrape gap: staleness and absent steps
                batch.samples.push_back({ Labels { { "__name__", "requests_total" }, { "job", job } }, t,
                    counter * (job[0] == 'a' ? 1 : 3) });
                batch.samples.push_back({ Labels { { "__name__", "temperature" }, { "job", job } }, t,
                    double((t / Scrape) % 100) / (job[0] == 'a' ? 2 : 5) });
            }
        }
        QVERIFY(m_store->append(batch).error.empty());
        m_cached = std::make_unique<QueryClient>(m_store, std::make_shared<logs::MemoryLogStore>());
        QueryClientOptions noCache;
        noCache.cacheBytes = 0;
        m_fresh = std::make_unique<QueryClient>(m_store, std::make_shared<logs::MemoryLogStore>(), noCache);
    }

    void shiftedRangesEqualFreshAnswers_data()
    {
        QTest::addColumn<QString>("expr");
        QTest::addColumn<int>("shiftSteps");
        QTest::addColumn<int>("growSteps");
        for (const char* expr : { "requests_total", "rate(requests_total[5m])", "sum by (job) (rate(requests_total[2m]))",
                 "temperature > 10", "max_over_time(temperature[10m:1m])", "temperature offset 7m", "time()",
                 "absent(requests_total{job=\"db\"})", "count(temperature) by (job) * on(job) group_left rate(requests_total[5m])",
                 "deriv(temperature[30m])", "label_replace(temperature, \"x\", \"$1\", \"job\", \"(.)b\")" }) {
            for (auto [shift, grow] : { std::pair { 1, 0 }, { -1, 0 }, { 30, 0 }, { -2, 5 }, { 3, -4 }, { 400, 0 } })
                QTest::addRow("%s shift %d grow %d", expr, shift, grow) << QString::fromUtf8(expr) << shift << grow;
        }
    }

    void shiftedRangesEqualFreshAnswers()
    {
        QFETCH(QString, expr);
        QFETCH(int, shiftSteps);
        QFETCH(int, growSteps);
        const std::string e = expr.toStdString();
        const TimestampMs from = m_start + 3'600'000;
        const TimestampMs to = m_end - 3'600'000;
        EvalStats first;
        QVERIFY(m_cached->evalPromQL(e, from, to, Step, {}, &first).ok());
        const TimestampMs from2 = from + shiftSteps * Step;
        const TimestampMs to2 = to + (shiftSteps + growSteps) * Step;
        EvalStats second;
        auto cached = m_cached->evalPromQL(e, from2, to2, Step, {}, &second);
        auto fresh = m_fresh->evalPromQL(e, from2, to2, Step);
        QVERIFY(cached.ok() && fresh.ok());
        QCOMPARE(describe(cached->value.matrix), describe(fresh->value.matrix));
        const std::size_t steps = std::size_t((to2 - from2) / Step + 1);
        QCOMPARE(second.cache.stepsReused + second.cache.stepsComputed, steps);
        const bool overlaps = from2 <= to && to2 >= from;
        QCOMPARE(second.cache.stepsReused > 0, overlaps);
        if (overlaps)
            QVERIFY2(second.cache.stepsComputed <= std::size_t(std::abs(shiftSteps) + std::abs(growSteps)),
                qPrintable(QString::number(second.cache.stepsComputed)));
    }

    void otherAlignmentIsNotReused()
    {
        const std::string e = "rate(requests_total[5m])";
        const TimestampMs from = m_start + 3'600'000;
        QVERIFY(m_cached->evalPromQL(e, from, from + 3'600'000, Step).ok());
        EvalStats stats;
        auto r = m_cached->evalPromQL(e, from + 30'000, from + 3'630'000, Step, {}, &stats);
        QVERIFY(r.ok());
        QCOMPARE(stats.cache.stepsReused, std::size_t(0));
        QCOMPARE(describe(r->value.matrix), describe(m_fresh->evalPromQL(e, from + 30'000, from + 3'630'000, Step)->value.matrix));
    }

    void rangeBoundExpressionsAreNotCached_data()
    {
        QTest::addColumn<QString>("expr");
        QTest::newRow("@ end()") << QStringLiteral("temperature @ end()");
        QTest::newRow("@ start()") << QStringLiteral("rate(requests_total[5m] @ start())");
        QTest::newRow("end ( )") << QStringLiteral("temperature @ end ( )");
    }

    void rangeBoundExpressionsAreNotCached()
    {
        QFETCH(QString, expr);
        QVERIFY(!RangeCache::cacheable(expr.toStdString()));
        const std::string e = expr.toStdString();
        const TimestampMs from = m_start + 3'600'000;
        QVERIFY(m_cached->evalPromQL(e, from, from + 3'600'000, Step).ok());
        EvalStats stats;
        auto shifted = m_cached->evalPromQL(e, from + Step, from + 3'660'000, Step, {}, &stats);
        QVERIFY(shifted.ok());
        QCOMPARE(stats.cache.stepsReused, std::size_t(0));
        QCOMPARE(describe(shifted->value.matrix),
            describe(m_fresh->evalPromQL(e, from + Step, from + 3'660'000, Step)->value.matrix));
    }

    void lateSampleInvalidates()
    {
        QTemporaryDir dir;
        tsdb::StoreOptions options;
        options.retention = 0;
        std::shared_ptr<tsdb::Store> store = std::move(*tsdb::Store::open(dir.path().toStdString(), options));
        const TimestampMs end = nowMs() / Step * Step - 3'600'000;
        tsdb::AppendBatch batch;
        for (TimestampMs t = end - 3'600'000; t <= end; t += Scrape)
            batch.samples.push_back({ Labels { { "__name__", "up" }, { "job", "a" } }, t, 1 });
        store->append(batch);
        QueryClient client(store, std::make_shared<logs::MemoryLogStore>());
        auto first = client.evalPromQL("count(up)", end - 3'000'000, end, Step);
        QVERIFY(first.ok());
        QCOMPARE(first->value.matrix.size(), std::size_t(1));
        QCOMPARE(first->value.matrix[0].points.back().v, 1.0);

        // A new series whose samples lie in the settled past (a late scrape, a federated timestamp).
        const auto before = store->pastWrites();
        tsdb::AppendBatch late;
        for (TimestampMs t = end - 1'800'000; t <= end; t += Scrape)
            late.samples.push_back({ Labels { { "__name__", "up" }, { "job", "b" } }, t, 1 });
        QCOMPARE(store->append(late).appended, late.samples.size());
        QVERIFY(store->pastWrites() != before);
        EvalStats stats;
        auto second = client.evalPromQL("count(up)", end - 3'000'000, end, Step, {}, &stats);
        QVERIFY(second.ok());
        QCOMPARE(stats.cache.stepsReused, std::size_t(0));
        QCOMPARE(second->value.matrix[0].points.back().v, 2.0);

        // A sample at the wall clock's now is not a change of the past: the settled steps stay usable.
        const auto settled = store->pastWrites();
        tsdb::AppendBatch now;
        now.samples.push_back({ Labels { { "__name__", "up" }, { "job", "c" } }, nowMs(), 1 });
        store->append(now);
        QCOMPARE(store->pastWrites(), settled);
    }

    void unsettledStepsAreRecomputed()
    {
        QTemporaryDir dir;
        tsdb::StoreOptions options;
        options.retention = 0;
        std::shared_ptr<tsdb::Store> store = std::move(*tsdb::Store::open(dir.path().toStdString(), options));
        const TimestampMs now = nowMs();
        tsdb::AppendBatch batch;
        for (TimestampMs t = now - 3'600'000; t <= now; t += Scrape)
            batch.samples.push_back({ Labels { { "__name__", "up" }, { "job", "a" } }, t, 1 });
        store->append(batch);
        QueryClient client(store, std::make_shared<logs::MemoryLogStore>());
        const TimestampMs from = (now - 3'000'000) / Step * Step;
        const TimestampMs to = from + 50 * Step;
        QVERIFY(client.evalPromQL("sum(up)", from, to, Step).ok());
        EvalStats stats;
        QVERIFY(client.evalPromQL("sum(up)", from, to, Step, {}, &stats).ok());
        // Steps within SettleMs of the wall clock are evaluated again, every time.
        QVERIFY2(stats.cache.stepsComputed >= std::size_t(tsdb::SettleMs / Step) - 1,
            qPrintable(QString::number(stats.cache.stepsComputed)));
        QVERIFY(stats.cache.stepsReused > 0);
    }

    void uiAndApiCallsShareTheCache()
    {
        const TimestampMs from = m_start + 7'200'000;
        const TimestampMs to = from + 3'600'000;
        const std::string e = "sum(rate(requests_total[3m]))";
        QVERIFY(m_cached->evalPromQL(e, from, to, Step).ok()); // as the HTTP API calls it
        QueryRequest request;
        request.expr = QString::fromStdString(e);
        request.fromMs = from + Step;
        request.toMs = to + Step;
        request.stepMs = Step;
        QueryResponse answer;
        QSignalSpy done(this, &TestQueryCache::answered);
        m_cached->submit(request, this, [this, &answer](const QueryResponse& r) {
            answer = r;
            Q_EMIT answered();
        });
        QVERIFY(done.wait(10'000));
        QVERIFY(!answer.error);
        QCOMPARE(answer.stats.stepsCached, qint64(60));
        QCOMPARE(answer.series.size(), std::size_t(1));
        QCOMPARE(answer.series[0].values.size(), std::size_t(61));
    }

    void boundedInBytes()
    {
        RangeCache cache(64 << 10);
        auto evaluate = [](TimestampMs from, TimestampMs to) -> Result<promql::QueryResult> {
            promql::QueryResult r;
            r.value.type = promql::ValueType::Matrix;
            promql::Series s { Labels { { "a", "b" } }, {} };
            for (TimestampMs t = from; t <= to; t += 1000)
                s.points.push_back({ t, 1 });
            r.value.matrix.push_back(std::move(s));
            return r;
        };
        for (int i = 0; i < 100; ++i)
            QVERIFY(cache.query("q" + std::to_string(i), 0, 500'000, 1000, 1'000'000, 0, evaluate).ok());
        QVERIFY(cache.bytes() <= std::size_t(64 << 10));
        QVERIFY(cache.entries() < 100);
        QVERIFY(cache.entries() > 0);
        // The most recent entry is still there.
        RangeCacheStats stats;
        QVERIFY(cache.query("q99", 0, 500'000, 1000, 1'000'000, 0, evaluate, &stats).ok());
        QCOMPARE(stats.stepsReused, std::size_t(501));
        // Another past: not reused.
        RangeCacheStats other;
        QVERIFY(cache.query("q99", 0, 500'000, 1000, 1'000'000, 1, evaluate, &other).ok());
        QCOMPARE(other.stepsReused, std::size_t(0));
    }

Q_SIGNALS:
    void answered();

private:
    QTemporaryDir m_dir;
    std::shared_ptr<tsdb::Store> m_store;
    std::unique_ptr<QueryClient> m_cached;
    std::unique_ptr<QueryClient> m_fresh;
    TimestampMs m_start = 0;
    TimestampMs m_end = 0;
};

QTEST_GUILESS_MAIN(TestQueryCache)
#include "tst_query_cache.moc"
