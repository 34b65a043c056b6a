#include "core/metrics/metrics_endpoint.h"
#include "core/metrics/registry.h"
#include "core/scrape/scrape_loop.h"
#include "core/scrape/scrape_manager.h"
#include "scrape_harness.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>

using namespace sg;
using namespace sg::scrape;
using namespace sg::scrape::testing;

namespace {

TargetConfig target(const QUrl& url, DurationMs interval = 200)
{
    TargetConfig t;
    t.job = QStringLiteral("demo");
    t.url = url;
    t.interval = interval;
    t.timeout = 1000;
    return t;
}

} // namespace

class TestScrapeManager : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { ScrapeManager::registerMetaTypes(); }

    void mergesTargetLabels_data()
    {
        QTest::addColumn<QString>("scraped");
        QTest::addColumn<QString>("expected");
        QTest::addRow("no-clash") << "a=1"
                                  << "a=1 instance=h:1 job=j";
        QTest::addRow("clash") << "job=x"
                               << "exported_job=x instance=h:1 job=j";
        QTest::addRow("double-clash") << "job=x exported_job=y"
                                      << "exported_exported_job=x exported_job=y instance=h:1 job=j";
    }
    void mergesTargetLabels()
    {
        QFETCH(QString, scraped);
        QFETCH(QString, expected);
        std::vector<Label> in;
        for (const QString& kv : scraped.split(u' ')) {
            const auto parts = kv.split(u'=');
            in.push_back({ parts[0].toStdString(), parts[1].toStdString() });
        }
        const Labels merged = mergeTargetLabels(Labels(in), Labels { { "job", "j" }, { "instance", "h:1" } });
        QStringList got;
        for (const auto& l : merged)
            got << QString::fromStdString(l.name + "=" + l.value);
        QCOMPARE(got.join(u' '), expected);
    }

    void targetLabelsFromUrl()
    {
        TargetConfig t = target(QUrl(QStringLiteral("http://example.org/metrics")));
        QCOMPARE(targetLabels(t).get("instance"), std::string_view("example.org:80"));
        t.labels = Labels { { "instance", "fastapi-demo" }, { "env", "dev" } };
        const Labels l = targetLabels(t);
        QCOMPARE(l.get("instance"), std::string_view("fastapi-demo"));
        QCOMPARE(l.get("env"), std::string_view("dev"));
        QCOMPARE(l.get("job"), std::string_view("demo"));
    }

    void scrapesEndpoint()
    {
        metrics::Registry app;
        app.counter("app_requests_total", "Requests.", Labels { { "job", "inner" }, { "path", "/" } }).inc(5);
        app.gauge("app_temperature", "Temperature.").set(21.5);
        metrics::MetricsEndpoint endpoint([&app] { return app.render(); });
        QVERIFY(endpoint.listen() != 0);

        metrics::Registry self;
        Harness h(&self);
        TargetConfig t = target(endpoint.url());
        t.labels = Labels { { "env", "test" } };
        h.setTargets({ t });
        QTRY_VERIFY_WITH_TIMEOUT(!h.statuses.empty(), 5000);
        const TargetStatus& status = h.statuses.front();
        QVERIFY2(status.up, qPrintable(status.lastError));
        QCOMPARE(status.samplesScraped, std::size_t(2));
        QVERIFY(status.lastDurationSeconds > 0);
        QVERIFY(std::abs(status.lastScrapeMs - nowMs()) < 5000);

        QTRY_VERIFY(!h.batches.empty());
        const auto& batch = h.batches.front();
        const std::string instance = "127.0.0.1:" + std::to_string(endpoint.url().port());
        const auto* up = findSample(batch, "up");
        QVERIFY(up);
        QCOMPARE(up->v, 1.0);
        QCOMPARE(up->labels.get("job"), std::string_view("demo"));
        QCOMPARE(up->labels.get("instance"), std::string_view(instance));
        QCOMPARE(up->labels.get("env"), std::string_view("test"));
        QCOMPARE(up->t, status.lastScrapeMs);
        QVERIFY(findSample(batch, "scrape_duration_seconds"));
        QCOMPARE(findSample(batch, "scrape_samples_scraped")->v, 2.0);
        const auto* req = findSample(batch, "app_requests_total");
        QVERIFY(req);
        QCOMPARE(req->v, 5.0);
        QCOMPARE(req->t, status.lastScrapeMs);
        QCOMPARE(req->labels.get("job"), std::string_view("demo"));
        QCOMPARE(req->labels.get("exported_job"), std::string_view("inner"));
        QCOMPARE(req->labels.get("instance"), std::string_view(instance));
        QCOMPARE(req->labels.get("path"), std::string_view("/"));
        QCOMPARE(batch.samples.size(), std::size_t(7));

        const auto statuses = h.manager()->statuses();
        QCOMPARE(statuses.size(), std::size_t(1));
        QVERIFY(statuses[0].up);
        QTRY_VERIFY(self.render().find("sightglass_scrape_duration_seconds_count{job=\"demo\"}") != std::string::npos);
        QVERIFY(self.counter("sightglass_scrape_samples_total", "", Labels { { "job", "demo" } }).value() >= 5);

        // it keeps scraping on the interval
        QTRY_VERIFY_WITH_TIMEOUT(h.statuses.size() >= 3, 5000);
    }

    void staleMarkerOnDisappearance()
    {
        std::atomic_bool withGone { true };
        metrics::MetricsEndpoint endpoint(
            [&withGone] { return std::string("kept 1\n") + (withGone ? "gone{a=\"b\"} 2\n" : ""); });
        QVERIFY(endpoint.listen() != 0);
        Harness h;
        h.setTargets({ target(endpoint.url(), 150) });
        QTRY_VERIFY_WITH_TIMEOUT(!h.batches.empty(), 5000);
        QVERIFY(findSample(h.batches.front(), "gone"));
        withGone = false;
        const tsdb::BatchSample* stale = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto& b : h.batches)
                    if (const auto* s = findSample(b, "gone"); s && tsdb::isStaleNaN(s->v))
                        stale = s;
                return stale != nullptr;
            }(),
            5000);
        QCOMPARE(stale->labels.get("a"), std::string_view("b"));
        QCOMPARE(stale->labels.get("job"), std::string_view("demo"));
        // "kept" is not marked stale
        for (const auto& b : h.batches)
            if (const auto* s = findSample(b, "kept"))
                QVERIFY(!std::isnan(s->v));
    }

    void malformedPayloadMarksDown()
    {
        std::atomic_bool broken { false };
        metrics::MetricsEndpoint endpoint(
            [&broken] { return std::string(broken ? "ok 1\nbad{x=\"1\" 2\n" : "ok 1\n"); });
        QVERIFY(endpoint.listen() != 0);
        Harness h;
        h.setTargets({ target(endpoint.url(), 150) });
        QTRY_VERIFY_WITH_TIMEOUT(!h.statuses.empty() && h.statuses.back().up, 5000);
        const std::size_t before = h.batches.size();
        broken = true;
        QTRY_VERIFY_WITH_TIMEOUT(!h.statuses.back().up, 5000);
        const TargetStatus& status = h.statuses.back();
        QVERIFY2(status.lastError.startsWith(QStringLiteral("line 2: ")), qPrintable(status.lastError));
        QCOMPARE(status.samplesScraped, std::size_t(0));

        // The first failing batch: synthetic series plus a stale marker for the vanished series, nothing else.
        QTRY_VERIFY(h.batches.size() > before);
        const tsdb::AppendBatch* failed = nullptr;
        for (std::size_t i = before; i < h.batches.size() && !failed; ++i)
            if (const auto* up = findSample(h.batches[i], "up"); up && up->v == 0)
                failed = &h.batches[i];
        QVERIFY(failed);
        QCOMPARE(failed->samples.size(), std::size_t(6));
        QVERIFY(tsdb::isStaleNaN(findSample(*failed, "ok")->v));
        QCOMPARE(findSample(*failed, "scrape_samples_scraped")->v, 0.0);
    }

    void httpErrorMarksDown()
    {
        metrics::MetricsEndpoint endpoint([] { return std::string("x 1\n"); });
        QVERIFY(endpoint.listen() != 0);
        QUrl url = endpoint.url();
        url.setPath(QStringLiteral("/missing"));
        Harness h;
        h.setTargets({ target(url) });
        QTRY_VERIFY_WITH_TIMEOUT(!h.statuses.empty(), 5000);
        QVERIFY(!h.statuses.front().up);
        QVERIFY2(h.statuses.front().lastError.contains(QStringLiteral("HTTP status 404")),
            qPrintable(h.statuses.front().lastError));
    }

    void timeoutMarksDown()
    {
        // A server that accepts connections and never answers.
        QTcpServer silent;
        QList<QTcpSocket*> held;
        connect(&silent, &QTcpServer::newConnection, this, [&] {
            while (auto* s = silent.nextPendingConnection())
                held.push_back(s);
        });
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        QUrl url(QStringLiteral("http://127.0.0.1/metrics"));
        url.setPort(silent.serverPort());
        TargetConfig t = target(url, 2000);
        t.timeout = 300;
        Harness h;
        QElapsedTimer timer;
        timer.start();
        h.setTargets({ t });
        QTRY_VERIFY_WITH_TIMEOUT(!h.statuses.empty(), 5000);
        QVERIFY(timer.elapsed() >= 300);
        const TargetStatus& status = h.statuses.front();
        QVERIFY(!status.up);
        QVERIFY2(status.lastError.contains(QStringLiteral("timed out")), qPrintable(status.lastError));
        QVERIFY(status.lastDurationSeconds >= 0.25);
        QVERIFY(!held.isEmpty());
        qDeleteAll(held);
    }

    void removedTargetGetsStaleMarkers()
    {
        metrics::MetricsEndpoint endpoint([] { return std::string("series_a 1\n"); });
        QVERIFY(endpoint.listen() != 0);
        Harness h;
        h.setTargets({ target(endpoint.url(), 5000) });
        QTRY_VERIFY_WITH_TIMEOUT(!h.batches.empty(), 5000);
        h.setTargets({});
        QTRY_VERIFY_WITH_TIMEOUT(h.batches.size() >= 2, 5000);
        const auto* s = findSample(h.batches.back(), "series_a");
        QVERIFY(s);
        QVERIFY(tsdb::isStaleNaN(s->v));
        QVERIFY(h.manager()->statuses().empty());
    }

    void directReceiverRemovingTheTargetGetsItsStaleMarkers_data()
    {
        QTest::addColumn<int>("series");
        QTest::newRow("parsed in place") << 3;
        QTest::newRow("parsed on the worker pool") << 6000; // a body past ScrapeLoop::OffThreadBodyBytes
    }
    void directReceiverRemovingTheTargetGetsItsStaleMarkers()
    {
        // The batch borrows the scrape cache's label sets while it is handed on: a receiver that removes the
        // target right then must still get stale markers with full label sets.
        QFETCH(int, series);
        std::string body;
        for (int i = 0; i < series; ++i)
            body += "series_with_a_long_name{index=\"" + std::to_string(i) + "\",pad=\"" + std::string(20, 'p')
                + "\"} 1\n";
        if (series > 100)
            QVERIFY(body.size() >= ScrapeLoop::OffThreadBodyBytes);
        metrics::MetricsEndpoint endpoint([&body] { return body; });
        QVERIFY(endpoint.listen() != 0);
        ScrapeManager manager;
        manager.setInitialOffsetCap(0);
        std::vector<tsdb::AppendBatch> batches;
        connect(&manager, &ScrapeManager::samplesScraped, this,
            [&](const tsdb::AppendBatch& b) {
                batches.push_back(b);
                if (batches.size() == 1)
                    manager.setTargets({});
            },
            Qt::DirectConnection);
        manager.setTargets({ target(endpoint.url(), 5000) });
        QTRY_VERIFY_WITH_TIMEOUT(batches.size() >= 2, 10000);
        std::size_t stale = 0;
        for (const auto& s : batches[1].samples) {
            QVERIFY(tsdb::isStaleNaN(s.v));
            QCOMPARE(s.labels.metricName(), std::string_view("series_with_a_long_name"));
            QCOMPARE(s.labels.get("job"), std::string_view("demo"));
            QCOMPARE(s.labels.get("pad"), std::string_view(std::string(20, 'p')));
            ++stale;
        }
        QCOMPARE(stale, std::size_t(series));
        QCOMPARE(findSample(batches[0], "series_with_a_long_name")->labels.get("job"), std::string_view("demo"));
        QVERIFY(manager.statuses().empty());
    }

    void firstScrapesSpreadOverTheInterval()
    {
        metrics::MetricsEndpoint endpoint([] { return std::string("series_a 1\n"); });
        QVERIFY(endpoint.listen() != 0);
        Harness h(nullptr, -1); // no cap: Prometheus' spreading
        constexpr DurationMs Interval = 2000;
        std::vector<TargetConfig> targets;
        for (int i = 0; i < 16; ++i) {
            TargetConfig t = target(endpoint.url(), Interval);
            t.labels = Labels { { "n", std::to_string(i) } };
            targets.push_back(t);
        }
        TargetConfig eager = target(endpoint.url(), 60'000);
        eager.labels = Labels { { "n", "eager" } };
        eager.firstScrapeOffsetCap = 0;
        targets.push_back(eager);
        const TimestampMs begin = nowMs();
        h.setTargets(targets);
        // The capped target scrapes at once although its interval is a minute.
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(h.statuses.begin(), h.statuses.end(),
                                     [](const auto& s) { return s.labels.get("n") == "eager"; }),
            1000);

        std::map<std::string, std::vector<TimestampMs>> scrapes;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                scrapes.clear();
                for (const auto& s : h.statuses)
                    scrapes[std::string(s.labels.get("n"))].push_back(s.lastScrapeMs);
                return scrapes.size() == 17
                    && std::all_of(scrapes.begin(), scrapes.end(),
                        [](const auto& e) { return e.first == "eager" || e.second.size() >= 2; });
            }(),
            3 * Interval + 1000);
        TimestampMs first = std::numeric_limits<TimestampMs>::max(), last = 0;
        for (const auto& [n, times] : scrapes) {
            if (n == "eager")
                continue;
            QVERIFY2(times[0] - begin <= Interval + 300, n.c_str()); // within one interval
            first = std::min(first, times[0]);
            last = std::max(last, times[0]);
            // Then once per interval, on the same phase.
            QVERIFY2(std::abs(times[1] - times[0] - Interval) < 300, n.c_str());
        }
        // 16 hash slots in a 2 s interval: the first scrapes do not fire together.
        qInfo("first scrapes spread over %lld ms of a %lld ms interval", (long long)(last - first), (long long)Interval);
        QVERIFY(last - first > 700);
    }
};

QTEST_GUILESS_MAIN(TestScrapeManager)
#include "tst_scrape_manager.moc"
