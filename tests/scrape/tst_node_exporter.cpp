// Scrapes Debian's prometheus-node-exporter on loopback and checks the series set is plausible.
#include "tests/common/require_peer.h"
#include "core/scrape/scrape_config.h"
#include "core/scrape/scrape_manager.h"
#include "core/scrape/target_discovery.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <set>

using namespace sg;
using namespace sg::scrape;

class TestNodeExporter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scrapesNodeExporter()
    {
        QString binary = QStandardPaths::findExecutable(QStringLiteral("prometheus-node-exporter"));
        if (binary.isEmpty())
            binary = QStandardPaths::findExecutable(QStringLiteral("node_exporter"));
        SG_REQUIRE_PEER(!binary.isEmpty(), "prometheus-node-exporter is not installed (apt-get install prometheus-node-exporter)");
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            port = probe.serverPort();
        }
        QProcess exporter;
        exporter.setProcessChannelMode(QProcess::MergedChannels);
        exporter.start(binary, { QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(port) });
        QVERIFY2(exporter.waitForStarted(5000), qPrintable(exporter.errorString()));
        auto cleanup = qScopeGuard([&] {
            exporter.terminate();
            if (!exporter.waitForFinished(3000))
                exporter.kill();
        });
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QTcpSocket s;
                s.connectToHost(QHostAddress::LocalHost, port);
                return s.waitForConnected(200);
            }(),
            10000);

        const std::string yaml = "scrape_configs:\n  - job_name: node\n    scrape_interval: 5s\n"
                                 "    static_configs: [{targets: ['127.0.0.1:" + std::to_string(port) + "']}]\n";
        auto config = parsePrometheusConfig(yaml, QStringLiteral("inline.yml"));
        QVERIFY(config.ok());
        ScrapeManager::registerMetaTypes();
        auto* manager = new ScrapeManager;
        manager->setInitialOffsetCap(0);
        QThread thread;
        manager->moveToThread(&thread);
        connect(&thread, &QThread::finished, manager, &QObject::deleteLater);
        std::vector<tsdb::AppendBatch> batches;
        std::vector<TargetStatus> statuses;
        QObject context;
        connect(manager, &ScrapeManager::samplesScraped, &context, [&](const tsdb::AppendBatch& b) { batches.push_back(b); });
        connect(manager, &ScrapeManager::targetScraped, &context, [&](const TargetStatus& s) { statuses.push_back(s); });
        thread.start();
        const auto targets = resolveAllTargets(*config).active;
        QMetaObject::invokeMethod(manager, [manager, targets] { manager->setTargets(targets); }, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(!statuses.empty(), 15000);
        QMetaObject::invokeMethod(manager, &ScrapeManager::stop, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();

        QVERIFY2(statuses.front().up, qPrintable(statuses.front().lastError));
        std::set<std::string> names;
        std::size_t cpuSeries = 0;
        for (const auto& s : batches.front().samples) {
            names.insert(std::string(s.labels.metricName()));
            if (s.labels.metricName() == "node_cpu_seconds_total") {
                ++cpuSeries;
                QVERIFY(s.labels.has("cpu") && s.labels.has("mode"));
                QVERIFY(s.v >= 0);
            }
            QCOMPARE(s.labels.get("job"), std::string_view("node"));
        }
        qInfo("node exporter: %zu samples, %zu metric names, %zu node_cpu_seconds_total series",
            batches.front().samples.size(), names.size(), cpuSeries);
        QVERIFY(cpuSeries >= 2); // at least one CPU with idle/user/system...
        for (const char* n : { "node_memory_MemTotal_bytes", "node_load1", "node_filesystem_avail_bytes",
                 "node_network_receive_bytes_total", "node_exporter_build_info", "go_goroutines", "up",
                 "scrape_samples_post_metric_relabeling", "scrape_series_added" })
            QVERIFY2(names.count(n), n);
        QVERIFY(batches.front().samples.size() > 200);
    }
};

QTEST_GUILESS_MAIN(TestNodeExporter)
#include "tst_node_exporter.moc"
