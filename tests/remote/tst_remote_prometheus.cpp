// A real Prometheus (Debian's 2.42, scraping itself every second) as a remote datasource: a range query through
// the QueryClient equals Prometheus' own JSON answer series by series and value by value; label names, series and
// metadata are routed to it; `sightglass datasource list|test` and `query run --datasource` work against it, and
// `datasource test` fails with the reason against a dead URL.
#include "core/services/query_client.h"
#include "tests/api/http_helpers.h"
#include "tests/common/require_peer.h"
#include "tests/common/run_sightglass.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace Qt::StringLiterals;
using namespace sg;

class TestRemotePrometheus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void rangeQueryEqualsPrometheusJson();
    void instantQueryAndErrors();
    void labelsSeriesAndMetadataRouted();
    void cliListTestAndQuery();

private:
    QJsonObject prometheusJson(const QString& path, const QUrlQuery& query)
    {
        return sg::testing::httpGet(m_nam, m_base, path, query).json();
    }

    QTemporaryDir m_dir;
    QProcess m_prometheus;
    QUrl m_base;
    QString m_datasources;
    QNetworkAccessManager m_nam;
    std::unique_ptr<services::QueryClient> m_client;
};

void TestRemotePrometheus::initTestCase()
{
    const QString prometheus = QStandardPaths::findExecutable(u"prometheus"_s);
    SG_REQUIRE_PEER(!prometheus.isEmpty(), "prometheus not installed (Debian package `prometheus`)");
    QVERIFY(m_dir.isValid());
    const quint16 port = sg::testing::freePort();
    QFile config(m_dir.filePath(u"prometheus.yml"_s));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(QStringLiteral("global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: prom\n    static_configs:\n"
                                "      - targets: ['127.0.0.1:%1']\n")
                     .arg(port)
                     .toUtf8());
    config.close();
    m_prometheus.setProcessChannelMode(QProcess::MergedChannels);
    m_prometheus.start(prometheus, { u"--config.file="_s + config.fileName(), u"--storage.tsdb.path="_s + m_dir.filePath(u"data"_s),
                                       u"--web.listen-address=127.0.0.1:"_s + QString::number(port) });
    QVERIFY(m_prometheus.waitForStarted());
    m_base = QUrl(u"http://127.0.0.1:"_s + QString::number(port));
    // Ready once a few seconds of self-scrapes are stored.
    int samples = 0;
    for (int i = 0; i < 60 && samples < 6; ++i) {
        QTest::qWait(500);
        const QJsonArray r = prometheusJson(u"/api/v1/query"_s, QUrlQuery { { u"query"_s, u"count_over_time(up[1m])"_s } })
                                 .value(u"data"_s).toObject().value(u"result"_s).toArray();
        if (!r.isEmpty())
            samples = r[0].toObject().value(u"value"_s).toArray()[1].toString().toInt();
    }
    QVERIFY2(samples >= 6, m_prometheus.readAll().constData());

    QFile ds(m_dir.filePath(u"datasources.yml"_s));
    QVERIFY(ds.open(QIODevice::WriteOnly));
    ds.write(QStringLiteral("datasources:\n  - name: team-prom\n    uid: team\n    type: prometheus\n    url: %1\n"
                            "    basic_auth: {username: alice, password: never-printed}\n"
                            "  - name: dead\n    type: prometheus\n    url: http://127.0.0.1:%2\n    timeout: 5s\n")
                 .arg(m_base.toString())
                 .arg(sg::testing::freePort())
                 .toUtf8());
    ds.close();
    m_datasources = ds.fileName();

    m_client = std::make_unique<services::QueryClient>(nullptr, nullptr);
    remote::RemoteDatasource team;
    team.name = u"team-prom"_s;
    team.uid = u"team"_s;
    team.url = m_base.toString();
    remote::RemoteDatasource get = team; // queries as GET: the query string carries the expression
    get.name = get.uid = u"team-get"_s;
    get.usePost = false;
    m_client->setRemoteDatasources({ team, get });
}

