// The label bridge across two remote datasources: a `sightglass serve` holding the fleet's metrics (imported from
// OpenMetrics) as a remote Prometheus, another holding its logs (pushed over Loki's API) as a remote Loki. The
// bridge inferred between them, and the stream counts, equal those of the same fleet in the embedded stores.
#include "core/correlation/label_mapping.h"
#include "core/correlation/store_bridge.h"
#include "core/remote/datasource_config.h"
#include "core/logstore/memory_log_store.h"
#include "core/services/query_client.h"
#include "core/tsdb/memory_store.h"
#include "fleet.h"

#include "tests/api/http_helpers.h"
#include "tests/common/run_sightglass.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace sg;
using namespace sg::correlation;
using namespace Qt::StringLiterals;

class TestRemoteBridge : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_t0 = (QDateTime::currentMSecsSinceEpoch() / 1000 - 600) * 1000;
        // the metrics: one sample per series, imported into the first server's data dir
        QFile om(m_dir.filePath(u"fleet.om"_s));
        QVERIFY(om.open(QIODevice::WriteOnly));
        om.write("# TYPE up gauge\n");
        for (const Labels& s : m_fleet.metricSeries) {
            QByteArray line = "up{";
            bool first = true;
            for (const Label& l : s) {
                if (l.name == "__name__")
                    continue;
                line += (first ? "" : ",") + QByteArray::fromStdString(std::string(l.name)) + "=\""
                    + QByteArray::fromStdString(std::string(l.value)) + "\"";
                first = false;
            }
            om.write(line + "} 1 " + QByteArray::number(m_t0 / 1000) + "\n");
        }
        om.write("# EOF\n");
        om.close();
        const auto imported = sg::testing::runSightglass(
            { u"import"_s, u"openmetrics"_s, om.fileName(), u"--data-dir"_s, m_dir.filePath(u"metrics-server"_s) });
        QVERIFY2(imported.exitCode == 0, imported.dump().constData());

        m_metricsUrl = start(m_metricsServer, u"metrics-server"_s);
        m_logsUrl = start(m_logsServer, u"logs-server"_s);
        QVERIFY(!m_metricsUrl.isEmpty() && !m_logsUrl.isEmpty());

        // the logs: one line per stream, pushed to the second server
        QJsonArray streams;
        for (const Labels& s : m_fleet.logStreams) {
            QJsonObject labels;
            for (const Label& l : s)
                labels.insert(QString::fromStdString(std::string(l.name)), QString::fromStdString(std::string(l.value)));
            streams.append(QJsonObject { { u"stream"_s, labels },
                { u"values"_s, QJsonArray { QJsonArray { QString::number(m_t0 * 1'000'000), u"line"_s } } } });
        }
        QNetworkAccessManager nam;
        const auto pushed = sg::testing::httpPost(nam, QUrl(m_logsUrl), u"/loki/api/v1/push"_s,
            QJsonDocument(QJsonObject { { u"streams"_s, streams } }).toJson(), "application/json");
        QVERIFY2(pushed.status == 204, pushed.body.constData());

        // empty embedded stores beside the two remotes
        m_client = std::make_unique<services::QueryClient>(
            std::make_shared<tsdb::MemoryStore>(365LL * 24 * 3600 * 1000), std::make_shared<logs::MemoryLogStore>());
        remote::RemoteDatasource prom;
        prom.name = prom.uid = u"team-prom"_s;
        prom.type = remote::RemoteType::Prometheus;
        prom.url = m_metricsUrl;
        remote::RemoteDatasource loki;
        loki.name = loki.uid = u"team-logs"_s;
        loki.type = remote::RemoteType::Loki;
        loki.url = m_logsUrl;
        m_client->setRemoteDatasources({ prom, loki });
    }

    void cleanupTestCase()
    {
        for (QProcess* p : { &m_metricsServer, &m_logsServer }) {
            p->terminate();
            p->waitForFinished(10'000);
        }
    }

    void infersAcrossTwoRemotes()
    {
        const auto bridge = inferFromStores(*m_client, m_t0 - 60'000, m_t0 + 60'000, {}, u"team-prom"_s, u"team-logs"_s);
        LabelMapping mapping;
        mapping.setInferred(bridge);
        QCOMPARE(mapping.target("instance"), (LogLabelTarget { "host", true }));
        QCOMPARE(mapping.target("job"), (LogLabelTarget { "app", false }));
        QCOMPARE(mapping.target("pod"), (LogLabelTarget { "pod", false }));
        // the embedded stores of this client are empty: nothing is inferred there
        QVERIFY(inferFromStores(*m_client, m_t0 - 60'000, m_t0 + 60'000).empty());

        // the same counts as in the embedded stores (tst_label_bridge): one series, one stream; by job, its hosts
        QCOMPARE(matchingStreams(*m_client, { m_fleet.metricSeries[0] }, mapping, m_t0 - 1000, m_t0 + 1000, u"team-logs"_s),
            std::size_t(1));
        const Labels byJob { { "job", "app-0" } };
        QCOMPARE(matchingStreams(*m_client, { byJob }, mapping, m_t0 - 1000, m_t0 + 1000, u"team-logs"_s), std::size_t(3));
        QCOMPARE(matchingStreams(*m_client, { byJob, m_fleet.metricSeries[1] }, mapping, m_t0 - 1000, m_t0 + 1000,
                     u"team-logs"_s),
            std::size_t(4));
        QCOMPARE(matchingStreams(*m_client, { byJob }, mapping, m_t0 + 60'000, m_t0 + 120'000, u"team-logs"_s), std::size_t(0));
    }

private:
    /// Starts `sightglass serve` on DIR/NAME; its base URL, or empty when it did not answer /-/ready.
    QString start(QProcess& server, const QString& name)
    {
        const quint16 port = sg::testing::freePort();
        server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        server.start(sg::testing::sightglassBinary(), { u"serve"_s, u"--listen"_s, u"127.0.0.1:"_s + QString::number(port),
                                                          u"--no-demo"_s, u"--data-dir"_s, m_dir.filePath(name) });
        const QString url = u"http://127.0.0.1:"_s + QString::number(port);
        QNetworkAccessManager nam;
        for (int i = 0; i < 300; ++i) {
            if (sg::testing::httpGet(nam, QUrl(url), u"/-/ready"_s).status == 200)
                return url;
            QThread::msleep(100);
        }
        return {};
    }

    QTemporaryDir m_dir;
    Fleet m_fleet = generateFleet(6, 2, 3);
    TimestampMs m_t0 = 0;
    QProcess m_metricsServer;
    QProcess m_logsServer;
    QString m_metricsUrl;
    QString m_logsUrl;
    std::unique_ptr<services::QueryClient> m_client;
};

QTEST_GUILESS_MAIN(TestRemoteBridge)
#include "tst_remote_bridge.moc"
