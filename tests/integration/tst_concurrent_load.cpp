// Everything at once, as a working session with Grafana beside it: the demo scraped four times a second, Loki
// pushes over HTTP, PromQL and LogQL from worker threads and over HTTP, and the window's dashboard refreshing.
// Under `scripts/test --sanitize thread` this is the suite's race detector (scrape + push + query + UI); in
// every run it checks that each acknowledged line is stored and each query answers while all of it runs.
#include "../api/http_helpers.h"
#include "demo_window.h"

#include "core/services/workbench.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using namespace sg;
using namespace sg::services;

namespace {
constexpr int Pushes = 60;
constexpr int LinesPerPush = 50;

QByteArray pushBody(int push, qint64 nowNs)
{
    QJsonArray values;
    for (int i = 0; i < LinesPerPush; ++i)
        values.append(QJsonArray { QString::number(nowNs + i), u"push=%1 line=%2 level=info"_s.arg(push).arg(i) });
    const QJsonObject stream { { u"job"_s, u"load"_s }, { u"pusher"_s, u"p%1"_s.arg(push % 3) } };
    const QJsonObject body { { u"streams"_s, QJsonArray { QJsonObject { { u"stream"_s, stream }, { u"values"_s, values } } } } };
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}
}

class TestConcurrentLoad : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        ui::applyDarkTheme(*qApp);
        WorkbenchOptions options;
        options.dataDir = m_dir.path() + u"/data"_s;
        options.demoScrapeInterval = 250;
        options.selfScrapeInterval = 250;
        options.apiListen = u"127.0.0.1:0"_s;
        m_workbench = std::make_unique<Workbench>(options);
        QSignalSpy ready(m_workbench.get(), &Workbench::ready);
        auto error = m_workbench->start();
        QVERIFY2(!error, error ? error->message.c_str() : "");
        QVERIFY(ready.wait(30'000) || m_workbench->isReady());
        QVERIFY(showMainWindow(*m_workbench, m_window));
    }

    void everythingAtOnce()
    {
        QueryClient* client = m_workbench->queryClient();
        std::atomic_bool stop { false };
        std::atomic<int> answered { 0 }, failed { 0 };
        std::vector<std::thread> readers;
        for (int r = 0; r < 2; ++r)
            readers.emplace_back([&, r] {
                while (!stop.load()) {
                    const TimestampMs now = nowMs();
                    const bool ok = r == 0
                        ? client->evalPromQL("sum by (code) (rate(http_requests_total[1m]))", now - 300'000, now, 5'000).ok()
                        : client->evalLogQL("sum by (pusher) (count_over_time({job=\"load\"}[1m]))",
                                    logql::QueryParams { msToNs(now - 300'000), msToNs(now), 5'000 })
                              .ok();
                    (ok ? answered : failed).fetch_add(1);
                }
            });

        QNetworkAccessManager nam;
        const QUrl api = m_workbench->apiUrl();
        QVERIFY(api.isValid());
        std::vector<QNetworkReply*> pushes, queries;
        const qint64 startNs = qint64(nowMs()) * 1'000'000;
        QElapsedTimer clock;
        clock.start();
        for (int p = 0; p < Pushes; ++p) {
            QNetworkRequest push(api.resolved(QUrl(u"/loki/api/v1/push"_s)));
            push.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
            pushes.push_back(nam.post(push, pushBody(p, startNs + qint64(p) * LinesPerPush)));
            QUrl q = api.resolved(QUrl(p % 2 ? u"/api/v1/query"_s : u"/loki/api/v1/query"_s));
            q.setQuery(QUrlQuery { { u"query"_s,
                p % 2 ? u"sum by (job) (rate(http_requests_total[1m]))"_s : u"sum(count_over_time({job=\"load\"}[5m]))"_s } });
            queries.push_back(nam.get(QNetworkRequest(q)));
            if (p % 10 == 0)
                m_window->refresh(); // the dashboard's panels query through the same client meanwhile
            QTest::qWait(50);
        }
        for (auto* reply : pushes)
            QCOMPARE(testing::waitFor(reply).status, 204);
        for (auto* reply : queries) {
            const auto r = testing::waitFor(reply);
            QVERIFY2(r.status == 200, r.body.left(300).constData());
        }
        QTest::qWait(500);
        stop = true;
        for (auto& t : readers)
            t.join();
        qInfo("%d pushes, %d HTTP queries and %d client queries in %lld ms", Pushes, Pushes, answered.load(),
            qint64(clock.elapsed()));
        QCOMPARE(failed.load(), 0);
        QVERIFY(answered.load() > 2);

        // every acknowledged line is there
        const TimestampMs now = nowMs();
        auto count = client->evalLogQL("sum(count_over_time({job=\"load\"}[10m]))",
            logql::QueryParams { msToNs(now - 600'000), msToNs(now + 1'000), 0 });
        QVERIFY2(count.ok(), count.ok() ? "" : count.error().message.c_str());
        QCOMPARE(count->value.vector.size(), std::size_t(1));
        QCOMPARE(count->value.vector.front().v, double(Pushes * LinesPerPush));
        // and scraping went on meanwhile (its success is the demo's; a slow sanitizer build may time some out)
        auto scrapes = client->evalPromQL("count_over_time(up{job=\"fastapi\"}[10s])", now, now, 0);
        QVERIFY2(scrapes.ok(), scrapes.ok() ? "" : scrapes.error().message.c_str());
        QVERIFY(!scrapes->value.vector.empty());
        QVERIFY2(scrapes->value.vector.front().v >= 3, qPrintable(QString::number(scrapes->value.vector.front().v)));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_workbench.reset();
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Workbench> m_workbench;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestConcurrentLoad)
#include "tst_concurrent_load.moc"
