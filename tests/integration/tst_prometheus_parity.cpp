// Scrapes Debian's prometheus-node-exporter and a python3-prometheus-client exporter with Sightglass' ScrapeManager
// and with a real Prometheus server at the same time, then compares the series sets of each job: every label set
// either side scraped must be scraped by the other.
#include "tests/common/require_peer.h"
#include "core/scrape/scrape_config.h"
#include "core/scrape/scrape_manager.h"
#include "core/scrape/target_discovery.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrlQuery>

#include <map>
#include <set>

using namespace sg;
using namespace sg::scrape;

namespace {
const char* PythonExporter = R"(
import sys, time
from prometheus_client import start_http_server, Counter, Histogram, Gauge, Summary, Info, Enum
jobs = Counter('parity_jobs', 'Jobs processed.', ['queue'])
latency = Histogram('parity_latency_seconds', 'Job latency.', buckets=(0.1, 0.5, 1.0))
size = Summary('parity_payload_bytes', 'Payload size.')
temp = Gauge('parity_temperature_celsius', 'Temperature.', ['room'])
info = Info('parity_build', 'Build information.')
state = Enum('parity_state', 'State.', states=['starting', 'running'])
jobs.labels('a "quoted" \\ name').inc(3)
jobs.labels('plain').inc(7)
latency.observe(0.3)
size.observe(512)
temp.labels('kitchen').set(float('+inf'))
temp.labels('hall').set(-1.5e-3)
info.info({'version': '1.2.3', 'branch': 'main'})
state.state('running')
start_http_server(int(sys.argv[1]), addr='127.0.0.1')
print('ready', flush=True)
time.sleep(60)
)";

// Series whose existence depends on timing rather than on parsing or labelling, by metric name with the reason.
// Empty: with both exporters above every series exists from the first scrape on, and the comparison is exact.
const std::map<std::string, const char*> TimeDependentSeries = {};

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

bool accepts(quint16 port)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    return s.waitForConnected(200);
}

using SeriesKey = std::map<std::string, std::string>;

std::string render(const SeriesKey& key)
{
    std::string out = "{";
    for (const auto& [name, value] : key)
        out += name + "=\"" + value + "\",";
    out += "}";
    return out;
}

QByteArray httpGet(QNetworkAccessManager& network, const QUrl& url)
{
    QNetworkReply* reply = network.get(QNetworkRequest(url));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(10'000);
    QByteArray body = reply->error() == QNetworkReply::NoError ? reply->readAll() : QByteArray();
    reply->deleteLater();
    return body;
}

void stopProcess(QProcess& p)
{
    if (p.state() == QProcess::NotRunning)
        return;
    p.terminate();
    if (!p.waitForFinished(5000)) {
        p.kill();
        p.waitForFinished(2000);
    }
}
}

