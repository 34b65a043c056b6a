// Promtail's clients in Sightglass: `clients:` read as Promtail reads it, and LokiClient's pushes as a remote Loki
// sees them: protobuf + snappy with the tenant, auth and external labels; batches split at batchsize; 5xx and 429
// retried with backoff (Retry-After honoured), 400 dropped and counted, max_retries kept; and the collector's
// batches acknowledged only once the remote has every line of them.

#include "core/api/loki_push.h"
#include "core/forward/loki_client.h"
#include "core/ingest/promtail_config.h"
#include "scripted_loki.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sg;

namespace {

logs::PushBatch batchOf(const std::string& job, int first, int count, std::size_t padding = 0)
{
    logs::Stream s { Labels { { "job", job } }, {} };
    for (int i = first; i < first + count; ++i)
        s.entries.push_back(logs::LogEntry { 1'700'000'000'000'000'000LL + i, "line " + std::to_string(i) + std::string(padding, '.'), {} });
    return logs::PushBatch { { std::move(s) } };
}

/// Every line of the pushes `requests` carried, in order, with its stream's labels.
QStringList linesOf(const std::vector<ReceivedRequest>& requests, QStringList* labels = nullptr)
{
    QStringList out;
    for (const ReceivedRequest& r : requests) {
        auto decoded = api::decodePush(r.body, "application/x-protobuf", "", api::PushLimits { .rejectOlderThan = 0 }, 1'700'000'001'000'000'000LL);
        if (!decoded.ok())
            return { u"undecodable: "_s + QString::fromStdString(decoded.error().message) };
        for (const auto& s : decoded.value().batch.streams)
            for (const auto& e : s.entries) {
                out << QString::fromStdString(e.line);
                if (labels)
                    *labels << QString::fromStdString(s.labels.toString());
            }
    }
    return out;
}

ingest::ClientConfig clientFor(const ScriptedLoki& loki)
{
    ingest::ClientConfig c;
    c.url = loki.url().toStdString();
    c.batchWait = 50;
    c.backoff.minPeriod = 50;
    c.backoff.maxPeriod = 200;
    return c;
}

} // namespace

class TestLokiClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesPromtailClients()
    {
        QTemporaryDir dir;
        const QString tokenFile = dir.filePath(u"token"_s);
        QFile f(tokenFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("s3cret\n");
        f.close();
        const std::string yaml = "clients:\n"
                                 "  - url: http://loki:3100/loki/api/v1/push\n"
                                 "    tenant_id: team-a\n"
                                 "    batchwait: 2s\n"
                                 "    batchsize: 512KiB\n"
                                 "    timeout: 5s\n"
                                 "    external_labels: {host: laptop}\n"
                                 "    backoff_config: {min_period: 1s, max_period: 1m, max_retries: 3}\n"
                                 "    basic_auth: {username: u, password: p}\n"
                                 "  - url: https://logs.example/loki/api/v1/push\n"
                                 "    bearer_token_file: " + tokenFile.toStdString() + "\n"
                                 "    tls_config: {insecure_skip_verify: true}\n"
                                 "scrape_configs: []\n";
        auto config = ingest::parsePromtailConfig(yaml, "promtail.yaml");
        QVERIFY2(config.ok(), config.ok() ? "" : config.error().message.c_str());
        const auto& clients = config.value().clients;
        QCOMPARE(clients.size(), std::size_t(2));
        QCOMPARE(clients[0].tenantId, std::string("team-a"));
        QCOMPARE(clients[0].batchWait, DurationMs(2000));
        QCOMPARE(clients[0].batchSize, std::size_t(512 * 1024));
        QCOMPARE(clients[0].timeout, DurationMs(5000));
        QCOMPARE(clients[0].externalLabels.at("host"), std::string("laptop"));
        QCOMPARE(clients[0].backoff.maxRetries, 3);
        QCOMPARE(clients[0].backoff.maxPeriod, DurationMs(60'000));
        QCOMPARE(clients[0].authorization, "Basic " + QByteArray("u:p").toBase64().toStdString());
        QCOMPARE(clients[1].authorization, std::string("Bearer s3cret"));
        QVERIFY(clients[1].tls.insecureSkipVerify);

        auto bad = ingest::parsePromtailConfig("clients:\n  - url: http://x/loki/api/v1/push\n    batchwiat: 1s\n", "p.yaml");
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().message, std::string("p.yaml:3: batchwiat: field batchwiat not found in client"));
        auto noUrl = ingest::parsePromtailConfig("clients:\n  - tenant_id: x\n", "p.yaml");
        QVERIFY(!noUrl.ok());
        QVERIFY2(QByteArray::fromStdString(noUrl.error().message).contains("url: required"), noUrl.error().message.c_str());
    }

    void deliversWithTenantAuthAndExternalLabels()
    {
        ScriptedLoki loki({});
        ingest::ClientConfig c = clientFor(loki);
        c.tenantId = "team-a";
        c.authorization = "Bearer t0ken";
        c.externalLabels = { { "host", "laptop" }, { "job", "ignored-the-stream-has-one" } };
        forward::LokiClient client(c);
        std::vector<quint64> acked;
        client.setAcknowledge([&](quint64 seq) { acked.push_back(seq); });
        client.start();
        client.enqueue(batchOf("api", 0, 3), 1);
        client.enqueue(batchOf("api", 3, 2), 2);
        QTRY_COMPARE(acked.size(), std::size_t(2));
        QCOMPARE(acked, (std::vector<quint64> { 1, 2 }));
        QCOMPARE(loki.requests.size(), std::size_t(1)); // both batches within batchwait: one push
        const ReceivedRequest& r = loki.requests.front();
        QVERIFY(r.head.startsWith("POST /loki/api/v1/push "));
        QCOMPARE(r.header("content-type"), QByteArray("application/x-protobuf"));
        QCOMPARE(r.header("x-scope-orgid"), QByteArray("team-a"));
        QCOMPARE(r.header("authorization"), QByteArray("Bearer t0ken"));
        QStringList labels;
        QCOMPARE(linesOf(loki.requests, &labels), (QStringList { u"line 0"_s, u"line 1"_s, u"line 2"_s, u"line 3"_s, u"line 4"_s }));
        QCOMPARE(labels.first(), uR"({host="laptop", job="api"})"_s);
        const forward::ClientStats stats = client.stats();
        QCOMPARE(stats.sentEntries, std::uint64_t(5));
        QCOMPARE(stats.pendingEntries, std::uint64_t(0));
        QVERIFY(stats.lastError.empty());
    }

    void retriesServerErrorsAndHonoursRetryAfter()
    {
        ScriptedLoki loki({ httpAnswer(500, {}, "ingester down"), httpAnswer(429, "Retry-After: 1\r\n", "slow down") });
        forward::LokiClient client(clientFor(loki));
        std::vector<quint64> acked;
        client.setAcknowledge([&](quint64 seq) { acked.push_back(seq); });
        client.start();
        client.enqueue(batchOf("api", 0, 4), 7);
        QTRY_COMPARE_WITH_TIMEOUT(acked.size(), std::size_t(1), 10'000);
        QCOMPARE(acked.front(), quint64(7));
        QCOMPARE(loki.requests.size(), std::size_t(3));
        QVERIFY(loki.requests[1].atMs - loki.requests[0].atMs >= 40);   // min_period after the 500
        QVERIFY(loki.requests[2].atMs - loki.requests[1].atMs >= 950);  // Retry-After: 1 after the 429
        QCOMPARE(loki.requests[0].body, loki.requests[2].body);        // the same push, sent again
        QCOMPARE(client.stats().retries, std::uint64_t(2));
        QCOMPARE(client.stats().sentEntries, std::uint64_t(4));
        QCOMPARE(client.stats().droppedEntries, std::uint64_t(0));
    }

    void dropsWhatTheRemoteRefusesForGood()
    {
        ScriptedLoki loki({ httpAnswer(400, {}, "entry too far behind") });
        forward::LokiClient client(clientFor(loki));
        std::vector<quint64> acked;
        client.setAcknowledge([&](quint64 seq) { acked.push_back(seq); });
        client.start();
        client.enqueue(batchOf("api", 0, 3), 1);
        QTRY_COMPARE(acked.size(), std::size_t(1));
        QCOMPARE(loki.requests.size(), std::size_t(1)); // not retried
        QCOMPARE(client.stats().droppedEntries, std::uint64_t(3));
        QVERIFY2(client.stats().lastError.find("HTTP 400: entry too far behind") != std::string::npos, client.stats().lastError.c_str());
        client.enqueue(batchOf("api", 3, 1), 2); // the next batch goes on
        QTRY_COMPARE(acked.size(), std::size_t(2));
        QCOMPARE(client.stats().sentEntries, std::uint64_t(1));
    }

    void givesUpAfterMaxRetries()
    {
        ScriptedLoki loki({ httpAnswer(503), httpAnswer(503), httpAnswer(503), httpAnswer(503) });
        ingest::ClientConfig c = clientFor(loki);
        c.backoff.maxRetries = 2;
        forward::LokiClient client(c);
        std::vector<quint64> acked;
        client.setAcknowledge([&](quint64 seq) { acked.push_back(seq); });
        client.start();
        client.enqueue(batchOf("api", 0, 2), 1);
        QTRY_COMPARE_WITH_TIMEOUT(acked.size(), std::size_t(1), 5000);
        QCOMPARE(loki.requests.size(), std::size_t(3)); // the first try and two retries
        QCOMPARE(client.stats().droppedEntries, std::uint64_t(2));
    }

    void splitsABatchLargerThanBatchsize()
    {
        ScriptedLoki loki({});
        ingest::ClientConfig c = clientFor(loki);
        c.batchSize = 100;
        forward::LokiClient client(c);
        std::vector<quint64> acked;
        client.setAcknowledge([&](quint64 seq) { acked.push_back(seq); });
        client.start();
        client.enqueue(batchOf("api", 0, 10, 24), 1); // 10 lines of ~31 bytes
        client.enqueue(batchOf("api", 10, 1), 2);
        QTRY_COMPARE(acked.size(), std::size_t(2));
        QCOMPARE(acked, (std::vector<quint64> { 1, 2 }));
        QVERIFY2(loki.requests.size() >= 3, qPrintable(QString::number(loki.requests.size())));
        const QStringList lines = linesOf(loki.requests);
        QCOMPARE(lines.size(), 11);
        for (int i = 0; i < 11; ++i)
            QVERIFY2(lines[i].startsWith(u"line %1"_s.arg(i)), qPrintable(lines.join(u'|')));
        for (const ReceivedRequest& r : loki.requests)
            QVERIFY(linesOf({ r }).join(QString()).size() <= 100 + 31);
    }
};

QTEST_GUILESS_MAIN(TestLokiClient)
#include "tst_loki_client.moc"
