// The Prometheus HTTP API over real HTTP on loopback, served by a Workbench started with apiListen.
#include "http_helpers.h"

#include "core/api/json_writer.h"
#include "core/services/workbench.h"
#include "core/tsdb/memory_store.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <QDir>
#include <QTcpSocket>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;
using namespace sg;
using namespace sg::testing;

class TestPrometheusApi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void floatFormatting_data();
    void floatFormatting();
    void instantVector();
    void instantScalarAndString();
    void rangeQueryGetAndPost();
    void queryErrors_data();
    void queryErrors();
    void seriesLabelsAndValues();
    void formatQuery();
    void targetsMetadataBuildinfoHealth();
    void statsAll();
    void warnings();
    void keptAliveConnectionsSendWithoutDelay();

private:
    std::unique_ptr<services::Workbench> m_workbench;
    QNetworkAccessManager m_nam;
    QUrl m_base;
    TimestampMs m_t0 = 1'700'000'000'000;
};

void TestPrometheusApi::initTestCase()
{
    services::WorkbenchOptions options;
    options.demo = false;
    options.selfScrapeInterval = 3600'000;
    options.apiListen = u"127.0.0.1:0"_s;
    m_workbench = std::make_unique<services::Workbench>(options);
    QVERIFY(!m_workbench->start());
    m_base = m_workbench->apiUrl();
    QVERIFY(m_base.isValid());
    QCOMPARE(m_base.host(), u"127.0.0.1"_s);
    tsdb::AppendBatch batch;
    for (int i = 0; i <= 20; ++i) {
        const TimestampMs t = m_t0 + i * 15'000;
        batch.samples.push_back({ Labels { { "__name__", "http_requests_total" }, { "job", "api" }, { "code", "200" } }, t, 10.0 * i });
        batch.samples.push_back({ Labels { { "__name__", "http_requests_total" }, { "job", "api" }, { "code", "500" } }, t, 1.0 * i });
        batch.samples.push_back({ Labels { { "__name__", "temperature" }, { "job", "lab" } }, t, 0.1 });
    }
    m_workbench->metricsStore()->append(batch);
}

void TestPrometheusApi::cleanupTestCase() { m_workbench.reset(); }

void TestPrometheusApi::floatFormatting_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    QTest::addRow("tenth") << 0.1 << u"0.1"_s;
    QTest::addRow("integer") << 42.0 << u"42"_s;
    QTest::addRow("big") << 1e20 << u"100000000000000000000"_s;
    QTest::addRow("small") << 1.5e-7 << u"0.00000015"_s;
    QTest::addRow("negative") << -2.5 << u"-2.5"_s;
    QTest::addRow("inf") << double(INFINITY) << u"+Inf"_s;
    QTest::addRow("minus-inf") << -double(INFINITY) << u"-Inf"_s;
    QTest::addRow("nan") << double(NAN) << u"NaN"_s;
}

void TestPrometheusApi::floatFormatting()
{
    QFETCH(double, value);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(api::formatSampleValue(value)), expected);
    std::string ts;
    api::appendTimestampSeconds(ts, 1'700'000'000'050);
    QCOMPARE(QString::fromStdString(ts), u"1700000000.050"_s);
    // As Prometheus' marshalTimestamp: the sign, whole seconds, and three digits of milliseconds unless zero.
    ts.clear();
    api::appendTimestampSeconds(ts, -1'005);
    QCOMPARE(QString::fromStdString(ts), u"-1.005"_s);
    ts.clear();
    api::appendTimestampSeconds(ts, std::numeric_limits<TimestampMs>::min());
    QCOMPARE(QString::fromStdString(ts), u"-9223372036854775.808"_s);
}

