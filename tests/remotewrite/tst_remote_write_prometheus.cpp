// The remote_write round trip against real peers: `sightglass serve` scrapes a real node exporter every second and
// remote-writes to a real Prometheus run with --web.enable-remote-write-receiver. The receiver is stopped for a
// while in the middle (SG_RW_OUTAGE_SECONDS, 25 by default; a longer manual run can use 60) and Sightglass is
// SIGKILLed once meanwhile and restarted. At the end the receiver holds every sample Sightglass holds for the job:
// the same series (with the external label added) and the same timestamps and values.

#include "tests/api/http_helpers.h"
#include "tests/common/require_peer.h"
#include "tests/common/run_sightglass.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <map>

using namespace Qt::StringLiterals;

namespace {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

/// Every sample of `{job="node"}` in (from, to] as series → "t=v t=v ...", the external label `sg` removed.
std::map<QString, QString> samples(QNetworkAccessManager& nam, const QUrl& base, qint64 fromMs, qint64 toMs)
{
    const qint64 seconds = (toMs - fromMs) / 1000;
    const auto r = sg::testing::httpGet(nam, base, u"/api/v1/query"_s,
        QUrlQuery { { u"query"_s, u"{job=\"node\"}[%1s]"_s.arg(seconds) },
            { u"time"_s, QString::number(double(toMs) / 1000, 'f', 3) } });
    std::map<QString, QString> out;
    for (const auto& v : r.json().value(u"data"_s).toObject().value(u"result"_s).toArray()) {
        QJsonObject metric = v.toObject().value(u"metric"_s).toObject();
        metric.remove(u"sg"_s);
        QString points;
        for (const auto& p : v.toObject().value(u"values"_s).toArray())
            points += QString::number(qint64(std::llround(p.toArray()[0].toDouble() * 1000))) + u'='
                // compared as numbers: the two APIs may print a value differently (5.72e-07, 0.000000572)
                + QString::number(p.toArray()[1].toString().toDouble(), 'g', 17) + u' ';
        out[QString::fromUtf8(QJsonDocument(metric).toJson(QJsonDocument::Compact))] = points;
    }
    return out;
}

bool waitReady(QNetworkAccessManager& nam, const QUrl& base, int timeoutMs)
{
    for (int waited = 0; waited < timeoutMs; waited += 200) {
        if (sg::testing::httpGet(nam, base, u"/-/ready"_s).status == 200)
            return true;
        QTest::qWait(200);
    }
    return false;
}

} // namespace

class TestRemoteWritePrometheus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void receiverHoldsEverySample();

private:
    bool startSightglass(QProcess& p, const QStringList& args);
    QNetworkAccessManager m_nam;
};

bool TestRemoteWritePrometheus::startSightglass(QProcess& p, const QStringList& args)
{
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(sg::testing::sightglassBinary(), args);
    for (int i = 0; i < 100; ++i) {
        if (p.waitForReadyRead(200) && p.readAll().contains("API listening"))
            return true;
        if (p.state() == QProcess::NotRunning)
            return false;
    }
    return false;
}

