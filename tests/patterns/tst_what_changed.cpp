// "What changed" on the demo's logs: for a window around an error burst, the burst's templates rank first.
#include "core/demo/demo_model.h"
#include "core/logql/pipeline.h"
#include "core/logstore/memory_log_store.h"
#include "core/metrics/registry.h"
#include "core/patterns/compare.h"
#include "core/patterns/log_reader.h"
#include "core/services/query_client.h"
#include "core/tsdb/memory_store.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace sg;
using namespace sg::patterns;

namespace {

constexpr TimestampMs T0 = 1'717'200'000'000; // 2024-06-01T00:00:00Z
constexpr TimestampMs BurstStart = T0 + 20 * 60'000;
constexpr DurationMs BurstLength = 40'000;

/// True for a line only the burst writes: a 5xx (every ERROR line) or the warnings of an exhausted pool,
/// payment retries and the circuit breaker.
bool isBurstLine(const std::string& line)
{
    for (const char* marker : { "ERROR", "db pool exhausted", "retrying payment provider call", "circuit breaker" })
        if (line.find(marker) != std::string::npos)
            return true;
    return false;
}

} // namespace

class TestWhatChanged : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        metrics::Registry registry;
        demo::DemoModel model(registry);
        model.addBurst(demo::BurstWindow { BurstStart, BurstLength, 0.4 });
        m_logs = std::make_shared<logs::MemoryLogStore>();
        for (TimestampMs t = T0 + 1000; t <= T0 + 30 * 60'000; t += 1000)
            m_logs->push(model.step(t));
        m_client = std::make_unique<services::QueryClient>(std::make_shared<tsdb::MemoryStore>(), m_logs);
    }

    void burstTemplatesRankFirst_data()
    {
        QTest::addColumn<qint64>("baselineMs");
        QTest::addRow("same length before") << qint64(0);
        QTest::addRow("ten minutes before") << qint64(600'000);
    }
    void burstTemplatesRankFirst()
    {
        QFETCH(qint64, baselineMs);
        const TimeWindow spike { msToNs(BurstStart - 20'000), msToNs(BurstStart + BurstLength + 20'000) };
        const TimeWindow baseline = baselineMs ? TimeWindow { spike.start - msToNs(baselineMs), spike.start } : precedingBaseline(spike);
        auto result = comparePatterns(*m_client, R"({app="fastapi"})", spike, baseline);
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
        const auto& rows = result->changes;
        if (qEnvironmentVariableIsSet("SG_DUMP_PATTERNS"))
            for (const auto& r : rows)
                qInfo("%6llu %6llu %6.2f %s", (unsigned long long)r.count, (unsigned long long)r.baselineCount, r.score, r.pattern.c_str());
        QVERIFY(result->spikeLines > 100);
        QVERIFY(result->baselineLines > 100);
        QVERIFY(rows.size() > 5);

        // The first row is a failed request, new in the spike.
        QVERIFY2(rows[0].samples.front().find("request failed") != std::string::npos, rows[0].pattern.c_str());
        QVERIFY(rows[0].count >= 10);

        // Every burst pattern with a meaningful count ranks above every pattern of ordinary traffic.
        std::size_t lastBurst = 0, firstOrdinary = rows.size();
        std::size_t burstRows = 0;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const bool burst = isBurstLine(rows[i].samples.front());
            if (burst && rows[i].count >= 5) {
                lastBurst = i;
                ++burstRows;
            }
            if (!burst && firstOrdinary == rows.size())
                firstOrdinary = i;
        }
        QVERIFY(burstRows >= 3);
        QVERIFY2(lastBurst < firstOrdinary,
            qPrintable(QStringLiteral("burst row %1 (%2) after ordinary row %3 (%4)")
                    .arg(lastBurst).arg(QString::fromStdString(rows[lastBurst].pattern))
                    .arg(firstOrdinary).arg(QString::fromStdString(rows[firstOrdinary].pattern))));

        // Each burst row's pattern, as a `|>` filter, keeps its sample lines; counts and rates agree.
        for (std::size_t i = 0; i < burstRows; ++i) {
            auto compiled = logql::LinePattern::compile(rows[i].pattern);
            QVERIFY(compiled.ok());
            for (const auto& sample : rows[i].samples)
                QVERIFY2(compiled->match(sample, nullptr), (rows[i].pattern + " vs " + sample).c_str());
            QCOMPARE(rows[i].rate, double(rows[i].count) / spike.seconds());
            if (rows[i].baselineCount == 0)
                QVERIFY(rows[i].firstSeen >= msToNs(BurstStart) - 1'000'000'000);
        }
    }

    void pipelineQueriesAndErrors()
    {
        const TimeWindow spike { msToNs(BurstStart), msToNs(BurstStart + BurstLength) };
        // A query with a pipeline runs through the LogQL engine: only ERROR lines are mined.
        auto errors = comparePatterns(*m_client, R"({app="fastapi"} |= "ERROR")", spike, precedingBaseline(spike));
        QVERIFY(errors.ok());
        QVERIFY(!errors->changes.empty());
        for (const auto& row : errors->changes)
            QVERIFY2(row.samples.front().find("ERROR") != std::string::npos, row.pattern.c_str());
        QVERIFY(!comparePatterns(*m_client, R"(count_over_time({app="fastapi"}[1m]))", spike, precedingBaseline(spike)).ok());
        QVERIFY(!comparePatterns(*m_client, R"({app="fastapi"} |=)", spike, precedingBaseline(spike)).ok());
    }

    void severalQueriesShareOneMiner()
    {
        // The ERROR lines and the other lines as two queries (Explore's two log rows) give the lines and patterns
        // of the whole stream as one query does.
        const TimeWindow spike { msToNs(BurstStart - 20'000), msToNs(BurstStart + BurstLength + 20'000) };
        auto whole = comparePatterns(*m_client, R"({app="fastapi"})", spike, precedingBaseline(spike));
        const std::vector<std::string> rows { R"({app="fastapi"} |= "ERROR")", R"({app="fastapi"} != "ERROR")" };
        auto split = comparePatterns(*m_client, rows, spike, precedingBaseline(spike));
        QVERIFY(whole.ok() && split.ok());
        QCOMPARE(split->spikeLines, whole->spikeLines);
        QCOMPARE(split->baselineLines, whole->baselineLines);
        QVERIFY(split->changes.size() > 5);
        QVERIFY2(split->changes[0].samples.front().find("request failed") != std::string::npos, split->changes[0].pattern.c_str());
        // Overlapping rows (the whole stream, and its ERROR lines again): a line both select is mined once.
        const std::vector<std::string> overlapping { R"({app="fastapi"})", R"({app="fastapi"} |= "ERROR")" };
        auto twice = comparePatterns(*m_client, overlapping, spike, precedingBaseline(spike));
        QVERIFY(twice.ok());
        QCOMPARE(twice->spikeLines, whole->spikeLines);
        QCOMPARE(twice->baselineLines, whole->baselineLines);
        QCOMPARE(twice->changes.front().count, whole->changes.front().count);
        // A row that does not parse fails the whole comparison.
        QVERIFY(!comparePatterns(*m_client, std::vector<std::string> { rows[0], R"({app="fastapi"} |=)" }, spike,
            precedingBaseline(spike)).ok());
    }

    void readsInSlices()
    {
        // A small slice target splits the read into many slices, in time order, losing no line.
        auto expr = parseLogQuery(R"({app="fastapi"})");
        QVERIFY(expr.ok());
        ReadOptions options;
        options.sliceLines = 500;
        TimestampNs last = 0;
        bool ordered = true;
        std::uint64_t seen = 0;
        auto stats = readLogLines(*m_client, **expr, msToNs(T0), msToNs(T0 + 30 * 60'000 + 1000),
            [&](const std::vector<logs::Stream>& streams) {
                TimestampNs sliceMin = std::numeric_limits<TimestampNs>::max(), sliceMax = 0;
                for (const auto& s : streams)
                    for (const auto& e : s.entries) {
                        sliceMin = std::min(sliceMin, e.ts);
                        sliceMax = std::max(sliceMax, e.ts);
                        ++seen;
                    }
                if (sliceMax)
                    ordered = ordered && sliceMin >= last;
                last = std::max(last, sliceMax);
            },
            options);
        QVERIFY(stats.ok());
        QVERIFY(ordered);
        QVERIFY(stats->slices > 10);
        QCOMPARE(stats->lines, seen);
        QCOMPARE(seen, std::uint64_t(m_logs->entryCount()));
    }

    void rangesPastInt64Nanoseconds()
    {
        // Prometheus' minimum to maximum time, in milliseconds, reaches past int64 nanoseconds: a log query over it
        // reads every line instead of overflowing, and so does reading in slices.
        services::QueryRequest request;
        request.language = services::QueryLanguage::LogQL;
        request.kind = services::QueryKind::Logs;
        request.expr = uR"({app="fastapi"})"_s;
        request.fromMs = MinTimeMs;
        request.toMs = MaxTimeMs;
        request.limit = 5;
        const services::QueryResponse logs = m_client->run(request);
        QVERIFY2(!logs.error, logs.error ? logs.error->message.c_str() : "");
        QCOMPARE(logs.logs.size(), std::size_t(5));
        // an instant query at the maximum time is evaluated at the end of int64 nanoseconds, in 2262
        request.kind = services::QueryKind::Instant;
        request.expr = uR"(count(count_over_time({app="fastapi"}[250y])))"_s;
        const services::QueryResponse instant = m_client->run(request);
        QVERIFY2(!instant.error, instant.error ? instant.error->message.c_str() : "");
        QCOMPARE(instant.series.size(), std::size_t(1));
        auto expr = parseLogQuery(R"({app="fastapi"})");
        QVERIFY(expr.ok());
        std::uint64_t seen = 0;
        auto stats = readLogLines(*m_client, **expr, std::numeric_limits<TimestampNs>::min(),
            std::numeric_limits<TimestampNs>::max(), [&](const std::vector<logs::Stream>& streams) {
                for (const auto& st : streams)
                    seen += st.entries.size();
            });
        QVERIFY(stats.ok());
        QCOMPARE(seen, std::uint64_t(m_logs->entryCount()));
    }

private:
    std::shared_ptr<logs::MemoryLogStore> m_logs;
    std::unique_ptr<services::QueryClient> m_client;
};

QTEST_GUILESS_MAIN(TestWhatChanged)
#include "tst_what_changed.moc"
