// Prometheus remote write into Sightglass (`POST /api/v1/write`): off unless enabled; what Prometheus' receiver
// refuses with 400 (not snappy, not a WriteRequest, invalid labels, samples the store refuses) and what it stores
// (204, then queryable); and a real Prometheus 2.42 sending its own scrapes, whose samples Sightglass then holds
// exactly (same series, same values).

#include "core/services/query_client.h"
#include "core/services/workbench.h"
#include "http_helpers.h"
#include "remote_write.pb.h"
#include "tests/common/require_peer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <snappy.h>

#include <map>

using namespace Qt::StringLiterals;
using namespace sg;

namespace {

QByteArray snappyOf(const std::string& raw)
{
    std::string out;
    snappy::Compress(raw.data(), raw.size(), &out);
    return QByteArray::fromStdString(out);
}

/// A WriteRequest of one series with `samples` (timestamp ms, value).
QByteArray writeRequest(const std::vector<std::pair<std::string, std::string>>& labels,
    const std::vector<std::pair<qint64, double>>& samples)
{
    prometheus::WriteRequest request;
    auto* series = request.add_timeseries();
    for (const auto& [name, value] : labels) {
        auto* l = series->add_labels();
        l->set_name(name);
        l->set_value(value);
    }
    for (const auto& [ts, v] : samples) {
        auto* s = series->add_samples();
        s->set_timestamp(ts);
        s->set_value(v);
    }
    return snappyOf(request.SerializeAsString());
}

std::unique_ptr<services::Workbench> startWorkbench(const QString& dir, bool receiver, const QString& listen)
{
    services::WorkbenchOptions options;
    options.demo = false;
    options.selfScrapeInterval = 3600'000;
    options.apiListen = listen;
    options.dataDir = dir;
    options.remoteWriteReceiver = receiver;
    auto workbench = std::make_unique<services::Workbench>(options);
    if (workbench->start())
        return nullptr;
    return workbench;
}

} // namespace

class TestRemoteWrite : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase() { m_workbench.reset(); }
    void offUnlessEnabled();
    void storesAndAnswers204();
    void refuses_data();
    void refuses();
    void realPrometheusSends();

private:
    sg::testing::HttpResult post(const QUrl& base, const QByteArray& body)
    {
        return sg::testing::httpPost(m_nam, base, u"/api/v1/write"_s, body, "application/x-protobuf",
            { { "Content-Encoding", "snappy" }, { "X-Prometheus-Remote-Write-Version", "0.1.0" } });
    }

    QTemporaryDir m_dir;
    std::unique_ptr<services::Workbench> m_workbench;
    QNetworkAccessManager m_nam;
    QUrl m_base;
};

void TestRemoteWrite::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_workbench = startWorkbench(m_dir.path(), true, u"127.0.0.1:0"_s);
    QVERIFY(m_workbench);
    m_base = m_workbench->apiUrl();
}

void TestRemoteWrite::offUnlessEnabled()
{
    QTemporaryDir dir;
    auto off = startWorkbench(dir.path(), false, u"127.0.0.1:0"_s);
    QVERIFY(off);
    const auto r = post(off->apiUrl(), writeRequest({ { "__name__", "x" } }, { { 1000, 1 } }));
    QCOMPARE(r.status, 404);
    QVERIFY2(r.body.contains("--web.enable-remote-write-receiver"), r.body.constData());
}

void TestRemoteWrite::storesAndAnswers204()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000;
    const auto r = post(m_base, writeRequest({ { "__name__", "rw_test_total" }, { "job", "sender" }, { "empty", "" } },
                                    { { now - 2000, 1 }, { now - 1000, 2.5 } }));
    QCOMPARE(r.status, 204);
    // Acknowledged means queryable, at once.
    const auto series = m_workbench->queryClient()->metricSeries({ { *Matcher::make(MatchType::Equal, "__name__", "rw_test_total") } },
        now - 60'000, now);
    QCOMPARE(int(series.size()), 1);
    QCOMPARE(series[0].toString(), std::string("rw_test_total{job=\"sender\"}")); // an empty value is no label
    const auto value = m_workbench->queryClient()->evalPromQL("rw_test_total", now, now, 0);
    QVERIFY(value.ok());
    QCOMPARE(value->value.vector.at(0).v, 2.5);
    // The same samples again (a sender's retry) are harmless.
    QCOMPARE(post(m_base, writeRequest({ { "__name__", "rw_test_total" }, { "job", "sender" } }, { { now - 1000, 2.5 } })).status,
        204);
}

