// Loki's push limits over real HTTP on loopback: label limits and the store's stream limit under a storm of
// distinct streams, while another pusher keeps being served.
#include "http_helpers.h"

#include "core/common/time.h"
#include "core/services/workbench.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sg;
using namespace sg::testing;

namespace {
/// A one-line JSON push of `text` to the stream `labels` (a JSON object), stamped now.
QByteArray line(const QByteArray& labels, const QByteArray& text)
{
    return R"({"streams":[{"stream":)" + labels + R"(,"values":[[")" + QByteArray::number(nowMs() * 1'000'000)
        + R"(",")" + text + R"("]]}]})";
}
}

class TestLokiPushLimits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void labelLimits_data();
    void labelLimits();
    void millionStreams();

private:
    HttpResult push(const QByteArray& body)
    {
        return httpPost(m_nam, m_base, u"/loki/api/v1/push"_s, body, "application/json");
    }
    QTemporaryDir m_dir;
    std::unique_ptr<services::Workbench> m_workbench;
    QNetworkAccessManager m_nam;
    QUrl m_base;
};

void TestLokiPushLimits::initTestCase()
{
    QVERIFY(m_dir.isValid());
    services::WorkbenchOptions options;
    options.demo = false;
    options.selfScrapeInterval = 3600'000;
    options.apiListen = u"127.0.0.1:0"_s;
    options.dataDir = m_dir.path();
    m_workbench = std::make_unique<services::Workbench>(options);
    QVERIFY(!m_workbench->start());
    m_base = m_workbench->apiUrl();
    QVERIFY(m_base.isValid());
}

void TestLokiPushLimits::cleanupTestCase() { m_workbench.reset(); }

void TestLokiPushLimits::labelLimits_data()
{
    QTest::addColumn<QByteArray>("labels");
    QTest::addColumn<QByteArray>("reason");
    QByteArray many = "{";
    for (int i = 0; i < 16; ++i)
        many += QByteArray(i ? "," : "") + R"("l)" + QByteArray::number(i) + R"(":"v")";
    many += "}";
    QTest::newRow("16 label names") << many << QByteArray("has 16 label names; limit 15");
    QTest::newRow("long name") << (R"({")" + QByteArray(1025, 'n') + R"(":"v"})") << QByteArray("label name longer than 1024");
    QTest::newRow("long value") << (R"({"job":")" + QByteArray(2049, 'v') + R"("})") << QByteArray("value longer than 2048");
}

void TestLokiPushLimits::labelLimits()
{
    QFETCH(QByteArray, labels);
    QFETCH(QByteArray, reason);
    const auto r = push(line(labels, "rejected"));
    QCOMPARE(r.status, 400);
    QVERIFY2(r.body.contains(reason), r.body.constData());
    QVERIFY2(r.body.contains("total ignored: 1 out of 1"), r.body.constData());
    // Labels within the limits are accepted.
    QCOMPARE(push(line(R"({"job":"fine","a":"1"})", "kept")).status, 204);
}

void TestLokiPushLimits::millionStreams()
{
    // A million distinct streams in batches of 20,000: the store takes its 10,000 (the default limit), then every
    // push of new streams gets 429 with the reason, while a pusher on an existing stream keeps getting 204.
    constexpr int Batches = 50;
    constexpr int PerBatch = 20'000;
    QCOMPARE(push(line(R"({"job":"steady"})", "steady 0")).status, 204);
    int accepted = 0;
    int limited = 0;
    int steadyOk = 0;
    const QByteArray ts = QByteArray::number(nowMs() * 1'000'000);
    for (int b = 0; b < Batches; ++b) {
        QByteArray body = R"({"streams":[)";
        body.reserve(PerBatch * 80);
        for (int i = 0; i < PerBatch; ++i) {
            if (i)
                body += ',';
            body += R"({"stream":{"job":"storm","id":")" + QByteArray::number(b * PerBatch + i) + R"("},"values":[[")" + ts
                + R"(","x"]]})";
        }
        body += "]}";
        // The storm push and a steady push in flight together.
        QUrl url = m_base;
        url.setPath(u"/loki/api/v1/push"_s);
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        auto* storm = m_nam.post(request, body);
        const auto steady = push(line(R"({"job":"steady"})", "steady " + QByteArray::number(b + 1)));
        const auto r = waitFor(storm);
        if (steady.status == 204)
            ++steadyOk;
        if (r.status == 204) {
            ++accepted;
        } else {
            QCOMPARE(r.status, 429);
            QVERIFY2(r.body.contains("Maximum active stream limit exceeded"), r.body.constData());
            ++limited;
        }
    }
    QCOMPARE(steadyOk, Batches);
    QCOMPARE(accepted, 0); // the first batch already exceeds the limit: its first 10,000 - 2 streams are stored
    QCOMPARE(limited, Batches);

    QUrlQuery q;
    q.addQueryItem(u"match[]"_s, u"{job=\"storm\"}"_s);
    const auto series = httpGet(m_nam, m_base, u"/loki/api/v1/series"_s, q);
    QCOMPARE(series.status, 200);
    // The stream count is bounded by the limit: "fine" and "steady" took two of the 10,000.
    QCOMPARE(series.json().value(u"data").toArray().size(), 10'000 - 2);

    QUrlQuery lq;
    lq.addQueryItem(u"query"_s, u"{job=\"steady\"}"_s);
    lq.addQueryItem(u"limit"_s, u"1000"_s);
    const auto lines = httpGet(m_nam, m_base, u"/loki/api/v1/query_range"_s, lq);
    QCOMPARE(lines.status, 200);
    const auto result = lines.json().value(u"data").toObject().value(u"result").toArray();
    QCOMPARE(result.size(), 1);
    QCOMPARE(result.at(0).toObject().value(u"values").toArray().size(), Batches + 1);
}

QTEST_GUILESS_MAIN(TestLokiPushLimits)
#include "tst_loki_push_limits.moc"
