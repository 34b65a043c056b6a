// `/api/v1/metadata` from what a real scrape saw: a /metrics endpoint with HELP/TYPE/UNIT lines is scraped by a
// ScrapeManager over loopback, and the API served over HTTP lists the metadata per metric name as Prometheus does.
#include "../api/http_helpers.h"

#include "core/api/api_server.h"
#include "core/logstore/memory_log_store.h"
#include "core/metrics/metrics_endpoint.h"
#include "core/scrape/scrape_manager.h"
#include "core/tsdb/memory_store.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sg;
using namespace sg::testing;

class TestMetadataApi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void metadataFromScrapes();
};

void TestMetadataApi::metadataFromScrapes()
{
    scrape::ScrapeManager::registerMetaTypes();
    auto exposition = [] {
        return std::string("# HELP http_requests_total Requests served, by code.\n"
                           "# TYPE http_requests_total counter\n"
                           "http_requests_total{code=\"200\"} 10\n"
                           "http_requests_total{code=\"500\"} 1\n"
                           "# HELP temperature_celsius Board temperature from C:\\\\sensors.\n"
                           "# TYPE temperature_celsius gauge\n"
                           "temperature_celsius 21.5\n"
                           "no_metadata_total 3\n");
    };
    metrics::MetricsEndpoint a(exposition), b(exposition);
    QVERIFY(a.listen() != 0);
    QVERIFY(b.listen() != 0);
    scrape::ScrapeManager manager;
    manager.setInitialOffsetCap(0);
    QSignalSpy scraped(&manager, &scrape::ScrapeManager::targetScraped);
    std::vector<scrape::TargetConfig> targets(2);
    targets[0].job = u"one"_s;
    targets[0].url = a.url();
    targets[1].job = u"two"_s;
    targets[1].url = b.url();
    for (auto& t : targets)
        t.interval = 3'600'000;
    manager.setTargets(targets);
    QTRY_COMPARE_WITH_TIMEOUT(scraped.size(), 2, 10'000);

    services::QueryClient client(std::make_shared<tsdb::MemoryStore>(), std::make_shared<logs::MemoryLogStore>());
    api::ApiServer server(&client, [](const logs::PushBatch&) { return logs::PushStats {}; }, &manager);
    QVERIFY(server.listen().ok());
    QNetworkAccessManager nam;

    auto r = httpGet(nam, server.url(), u"/api/v1/metadata"_s);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(u"status"_s).toString(), u"success"_s);
    const QJsonObject data = r.json().value(u"data"_s).toObject();
    // Two targets expose the same metadata: one entry per metric.
    const QJsonArray requests = data.value(u"http_requests_total"_s).toArray();
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests[0].toObject().value(u"type"_s).toString(), u"counter"_s);
    QCOMPARE(requests[0].toObject().value(u"help"_s).toString(), u"Requests served, by code."_s);
    QCOMPARE(requests[0].toObject().value(u"unit"_s).toString(), QString());
    const QJsonArray temperature = data.value(u"temperature_celsius"_s).toArray();
    QCOMPARE(temperature.size(), 1);
    QCOMPARE(temperature[0].toObject().value(u"type"_s).toString(), u"gauge"_s);
    QCOMPARE(temperature[0].toObject().value(u"help"_s).toString(), u"Board temperature from C:\\sensors."_s);

    QUrlQuery one;
    one.addQueryItem(u"metric"_s, u"temperature_celsius"_s);
    const QJsonObject only = httpGet(nam, server.url(), u"/api/v1/metadata"_s, one).json().value(u"data"_s).toObject();
    QCOMPARE(only.keys(), QStringList { u"temperature_celsius"_s });
    QUrlQuery limited;
    limited.addQueryItem(u"limit"_s, u"1"_s);
    QCOMPARE(httpGet(nam, server.url(), u"/api/v1/metadata"_s, limited).json().value(u"data"_s).toObject().size(), 1);
    QUrlQuery bad;
    bad.addQueryItem(u"limit"_s, u"many"_s);
    const auto e = httpGet(nam, server.url(), u"/api/v1/metadata"_s, bad);
    QCOMPARE(e.status, 400);
    QCOMPARE(e.json().value(u"errorType"_s).toString(), u"bad_data"_s);

    // A removed target's metadata goes with it.
    manager.setTargets({});
    QCOMPARE(httpGet(nam, server.url(), u"/api/v1/metadata"_s).body, QByteArray(R"({"status":"success","data":{}})"));
    manager.stop();
}

QTEST_GUILESS_MAIN(TestMetadataApi)
#include "tst_metadata_api.moc"