void TestRemoteWrite::refuses_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("reason");
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QTest::newRow("not snappy") << QByteArray("\xff\xff\xff\xff\xff plain", 11) << QByteArray("snappy: corrupt input");
    QTest::newRow("not a WriteRequest") << snappyOf("\x0a\xff\x01garbage") << QByteArray("proto: malformed WriteRequest");
    QTest::newRow("no metric name") << writeRequest({ { "job", "a" } }, { { now, 1 } })
                                    << QByteArray("a series without a metric name");
    QTest::newRow("bad label name") << writeRequest({ { "__name__", "x" }, { "1abc", "v" } }, { { now, 1 } })
                                    << QByteArray("invalid label name \"1abc\"");
    QTest::newRow("duplicate label") << writeRequest({ { "__name__", "x" }, { "a", "1" }, { "a", "2" } }, { { now, 1 } })
                                     << QByteArray("duplicate label name \"a\"");
    QTest::newRow("out of order") << writeRequest({ { "__name__", "rw_test_total" }, { "job", "sender" } }, { { now - 3'600'000, 1 } })
                                  << QByteArray("out of order sample");
}

void TestRemoteWrite::refuses()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, reason);
    const auto r = post(m_base, body);
    QCOMPARE(r.status, 400);
    QVERIFY2(r.body.contains(reason), r.body.constData());
}

void TestRemoteWrite::realPrometheusSends()
{
    const QString prometheus = QStandardPaths::findExecutable(u"prometheus"_s);
    SG_REQUIRE_PEER(!prometheus.isEmpty(), "prometheus not installed (Debian package `prometheus`)");
    // Prometheus scrapes itself every second and remote-writes to Sightglass.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 promPort = probe.serverPort();
    probe.close();
    QTemporaryDir promDir;
    QFile config(promDir.filePath(u"prometheus.yml"_s));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(QStringLiteral("global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: prom\n    static_configs:\n"
                                "      - targets: ['127.0.0.1:%1']\nremote_write:\n  - url: %2/api/v1/write\n"
                                "    queue_config:\n      batch_send_deadline: 500ms\n")
                     .arg(promPort)
                     .arg(m_base.toString())
                     .toUtf8());
    config.close();
    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start(prometheus, { u"--config.file="_s + config.fileName(), u"--storage.tsdb.path="_s + promDir.filePath(u"data"_s),
                                 u"--web.listen-address=127.0.0.1:"_s + QString::number(promPort) });
    QVERIFY(server.waitForStarted());
    const QUrl promBase(u"http://127.0.0.1:"_s + QString::number(promPort));
    // Wait until Prometheus has sent some seconds of scrapes.
    double sent = 0;
    for (int i = 0; i < 60 && sent < 3000; ++i) {
        QTest::qWait(500);
        const auto r = sg::testing::httpGet(m_nam, promBase, u"/api/v1/query"_s,
            QUrlQuery { { u"query"_s, u"sum(prometheus_remote_storage_samples_total)"_s } });
        const QJsonArray result = r.json().value(u"data"_s).toObject().value(u"result"_s).toArray();
        if (!result.isEmpty())
            sent = result[0].toObject().value(u"value"_s).toArray()[1].toString().toDouble();
    }
    QVERIFY2(sent >= 3000, qPrintable(u"Prometheus sent %1 samples"_s.arg(sent)));
    // At a moment a few seconds back (everything up to it has been sent), both hold the same series and values.
    QTest::qWait(1500);
    const QString at = QString::number(double(QDateTime::currentMSecsSinceEpoch() - 3000) / 1000, 'f', 3);
    const auto answer = [&](const QUrl& base) {
        const auto r = sg::testing::httpGet(m_nam, base, u"/api/v1/query"_s,
            QUrlQuery { { u"query"_s, u"{job=\"prom\"}"_s }, { u"time"_s, at } });
        std::map<QString, QString> out;
        for (const auto& v : r.json().value(u"data"_s).toObject().value(u"result"_s).toArray()) {
            const QJsonObject o = v.toObject();
            out[QString::fromUtf8(QJsonDocument(o.value(u"metric"_s).toObject()).toJson(QJsonDocument::Compact))]
                = o.value(u"value"_s).toArray()[1].toString();
        }
        return out;
    };
    const auto theirs = answer(promBase);
    const auto ours = answer(m_base);
    server.terminate();
    server.waitForFinished(10'000);
    QVERIFY(theirs.size() > 100);
    QCOMPARE(ours.size(), theirs.size());
    int differ = 0;
    for (const auto& [series, value] : theirs) {
        const auto it = ours.find(series);
        if (it == ours.end() || it->second != value) {
            if (++differ <= 5)
                qWarning("%s: Prometheus %s, Sightglass %s", qPrintable(series), qPrintable(value),
                    it == ours.end() ? "absent" : qPrintable(it->second));
        }
    }
    QCOMPARE(differ, 0);
}

QTEST_GUILESS_MAIN(TestRemoteWrite)
#include "tst_remote_write.moc"