void TestRemotePrometheus::cleanupTestCase()
{
    m_client.reset();
    m_prometheus.terminate();
    m_prometheus.waitForFinished(10'000);
}

void TestRemotePrometheus::rangeQueryEqualsPrometheusJson()
{
    // A range a few seconds back, so nothing in it is still being appended.
    const qint64 end = (QDateTime::currentMSecsSinceEpoch() - 3000) / 1000 * 1000;
    const qint64 start = end - 10'000;
    services::QueryRequest request;
    request.datasourceUid = u"team"_s;
    request.expr = u"{job=\"prom\"}"_s;
    request.legendFormat = u"{{__name__}} on {{instance}}"_s;
    request.fromMs = start;
    request.toMs = end;
    request.stepMs = 1000;
    services::QueryResponse response;
    bool delivered = false;
    m_client->submit(request, this, [&](const services::QueryResponse& r) {
        response = r;
        delivered = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(delivered, 20'000);
    QVERIFY2(!response.error, response.error ? response.error->message.c_str() : "");

    const QJsonObject json = prometheusJson(u"/api/v1/query_range"_s,
        QUrlQuery { { u"query"_s, request.expr }, { u"start"_s, QString::number(start / 1000) },
            { u"end"_s, QString::number(end / 1000) }, { u"step"_s, u"1"_s } });
    const QJsonArray result = json.value(u"data"_s).toObject().value(u"result"_s).toArray();
    QVERIFY(result.size() > 50); // Prometheus' own metrics
    QCOMPARE(qsizetype(response.series.size()), result.size());
    // Prometheus' answer by label set
    std::map<query::LabelPairs, QJsonArray> expected;
    for (const QJsonValue& s : result) {
        query::LabelPairs labels;
        const QJsonObject metric = s.toObject().value(u"metric"_s).toObject();
        for (auto it = metric.begin(); it != metric.end(); ++it)
            labels.emplace_back(it.key(), it.value().toString());
        std::sort(labels.begin(), labels.end());
        expected[labels] = s.toObject().value(u"values"_s).toArray();
    }
    std::size_t points = 0;
    for (const query::SeriesFrame& f : response.series) {
        const auto it = expected.find(f.labels);
        QVERIFY2(it != expected.end(), qPrintable(f.name));
        QCOMPARE(f.name, f.label(u"__name__"_s) + u" on "_s + f.label(u"instance"_s));
        QCOMPARE(f.refId, u"A"_s);
        const QJsonArray& values = it->second;
        QCOMPARE(qsizetype(f.values.size()), values.size());
        for (qsizetype i = 0; i < values.size(); ++i) {
            const QJsonArray p = values[i].toArray();
            QCOMPARE(f.timesMs[i], qint64(p[0].toDouble() * 1000));
            const double v = p[1].toString().toDouble();
            if (std::isnan(v))
                QVERIFY(std::isnan(f.values[i]));
            else
                QCOMPARE(f.values[i], v);
            ++points;
        }
    }
    QCOMPARE(response.stats.points, qint64(points));
}

void TestRemotePrometheus::instantQueryAndErrors()
{
    services::QueryRequest request;
    request.datasourceUid = u"team"_s;
    request.kind = services::QueryKind::Instant;
    request.expr = u"scalar(vector(4)) * 2"_s;
    request.toMs = QDateTime::currentMSecsSinceEpoch();
    services::QueryResponse r = m_client->run(request);
    QVERIFY(!r.error);
    QCOMPARE(int(r.series.size()), 1);
    QCOMPARE(r.series[0].values.front(), 8.0);
    QCOMPARE(r.series[0].name, request.expr); // a scalar is named by its expression, as the embedded path does

    // `+` reaches the remote as a plus (form encoding would read a bare `+` as a space), by POST and by GET
    request.expr = u"vector(1) + 1"_s;
    for (const QString& uid : { u"team"_s, u"team-get"_s }) {
        request.datasourceUid = uid;
        r = m_client->run(request);
        QVERIFY2(!r.error, r.error ? r.error->message.c_str() : "");
        QCOMPARE(r.series.at(0).values.front(), 2.0);
    }
    request.datasourceUid = u"team"_s;

    request.expr = u"rate(up[5m]"_s; // Prometheus' own parse error, with its status
    r = m_client->run(request);
    QVERIFY(r.error);
    const QString message = QString::fromStdString(r.error->message);
    QVERIFY2(message.startsWith(u"team-prom: HTTP 400 (bad_data): "_s) && message.contains(u"unclosed left parenthesis"_s),
        qPrintable(message));
}

void TestRemotePrometheus::labelsSeriesAndMetadataRouted()
{
    const QStringList expected = [&] {
        QStringList out;
        for (const QJsonValue& v : prometheusJson(u"/api/v1/labels"_s, {}).value(u"data"_s).toArray())
            out << v.toString();
        return out;
    }();
    QStringList names;
    bool got = false;
    m_client->labelNames(u"team"_s, services::QueryLanguage::PromQL, this, [&](const QStringList& l) {
        names = l;
        got = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(got, 10'000);
    QCOMPARE(names, expected);
    QVERIFY(names.contains(u"job"_s));

    got = false;
    QStringList jobs;
    m_client->labelValues(u"team"_s, services::QueryLanguage::PromQL, u"job"_s, this, [&](const QStringList& l) {
        jobs = l;
        got = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(got, 10'000);
    QCOMPARE(jobs, QStringList { u"prom"_s });

    got = false;
    std::vector<query::LabelPairs> series;
    QString error;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_client->series(u"team"_s, u"up"_s, now - 60'000, now, this, [&](const std::vector<query::LabelPairs>& s, const QString& e) {
        series = s;
        error = e;
        got = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(got, 10'000);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(int(series.size()), 1);
    QCOMPARE(series[0], (query::LabelPairs { { u"__name__"_s, u"up"_s }, { u"instance"_s, m_base.authority() }, { u"job"_s, u"prom"_s } }));

    got = false;
    std::vector<scrape::MetricMetadata> metadata;
    m_client->metricMetadata(u"team"_s, this, [&](const std::vector<scrape::MetricMetadata>& m, const QString& e) {
        metadata = m;
        error = e;
        got = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(got, 10'000);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const auto it = std::find_if(metadata.begin(), metadata.end(),
        [](const scrape::MetricMetadata& m) { return m.name == "prometheus_http_requests_total"; });
    QVERIFY(it != metadata.end());
    QCOMPARE(it->type, scrape::MetricType::Counter);
    QVERIFY(!it->help.empty());
}

void TestRemotePrometheus::cliListTestAndQuery()
{
    const auto list = sg::testing::runSightglass({ u"datasource"_s, u"list"_s, u"--datasources"_s, m_datasources });
    QVERIFY2(list.exitCode == 0, list.dump());
    QVERIFY2(list.out.contains(u"team-prom"_s) && list.out.contains(u"team "_s) && list.out.contains(m_base.toString()),
        list.dump());
    QVERIFY2(!list.out.contains(u"never-printed"_s) && !list.out.contains(u"alice"_s), list.dump());

    const auto ok = sg::testing::runSightglass({ u"datasource"_s, u"test"_s, u"team-prom"_s, u"--datasources"_s, m_datasources });
    QVERIFY2(ok.exitCode == 0, ok.dump());
    QVERIFY2(ok.out.startsWith(u"OK team-prom"_s) && ok.out.contains(u"version 2."_s), ok.dump());

    const auto dead = sg::testing::runSightglass({ u"datasource"_s, u"test"_s, u"dead"_s, u"--datasources"_s, m_datasources });
    QCOMPARE(dead.exitCode, 1);
    QVERIFY2(dead.out.startsWith(u"FAIL dead"_s) && dead.out.contains(u"cannot reach"_s) && dead.out.contains(u"refused"_s),
        dead.dump());

    const auto unknown = sg::testing::runSightglass({ u"datasource"_s, u"test"_s, u"nope"_s, u"--datasources"_s, m_datasources });
    QCOMPARE(unknown.exitCode, 2);

    const auto run = sg::testing::runSightglass({ u"query"_s, u"run"_s, u"--datasource"_s, u"team-prom"_s, u"--datasources"_s,
        m_datasources, u"--from"_s, u"now-5s"_s, u"--step"_s, u"1s"_s, u"up"_s });
    QVERIFY2(run.exitCode == 0, run.dump());
    QVERIFY2(run.out.startsWith(u"{__name__=\"up\", instance="_s) && run.out.contains(u" 1\n"_s), run.dump());
}

QTEST_GUILESS_MAIN(TestRemotePrometheus)
#include "tst_remote_prometheus.moc"