class TestPrometheusParity : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void seriesSetsMatchPrometheus()
    {
        const QString prometheus = QStringLiteral("/usr/bin/prometheus");
        const QString nodeExporter = QStringLiteral("/usr/bin/prometheus-node-exporter");
        SG_REQUIRE_PEER(QFile::exists(prometheus), "prometheus is not installed (./scripts/setup installs the Debian package prometheus)");
        SG_REQUIRE_PEER(QFile::exists(nodeExporter), "prometheus-node-exporter is not installed (./scripts/setup installs it)");
        {
            QProcess probe;
            probe.start(QStringLiteral("/usr/bin/python3"), { QStringLiteral("-c"), QStringLiteral("import prometheus_client") });
            SG_REQUIRE_PEER(!(!probe.waitForFinished(10'000) || probe.exitCode() != 0), "python3-prometheus-client is not installed (./scripts/setup installs it)");
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        const quint16 nodePort = freePort();
        QProcess node;
        node.setProcessChannelMode(QProcess::MergedChannels);
        node.start(nodeExporter, { QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(nodePort) });
        QVERIFY2(node.waitForStarted(5000), qPrintable(node.errorString()));
        auto stopNode = qScopeGuard([&] { stopProcess(node); });

        // The port was free when probed; a test running beside this one may take it first: then the exporter exits
        // at once and it is started again on another port.
        quint16 pythonPort = 0;
        QProcess python;
        bool ready = false;
        for (int attempt = 0; attempt < 3 && !ready; ++attempt) {
            pythonPort = freePort();
            python.start(QStringLiteral("/usr/bin/python3"), { QStringLiteral("-c"), QString::fromUtf8(PythonExporter), QString::number(pythonPort) });
            QVERIFY(python.waitForStarted(5000));
            ready = python.waitForReadyRead(10'000);
            if (!ready)
                stopProcess(python);
        }
        auto stopPython = qScopeGuard([&] { stopProcess(python); });
        QVERIFY2(ready, qPrintable(QString::fromUtf8(python.readAllStandardError())));
        QTRY_VERIFY_WITH_TIMEOUT(accepts(nodePort), 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(accepts(pythonPort), 10'000);

        // One prometheus.yml, read by both.
        const std::string yaml = "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  external_labels: {region: lab}\n"
                                 "scrape_configs:\n"
                                 "  - job_name: node\n    static_configs: [{targets: ['127.0.0.1:"
            + std::to_string(nodePort) + "']}]\n  - job_name: python\n    static_configs: [{targets: ['127.0.0.1:"
            + std::to_string(pythonPort) + "'], labels: {team: core}}]\n";
        const QString configPath = dir.filePath(QStringLiteral("prometheus.yml"));
        {
            QFile f(configPath);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::fromStdString(yaml));
        }

        const qint64 startSeconds = QDateTime::currentSecsSinceEpoch() - 5;
        const quint16 promPort = freePort();
        QProcess prom;
        prom.setProcessChannelMode(QProcess::MergedChannels);
        prom.start(prometheus,
            { QStringLiteral("--config.file=") + configPath,
                QStringLiteral("--storage.tsdb.path=") + dir.filePath(QStringLiteral("prom-data")),
                QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(promPort) });
        QVERIFY2(prom.waitForStarted(5000), qPrintable(prom.errorString()));
        auto stopProm = qScopeGuard([&] { stopProcess(prom); });

        auto config = parsePrometheusConfig(yaml, configPath);
        QVERIFY2(config.ok(), config.ok() ? "" : config.error().message.c_str());
        // Prometheus attaches external_labels only on remote write, federation and alerts, never to stored series;
        // the series comparison below checks that neither side adds `region`.
        QCOMPARE(config->externalLabels.get("region"), std::string_view("lab"));
        ScrapeManager::registerMetaTypes();
        auto* manager = new ScrapeManager;
        manager->setInitialOffsetCap(0);
        QThread thread;
        manager->moveToThread(&thread);
        connect(&thread, &QThread::finished, manager, &QObject::deleteLater);
        std::map<std::string, std::set<SeriesKey>> ours; // by job
        std::map<std::string, int> ourScrapes;
        QObject context;
        connect(manager, &ScrapeManager::samplesScraped, &context, [&](const tsdb::AppendBatch& b) {
            for (const auto& s : b.samples) {
                SeriesKey key;
                for (const auto& l : s.labels)
                    key[l.name] = l.value;
                ours[key["job"]].insert(key);
            }
        });
        connect(manager, &ScrapeManager::targetScraped, &context, [&](const TargetStatus& s) {
            if (s.up)
                ++ourScrapes[s.job.toStdString()];
        });
        thread.start();
        auto stopThread = qScopeGuard([&] {
            QMetaObject::invokeMethod(manager, &ScrapeManager::stop, Qt::BlockingQueuedConnection);
            thread.quit();
            thread.wait();
        });
        const auto targets = resolveAllTargets(*config).active;
        QCOMPARE(targets.size(), std::size_t(2));
        QMetaObject::invokeMethod(manager, [manager, targets] { manager->setTargets(targets); }, Qt::QueuedConnection);

        // Both sides scrape each target at least three times.
        QNetworkAccessManager network;
        auto promUpCount = [&](const char* job) {
            QUrl url(QStringLiteral("http://127.0.0.1:%1/api/v1/query").arg(promPort));
            QUrlQuery q;
            q.addQueryItem(QStringLiteral("query"), QStringLiteral("count_over_time(up{job=\"%1\"}[1m])").arg(QLatin1String(job)));
            url.setQuery(q);
            const auto doc = QJsonDocument::fromJson(httpGet(network, url));
            const auto result = doc.object().value(QStringLiteral("data")).toObject().value(QStringLiteral("result")).toArray();
            return result.isEmpty() ? 0 : result.at(0).toObject().value(QStringLiteral("value")).toArray().at(1).toString().toInt();
        };
        QTRY_VERIFY_WITH_TIMEOUT(promUpCount("node") >= 3 && promUpCount("python") >= 3, 20'000);
        QTRY_VERIFY_WITH_TIMEOUT(ourScrapes["node"] >= 3 && ourScrapes["python"] >= 3, 10'000);
        stopThread.dismiss();
        QMetaObject::invokeMethod(manager, &ScrapeManager::stop, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();

        for (const char* job : { "node", "python" }) {
            QUrl url(QStringLiteral("http://127.0.0.1:%1/api/v1/series").arg(promPort));
            QUrlQuery q;
            q.addQueryItem(QStringLiteral("match[]"), QStringLiteral("{job=\"%1\"}").arg(QLatin1String(job)));
            q.addQueryItem(QStringLiteral("start"), QString::number(startSeconds));
            q.addQueryItem(QStringLiteral("end"), QString::number(QDateTime::currentSecsSinceEpoch() + 5));
            url.setQuery(q);
            const auto doc = QJsonDocument::fromJson(httpGet(network, url));
            QCOMPARE(doc.object().value(QStringLiteral("status")).toString(), QStringLiteral("success"));
            std::set<SeriesKey> theirs;
            for (const auto& v : doc.object().value(QStringLiteral("data")).toArray()) {
                SeriesKey key;
                const auto obj = v.toObject();
                for (auto it = obj.begin(); it != obj.end(); ++it)
                    key[it.key().toStdString()] = it.value().toString().toStdString();
                theirs.insert(key);
            }
            const auto& mine = ours[job];
            int onlyOurs = 0, onlyTheirs = 0;
            for (const auto& k : mine)
                QVERIFY2(!k.count("region"), render(k).c_str()); // external_labels are not stored
            for (const auto& k : mine)
                if (!theirs.count(k) && !TimeDependentSeries.count(k.at("__name__"))) {
                    qWarning("%s: only Sightglass: %s", job, render(k).c_str());
                    ++onlyOurs;
                }
            for (const auto& k : theirs)
                if (!mine.count(k) && !TimeDependentSeries.count(k.at("__name__"))) {
                    qWarning("%s: only Prometheus: %s", job, render(k).c_str());
                    ++onlyTheirs;
                }
            qInfo("%s: Sightglass %zu series, Prometheus %zu series, %d only in Sightglass, %d only in Prometheus", job,
                mine.size(), theirs.size(), onlyOurs, onlyTheirs);
            QVERIFY(mine.size() > (std::string(job) == "node" ? 200u : 20u));
            QCOMPARE(onlyOurs, 0);
            QCOMPARE(onlyTheirs, 0);
        }
    }
};

QTEST_GUILESS_MAIN(TestPrometheusParity)
#include "tst_prometheus_parity.moc"
