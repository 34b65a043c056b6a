// Loki's push, query and tail APIs over real HTTP and WebSocket on loopback, served by a Workbench.
#include "http_helpers.h"

#include "core/api/loki_api.h"
#include "core/services/workbench.h"
#include "loki_push.pb.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

#include <snappy.h>
#include <zlib.h>

using namespace Qt::StringLiterals;
using namespace sg;
using namespace sg::testing;

namespace {
QByteArray gzip(const QByteArray& data)
{
    z_stream zs {};
    deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&zs, uLong(data.size()))) + 32, Qt::Uninitialized);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.constData()));
    zs.avail_in = uInt(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = uInt(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(qsizetype(zs.total_out));
    deflateEnd(&zs);
    return out;
}

QByteArray nowNsText(qint64 offsetMs = 0) { return QByteArray::number((nowMs() + offsetMs) * 1'000'000); }

/// All lines of a streams result, as "labels|line" strings.
QStringList streamLines(const QJsonObject& response)
{
    QStringList out;
    for (const auto& s : response.value(u"data").toObject().value(u"result").toArray()) {
        const QJsonObject labels = s.toObject().value(u"stream").toObject();
        QStringList pairs;
        for (auto it = labels.begin(); it != labels.end(); ++it)
            pairs << it.key() + u'=' + it.value().toString();
        for (const auto& v : s.toObject().value(u"values").toArray())
            out << pairs.join(u',') + u'|' + v.toArray().at(1).toString();
    }
    out.sort();
    return out;
}
}

class TestLokiApi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void streamsJsonMetadata();
    void pushJsonAndQuery();
    void pushProtobufSnappy();
    void pushGzipJson();
    void pushRejections_data();
    void pushRejections();
    void metricQueries();
    void labelsSeriesStats();
    void parseErrorIs400();
    void timesPastInt64Nanoseconds();
    void tailReceivesPushedLine();
    void tailSendsHistoryThenLateArrivals();

private:
    HttpResult pushJson(const QByteArray& body, const QList<std::pair<QByteArray, QByteArray>>& headers = {})
    {
        return httpPost(m_nam, m_base, u"/loki/api/v1/push"_s, body, "application/json", headers);
    }
    QJsonObject queryRange(const QString& query, const QString& extra = {})
    {
        QUrlQuery q { { u"query"_s, query }, { u"limit"_s, u"1000"_s } };
        if (!extra.isEmpty())
            q.addQueryItem(extra.section(u'=', 0, 0), extra.section(u'=', 1));
        auto r = httpGet(m_nam, m_base, u"/loki/api/v1/query_range"_s, q);
        [&] { QCOMPARE(r.status, 200); }();
        return r.json();
    }
    /// Opens `/loki/api/v1/tail` with `query` on `socket`; true once connected.
    bool openTail(QWebSocket& socket, const QUrlQuery& query)
    {
        QSignalSpy connected(&socket, &QWebSocket::connected);
        QUrl url = m_base;
        url.setScheme(u"ws"_s);
        url.setPath(u"/loki/api/v1/tail"_s);
        url.setQuery(query);
        socket.open(url);
        return connected.wait(5000);
    }

    std::unique_ptr<services::Workbench> m_workbench;
    QNetworkAccessManager m_nam;
    QUrl m_base;
};

void TestLokiApi::initTestCase()
{
    services::WorkbenchOptions options;
    options.demo = false;
    options.selfScrapeInterval = 3600'000;
    options.apiListen = u"127.0.0.1:0"_s;
    m_workbench = std::make_unique<services::Workbench>(options);
    QVERIFY(!m_workbench->start());
    m_base = m_workbench->apiUrl();
    QVERIFY(m_base.isValid());
    QCOMPARE(httpGet(m_nam, m_base, u"/ready"_s).status, 200);
}

void TestLokiApi::cleanupTestCase() { m_workbench.reset(); }