void TestPrometheusApi::instantVector()
{
    const QString t = QString::number((m_t0 + 300'000) / 1000);
    auto r = httpGet(m_nam, m_base, u"/api/v1/query"_s,
        QUrlQuery { { u"query"_s, u"sum by (code) (rate(http_requests_total[1m]))"_s }, { u"time"_s, t } });
    QCOMPARE(r.status, 200);
    QVERIFY(r.contentType.startsWith("application/json"));
    const QJsonObject o = r.json();
    QCOMPARE(o.value(u"status").toString(), u"success"_s);
    const QJsonObject data = o.value(u"data").toObject();
    QCOMPARE(data.value(u"resultType").toString(), u"vector"_s);
    const QJsonArray result = data.value(u"result").toArray();
    QCOMPARE(result.size(), 2);
    QMap<QString, QString> byCode;
    for (const auto& v : result) {
        const QJsonArray value = v.toObject().value(u"value").toArray();
        QCOMPARE(value.at(0).toDouble(), double((m_t0 + 300'000) / 1000));
        QVERIFY(value.at(1).isString());
        byCode[v.toObject().value(u"metric").toObject().value(u"code").toString()] = value.at(1).toString();
    }
    QCOMPARE(byCode.value(u"200"_s).toDouble(), 10.0 / 15.0);
    QCOMPARE(byCode.value(u"500"_s).toDouble(), 1.0 / 15.0);

    // RFC 3339 time gives the same answer.
    const QString rfc = QDateTime::fromMSecsSinceEpoch(m_t0 + 300'000, Qt::UTC).toString(Qt::ISODateWithMs);
    auto r2 = httpGet(m_nam, m_base, u"/api/v1/query"_s,
        QUrlQuery { { u"query"_s, u"sum by (code) (rate(http_requests_total[1m]))"_s }, { u"time"_s, rfc } });
    QCOMPARE(r2.status, 200);
    QCOMPARE(r2.json().value(u"data").toObject().value(u"result").toArray().size(), 2);
}

void TestPrometheusApi::instantScalarAndString()
{
    auto r = httpGet(m_nam, m_base, u"/api/v1/query"_s, QUrlQuery { { u"query"_s, u"1/0"_s }, { u"time"_s, u"100.5"_s } });
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray(R"({"status":"success","data":{"resultType":"scalar","result":[100.500,"+Inf"]}})"));
    auto s = httpGet(m_nam, m_base, u"/api/v1/query"_s, QUrlQuery { { u"query"_s, u"\"hi\""_s }, { u"time"_s, u"7"_s } });
    QCOMPARE(s.body, QByteArray(R"({"status":"success","data":{"resultType":"string","result":[7,"hi"]}})"));
    // RFC 3339 years past 2262 and before 1678 are milliseconds like any other, as in Prometheus; they went through
    // int64 nanoseconds and overflowed (found by fuzzing)
    auto far = httpGet(m_nam, m_base, u"/api/v1/query"_s,
        QUrlQuery { { u"query"_s, u"time()"_s }, { u"time"_s, u"6543-01-02T03:04:05.123456789Z"_s } });
    QCOMPARE(far.body,
        QByteArray(R"({"status":"success","data":{"resultType":"scalar","result":[144310043045.123,"144310043045.123"]}})"));
    auto early = httpGet(m_nam, m_base, u"/api/v1/query"_s,
        QUrlQuery { { u"query"_s, u"time()"_s }, { u"time"_s, u"1000-01-01T00:00:00.5Z"_s } });
    QCOMPARE(early.body,
        QByteArray(R"({"status":"success","data":{"resultType":"scalar","result":[-30610223999.500,"-30610223999.5"]}})"));
}

void TestPrometheusApi::rangeQueryGetAndPost()
{
    const QString start = QString::number(m_t0 / 1000 + 60);
    const QString end = QString::number(m_t0 / 1000 + 120);
    auto r = httpGet(m_nam, m_base, u"/api/v1/query_range"_s,
        QUrlQuery { { u"query"_s, u"temperature"_s }, { u"start"_s, start }, { u"end"_s, end }, { u"step"_s, u"30s"_s } });
    QCOMPARE(r.status, 200);
    const QJsonObject data = r.json().value(u"data").toObject();
    QCOMPARE(data.value(u"resultType").toString(), u"matrix"_s);
    const QJsonArray series = data.value(u"result").toArray();
    QCOMPARE(series.size(), 1);
    QCOMPARE(series.at(0).toObject().value(u"metric").toObject().value(u"__name__").toString(), u"temperature"_s);
    const QJsonArray values = series.at(0).toObject().value(u"values").toArray();
    QCOMPARE(values.size(), 3);
    QCOMPARE(values.at(2).toArray().at(1).toString(), u"0.1"_s);

    // POST form, with a '+' encoded as %2B and spaces as '+', as Go's clients send it.
    const QByteArray form = "query=temperature+%2B+1&start=" + start.toUtf8() + "&end=" + end.toUtf8() + "&step=30";
    auto p = httpPost(m_nam, m_base, u"/api/v1/query_range"_s, form, "application/x-www-form-urlencoded");
    QCOMPARE(p.status, 200);
    const QJsonArray pv = p.json().value(u"data").toObject().value(u"result").toArray().at(0).toObject().value(u"values").toArray();
    QCOMPARE(pv.size(), 3);
    QCOMPARE(pv.at(0).toArray().at(1).toString(), u"1.1"_s);
}

void TestPrometheusApi::queryErrors_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QUrlQuery>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("errorType");
    QTest::addColumn<QString>("messagePart");
    QTest::addRow("parse") << u"/api/v1/query"_s << QUrlQuery { { u"query"_s, u"sum(("_s } } << 400 << u"bad_data"_s
                           << u"invalid parameter \"query\""_s;
    QTest::addRow("bad-time") << u"/api/v1/query"_s << QUrlQuery { { u"query"_s, u"1"_s }, { u"time"_s, u"yesterday"_s } }
                              << 400 << u"bad_data"_s << u"invalid parameter \"time\": cannot parse \"yesterday\""_s;
    QTest::addRow("no-start") << u"/api/v1/query_range"_s << QUrlQuery { { u"query"_s, u"1"_s }, { u"end"_s, u"10"_s }, { u"step"_s, u"1"_s } }
                              << 400 << u"bad_data"_s << u"invalid parameter \"start\""_s;
    QTest::addRow("end-before-start") << u"/api/v1/query_range"_s
                                      << QUrlQuery { { u"query"_s, u"1"_s }, { u"start"_s, u"10"_s }, { u"end"_s, u"5"_s }, { u"step"_s, u"1"_s } }
                                      << 400 << u"bad_data"_s << u"end timestamp must not be before start time"_s;
    QTest::addRow("zero-step") << u"/api/v1/query_range"_s
                               << QUrlQuery { { u"query"_s, u"1"_s }, { u"start"_s, u"1"_s }, { u"end"_s, u"5"_s }, { u"step"_s, u"0"_s } }
                               << 400 << u"bad_data"_s << u"zero or negative query resolution step"_s;
    // durations are int64 nanoseconds, as in Prometheus; the unit form used to overflow int64 milliseconds
    QTest::addRow("step-past-int64-units") << u"/api/v1/query_range"_s
                                           << QUrlQuery { { u"query"_s, u"1"_s }, { u"start"_s, u"1"_s }, { u"end"_s, u"5"_s },
                                                  { u"step"_s, u"99999999999y"_s } }
                                           << 400 << u"bad_data"_s << u"cannot parse \"99999999999y\" to a valid duration"_s;
    QTest::addRow("step-past-int64-seconds") << u"/api/v1/query_range"_s
                                             << QUrlQuery { { u"query"_s, u"1"_s }, { u"start"_s, u"1"_s }, { u"end"_s, u"5"_s },
                                                    { u"step"_s, u"1e10"_s } }
                                             << 400 << u"bad_data"_s << u"\"1e10\" to a valid duration. It overflows int64"_s;
    QTest::addRow("too-many-points") << u"/api/v1/query_range"_s
                                     << QUrlQuery { { u"query"_s, u"1"_s }, { u"start"_s, u"0"_s }, { u"end"_s, u"315360000"_s }, { u"step"_s, u"1"_s } }
                                     << 400 << u"bad_data"_s << u"exceeded maximum resolution of 11,000 points"_s;
    QTest::addRow("execution") << u"/api/v1/query"_s
                               << QUrlQuery { { u"query"_s, u"label_replace(temperature, \"x\", \"y\", \"job\", \"(\")"_s } }
                               << 400 << u"bad_data"_s << u""_s;
    QTest::addRow("no-match") << u"/api/v1/series"_s << QUrlQuery {} << 400 << u"bad_data"_s << u"no match[] parameter provided"_s;
}

void TestPrometheusApi::queryErrors()
{
    QFETCH(QString, path);
    QFETCH(QUrlQuery, query);
    QFETCH(int, status);
    QFETCH(QString, errorType);
    QFETCH(QString, messagePart);
    auto r = httpGet(m_nam, m_base, path, query);
    const QJsonObject o = r.json();
    if (QTest::currentDataTag() == QByteArray("execution")) {
        // An invalid regex in label_replace is a query-time error: 400 or 422 with an error envelope.
        QVERIFY2(r.status == 400 || r.status == 422, r.body.constData());
        QCOMPARE(o.value(u"status").toString(), u"error"_s);
        return;
    }
    QCOMPARE(r.status, status);
    QCOMPARE(o.value(u"status").toString(), u"error"_s);
    QCOMPARE(o.value(u"errorType").toString(), errorType);
    QVERIFY2(o.value(u"error").toString().contains(messagePart), qPrintable(o.value(u"error").toString()));
}

void TestPrometheusApi::seriesLabelsAndValues()
{
    auto s = httpGet(m_nam, m_base, u"/api/v1/series"_s,
        QUrlQuery { { u"match[]"_s, u"http_requests_total{code=\"500\"}"_s }, { u"match[]"_s, u"temperature"_s } });
    QCOMPARE(s.status, 200);
    const QJsonArray series = s.json().value(u"data").toArray();
    QCOMPARE(series.size(), 2);
    QCOMPARE(series.at(0).toObject().value(u"code").toString(), u"500"_s);
    QCOMPARE(series.at(1).toObject().value(u"__name__").toString(), u"temperature"_s);

    auto l = httpGet(m_nam, m_base, u"/api/v1/labels"_s, QUrlQuery { { u"match[]"_s, u"temperature"_s } });
    QCOMPARE(l.json().value(u"data").toArray(), (QJsonArray { u"__name__"_s, u"job"_s }));
    auto all = httpGet(m_nam, m_base, u"/api/v1/labels"_s);
    QVERIFY(all.json().value(u"data").toArray().contains(u"code"_s));

    auto v = httpGet(m_nam, m_base, u"/api/v1/label/code/values"_s);
    QCOMPARE(v.status, 200);
    QCOMPARE(v.json().value(u"data").toArray(), (QJsonArray { u"200"_s, u"500"_s }));
    auto vm = httpGet(m_nam, m_base, u"/api/v1/label/job/values"_s, QUrlQuery { { u"match[]"_s, u"temperature"_s } });
    QCOMPARE(vm.json().value(u"data").toArray(), (QJsonArray { u"lab"_s }));

    auto bad = httpGet(m_nam, m_base, u"/api/v1/series"_s, QUrlQuery { { u"match[]"_s, u"{"_s } });
    QCOMPARE(bad.status, 400);
    QCOMPARE(bad.json().value(u"errorType").toString(), u"bad_data"_s);
}

void TestPrometheusApi::formatQuery()
{
    auto r = httpGet(m_nam, m_base, u"/api/v1/format_query"_s, QUrlQuery { { u"query"_s, u"sum(rate(foo{bar=\"baz\"}[5m]))by(job)"_s } });
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(u"data").toString(), u"sum by (job) (rate(foo{bar=\"baz\"}[5m]))"_s);
    auto bad = httpGet(m_nam, m_base, u"/api/v1/format_query"_s, QUrlQuery { { u"query"_s, u"foo{"_s } });
    QCOMPARE(bad.status, 400);
}

void TestPrometheusApi::targetsMetadataBuildinfoHealth()
{
    auto t = httpGet(m_nam, m_base, u"/api/v1/targets"_s);
    QCOMPARE(t.status, 200);
    const QJsonObject data = t.json().value(u"data").toObject();
    const QJsonArray active = data.value(u"activeTargets").toArray();
    QCOMPARE(active.size(), 1);
    QCOMPARE(active.at(0).toObject().value(u"labels").toObject().value(u"job").toString(), u"sightglass"_s);
    QVERIFY(active.at(0).toObject().value(u"scrapeUrl").toString().endsWith(u"/metrics"_s));
    QVERIFY(data.value(u"droppedTargets").isArray());

    auto m = httpGet(m_nam, m_base, u"/api/v1/metadata"_s);
    QCOMPARE(m.json().value(u"status"_s).toString(), u"success"_s); // entries once the self-scrape has run
    QVERIFY(m.json().value(u"data"_s).isObject());
    auto b = httpGet(m_nam, m_base, u"/api/v1/status/buildinfo"_s);
    QCOMPARE(b.json().value(u"data").toObject().value(u"version").toString(), QStringLiteral(SIGHTGLASS_VERSION));
    QCOMPARE(httpGet(m_nam, m_base, u"/-/ready"_s).status, 200);
    QCOMPARE(httpGet(m_nam, m_base, u"/-/healthy"_s).status, 200);
    QCOMPARE(httpGet(m_nam, m_base, u"/api/v1/nope"_s).status, 404);
}

void TestPrometheusApi::statsAll()
{
    const QString t = QString::number((m_t0 + 300'000) / 1000);
    auto r = httpGet(m_nam, m_base, u"/api/v1/query"_s,
        QUrlQuery { { u"query"_s, u"temperature[1m]"_s }, { u"time"_s, t }, { u"stats"_s, u"all"_s } });
    QCOMPARE(r.status, 200);
    const QJsonObject stats = r.json().value(u"data").toObject().value(u"stats").toObject();
    // Samples read from storage: the closed range [t-1m, t] holds 5 (the result, left-open, holds 4).
    QCOMPARE(stats.value(u"samples").toObject().value(u"totalQueryableSamples").toInt(), 5);
    QVERIFY(stats.value(u"timings").toObject().contains(u"evalTotalTime"));
}

void TestPrometheusApi::warnings()
{
    const QString t = QString::number((m_t0 + 300'000) / 1000);
    // rate() over a metric that does not look like a counter: Prometheus' info annotation.
    auto r = httpGet(m_nam, m_base, u"/api/v1/query"_s, QUrlQuery { { u"query"_s, u"rate(temperature[1m])"_s }, { u"time"_s, t } });
    QCOMPARE(r.status, 200);
    const QJsonObject o = r.json();
    QCOMPARE(o.value(u"status").toString(), u"success"_s);
    QVERIFY2(o.contains(u"infos") || o.contains(u"warnings"), r.body.constData());
}

// QHttpServer writes a response's headers and body separately: with Nagle's algorithm on, a client on a kept-alive
// connection (Grafana) waited 40 ms for its delayed acknowledgement on every response. The server's end of a
// connection must have TCP_NODELAY set; this looks at the sockets of this process that the API server accepted.
void TestPrometheusApi::keptAliveConnectionsSendWithoutDelay()
{
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, quint16(m_base.port()));
    QVERIFY(client.waitForConnected(5000));
    client.write("GET /api/v1/status/buildinfo HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.bytesAvailable() > 0 || client.waitForReadyRead(100), 5000);
    QVERIFY(client.readAll().startsWith("HTTP/1.1 200"));
    int serverEnds = 0;
    for (const QString& name : QDir(u"/proc/self/fd"_s).entryList(QDir::Files | QDir::System)) {
        const int fd = name.toInt();
        sockaddr_in local {}, peer {};
        socklen_t len = sizeof local;
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) != 0 || local.sin_family != AF_INET
            || ntohs(local.sin_port) != m_base.port())
            continue;
        len = sizeof peer;
        if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) != 0 || ntohs(peer.sin_port) != client.localPort())
            continue;
        int noDelay = 0;
        len = sizeof noDelay;
        QCOMPARE(::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &noDelay, &len), 0);
        QVERIFY2(noDelay != 0, "the API server's end of a connection has Nagle's algorithm on");
        ++serverEnds;
    }
    QCOMPARE(serverEnds, 1);
}

QTEST_GUILESS_MAIN(TestPrometheusApi)
#include "tst_prometheus_api.moc"
