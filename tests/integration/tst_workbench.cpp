// End to end without widgets: the Workbench starts the demo, scrapes it over real HTTP on loopback,
// and PromQL/LogQL through the QueryClient return its series and lines.
#include "core/scrape/scrape_manager.h"
#include "core/services/workbench.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <set>

using namespace sg;
using namespace sg::services;

namespace {
const std::set<std::string_view> StatusClasses { "2xx", "3xx", "4xx", "5xx" };

/// A range query's matrix or its error.
struct MetricAnswer
{
    promql::Matrix matrix;
    std::optional<Error> error;
};

MetricAnswer rangeQuery(QueryClient* q, const char* query, DurationMs span, DurationMs step)
{
    const TimestampMs end = nowMs();
    auto r = q->evalPromQL(query, end - span, end, step);
    if (!r.ok())
        return { {}, r.error() };
    return { std::move(r->value.matrix), std::nullopt };
}

double maxValue(const promql::Matrix& m)
{
    double best = 0;
    for (const auto& s : m)
        for (const auto& p : s.points)
            best = std::max(best, p.v);
    return best;
}
}

class TestWorkbench : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        WorkbenchOptions options;
        options.dataDir = m_dir.path() + QStringLiteral("/data");
        options.demoScrapeInterval = 1'000;
        options.selfScrapeInterval = 1'000;
        m_workbench = std::make_unique<Workbench>(options);
        QSignalSpy ready(m_workbench.get(), &Workbench::ready);
        auto error = m_workbench->start();
        QVERIFY2(!error, error ? error->message.c_str() : "");
        QVERIFY(ready.wait(20'000) || m_workbench->isReady());
    }

    void demoServesMetricsOverHttp()
    {
        const QUrl url = m_workbench->demoMetricsUrl();
        QVERIFY(url.isValid());
        QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
        QNetworkAccessManager nam;
        QNetworkReply* reply = nam.get(QNetworkRequest(url));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(5000));
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        QVERIFY(body.contains("# TYPE http_requests_total counter"));
        QVERIFY(body.contains("http_request_duration_seconds_bucket{"));
        QVERIFY(body.contains("process_cpu_seconds_total"));
    }

    void scrapedSeriesAreQueryable()
    {
        auto* q = m_workbench->queryClient();
        // The live scrape (not only the backfill) must land: up == 1 for both the demo and Sightglass itself.
        QTRY_VERIFY_WITH_TIMEOUT(
            ([&] {
                auto r = rangeQuery(q, "up == 1", 20'000, 1'000);
                if (r.error || r.matrix.empty())
                    return false;
                bool demo = false, self = false;
                for (const auto& s : r.matrix) {
                    demo |= s.metric.get("job") == "fastapi";
                    self |= s.metric.get("job") == "sightglass";
                }
                return demo && self;
            }()),
            20'000);
        // ... and it came from real HTTP scrapes, not only the backfilled history.
        QTRY_VERIFY_WITH_TIMEOUT(
            ([&] {
                const auto statuses = m_workbench->scrapeManager()->statuses();
                return std::count_if(statuses.begin(), statuses.end(),
                           [](const auto& s) { return s.up && s.lastScrapeMs > 0 && s.samplesScraped > 0; })
                    == 2;
            }()),
            20'000);
        auto r = rangeQuery(q, "sum by (status) (rate(http_requests_total[2m]))", 3'600'000, 15'000);
        QVERIFY2(!r.error, r.error ? r.error->message.c_str() : "");
        QVERIFY(r.matrix.size() >= 2);
        for (const auto& s : r.matrix)
            QVERIFY(StatusClasses.count(s.metric.get("status")));
        // Sightglass' own metrics are scraped too.
        auto self = rangeQuery(q, "sightglass_tsdb_samples_appended_total", 60'000, 1'000);
        QVERIFY(!self.error);
        QTRY_VERIFY_WITH_TIMEOUT(!rangeQuery(q, "sightglass_log_lines_ingested_total > 0", 60'000, 1'000).matrix.empty(), 20'000);
    }

    void historyHoldsTwoPastBursts()
    {
        auto* q = m_workbench->queryClient();
        auto r = rangeQuery(q, "sum(rate(http_requests_total{status=~\"5..\"}[2m]))", 3'600'000, 15'000);
        QVERIFY2(!r.error, r.error ? r.error->message.c_str() : "");
        QCOMPARE(r.matrix.size(), std::size_t(1));
        const double peak = maxValue(r.matrix);
        QVERIFY2(peak > 0.5, qPrintable(QString::number(peak)));
        // Count separate spikes: runs of points above a quarter of the peak (bursts differ in strength;
        // the quiet baseline stays near 0.01/s).
        int spikes = 0;
        bool inSpike = false;
        for (const auto& p : r.matrix[0].points) {
            const bool high = p.v > peak / 4;
            if (high && !inSpike)
                ++spikes;
            inSpike = high;
        }
        QString dump;
        for (const auto& p : r.matrix[0].points)
            dump += QString::number(p.v, 'f', 2) + u' ';
        QVERIFY2(spikes >= 2, qPrintable(dump));
    }

    void errorLogsAreQueryable()
    {
        auto* q = m_workbench->queryClient();
        logql::QueryParams params;
        params.end = nowNs();
        params.start = params.end - msToNs(3'600'000);
        params.limit = 100;
        auto r = q->evalLogQL("{app=\"fastapi\"} |= \"ERROR\"", params);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QVERIFY(r->isLogs);
        std::size_t lines = 0;
        for (const auto& s : r->streams) {
            QCOMPARE(s.labels.get("app"), std::string_view("fastapi"));
            for (const auto& e : s.entries) {
                QVERIFY(e.line.find("ERROR") != std::string::npos);
                ++lines;
            }
        }
        QCOMPARE(lines, std::size_t(100)); // the history alone has more than the limit
        const auto names = q->logLabelNames();
        QVERIFY(std::find(names.begin(), names.end(), "level") != names.end());
    }

    void badQueryIsAnErrorWithPosition()
    {
        auto r = rangeQuery(m_workbench->queryClient(), "sum(rate(http_requests_total[2m])", 60'000, 15'000);
        QVERIFY(r.error.has_value());
        QCOMPARE(r.error->code, ErrorCode::Parse);
        QVERIFY(r.error->where.end >= r.error->where.begin);
    }

    void cleanupTestCase() { m_workbench.reset(); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Workbench> m_workbench;
};

QTEST_GUILESS_MAIN(TestWorkbench)
#include "tst_workbench.moc"
