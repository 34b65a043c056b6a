// One remote-write queue against a scripted loopback receiver: what it sends (labels with external labels and
// write_relabel_configs, Remote Write headers, every sample once), retry with backoff on 500, Retry-After on 429,
// a 400 dropped and counted as failed, the WAL followed as it is written, the saved position resumed (per shard,
// exactly), a receiver that goes away and comes back, metadata, and HTTPS with a CA file and basic auth.

#include "core/remotewrite/queue_manager.h"
#include "core/remotewrite/write_request.h"
#include "core/tsdb/wal.h"
#include "fake_receiver.h"
#include "remote_write.pb.h"
#include "tests/common/require_peer.h"

#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <snappy.h>

#include <algorithm>
#include <map>
#include <numeric>

using namespace Qt::StringLiterals;
using namespace sg;

namespace {

/// A WAL with `series` series (`job=app`, `i=N`) and `scrapes` samples each; one samples record per scrape.
void writeWal(const std::string& dir, int series, int scrapes, int firstScrape = 0, bool withSeries = true)
{
    auto wal = tsdb::WalWriter::open(dir, 1u << 20, tsdb::WalSync::Never);
    QVERIFY(wal.ok());
    if (withSeries)
        for (int s = 0; s < series; ++s)
            (*wal)->addSeries(tsdb::SeriesRef(s),
                Labels { { "__name__", s % 2 ? "keep_me" : "go_drop_me" }, { "job", "app" }, { "i", std::to_string(s) } });
    for (int k = firstScrape; k < firstScrape + scrapes; ++k) {
        std::vector<tsdb::WalSample> samples;
        for (int s = 0; s < series; ++s)
            samples.push_back(tsdb::WalSample { tsdb::SeriesRef(s), 1'000'000 + k * 1000, double(k * 10 + s) });
        (*wal)->addSamples(samples);
        QVERIFY(!(*wal)->commit());
    }
}

remotewrite::RemoteWriteConfig config(const QString& url)
{
    remotewrite::RemoteWriteConfig c;
    c.name = "test";
    c.url = url.toStdString();
    c.queue.batchSendDeadline = 50;
    c.queue.minBackoff = 100;
    c.queue.maxBackoff = 400;
    c.queue.maxSamplesPerSend = 1000;
    c.metadata.send = false;
    c.remoteTimeout = 5'000;
    return c;
}

remotewrite::WalPosition walEnd(const std::string& dir)
{
    const auto segments = tsdb::walSegments(dir);
    return { segments.back().first, std::uint64_t(QFileInfo(QString::fromStdString(segments.back().second)).size()) };
}

/// A WAL being written as a scrape loop writes it: 20 series (`m`, `i=N`), then one samples record per append(k).
/// Small segments, so a reader crosses several.
struct LiveWal
{
    explicit LiveWal(const std::string& dir)
    {
        auto opened = tsdb::WalWriter::open(dir, 1024, tsdb::WalSync::Never);
        QVERIFY(opened.ok());
        writer = std::move(*opened);
        for (int s = 0; s < 20; ++s)
            writer->addSeries(tsdb::SeriesRef(s), Labels { { "__name__", "m" }, { "i", std::to_string(s) } });
        QVERIFY(!writer->commit());
    }
    /// Samples at 5 s + k s, valued k.
    void append(int k)
    {
        std::vector<tsdb::WalSample> samples;
        for (int s = 0; s < 20; ++s)
            samples.push_back(tsdb::WalSample { tsdb::SeriesRef(s), 5'000 + k * 1000, double(k) });
        writer->addSamples(samples);
        QVERIFY(!writer->commit());
    }
    std::unique_ptr<tsdb::WalWriter> writer;
};

} // namespace

class TestRemoteWriteQueue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sendsLabelsAndSamples();
    void retriesServerErrorsWithBackoff();
    void honoursRetryAfter();
    void badRequestIsFailedNotRetried();
    void followsTheLiveWalAndResumes();
    void wakesOnWalWrites();
    void survivesReceiverRestart();
    void resumesEachShardExactly();
    void sendsMetadata();
    void tlsWithCaFileAndBasicAuth();
    void encodesWhatTheDecoderReads();
    void shardFifoKeepsOrderAcrossChunks();
};

void TestRemoteWriteQueue::sendsLabelsAndSamples()
{
    QTemporaryDir dir;
    const std::string wal = dir.filePath(u"wal"_s).toStdString();
    writeWal(wal, 10, 5);
    FakeReceiver receiver;
    auto c = config(receiver.url());
    c.headers["X-Scope-OrgID"] = "t1";
    auto relabel = scrape::makeRelabelConfig(scrape::RelabelConfig {
        .sourceLabels = { "__name__" }, .regex = "go_.*", .action = scrape::RelabelAction::Drop });
    QVERIFY(relabel.ok());
    c.writeRelabelConfigs.push_back(*relabel);
    remotewrite::QueueDeps deps;
    deps.walDir = wal;
    deps.progressFile = dir.filePath(u"pos"_s).toStdString();
    deps.externalLabels = Labels { { "cluster", "laptop" }, { "job", "ignored-series-wins" } };
    remotewrite::QueueManager queue(c, deps);
    queue.start();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.accepted.size(), std::size_t(25), 10'000); // 5 kept series × 5 scrapes
    QTRY_VERIFY_WITH_TIMEOUT(queue.committed() >= walEnd(wal), 5000);
    for (const auto& s : receiver.accepted) {
        QCOMPARE(s.labels.metricName(), std::string_view("keep_me"));
        QCOMPARE(s.labels.get("cluster"), std::string_view("laptop"));
        QCOMPARE(s.labels.get("job"), std::string_view("app"));
        const int i = std::stoi(std::string(s.labels.get("i")));
        const int k = int(s.t - 1'000'000) / 1000;
        QCOMPARE(s.v, double(k * 10 + i));
    }
    const auto status = queue.status();
    QCOMPARE(status.samplesSent, 25.0);
    QCOMPARE(status.samplesDropped, 25.0);
    QCOMPARE(status.samplesFailed, 0.0);
    const QByteArray head = receiver.headers.front();
    QVERIFY(head.startsWith("POST /api/v1/write HTTP/1.1"));
    for (const char* h : { "Content-Encoding: snappy", "Content-Type: application/x-protobuf",
             "X-Prometheus-Remote-Write-Version: 0.1.0", "User-Agent: Sightglass/", "X-Scope-OrgID: t1" })
        QVERIFY2(head.contains(h), h);
    queue.stop();
    QCOMPARE(remotewrite::loadQueueProgress(deps.progressFile).committed, walEnd(wal));
}

void TestRemoteWriteQueue::retriesServerErrorsWithBackoff()
{
    QTemporaryDir dir;
    const std::string wal = dir.filePath(u"wal"_s).toStdString();
    writeWal(wal, 4, 1);
    FakeReceiver receiver;
    receiver.script = { { 500, {} }, { 503, {} }, { 502, {} } };
    remotewrite::QueueDeps deps { wal, dir.filePath(u"pos"_s).toStdString() };
    remotewrite::QueueManager queue(config(receiver.url()), deps);
    queue.start();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.accepted.size(), std::size_t(4), 10'000);
    QCOMPARE(receiver.requests, 4);
    // backoff 100 ms, 200 ms, 400 ms (min_backoff doubling, capped by max_backoff)
    const auto& a = receiver.arrivals;
    QVERIFY2(a[1] - a[0] >= 90 && a[2] - a[1] >= 190 && a[3] - a[2] >= 390,
        qPrintable(u"%1 %2 %3"_s.arg(a[1] - a[0]).arg(a[2] - a[1]).arg(a[3] - a[2])));
    QVERIFY(a[3] - a[2] < 2'000);
    const auto status = queue.status();
    QCOMPARE(status.samplesSent, 4.0);
    QCOMPARE(status.samplesRetried, 12.0); // 4 samples × 3 retries
    QCOMPARE(status.samplesFailed, 0.0);
}

void TestRemoteWriteQueue::honoursRetryAfter()
{
    QTemporaryDir dir;
    const std::string wal = dir.filePath(u"wal"_s).toStdString();
    writeWal(wal, 3, 1);
    FakeReceiver receiver;
    receiver.script = { { 429, "2" } };
    remotewrite::QueueDeps deps { wal, dir.filePath(u"pos"_s).toStdString() };
    remotewrite::QueueManager queue(config(receiver.url()), deps);
    queue.start();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.accepted.size(), std::size_t(3), 10'000);
    QCOMPARE(receiver.requests, 2);
    const qint64 waited = receiver.arrivals[1] - receiver.arrivals[0];
    QVERIFY2(waited >= 1'900 && waited < 4'000, qPrintable(QString::number(waited))); // not the 100 ms backoff
    QCOMPARE(queue.status().samplesRetried, 3.0);
}

void TestRemoteWriteQueue::badRequestIsFailedNotRetried()
{
    QTemporaryDir dir;
    const std::string wal = dir.filePath(u"wal"_s).toStdString();
    writeWal(wal, 5, 2);
    FakeReceiver receiver;
    auto c = config(receiver.url());
    c.queue.maxSamplesPerSend = 5; // one request per scrape
    receiver.script = { { 400, {} } };
    remotewrite::QueueDeps deps { wal, dir.filePath(u"pos"_s).toStdString() };
    remotewrite::QueueManager queue(c, deps);
    queue.start();
    QTRY_VERIFY_WITH_TIMEOUT(queue.committed() >= walEnd(wal), 10000); // the refused batch does not hold the queue back
    QTRY_COMPARE(queue.status().samplesSent, 5.0);
    const auto status = queue.status();
    QCOMPARE(status.samplesFailed, 5.0);
    QCOMPARE(status.samplesRetried, 0.0);
    QCOMPARE(receiver.requests, 2);
    QVERIFY(status.lastError.empty()); // the later success cleared it
}

void TestRemoteWriteQueue::followsTheLiveWalAndResumes()
{
    QTemporaryDir dir;
    const std::string wal = dir.filePath(u"wal"_s).toStdString();
    const std::string pos = dir.filePath(u"pos"_s).toStdString();
    LiveWal live(wal);
    auto append = [&](int k) { live.append(k); };
    FakeReceiver receiver;
    {
        remotewrite::QueueDeps deps { wal, pos };
        remotewrite::QueueManager queue(config(receiver.url()), deps);
        queue.start();
        for (int k = 0; k < 30; ++k) {
            append(k);
            QTest::qWait(5);
        }
        QTRY_COMPARE_WITH_TIMEOUT(receiver.accepted.size(), std::size_t(600), 10'000);
        QVERIFY(tsdb::walSegments(wal).size() > 3);
        QTRY_VERIFY_WITH_TIMEOUT(queue.committed() >= walEnd(wal), 5000);
    } // stopped: the position is saved
    for (int k = 30; k < 40; ++k)
        append(k);
    receiver.accepted.clear();
    // the series records are in older segments than the saved position: labels come from the lookup
    remotewrite::QueueDeps deps { wal, pos };
    deps.labelsOf = [](tsdb::SeriesRef ref) -> std::optional<Labels> {
        return Labels { { "__name__", "m" }, { "i", std::to_string(ref) } };
    };
    remotewrite::QueueManager again(config(receiver.url()), deps);
    again.start();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.accepted.size(), std::size_t(200), 10'000);
    QTest::qWait(300);
    QCOMPARE(receiver.accepted.size(), std::size_t(200)); // only what came after the saved position
    for (const auto& s : receiver.accepted)
        QVERIFY(s.t >= 5'000 + 30 * 1000);
}

void TestRemoteWriteQueue::wakesOnWalWrites()
{
    QTemporaryDir dir;
    const std::string wal = dir.filePath(u"wal"_s).toStdString();
    LiveWal live(wal);
    auto append = [&](int k) { live.append(k); };
    FakeReceiver receiver;
    remotewrite::QueueDeps deps { wal, dir.filePath(u"pos"_s).toStdString() };
    deps.idlePoll = 600'000; // the watcher never looks on its own within this test: only the writer wakes it
    remotewrite::QueueManager queue(config(receiver.url()), deps);
    live.writer->setCommitHook([wakeup = queue.walWakeup()] { wakeup->notify(); });
    queue.start();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.accepted.size(), std::size_t(0), 1000); // the series record only
    QTest::qWait(300); // the watcher is asleep now
    for (int k = 0; k < 10; ++k) {
        append(k);
        QTest::qWait(20);
    }
    QTRY_COMPARE_WITH_TIMEOUT(receiver.accepted.size(), std::size_t(200), 5'000);
    QVERIFY(tsdb::walSegments(wal).size() > 1);

    // without the hook a write goes unseen until something wakes the watcher
    live.writer->setCommitHook({});
    append(10);
    QTest::qWait(1'000);
    QCOMPARE(receiver.accepted.size(), std::size_t(200));
    queue.walWakeup()->notify();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.accepted.size(), std::size_t(220), 5'000);
}

void TestRemoteWriteQueue::survivesReceiverRestart()
{
    QTemporaryDir dir;
    const std::string wal = dir.filePath(u"wal"_s).toStdString();
    auto writer = tsdb::WalWriter::open(wal, 1u << 20, tsdb::WalSync::Never);
    QVERIFY(writer.ok());
    for (int s = 0; s < 5; ++s)
        (*writer)->addSeries(tsdb::SeriesRef(s), Labels { { "__name__", "m" }, { "i", std::to_string(s) } });
    auto append = [&](int k) {
        std::vector<tsdb::WalSample> samples;
        for (int s = 0; s < 5; ++s)
            samples.push_back(tsdb::WalSample { tsdb::SeriesRef(s), 5'000 + k * 1000, double(k) });
        (*writer)->addSamples(samples);
        QVERIFY(!(*writer)->commit());
    };
    auto first = std::make_unique<FakeReceiver>();
    const quint16 port = first->port();
    remotewrite::QueueDeps deps { wal, dir.filePath(u"pos"_s).toStdString() };
    remotewrite::QueueManager queue(config(first->url()), deps);
    queue.start();
    append(0);
    QTRY_COMPARE_WITH_TIMEOUT(first->accepted.size(), std::size_t(5), 5'000);
    first.reset(); // the receiver goes away: its kept-alive connection closes, new ones are refused
    for (int k = 1; k < 4; ++k)
        append(k);
    QTRY_VERIFY_WITH_TIMEOUT(queue.status().samplesRetried > 0, 5'000);
    FakeReceiver second(port);
    QTRY_COMPARE_WITH_TIMEOUT(second.accepted.size(), std::size_t(15), 10'000);
    QCOMPARE(queue.status().samplesSent, 20.0);
    QCOMPARE(queue.status().samplesFailed, 0.0);
}

void TestRemoteWriteQueue::resumesEachShardExactly()
{
    // Two shards: the remote takes shard 0's series (even refs) and keeps refusing shard 1's with 503 until the
    // queue stops. A restart must send shard 1's samples and nothing of shard 0's again.
    QTemporaryDir dir;
    const std::string wal = dir.filePath(u"wal"_s).toStdString();
    writeWal(wal, 10, 6);
    auto c = config({});
    c.queue.minShards = 2;
    c.queue.maxShards = 2;
    c.queue.maxSamplesPerSend = 7; // batches end inside records: the shard files count samples within a record
    // series 2 and 3 are dropped by write_relabel_configs: the skipping on restart must count only sent samples
    auto drop = scrape::makeRelabelConfig(
        scrape::RelabelConfig { .sourceLabels = { "i" }, .regex = "2|3", .action = scrape::RelabelAction::Drop });
    QVERIFY(drop.ok());
    c.writeRelabelConfigs.push_back(*drop);
    remotewrite::QueueDeps deps { wal, dir.filePath(u"pos"_s).toStdString() };
    deps.labelsOf = [](tsdb::SeriesRef ref) -> std::optional<Labels> { // as the store answers after a restart
        return Labels { { "__name__", ref % 2 ? "keep_me" : "go_drop_me" }, { "job", "app" }, { "i", std::to_string(ref) } };
    };
    auto isOdd = [](const tsdb::BatchSample& s) { return std::stoi(std::string(s.labels.get("i"))) % 2 == 1; };
    {
        FakeReceiver receiver;
        receiver.judge = [&](const std::vector<tsdb::BatchSample>& samples) {
            return std::any_of(samples.begin(), samples.end(), isOdd) ? 503 : 204;
        };
        c.url = receiver.url().toStdString();
        remotewrite::QueueManager queue(c, deps);
        queue.start();
        QTRY_COMPARE_WITH_TIMEOUT(receiver.accepted.size(), std::size_t(24), 5'000); // 4 even series × 6
        QTRY_VERIFY_WITH_TIMEOUT(queue.status().samplesRetried > 0, 5'000);
        QCOMPARE(queue.committed().offset > 0, true);
    } // stopped while shard 1 retries
    FakeReceiver receiver;
    c.url = receiver.url().toStdString();
    remotewrite::QueueManager again(c, deps);
    again.start();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.accepted.size(), std::size_t(24), 5'000); // 4 odd series × 6
    QTest::qWait(300);
    QCOMPARE(receiver.accepted.size(), std::size_t(24));
    for (const auto& s : receiver.accepted)
        QVERIFY2(isOdd(s), "a sample shard 0 had delivered was sent again");
    QTRY_COMPARE_WITH_TIMEOUT(again.committed(), walEnd(wal), 5'000);
}

void TestRemoteWriteQueue::sendsMetadata()
{
    QTemporaryDir dir;
    const std::string wal = dir.filePath(u"wal"_s).toStdString();
    writeWal(wal, 1, 1);
    FakeReceiver receiver;
    auto c = config(receiver.url());
    c.metadata.send = true;
    c.metadata.sendInterval = 200;
    remotewrite::QueueDeps deps { wal, dir.filePath(u"pos"_s).toStdString() };
    deps.metadata = [] {
        return std::vector<scrape::MetricMetadata> {
            { "http_requests_total", scrape::MetricType::Counter, "Requests served.", "" },
            { "temperature", scrape::MetricType::Gauge, "Room temperature.", "celsius" },
        };
    };
    remotewrite::QueueManager queue(c, deps);
    queue.start();
    std::optional<prometheus::WriteRequest> withMetadata;
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(receiver.bodies.begin(), receiver.bodies.end(),
                                 [&](const QByteArray& body) {
                                     std::string raw;
                                     prometheus::WriteRequest r;
                                     if (!snappy::Uncompress(body.constData(), std::size_t(body.size()), &raw)
                                         || !r.ParseFromString(raw) || r.metadata_size() == 0)
                                         return false;
                                     withMetadata = r;
                                     return true;
                                 }),
        5'000);
    QCOMPARE(withMetadata->metadata_size(), 2);
    const auto& m = withMetadata->metadata(1);
    QCOMPARE(m.metric_family_name(), std::string("temperature"));
    QCOMPARE(m.type(), prometheus::MetricMetadata::GAUGE);
    QCOMPARE(m.help(), std::string("Room temperature."));
    QCOMPARE(m.unit(), std::string("celsius"));
    QCOMPARE(withMetadata->metadata(0).type(), prometheus::MetricMetadata::COUNTER);
}

void TestRemoteWriteQueue::tlsWithCaFileAndBasicAuth()
{
    SG_REQUIRE_PEER(!QStandardPaths::findExecutable(u"openssl"_s).isEmpty(), "openssl is not installed");
    QTemporaryDir dir;
    QProcess openssl;
    openssl.setWorkingDirectory(dir.path());
    openssl.start(u"openssl"_s, { u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s,
                                    u"server.key"_s, u"-out"_s, u"server.crt"_s, u"-days"_s, u"2"_s, u"-subj"_s,
                                    u"/CN=127.0.0.1"_s, u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s });
    QVERIFY(openssl.waitForFinished(60'000));
    QCOMPARE(openssl.exitCode(), 0);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate::fromPath(dir.filePath(u"server.crt"_s)).value(0));
    QFile key(dir.filePath(u"server.key"_s));
    QVERIFY(key.open(QIODevice::ReadOnly));
    tls.setPrivateKey(QSslKey(key.readAll(), QSsl::Rsa));

    const std::string wal = dir.filePath(u"wal"_s).toStdString();
    writeWal(wal, 2, 1);
    {
        // without the CA the self-signed certificate is refused, and the send is retried with the reason
        FakeReceiver receiver(0, &tls);
        remotewrite::QueueDeps deps { wal, dir.filePath(u"pos1"_s).toStdString() };
        remotewrite::QueueManager queue(config(receiver.url()), deps);
        queue.start();
        QTRY_VERIFY_WITH_TIMEOUT(queue.status().samplesRetried > 0, 10'000);
        QVERIFY2(QString::fromStdString(queue.status().lastError).contains(u"certificate"_s, Qt::CaseInsensitive),
            queue.status().lastError.c_str());
        QCOMPARE(receiver.accepted.size(), std::size_t(0));
    }
    FakeReceiver receiver(0, &tls);
    auto c = config(receiver.url());
    c.tls.caFile = dir.filePath(u"server.crt"_s);
    c.authorization = "Basic " + QByteArray("me:pw").toBase64();
    remotewrite::QueueDeps deps { wal, dir.filePath(u"pos2"_s).toStdString() };
    remotewrite::QueueManager queue(c, deps);
    queue.start();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.accepted.size(), std::size_t(2), 10'000);
    QVERIFY(receiver.headers.front().contains("Authorization: Basic " + QByteArray("me:pw").toBase64()));
}

void TestRemoteWriteQueue::encodesWhatTheDecoderReads()
{
    const std::string a = remotewrite::encodeSeriesLabels(Labels { { "__name__", "up" }, { "job", "x" } });
    const std::string b = remotewrite::encodeSeriesLabels(Labels { { "__name__", "up" }, { "job", "y" } });
    std::vector<remotewrite::OutSample> samples { { &b, 2000, 1.5 }, { &a, 3000, -2 }, { &a, 1000, 7 },
        { &b, -1000, 1e300 } };
    remotewrite::ByteBuffer raw;
    remotewrite::ByteBuffer body;
    // larger ones first: the buffers are reused, and the second request must replace them wholly
    remotewrite::encodeWriteRequest<remotewrite::OutSample>(std::vector<remotewrite::OutSample>(3000, samples[0]), raw);
    remotewrite::snappyCompress(std::string(100'000, 'x'), body);
    remotewrite::encodeWriteRequest<remotewrite::OutSample>(samples, raw);
    remotewrite::snappyCompress(raw.view(), body);
    auto decoded = api::decodeRemoteWrite(QByteArray(body.view().data(), qsizetype(body.view().size())), 1 << 20);
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : decoded.error().message.c_str());
    std::map<std::pair<std::string, TimestampMs>, double> got;
    for (const auto& s : decoded->batch.samples)
        got[{ std::string(s.labels.get("job")), s.t }] = s.v;
    const std::map<std::pair<std::string, TimestampMs>, double> want { { { "x", 1000 }, 7 }, { { "x", 3000 }, -2 },
        { { "y", -1000 }, 1e300 }, { { "y", 2000 }, 1.5 } };
    QCOMPARE(got, want);
}

QTEST_GUILESS_MAIN(TestRemoteWriteQueue)
void TestRemoteWriteQueue::shardFifoKeepsOrderAcrossChunks()
{
    auto samples = [](TimestampMs from, std::size_t n) {
        std::vector<remotewrite::PendingSample> v;
        for (std::size_t i = 0; i < n; ++i)
            v.push_back(remotewrite::PendingSample { nullptr, from + TimestampMs(i), 0, 0, {} });
        return v;
    };
    remotewrite::SampleFifo fifo;
    std::vector<remotewrite::PendingSample> staged = samples(0, 5);
    fifo.pushAll(staged); // queued as a chunk: nothing is copied, `staged` is left empty
    QVERIFY(staged.empty());
    const auto more = samples(5, 3);
    fifo.push(more); // copied onto the last chunk
    staged = samples(8, 4);
    fifo.pushAll(staged);
    QCOMPARE(fifo.size(), std::size_t(12));

    std::vector<TimestampMs> order;
    std::vector<remotewrite::PendingSample> batch;
    for (std::size_t n : { 2, 7, 1, 5 }) { // across the chunks' boundaries, the last take asking for more than is left
        fifo.take(n, batch);
        QCOMPARE(batch.size(), std::min<std::size_t>(n, 12 - order.size()));
        for (const auto& s : batch)
            order.push_back(s.t);
    }
    QVERIFY(fifo.empty());
    std::vector<TimestampMs> want(12);
    std::iota(want.begin(), want.end(), 0);
    QCOMPARE(order, want);

    // a used-up chunk's memory comes back for the next record's samples
    staged = samples(0, 1000);
    fifo.pushAll(staged);
    fifo.take(1000, batch);
    staged = samples(0, 1);
    fifo.pushAll(staged);
    QVERIFY(staged.empty());
    QVERIFY(staged.capacity() >= 1000);
    fifo.take(1, batch);
    QCOMPARE(batch.size(), std::size_t(1));
    QVERIFY(fifo.empty());
}

#include "tst_remote_write_queue.moc"
