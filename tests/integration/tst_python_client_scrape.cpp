// Scrapes a real exporter written with the official Python client (Debian's python3-prometheus-client),
// configured through a prometheus.yml, and checks the samples through PromQL.
#include "tests/common/require_peer.h"
#include "core/scrape/scrape_manager.h"
#include "core/services/workbench.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace sg;
using namespace sg::services;

namespace {
const char* ExporterScript = R"(
import sys, time
from prometheus_client import start_http_server, Counter, Histogram, Gauge, Summary
jobs = Counter('demo_jobs', 'Jobs processed.', ['queue'])
latency = Histogram('demo_latency_seconds', 'Job latency.', buckets=(0.1, 0.5, 1.0))
size = Summary('demo_payload_bytes', 'Payload size.')
temp = Gauge('demo_temperature_celsius', 'Temperature.', ['room'])
jobs.labels('a "quoted" \\ name').inc(3)
jobs.labels('plain').inc(7)
for v in (0.05, 0.3, 0.3, 2.0):
    latency.observe(v)
size.observe(512)
temp.labels('kitchen').set(float('+inf'))
temp.labels('hall').set(-1.5e-3)
start_http_server(int(sys.argv[1]), addr='127.0.0.1')
print('ready', flush=True)
time.sleep(120)
)";

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

std::optional<double> instant(QueryClient* q, const QString& query)
{
    auto r = q->evalPromQL(query.toStdString(), nowMs(), nowMs(), 0);
    if (!r.ok() || r->value.vector.size() != 1)
        return std::nullopt;
    return r->value.vector[0].v;
}
}

class TestPythonClientScrape : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QProcess probe;
        probe.start(QStringLiteral("/usr/bin/python3"), { QStringLiteral("-c"), QStringLiteral("import prometheus_client") });
        SG_REQUIRE_PEER(!(!probe.waitForFinished(10'000) || probe.exitCode() != 0), "python3-prometheus-client is not installed (./scripts/test installs it)");
        QVERIFY(m_dir.isValid());
        m_port = freePort();
        m_exporter.setProgram(QStringLiteral("/usr/bin/python3"));
        m_exporter.setArguments({ QStringLiteral("-c"), QString::fromUtf8(ExporterScript), QString::number(m_port) });
        m_exporter.start();
        QVERIFY(m_exporter.waitForReadyRead(10'000));
        QVERIFY(m_exporter.readAllStandardOutput().contains("ready"));

        const QString config = m_dir.filePath(QStringLiteral("prometheus.yml"));
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: python\n"
                               "    static_configs:\n      - targets: ['127.0.0.1:%1']\n        labels:\n"
                               "          team: core\n")
                    .arg(m_port)
                    .toUtf8());
        f.close();
        WorkbenchOptions options;
        options.demo = false;
        options.configFile = config;
        options.dataDir = m_dir.filePath(QStringLiteral("data"));
        m_workbench = std::make_unique<Workbench>(options);
        auto error = m_workbench->start();
        QVERIFY2(!error, error ? error->message.c_str() : "");
    }

    void cleanupTestCase()
    {
        m_workbench.reset();
        m_exporter.kill();
        m_exporter.waitForFinished();
    }

    void targetIsUpWithItsLabels()
    {
        auto* q = m_workbench->queryClient();
        QTRY_COMPARE_WITH_TIMEOUT(instant(q, QStringLiteral("up{job=\"python\", team=\"core\"}")).value_or(-1), 1.0, 15'000);
        const auto instanceLabel = QStringLiteral("127.0.0.1:%1").arg(m_port);
        QCOMPARE(instant(q, QStringLiteral("count(scrape_samples_scraped{instance=\"%1\"} > 10)").arg(instanceLabel)).value_or(0), 1.0);
    }

    void samplesMatchWhatTheClientExposes_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<double>("expected");
        QTest::addRow("escaped-label") << "demo_jobs_total{queue=\"a \\\"quoted\\\" \\\\ name\"}" << 3.0;
        QTest::addRow("counter") << "demo_jobs_total{queue=\"plain\"}" << 7.0;
        QTest::addRow("created-gauge") << "count(demo_jobs_created > 1e9)" << 2.0;
        QTest::addRow("bucket") << "demo_latency_seconds_bucket{le=\"0.5\"}" << 3.0;
        QTest::addRow("inf-bucket") << "demo_latency_seconds_bucket{le=\"+Inf\"}" << 4.0;
        QTest::addRow("hist-sum") << "demo_latency_seconds_sum" << 2.65;
        QTest::addRow("summary-count") << "demo_payload_bytes_count" << 1.0;
        QTest::addRow("neg-exponent") << "demo_temperature_celsius{room=\"hall\"} * 1000" << -1.5;
        QTest::addRow("plus-inf") << "demo_temperature_celsius{room=\"kitchen\"} > 1e308" << qInf();
        QTest::addRow("quantile") << "histogram_quantile(0.5, demo_latency_seconds_bucket)" << 0.3;
    }
    void samplesMatchWhatTheClientExposes()
    {
        QFETCH(QString, query);
        QFETCH(double, expected);
        auto* q = m_workbench->queryClient();
        QTRY_VERIFY_WITH_TIMEOUT(instant(q, QStringLiteral("up{job=\"python\"}")).value_or(0) == 1.0, 15'000);
        auto v = instant(q, query);
        QVERIFY2(v.has_value(), qPrintable(query));
        if (std::isinf(expected))
            QCOMPARE(*v, expected);
        else
            QVERIFY2(std::abs(*v - expected) < 1e-9, qPrintable(QString::number(*v)));
    }

    void statusShowsTheTarget()
    {
        const auto statuses = m_workbench->scrapeManager()->statuses();
        auto it = std::find_if(statuses.begin(), statuses.end(), [](const auto& s) { return s.job == QStringLiteral("python"); });
        QVERIFY(it != statuses.end());
        QVERIFY(it->up);
        QVERIFY(it->lastError.isEmpty());
        QVERIFY(it->samplesScraped > 10);
    }

private:
    QTemporaryDir m_dir;
    QProcess m_exporter;
    quint16 m_port = 0;
    std::unique_ptr<Workbench> m_workbench;
};

QTEST_GUILESS_MAIN(TestPythonClientScrape)
#include "tst_python_client_scrape.moc"