void TestLokiApi::streamsJsonMetadata()
{
    // Loki's default encoding merges structured metadata into the stream labels; categorize-labels keeps it apart.
    std::vector<logs::Stream> streams { { Labels { { "app", "a" } },
        { logs::LogEntry { 1, "plain", {} }, logs::LogEntry { 2, "traced", { Label { "trace_id", "abc" } } } } } };
    QCOMPARE(QString::fromStdString(api::LokiApi::streamsJson(streams, false)),
        uR"([{"stream":{"app":"a"},"values":[["1","plain"]]},{"stream":{"app":"a","trace_id":"abc"},"values":[["2","traced"]]}])"_s);
    QCOMPARE(QString::fromStdString(api::LokiApi::streamsJson(streams, true)),
        uR"([{"stream":{"app":"a"},"values":[["1","plain"],["2","traced",{"structuredMetadata":{"trace_id":"abc"}}]]}])"_s);
}

void TestLokiApi::pushJsonAndQuery()
{
    const QByteArray body = R"({"streams":[{"stream":{"app":"json","level":"info"},"values":[[")" + nowNsText(-2000)
        + R"(","first line"],[")" + nowNsText(-1000) + R"(","second \"quoted\" line",{"trace_id":"abc"}]]}]})";
    auto r = pushJson(body);
    QCOMPARE(r.status, 204);
    // 204 means stored: the lines are queryable at once.
    const QJsonObject o = queryRange(u"{app=\"json\"}"_s);
    QCOMPARE(o.value(u"status").toString(), u"success"_s);
    QCOMPARE(o.value(u"data").toObject().value(u"resultType").toString(), u"streams"_s);
    QCOMPARE(streamLines(o), (QStringList { u"app=json,level=info|first line"_s, u"app=json,level=info|second \"quoted\" line"_s }));
    // Forward direction and limit.
    auto f = httpGet(m_nam, m_base, u"/loki/api/v1/query_range"_s,
        QUrlQuery { { u"query"_s, u"{app=\"json\"}"_s }, { u"limit"_s, u"1"_s }, { u"direction"_s, u"forward"_s } });
    QCOMPARE(streamLines(f.json()), (QStringList { u"app=json,level=info|first line"_s }));
}

