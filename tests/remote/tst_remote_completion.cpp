// The editors' completion data against a remote datasource: QueryClientCompletionData given the uid of a remote
// (a real `sightglass serve` holding metrics and log streams the embedded stores do not have) answers metric names,
// label names and values scoped by the matchers typed, metadata and sampled log fields from that remote; without the
// uid (or with an embedded one) it answers from the embedded stores; the data diagnostics follow the same source.
#include "core/langsvc/query_client_data.h"
#include "core/logstore/memory_log_store.h"
#include "core/services/query_client.h"
#include "core/tsdb/memory_store.h"
#include "capturing_server.h"
#include "remote_stores.h"
#include "tests/common/require_peer.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace sg;

namespace {

bool contains(const std::vector<std::string>& list, const std::string& s)
{
    return std::find(list.begin(), list.end(), s) != list.end();
}

std::vector<std::string> labelsOf(const langsvc::CompletionResult& r)
{
    std::vector<std::string> out;
    for (const langsvc::CompletionItem& item : r.items)
        out.push_back(item.label);
    return out;
}

Matcher eq(const char* name, const char* value)
{
    return Matcher::make(MatchType::Equal, name, value).value();
}

} // namespace

class TestRemoteCompletion : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void metricNamesComeFromTheRemote();
    void labelsScopedByMatchers();
    void metadataOfTheRemote();
    void logStreamsAndSampledFields();
    void diagnosticsAgainstTheRemote();
    void silentRemoteIsBounded();

private:
    std::unique_ptr<langsvc::QueryClientCompletionData> data(const QString& uid) const
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        return std::make_unique<langsvc::QueryClientCompletionData>(m_client.get(), now - 3600'000, now + 60'000,
            langsvc::QueryClientCompletionData::MetadataSource(), 0, uid);
    }

    QTemporaryDir m_dir;
    QProcess m_serve;
    QString m_url;
    std::unique_ptr<services::QueryClient> m_client;
};

void TestRemoteCompletion::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // The remote: an imported metric with two handlers, and a logfmt log stream pushed to its Loki API.
    const QByteArray om = sg::testing::minuteCounterOpenMetrics({ "/api", "/login" });
    QByteArray error;
    m_url = sg::testing::startRemoteServe(m_serve, m_dir.path(), om, "{\"app\":\"remote-app\"}",
        "level=warn remote_field=42 msg=far", &error);
    QVERIFY2(!m_url.isEmpty(), error.constData());

    // The embedded stores: one metric and one stream of their own.
    auto logStore = std::make_shared<logs::MemoryLogStore>();
    logs::PushBatch lines;
    lines.streams.push_back({ Labels { { "local_app", "x" } }, { { msToNs(QDateTime::currentMSecsSinceEpoch() - 5000), "local line", {} } } });
    logStore->push(lines);
    m_client = std::make_unique<services::QueryClient>(sg::testing::metricStoreWith("local_only_total"), logStore);
    m_client->setRemoteDatasources(sg::testing::promAndLokiAt(m_url));
}

void TestRemoteCompletion::cleanupTestCase()
{
    m_client.reset();
    sg::testing::stopProcess(m_serve);
}

void TestRemoteCompletion::metricNamesComeFromTheRemote()
{
    const auto remote = data(u"team"_s)->metricNames();
    QVERIFY(contains(remote, "remote_only_requests_total"));
    QVERIFY(!contains(remote, "local_only_total"));
    for (const QString& uid : { QString(), u"sightglass-prometheus"_s, u"not-configured"_s }) {
        const auto embedded = data(uid)->metricNames();
        QVERIFY(contains(embedded, "local_only_total"));
        QVERIFY(!contains(embedded, "remote_only_requests_total"));
    }
    // Completion as the editor asks it: the remote's metric offered for what is typed.
    langsvc::CompletionRequest request;
    request.text = "remote_on";
    request.cursor = int(request.text.size());
    QVERIFY(contains(labelsOf(langsvc::complete(request, data(u"team"_s).get())), "remote_only_requests_total"));
    QVERIFY(!contains(labelsOf(langsvc::complete(request, data({}).get())), "remote_only_requests_total"));
}

void TestRemoteCompletion::labelsScopedByMatchers()
{
    auto d = data(u"team"_s);
    const Matchers scope { eq("__name__", "remote_only_requests_total") };
    const auto names = d->labelNames(langsvc::Language::PromQL, scope);
    QVERIFY(contains(names, "handler"));
    QVERIFY(contains(names, "zone"));
    QVERIFY(!contains(names, "instance")); // the remote's own scrape has it; not this metric
    const auto handlers = d->labelValues(langsvc::Language::PromQL, "handler", scope);
    QCOMPARE(handlers, (std::vector<std::string> { "/api", "/login" }));
    const Matchers narrower { eq("__name__", "remote_only_requests_total"), eq("handler", "/api") };
    QCOMPARE(d->labelValues(langsvc::Language::PromQL, "handler", narrower), std::vector<std::string> { "/api" });

    // In the editor: label values inside a selector of the remote's metric.
    langsvc::CompletionRequest request;
    request.text = "remote_only_requests_total{handler=\"";
    request.cursor = int(request.text.size());
    const auto items = labelsOf(langsvc::complete(request, d.get()));
    QVERIFY(contains(items, "/api"));
    QVERIFY(contains(items, "/login"));
}

