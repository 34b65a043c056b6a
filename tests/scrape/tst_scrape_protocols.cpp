// Scrapes over real HTTP on 127.0.0.1: content negotiation, gzip, auth header, metric relabeling, honor_labels,
// synthetic series and the limits (sample, label, body size, target).
#include "scrape_harness.h"

#include "core/scrape/relabel.h"

#include <QElapsedTimer>
#include <QTest>

using namespace sg;
using namespace sg::scrape;
using namespace sg::scrape::testing;


class TestScrapeProtocols : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { ScrapeManager::registerMetaTypes(); }

    void openMetricsGzipAndAuth()
    {
        RawServer server;
        server.headers = "Content-Type: application/openmetrics-text; version=1.0.0; charset=utf-8\r\nContent-Encoding: gzip\r\n";
        server.body = gzip("# TYPE a counter\na_total{k=\"v\"} 3 # {trace_id=\"x\"} 1\n# TYPE g gauge\ng 1.5\n# EOF\n");
        QVERIFY(server.listen());
        Harness h;
        h.setTargets(targetsFor(server.url(), "    bearer_token: s3cret\n"));
        QTRY_VERIFY_WITH_TIMEOUT(!h.statuses.empty(), 5000);
        QVERIFY2(h.statuses.front().up, qPrintable(h.statuses.front().lastError));
        const QByteArray request = server.lastRequest.toLower();
        QVERIFY2(request.contains("accept: application/openmetrics-text;version=1.0.0"), request.constData());
        QVERIFY(request.contains("accept-encoding: gzip"));
        QVERIFY(request.contains("authorization: bearer s3cret"));
        const auto& batch = h.batches.front();
        const auto* a = findSample(batch, "a_total");
        QVERIFY(a);
        QCOMPARE(a->v, 3.0);
        QCOMPARE(a->labels.get("job"), std::string_view("t"));
        QCOMPARE(findSample(batch, "g")->v, 1.5);
        QCOMPARE(findSample(batch, "scrape_samples_scraped")->v, 2.0);
        QCOMPARE(findSample(batch, "scrape_series_added")->v, 2.0);
        QCOMPARE(findSample(batch, "scrape_samples_post_metric_relabeling")->v, 2.0);
        // the next scrape adds no series
        QTRY_VERIFY_WITH_TIMEOUT(h.batches.size() >= 2, 5000);
        QCOMPARE(findSample(h.batches[1], "scrape_series_added")->v, 0.0);
    }

    void metricRelabelAndHonorLabels()
    {
        RawServer server;
        server.body = "keep_me{job=\"inner\"} 1\ndrop_me 2\nrenamed{x=\"a\"} 3\n";
        QVERIFY(server.listen());
        Harness h;
        h.setTargets(targetsFor(server.url(),
            "    honor_labels: true\n"
            "    metric_relabel_configs:\n"
            "      - source_labels: [__name__]\n        regex: drop_.*\n        action: drop\n"
            "      - source_labels: [x]\n        target_label: y\n        replacement: from_$1\n"));
        QTRY_VERIFY_WITH_TIMEOUT(!h.batches.empty(), 5000);
        const auto& batch = h.batches.front();
        QVERIFY(!findSample(batch, "drop_me"));
        QCOMPARE(findSample(batch, "keep_me")->labels.get("job"), std::string_view("inner")); // honored
        QCOMPARE(findSample(batch, "renamed")->labels.get("y"), std::string_view("from_a"));
        QCOMPARE(findSample(batch, "scrape_samples_scraped")->v, 3.0);
        QCOMPARE(findSample(batch, "scrape_samples_post_metric_relabeling")->v, 2.0);
        QCOMPARE(h.statuses.front().samplesPostMetricRelabeling, std::size_t(2));
        QCOMPARE(h.statuses.front().discoveredLabels.get("__address__"),
            std::string_view(QStringLiteral("127.0.0.1:%1").arg(server.url().port()).toStdString()));
        // The next scrape reuses the last one's label sets (the scrape cache): the same series, the same labels.
        const tsdb::AppendBatch first = batch; // h.batches grows while waiting
        QTRY_VERIFY_WITH_TIMEOUT(h.batches.size() >= 2, 5000);
        const tsdb::AppendBatch again = h.batches[1];
        QVERIFY(!findSample(again, "drop_me"));
        QCOMPARE(findSample(again, "keep_me")->labels, findSample(first, "keep_me")->labels);
        QCOMPARE(findSample(again, "renamed")->labels.get("y"), std::string_view("from_a"));
        QCOMPARE(findSample(again, "renamed")->labels, findSample(first, "renamed")->labels);
        QCOMPARE(again.samples.size(), std::size_t(2 + 5));
        QCOMPARE(findSample(again, "scrape_series_added")->v, 0.0);
    }

    void limits_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("reason");
        QByteArray many;
        for (int i = 0; i < 500; ++i)
            many += "m{i=\"" + QByteArray::number(i) + "\"} 1\n";
        QTest::addRow("sample_limit") << many << "    sample_limit: 100\n" << "sample_limit exceeded (limit: 100)";
        QTest::addRow("label_limit") << QByteArray("m{a=\"1\",b=\"2\",c=\"3\"} 1\n") << "    label_limit: 3\n"
                                     << "label_limit exceeded (metric: m, number of labels: 6, limit: 3)";
        QTest::addRow("label_name_length_limit") << QByteArray("m{a_long_label_name=\"1\"} 1\n")
                                                 << "    label_name_length_limit: 10\n" << "label_name_length_limit exceeded";
        QTest::addRow("label_value_length_limit") << QByteArray("m{a=\"0123456789abcdef\"} 1\n")
                                                  << "    label_value_length_limit: 8\n" << "label_value_length_limit exceeded";
        QTest::addRow("body_size_limit") << many << "    body_size_limit: 1KB\n" << "body size limit exceeded";
        QTest::addRow("bad-utf8") << QByteArray("m{a=\"\xff\"} 1\n") << "" << "invalid UTF-8";
    }
    void limits()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, config);
        QFETCH(QString, reason);
        RawServer server;
        server.body = body;
        QVERIFY(server.listen());
        Harness h;
        h.setTargets(targetsFor(server.url(), config.toStdString()));
        QTRY_VERIFY_WITH_TIMEOUT(!h.statuses.empty(), 5000);
        const TargetStatus& s = h.statuses.front();
        QVERIFY(!s.up);
        QVERIFY2(s.lastError.contains(reason), qPrintable(s.lastError));
        // the whole scrape fails: only the synthetic series are stored
        const auto& batch = h.batches.front();
        QCOMPARE(batch.samples.size(), std::size_t(5));
        QCOMPARE(findSample(batch, "up")->v, 0.0);
    }

    void hugeBodyIsCutOffWithBoundedMemory()
    {
        RawServer server;
        server.streamEndless();
        QVERIFY(server.listen());
        const qint64 before = rssKiB();
        Harness h;
        h.setTargets(targetsFor(server.url(), "    body_size_limit: 4MiB\n"));
        QTRY_VERIFY_WITH_TIMEOUT(!h.statuses.empty(), 10000);
        const TargetStatus& s = h.statuses.front();
        QVERIFY(!s.up);
        QVERIFY2(s.lastError.contains(QStringLiteral("body size limit exceeded")), qPrintable(s.lastError));
        QVERIFY(server.streamed < (256LL << 20)); // cut off long before the server would stop (kernel buffers hold the rest)
        const qint64 grown = rssKiB() - before;
        qInfo("streamed %lld bytes before the cut; RSS grew by %lld KiB", server.streamed, grown);
        QVERIFY2(grown < 64 * 1024, qPrintable(QString::number(grown)));
    }

    void millionSeriesGzipIsCutOff()
    {
        QByteArray body;
        body.reserve(24 << 20);
        for (int i = 0; i < 1'000'000; ++i)
            body += "series_" + QByteArray::number(i) + "{a=\"b\"} 1\n";
        RawServer server;
        server.headers = "Content-Encoding: gzip\r\n";
        server.body = gzip(body);
        body.clear();
        QVERIFY(server.listen());
        Harness h;
        h.setTargets(targetsFor(server.url(), "    body_size_limit: 8MiB\n    sample_limit: 10000\n"));
        QTRY_VERIFY_WITH_TIMEOUT(!h.statuses.empty(), 10000);
        const TargetStatus& s = h.statuses.front();
        QVERIFY(!s.up);
        QVERIFY2(s.lastError.contains(QStringLiteral("body size limit exceeded")), qPrintable(s.lastError));
    }

    void slowTargetDoesNotDelayOthers()
    {
        QTcpServer silent; // accepts and never answers
        QList<QTcpSocket*> held;
        connect(&silent, &QTcpServer::newConnection, this, [&] {
            while (auto* s = silent.nextPendingConnection())
                held.push_back(s);
        });
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        RawServer fast;
        fast.body = "ok 1\n";
        QVERIFY(fast.listen());
        TargetConfig slowTarget;
        slowTarget.job = QStringLiteral("slow");
        slowTarget.url = QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(silent.serverPort()));
        slowTarget.interval = 1000;
        slowTarget.timeout = 900;
        TargetConfig fastTarget;
        fastTarget.job = QStringLiteral("fast");
        fastTarget.url = fast.url();
        fastTarget.interval = 100;
        fastTarget.timeout = 100;
        Harness h;
        QElapsedTimer timer;
        timer.start();
        h.setTargets({ slowTarget, fastTarget });
        QTRY_VERIFY_WITH_TIMEOUT(std::count_if(h.statuses.begin(), h.statuses.end(), [](const TargetStatus& s) { return s.job == QStringLiteral("slow"); }) >= 1, 5000);
        const auto fastCount = std::count_if(h.statuses.begin(), h.statuses.end(), [](const TargetStatus& s) { return s.job == QStringLiteral("fast") && s.up; });
        qInfo("%lld fast scrapes while the slow one timed out after %lld ms", qlonglong(fastCount), timer.elapsed());
        QVERIFY(fastCount >= 5);
        qDeleteAll(held);
    }

    void targetLimitDisablesTheJob()
    {
        const std::string yaml = "scrape_configs:\n  - job_name: t\n    target_limit: 1\n"
                                 "    static_configs:\n      - targets: ['127.0.0.1:1', '127.0.0.1:2']\n";
        auto config = parsePrometheusConfig(yaml, QStringLiteral("inline.yml"));
        QVERIFY(config.ok());
        auto resolved = resolveAllTargets(*config);
        QCOMPARE(resolved.active.size(), std::size_t(2));
        Harness h;
        h.setTargets(resolved.active);
        QTRY_VERIFY_WITH_TIMEOUT(h.statuses.size() >= 2, 5000);
        for (const auto& s : h.statuses) {
            QVERIFY(!s.up);
            QCOMPARE(s.lastError, QStringLiteral("target_limit exceeded (number of targets: 2, limit: 1)"));
        }
    }
};

QTEST_GUILESS_MAIN(TestScrapeProtocols)
#include "tst_scrape_protocols.moc"