void TestRemoteWritePrometheus::receiverHoldsEverySample()
{
    const QString prometheus = QStandardPaths::findExecutable(u"prometheus"_s);
    SG_REQUIRE_PEER(!prometheus.isEmpty(), "prometheus not installed (Debian package `prometheus`)");
    const QString exporter = QStandardPaths::findExecutable(u"prometheus-node-exporter"_s);
    SG_REQUIRE_PEER(!exporter.isEmpty(), "prometheus-node-exporter not installed");
    const int outageMs = qEnvironmentVariableIntValue("SG_RW_OUTAGE_SECONDS") > 0
        ? qEnvironmentVariableIntValue("SG_RW_OUTAGE_SECONDS") * 1000
        : 25'000;

    QTemporaryDir dir;
    const quint16 exporterPort = freePort();
    const quint16 receiverPort = freePort();
    const quint16 apiPort = freePort();
    const QUrl receiverUrl(u"http://127.0.0.1:%1"_s.arg(receiverPort));
    const QUrl apiUrl(u"http://127.0.0.1:%1"_s.arg(apiPort));

    QProcess nodeExporter;
    nodeExporter.start(exporter, { u"--web.listen-address=127.0.0.1:%1"_s.arg(exporterPort) });
    QVERIFY(nodeExporter.waitForStarted());

    QFile receiverConfig(dir.filePath(u"receiver.yml"_s));
    QVERIFY(receiverConfig.open(QIODevice::WriteOnly));
    receiverConfig.write("global: {}\n");
    receiverConfig.close();
    QProcess receiver;
    const QStringList receiverArgs { u"--config.file="_s + receiverConfig.fileName(),
        u"--storage.tsdb.path="_s + dir.filePath(u"receiver"_s), u"--web.enable-remote-write-receiver"_s,
        u"--web.listen-address=127.0.0.1:%1"_s.arg(receiverPort) };
    receiver.setProcessChannelMode(QProcess::MergedChannels);
    receiver.start(prometheus, receiverArgs);
    QVERIFY(receiver.waitForStarted());
    QVERIFY(waitReady(m_nam, receiverUrl, 30'000));

    QFile config(dir.filePath(u"prometheus.yml"_s));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(u"global:\n  scrape_interval: 1s\n  external_labels: {sg: roundtrip}\n"
                 "scrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['127.0.0.1:%1']\n"
                 "remote_write:\n  - url: %2/api/v1/write\n    name: receiver\n"
                 "    queue_config: {batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 2s}\n"_s
                     .arg(exporterPort)
                     .arg(receiverUrl.toString())
                     .toUtf8());
    config.close();
    const QStringList serveArgs { u"serve"_s, u"--listen"_s, u"127.0.0.1:%1"_s.arg(apiPort), u"--config"_s,
        config.fileName(), u"--data-dir"_s, dir.filePath(u"data"_s), u"--no-demo"_s };
    QProcess sightglass;
    const qint64 from = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(startSightglass(sightglass, serveArgs));

    QTest::qWait(8'000);
    receiver.terminate(); // the receiver goes away for a while
    QVERIFY(receiver.waitForFinished(30'000));
    QTest::qWait(outageMs / 2);
    sightglass.kill(); // SIGKILL while samples wait to be sent
    QVERIFY(sightglass.waitForFinished(10'000));
    QVERIFY(startSightglass(sightglass, serveArgs));
    QTest::qWait(outageMs - outageMs / 2);
    receiver.start(prometheus, receiverArgs);
    QVERIFY(receiver.waitForStarted());
    QVERIFY(waitReady(m_nam, receiverUrl, 60'000));

    // Sightglass catches up; compare a window ending a few seconds back (every batch up to it has been sent).
    std::map<QString, QString> ours;
    std::map<QString, QString> theirs;
    for (int attempt = 0; attempt < 40; ++attempt) {
        QTest::qWait(1'000);
        const qint64 to = QDateTime::currentMSecsSinceEpoch() - 4'000;
        ours = samples(m_nam, apiUrl, from, to);
        theirs = samples(m_nam, receiverUrl, from, to);
        if (!ours.empty() && ours == theirs)
            break;
    }
    const auto metric = [&](const QString& query) {
        const auto r = sg::testing::httpGet(m_nam, apiUrl, u"/api/v1/query"_s, QUrlQuery { { u"query"_s, query } });
        const QJsonArray result = r.json().value(u"data"_s).toObject().value(u"result"_s).toArray();
        return result.isEmpty() ? -1.0 : result[0].toObject().value(u"value"_s).toArray()[1].toString().toDouble();
    };
    const double sent = metric(u"max(max_over_time(prometheus_remote_storage_samples_total{remote_name=\"receiver\"}[5m]))"_s);
    const double retried = metric(u"max(max_over_time(prometheus_remote_storage_samples_retried_total{remote_name=\"receiver\"}[5m]))"_s);
    sightglass.terminate();
    sightglass.waitForFinished(30'000);
    receiver.terminate();
    receiver.waitForFinished(30'000);
    nodeExporter.terminate();
    nodeExporter.waitForFinished(10'000);

    QVERIFY2(ours.size() > 50, qPrintable(u"Sightglass holds %1 node series"_s.arg(ours.size())));
    int missing = 0;
    int differ = 0;
    QString example;
    std::size_t points = 0;
    for (const auto& [series, values] : ours) {
        points += std::size_t(values.count(u' '));
        const auto it = theirs.find(series);
        if (it == theirs.end()) {
            ++missing;
            example = series;
        } else if (it->second != values) {
            ++differ;
            example = series + u"\n ours:   "_s + values.left(400) + u"\n theirs: "_s + it->second.left(400);
        }
    }
    qInfo("%zu node series, %zu samples compared; receiver has %zu series; sent %.0f, retried %.0f", ours.size(), points,
        theirs.size(), sent, retried);
    QVERIFY2(missing == 0 && differ == 0,
        qPrintable(u"%1 series missing and %2 differing at the receiver, e.g. %3"_s.arg(missing).arg(differ).arg(example)));
    QCOMPARE(theirs.size(), ours.size());
    QVERIFY2(sent > 0, "prometheus_remote_storage_samples_total is not in Sightglass' own metrics");
    QVERIFY2(retried > 0, "the outage caused no retried samples");
}

QTEST_GUILESS_MAIN(TestRemoteWritePrometheus)
#include "tst_remote_write_prometheus.moc"