void TestRemoteCompletion::metadataOfTheRemote()
{
    // `serve` scrapes itself: its metadata holds that scrape's metrics; the embedded client has no scrapes here.
    QVERIFY(data({})->metricMetadata().empty());
    std::vector<langsvc::MetricMetadata> metadata;
    for (int i = 0; i < 60 && metadata.empty(); ++i) {
        metadata = data(u"team"_s)->metricMetadata();
        if (metadata.empty())
            QTest::qWait(500);
    }
    QVERIFY(!metadata.empty());
    auto expected = m_client->remoteClient(u"team"_s)->metadata();
    QVERIFY(expected.ok());
    const auto found = std::find_if(metadata.begin(), metadata.end(),
        [&](const langsvc::MetricMetadata& m) { return m.name == expected->front().name; });
    QVERIFY(found != metadata.end());
    QCOMPARE(found->help, expected->front().help);
    // Hover over that metric shows its TYPE and HELP from the remote.
    const std::string text = found->name;
    const auto hover = langsvc::hoverAt(langsvc::Language::PromQL, text, 1, data(u"team"_s).get());
    QVERIFY(hover);
    QVERIFY(hover->metric);
    QVERIFY2(hover->markdown.find(found->type) != std::string::npos, hover->markdown.c_str());
    // A Loki remote keeps no metric metadata.
    QVERIFY(data(u"team-logs"_s)->metricMetadata().empty());
}

void TestRemoteCompletion::logStreamsAndSampledFields()
{
    auto d = data(u"team-logs"_s);
    const auto names = d->labelNames(langsvc::Language::LogQL, {});
    QVERIFY(contains(names, "app"));
    QVERIFY(!contains(names, "local_app"));
    QCOMPARE(d->labelValues(langsvc::Language::LogQL, "app", {}), std::vector<std::string> { "remote-app" });
    QVERIFY(contains(data({})->labelNames(langsvc::Language::LogQL, {}), "local_app"));

    const auto samples = d->sampleLogs("{app=\"remote-app\"}", 10);
    QCOMPARE(int(samples.size()), 1);
    QCOMPARE(samples[0].line, std::string("level=warn remote_field=42 msg=far"));
    QCOMPARE(std::string(samples[0].labels.get("app")), std::string("remote-app"));

    // The fields detected in the remote's lines, after a parser stage.
    langsvc::CompletionRequest request;
    request.language = langsvc::Language::LogQL;
    request.text = "{app=\"remote-app\"} | logfmt | remote";
    request.cursor = int(request.text.size());
    QVERIFY(contains(labelsOf(langsvc::complete(request, d.get())), "remote_field"));
}

void TestRemoteCompletion::diagnosticsAgainstTheRemote()
{
    // A metric the remote lacks is flagged against it, and not against the embedded store that has it.
    const auto remote = langsvc::dataDiagnostics(langsvc::Language::PromQL, "rate(local_only_total[5m])", *data(u"team"_s));
    QCOMPARE(int(remote.size()), 1);
    QVERIFY(QString::fromStdString(remote[0].message).contains(u"local_only_total"_s));
    QVERIFY(langsvc::dataDiagnostics(langsvc::Language::PromQL, "rate(local_only_total[5m])", *data({})).empty());
    QVERIFY(langsvc::dataDiagnostics(langsvc::Language::PromQL, "rate(remote_only_requests_total[5m])", *data(u"team"_s)).empty());
}

void TestRemoteCompletion::silentRemoteIsBounded()
{
    // A remote that accepts and never answers, configured with a minute's timeout: completion gives up after its own
    // bound and completes without the remote's data; the embedded datasource is unaffected.
    CapturingServer silent({});
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    services::QueryClient client(sg::testing::metricStoreWith("local_only_total"), std::make_shared<logs::MemoryLogStore>());
    remote::RemoteDatasource d = sg::testing::promAndLokiAt(u"http://127.0.0.1:"_s + QString::number(silent.serverPort())).front();
    d.timeoutMs = 60'000;
    client.setRemoteDatasources({ d });
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    langsvc::QueryClientCompletionData data(&client, now - 3600'000, now, {}, 10'000, d.uid);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(data.metricNames().empty());
    const qint64 elapsed = clock.elapsed();
    QVERIFY2(elapsed >= langsvc::QueryClientCompletionData::RemoteCompletionTimeoutMs - 500
            && elapsed < langsvc::QueryClientCompletionData::RemoteCompletionTimeoutMs + 3000,
        qPrintable(QString::number(elapsed)));
    QVERIFY(silent.received.contains("/api/v1/label/__name__/values"));
    // Label answers are kept for the cache time: the same question does not wait again.
    const Matchers scope { eq("__name__", "x") };
    data.labelNames(langsvc::Language::PromQL, scope);
    clock.restart();
    QVERIFY(data.labelNames(langsvc::Language::PromQL, scope).empty());
    QVERIFY(clock.elapsed() < 1000);
    langsvc::QueryClientCompletionData embedded(&client, now - 3600'000, now, {}, 10'000, {});
    QVERIFY(contains(embedded.metricNames(), "local_only_total"));
}

QTEST_GUILESS_MAIN(TestRemoteCompletion)
#include "tst_remote_completion.moc"