void TestLokiApi::pushProtobufSnappy()
{
    logproto::PushRequest request;
    auto* stream = request.add_streams();
    stream->set_labels(R"({app="proto", env="test"})");
    for (int i = 0; i < 3; ++i) {
        auto* entry = stream->add_entries();
        const qint64 ns = (nowMs() - 3000 + i * 1000) * 1'000'000;
        entry->mutable_timestamp()->set_seconds(ns / 1'000'000'000);
        entry->mutable_timestamp()->set_nanos(int(ns % 1'000'000'000));
        entry->set_line("proto line " + std::to_string(i));
        if (i == 2) {
            auto* meta = entry->add_structuredmetadata();
            meta->set_name("user");
            meta->set_value("ann");
        }
    }
    std::string compressed;
    snappy::Compress(request.SerializeAsString().data(), request.ByteSizeLong(), &compressed);
    auto r = httpPost(m_nam, m_base, u"/loki/api/v1/push"_s, QByteArray::fromStdString(compressed), "application/x-protobuf");
    QCOMPARE(r.status, 204);
    QCOMPARE(streamLines(queryRange(u"{app=\"proto\"}"_s)),
        (QStringList { u"app=proto,env=test|proto line 0"_s, u"app=proto,env=test|proto line 1"_s,
            u"app=proto,env=test|proto line 2"_s }));

    // Gzip over protobuf too.
    stream->set_labels(R"({app="proto-gz"})");
    compressed.clear();
    snappy::Compress(request.SerializeAsString().data(), request.ByteSizeLong(), &compressed);
    auto g = httpPost(m_nam, m_base, u"/loki/api/v1/push"_s, gzip(QByteArray::fromStdString(compressed)), "application/x-protobuf",
        { { "Content-Encoding", "gzip" } });
    QCOMPARE(g.status, 204);
    QCOMPARE(streamLines(queryRange(u"{app=\"proto-gz\"} |= \"line 1\""_s)), (QStringList { u"app=proto-gz|proto line 1"_s }));
}

void TestLokiApi::pushGzipJson()
{
    const QByteArray body = R"({"streams":[{"stream":{"app":"gz"},"values":[[")" + nowNsText() + R"(","zipped"]]}]})";
    auto r = pushJson(gzip(body), { { "Content-Encoding", "gzip" } });
    QCOMPARE(r.status, 204);
    QCOMPARE(streamLines(queryRange(u"{app=\"gz\"}"_s)), (QStringList { u"app=gz|zipped"_s }));
}

void TestLokiApi::pushRejections_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QString>("reason");
    const QByteArray now = nowNsText();
    QTest::addRow("not-json") << QByteArray("{\"streams\":[") << QByteArray("application/json") << u"invalid push payload: JSON"_s;
    QTest::addRow("no-streams") << QByteArray("{}") << QByteArray("application/json") << u"\"streams\" array"_s;
    QTest::addRow("no-labels") << QByteArray(R"({"streams":[{"stream":{},"values":[[")" + now + R"(","x"]]}]})")
                               << QByteArray("application/json") << u"at least one label pair is required"_s;
    QTest::addRow("bad-timestamp") << QByteArray(R"({"streams":[{"stream":{"a":"b"},"values":[["soon","x"]]}]})")
                                   << QByteArray("application/json") << u"invalid timestamp"_s;
    // found by fuzzing (scripts/fuzz loki_push_json): a number past int64 nanoseconds was converted as is
    QTest::addRow("timestamp-number-out-of-range")
        << QByteArray(R"({"streams":[{"stream":{"a":"b"},"values":[[20000000000000000090553024,"x"]]}]})")
        << QByteArray("application/json") << u"out of the range of nanoseconds since the epoch"_s;
    QTest::addRow("invalid-utf8") << QByteArray("{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"" + now + "\",\"\xff\xfe\"]]}]}")
                                  << QByteArray("application/json") << u"not valid UTF-8"_s;
    QTest::addRow("too-long") << QByteArray(R"({"streams":[{"stream":{"a":"long"},"values":[[")" + now + R"(",")"
                                     + QByteArray(300 * 1024, 'x') + R"("]]}]})")
                              << QByteArray("application/json") << u"Max entry size '262144' bytes exceeded"_s;
    QTest::addRow("too-old") << QByteArray(R"({"streams":[{"stream":{"a":"old"},"values":[["1000000000000000000","x"]]}]})")
                             << QByteArray("application/json") << u"has timestamp too old"_s;
    QTest::addRow("not-snappy") << QByteArray("\xff\xff\xff\xff\xff\xff garbage") << QByteArray("application/x-protobuf")
                                << u"snappy"_s;
    auto protobufPush = [](const std::string& labels, const std::string& line) {
        logproto::PushRequest request;
        auto* s = request.add_streams();
        s->set_labels(labels);
        auto* e = s->add_entries();
        e->set_line(line);
        e->mutable_timestamp()->set_seconds(nowMs() / 1000);
        std::string compressed;
        snappy::Compress(request.SerializeAsString().data(), request.ByteSizeLong(), &compressed);
        return QByteArray::fromStdString(compressed);
    };
    QTest::addRow("bad-labels") << protobufPush("{app=~\"x.*\"}", "x") << QByteArray("application/x-protobuf")
                                << u"error parsing labels"_s;
    QTest::addRow("protobuf-invalid-utf8") << protobufPush("{app=\"p\"}", "ok \xff\xfe") << QByteArray("application/x-protobuf")
                                           << u"invalid UTF-8"_s;
}

void TestLokiApi::pushRejections()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(QString, reason);
    auto r = httpPost(m_nam, m_base, u"/loki/api/v1/push"_s, body, contentType);
    QCOMPARE(r.status, 400);
    QVERIFY2(QString::fromUtf8(r.body).contains(reason), r.body.left(300).constData());
}

