// Hostile queries over real HTTP: each gets a clear error envelope (or the limit's error) quickly, never a crash
// or a hang. The API serves an in-memory store with a small max-samples limit.
#include "../api/http_helpers.h"

#include "core/api/api_server.h"
#include "core/logstore/memory_log_store.h"
#include "core/tsdb/memory_store.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sg;
using namespace sg::testing;

class TestBadQueries : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void rejected_data();
    void rejected();
    void smallQueriesStillWork();

private:
    std::unique_ptr<services::QueryClient> m_client;
    std::unique_ptr<api::ApiServer> m_server;
    QNetworkAccessManager m_nam;
    QUrl m_base;
    static constexpr qint64 T0 = 1'700'000'000; // seconds
};

void TestBadQueries::initTestCase()
{
    auto store = std::make_shared<tsdb::MemoryStore>();
    tsdb::AppendBatch batch;
    for (int s = 0; s < 200; ++s)
        for (int i = 0; i < 20; ++i)
            batch.samples.push_back({ Labels { { "__name__", "metric_" + std::to_string(s % 7) },
                                          { "series", std::to_string(s) } },
                (T0 + i * 15) * 1000, double(i) });
    QCOMPARE(store->append(batch).appended, std::size_t(4000));
    api::ApiServerOptions options;
    options.prometheus.maxSamples = 150; // below the 200 series: even an instant selector of all of them is over
    options.prometheus.defaultTimeout = 20'000;
    m_client = std::make_unique<services::QueryClient>(store, std::make_shared<logs::MemoryLogStore>());
    m_server = std::make_unique<api::ApiServer>(m_client.get(),
        [](const logs::PushBatch&) { return logs::PushStats {}; }, nullptr, options);
    QVERIFY(m_server->listen().ok());
    m_base = m_server->url();
}

void TestBadQueries::cleanupTestCase()
{
    m_server.reset();
    m_client.reset();
}

static QString repeated(const QString& open, int n, const QString& middle, const QString& close)
{
    return open.repeated(n) + middle + close.repeated(n);
}

void TestBadQueries::rejected_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("end");
    QTest::addColumn<QString>("step");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("errorType");
    QTest::addColumn<QString>("errorContains");
    const QString t = QString::number(T0 + 200);
    QTest::addRow("10000 nested parentheses") << u"/api/v1/query"_s << repeated(u"("_s, 10'000, u"1"_s, u")"_s)
                                              << t << QString() << QString() << 400 << u"bad_data"_s << u"nest"_s;
    QTest::addRow("10000 nested calls") << u"/api/v1/query"_s << repeated(u"abs("_s, 10'000, u"metric_1"_s, u")"_s)
                                        << t << QString() << QString() << 400 << u"bad_data"_s << u"nest"_s;
    QTest::addRow("10000 unary minus") << u"/api/v1/query"_s << repeated(u"-"_s, 10'000, u"1"_s, QString()) << t
                                       << QString() << QString() << 400 << u"bad_data"_s << u"nest"_s;
    QTest::addRow("regex RE2 rejects") << u"/api/v1/query"_s << u"{__name__=~\"(?<=a)b\"}"_s << t << QString()
                                       << QString() << 400 << u"bad_data"_s << u"regular expression"_s;
    QTest::addRow("unbalanced regex") << u"/api/v1/query"_s << u"metric_1{series=~\"([0-9]\"}"_s << t << QString()
                                      << QString() << 400 << u"bad_data"_s << u"regular expression"_s;
    QTest::addRow("10 years at 1 s") << u"/api/v1/query_range"_s << u"sum(rate(metric_1[5m]))"_s
                                     << QString::number(T0 - 10LL * 365 * 86400) << QString::number(T0) << u"1"_s
                                     << 400 << u"bad_data"_s << u"11,000 points"_s;
    QTest::addRow("every series, instant") << u"/api/v1/query"_s << u"{__name__=~\".+\"}"_s << t << QString()
                                           << QString() << 422 << u"execution"_s << u"too many samples"_s;
    QTest::addRow("every series, range") << u"/api/v1/query_range"_s << u"{__name__=~\".+\"}"_s << QString::number(T0)
                                         << QString::number(T0 + 300) << u"15"_s << 422 << u"execution"_s
                                         << u"too many samples"_s;
    QTest::addRow("every series, range function") << u"/api/v1/query"_s << u"count_over_time({__name__=~\".+\"}[1h])"_s
                                                  << t << QString() << QString() << 422 << u"execution"_s
                                                  << u"too many samples"_s;
}

void TestBadQueries::rejected()
{
    QFETCH(QString, path);
    QFETCH(QString, query);
    QFETCH(QString, start);
    QFETCH(QString, end);
    QFETCH(QString, step);
    QFETCH(int, status);
    QFETCH(QString, errorType);
    QFETCH(QString, errorContains);
    // POST form: a 40 kB query does not fit every URL limit.
    QUrlQuery form;
    form.addQueryItem(u"query"_s, QString::fromLatin1(QUrl::toPercentEncoding(query)));
    if (path.endsWith(u"_range"_s)) {
        form.addQueryItem(u"start"_s, start);
        form.addQueryItem(u"end"_s, end);
        form.addQueryItem(u"step"_s, step);
    } else {
        form.addQueryItem(u"time"_s, start);
    }
    QElapsedTimer timer;
    timer.start();
    const auto r = httpPost(m_nam, m_base, path, form.query(QUrl::FullyEncoded).toUtf8(),
        "application/x-www-form-urlencoded");
    QVERIFY2(timer.elapsed() < 8'000, "the error took more than 8 s");
    const QJsonObject json = r.json();
    const QString message = json.value(u"error"_s).toString();
    QVERIFY2(r.status == status, qPrintable(u"status %1: %2"_s.arg(r.status).arg(QString::fromUtf8(r.body.left(400)))));
    QCOMPARE(json.value(u"status"_s).toString(), u"error"_s);
    QCOMPARE(json.value(u"errorType"_s).toString(), errorType);
    QVERIFY2(message.contains(errorContains, Qt::CaseInsensitive), qPrintable(message));
    QVERIFY(message.size() < 1000); // a clear message, not an echo of the whole query
}

void TestBadQueries::smallQueriesStillWork()
{
    // After all of the above the server still answers, and a query under the limit passes.
    QUrlQuery q;
    q.addQueryItem(u"query"_s, u"sum(metric_1)"_s);
    q.addQueryItem(u"time"_s, QString::number(T0 + 200));
    const auto r = httpGet(m_nam, m_base, u"/api/v1/query"_s, q);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(u"status"_s).toString(), u"success"_s);
}

QTEST_GUILESS_MAIN(TestBadQueries)
#include "tst_bad_queries.moc"