void TestLokiApi::metricQueries()
{
    QByteArray values;
    for (int i = 0; i < 5; ++i)
        values += (i ? "," : "") + QByteArray(R"([")") + nowNsText(-5000 + i * 1000) + R"(","level=error n=)" + QByteArray::number(i) + R"("])";
    QCOMPARE(pushJson(R"({"streams":[{"stream":{"app":"metric"},"values":[)" + values + "]}]}").status, 204);
    auto instant = httpGet(m_nam, m_base, u"/loki/api/v1/query"_s,
        QUrlQuery { { u"query"_s, u"sum(count_over_time({app=\"metric\"}[1m]))"_s } });
    QCOMPARE(instant.status, 200);
    const QJsonObject data = instant.json().value(u"data").toObject();
    QCOMPARE(data.value(u"resultType").toString(), u"vector"_s);
    QCOMPARE(data.value(u"result").toArray().at(0).toObject().value(u"value").toArray().at(1).toString(), u"5"_s);

    const QString start = QString::number(nowMs() / 1000 - 120);
    auto range = httpGet(m_nam, m_base, u"/loki/api/v1/query_range"_s,
        QUrlQuery { { u"query"_s, u"count_over_time({app=\"metric\"} | logfmt | level=\"error\" [1m])"_s }, { u"start"_s, start },
            { u"step"_s, u"10s"_s } });
    QCOMPARE(range.status, 200);
    const QJsonObject rd = range.json().value(u"data").toObject();
    QCOMPARE(rd.value(u"resultType").toString(), u"matrix"_s);
    QVERIFY(!rd.value(u"result").toArray().isEmpty());
    const QJsonArray points = rd.value(u"result").toArray().at(0).toObject().value(u"values").toArray();
    QVERIFY(points.at(0).toArray().at(0).isDouble());
    QVERIFY(points.at(0).toArray().at(1).isString());
}

void TestLokiApi::labelsSeriesStats()
{
    QCOMPARE(pushJson(R"({"streams":[{"stream":{"app":"meta","team":"x"},"values":[[")" + nowNsText() + R"(","abcd"]]}]})").status, 204);
    auto labels = httpGet(m_nam, m_base, u"/loki/api/v1/labels"_s);
    QCOMPARE(labels.status, 200);
    QVERIFY(labels.json().value(u"data").toArray().contains(u"team"_s));
    auto values = httpGet(m_nam, m_base, u"/loki/api/v1/label/team/values"_s);
    QCOMPARE(values.json().value(u"data").toArray(), QJsonArray { u"x"_s });
    auto series = httpGet(m_nam, m_base, u"/loki/api/v1/series"_s, QUrlQuery { { u"match[]"_s, u"{team=\"x\"}"_s } });
    QCOMPARE(series.status, 200);
    QCOMPARE(series.json().value(u"data").toArray().at(0).toObject().value(u"app").toString(), u"meta"_s);
    auto stats = httpGet(m_nam, m_base, u"/loki/api/v1/index/stats"_s, QUrlQuery { { u"query"_s, u"{team=\"x\"}"_s } });
    QCOMPARE(stats.status, 200);
    QCOMPARE(stats.json().value(u"streams").toInt(), 1);
    QCOMPARE(stats.json().value(u"entries").toInt(), 1);
    QCOMPARE(stats.json().value(u"bytes").toInt(), 4);
}

void TestLokiApi::parseErrorIs400()
{
    auto r = httpGet(m_nam, m_base, u"/loki/api/v1/query_range"_s, QUrlQuery { { u"query"_s, u"{app=\"x\"} |= "_s } });
    QCOMPARE(r.status, 400);
    QVERIFY2(r.body.startsWith("parse error at line 1, col "), r.body.constData());
    auto bad = httpGet(m_nam, m_base, u"/loki/api/v1/query_range"_s,
        QUrlQuery { { u"query"_s, u"{app=\"x\"}"_s }, { u"direction"_s, u"sideways"_s } });
    QCOMPARE(bad.status, 400);
}

// Seconds with 10 digits reach the year 2286, past what int64 nanoseconds hold; they overflowed when converted. They
// are held at the end of that span now, so "until 2286" still finds today's lines.
void TestLokiApi::timesPastInt64Nanoseconds()
{
    QCOMPARE(pushJson(R"({"streams":[{"stream":{"app":"far"},"values":[[")" + nowNsText() + R"(","still here"]]}]})").status, 204);
    for (const QString& end : { u"9999999999"_s, u"99999999999999999999.5"_s, u"6543-01-02T03:04:05.123456789Z"_s }) {
        auto r = httpGet(m_nam, m_base, u"/loki/api/v1/query_range"_s,
            QUrlQuery { { u"query"_s, u"{app=\"far\"}"_s }, { u"start"_s, QString::number(nowMs() / 1000 - 60) }, { u"end"_s, end } });
        QCOMPARE(r.status, 200);
        QVERIFY2(r.body.contains("still here"), r.body.left(300).constData());
    }
    auto before = httpGet(m_nam, m_base, u"/loki/api/v1/query_range"_s,
        QUrlQuery { { u"query"_s, u"{app=\"far\"}"_s }, { u"start"_s, u"-9999999999"_s }, { u"end"_s, u"-9999999998"_s } });
    QCOMPARE(before.status, 200);
    QVERIFY2(!before.body.contains("still here"), before.body.left(300).constData());
    // RFC 3339 past that span too (found by fuzzing: the seconds overflowed as nanoseconds)
    auto beforeRfc = httpGet(m_nam, m_base, u"/loki/api/v1/query_range"_s,
        QUrlQuery { { u"query"_s, u"{app=\"far\"}"_s }, { u"start"_s, u"1000-01-01T00:00:00Z"_s },
            { u"end"_s, u"1001-01-01T00:00:00Z"_s } });
    QCOMPARE(beforeRfc.status, 200);
    QVERIFY2(!beforeRfc.body.contains("still here"), beforeRfc.body.left(300).constData());
    // Only an end, far in the past: the default hour before it lies past int64 nanoseconds too (UBSan found the
    // subtraction overflowing).
    auto onlyEnd = httpGet(m_nam, m_base, u"/loki/api/v1/query_range"_s,
        QUrlQuery { { u"query"_s, u"{app=\"far\"}"_s }, { u"end"_s, u"-9999999999"_s } });
    QCOMPARE(onlyEnd.status, 200);
    QVERIFY2(!onlyEnd.body.contains("still here"), onlyEnd.body.left(300).constData());
    auto instant = httpGet(m_nam, m_base, u"/loki/api/v1/query"_s,
        QUrlQuery { { u"query"_s, u"count_over_time({app=\"far\"}[5m])"_s }, { u"time"_s, u"-9999999999"_s } });
    QCOMPARE(instant.status, 200);
    QVERIFY2(instant.json()[u"data"_s][u"result"_s].toArray().isEmpty(), instant.body.left(300).constData());
    // The whole int64 span at once: its width overflows int64 too. A metric query takes Loki's default step, about
    // 250 points, and finds the line in the point whose window holds now.
    const QString metric = u"sum(count_over_time({app=\"far\"}[100y]))"_s;
    auto everything = httpGet(m_nam, m_base, u"/loki/api/v1/query_range"_s,
        QUrlQuery { { u"query"_s, metric }, { u"start"_s, u"-9999999999"_s }, { u"end"_s, u"9999999999"_s } });
    QCOMPARE(everything.status, 200);
    const auto values = everything.json()[u"data"_s][u"result"_s].toArray().at(0)[u"values"_s].toArray();
    QVERIFY2(!values.isEmpty() && values.size() <= 251, everything.body.left(300).constData());
    auto tooFine = httpGet(m_nam, m_base, u"/loki/api/v1/query_range"_s,
        QUrlQuery { { u"query"_s, metric }, { u"start"_s, u"-9999999999"_s }, { u"end"_s, u"9999999999"_s },
            { u"step"_s, u"1d"_s } });
    QCOMPARE(tooFine.status, 400);
    QVERIFY2(tooFine.body.contains("exceeded maximum resolution"), tooFine.body.constData());
    auto patterns = httpGet(m_nam, m_base, u"/loki/api/v1/patterns"_s,
        QUrlQuery { { u"query"_s, u"{app=\"far\"}"_s }, { u"start"_s, u"-9999999999"_s }, { u"end"_s, u"9999999999"_s } });
    QCOMPARE(patterns.status, 200);
    QVERIFY2(patterns.body.contains("still here"), patterns.body.left(300).constData());
}

namespace {
/// The lines of every tail frame received so far, in order.
QStringList tailLines(const QList<QList<QVariant>>& messages)
{
    QStringList lines;
    for (const auto& m : messages) {
        const QJsonObject frame = QJsonDocument::fromJson(m.first().toString().toUtf8()).object();
        for (const auto& st : frame.value(u"streams").toArray())
            for (const auto& v : st.toObject().value(u"values").toArray())
                lines << v.toArray().at(1).toString();
    }
    return lines;
}
} // namespace

void TestLokiApi::tailReceivesPushedLine()
{
    QWebSocket socket;
    QSignalSpy messages(&socket, &QWebSocket::textMessageReceived);
    QVERIFY(openTail(socket, QUrlQuery { { u"query"_s, u"{app=\"tail\"}"_s } }));
    QCOMPARE(pushJson(R"({"streams":[{"stream":{"app":"tail"},"values":[[")" + nowNsText() + R"(","tailed line"]]}]})").status, 204);
    QTRY_VERIFY_WITH_TIMEOUT(!messages.isEmpty(), 5000);
    const QJsonObject frame = QJsonDocument::fromJson(messages.first().first().toString().toUtf8()).object();
    const QJsonArray streams = frame.value(u"streams").toArray();
    QCOMPARE(streams.size(), 1);
    QCOMPARE(streams.at(0).toObject().value(u"stream").toObject().value(u"app").toString(), u"tail"_s);
    QCOMPARE(streams.at(0).toObject().value(u"values").toArray().at(0).toArray().at(1).toString(), u"tailed line"_s);
    // A second line arrives in a later frame, and the first is not repeated.
    QCOMPARE(pushJson(R"({"streams":[{"stream":{"app":"tail"},"values":[[")" + nowNsText() + R"(","second"]]}]})").status, 204);
    QTRY_VERIFY_WITH_TIMEOUT(messages.size() >= 2, 5000);
    const QString second = messages.at(1).first().toString();
    QVERIFY(second.contains(u"second"_s));
    QVERIFY(!second.contains(u"tailed line"_s));
    socket.close();
}

void TestLokiApi::tailSendsHistoryThenLateArrivals()
{
    // History first: lines from `start` on, once.
    QCOMPARE(pushJson(R"({"streams":[{"stream":{"app":"late"},"values":[[")" + nowNsText(-3000)
                 + R"(","keep old"],[")" + nowNsText(-2500) + R"(","skip old"]]}]})")
                 .status,
        204);
    QWebSocket socket;
    QSignalSpy messages(&socket, &QWebSocket::textMessageReceived);
    QVERIFY(openTail(socket,
        QUrlQuery { { u"query"_s, u"{app=\"late\"} |= \"keep\" | line_format \"{{.app}}: {{__line__}}\""_s },
            { u"start"_s, QString::fromLatin1(nowNsText(-60'000)) } }));
    QTRY_COMPARE_WITH_TIMEOUT(tailLines(messages), QStringList { u"late: keep old"_s }, 5000);
    // A new line, then one that arrives late with an older timestamp (inside the out-of-order window): both are
    // sent, in arrival order, through the query's pipeline.
    QCOMPARE(pushJson(R"({"streams":[{"stream":{"app":"late"},"values":[[")" + nowNsText() + R"(","keep new"]]}]})").status, 204);
    QTRY_COMPARE_WITH_TIMEOUT(tailLines(messages).size(), 2, 5000);
    QCOMPARE(pushJson(R"({"streams":[{"stream":{"app":"late"},"values":[[")" + nowNsText(-20'000)
                 + R"(","keep late"],[")" + nowNsText(-19'000) + R"(","skip late"]]}]})")
                 .status,
        204);
    QTRY_COMPARE_WITH_TIMEOUT(tailLines(messages),
        (QStringList { u"late: keep old"_s, u"late: keep new"_s, u"late: keep late"_s }), 5000);
    QTest::qWait(300); // nothing else follows
    QCOMPARE(tailLines(messages).size(), 3);
    socket.close();
}

QTEST_GUILESS_MAIN(TestLokiApi)
#include "tst_loki_api.moc"
