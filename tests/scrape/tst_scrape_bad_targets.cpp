// Targets that misbehave, over real HTTP on 127.0.0.1: a 1 GiB body (chunked, Content-Length, gzip), a million
// series, garbage, bad UTF-8, truncated lines and HTML. Each is cut off by the limits with its reason on the
// target, stores nothing of its body, keeps memory bounded, and leaves a fast target on the same manager on its
// schedule; a bad target that turns good is up again at its next scrape.
#include "scrape_harness.h"

#include "core/common/time.h"

#include <QRandomGenerator>

#include <algorithm>
#include <QTest>

using namespace sg;
using namespace sg::scrape;
using namespace sg::scrape::testing;

namespace {

// Peak-RSS bounds hold for the plain build: a sanitizer's quarantine of freed memory (256 MB for ASan), redzones
// and shadow memory change what a process holds, so sanitizer runs exercise the same paths without that check.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool RssBoundsHold = false;
#else
constexpr bool RssBoundsHold = true;
#endif

// How far apart two scrapes of the fast target may be. Under TSan every memory access is instrumented and the
// 1 GiB bodies are read 5-15 times slower beside the other tests, so its scheduler delays reach past a second; a
// fast target held up by the bad one would still wait for the whole bad scrape, tens of seconds there.
#if defined(__SANITIZE_THREAD__)
constexpr int MaxGapIntervals = 30;
#else
constexpr int MaxGapIntervals = 10;
#endif

constexpr qint64 OneGiB = 1LL << 30;
constexpr DurationMs FastInterval = 100;

/// The fast target every test runs next to the bad one.
TargetConfig fastTarget(const QUrl& url)
{
    TargetConfig t;
    t.job = QStringLiteral("fast");
    t.url = url;
    t.interval = FastInterval;
    t.timeout = FastInterval;
    return t;
}

/// Empty when the fast target kept its schedule over [from, to]: every scrape up, no gap between two scrape
/// starts over 4 intervals, and at least half the scrapes the interval allows (the machine is shared).
QString scheduleProblem(const std::vector<TargetStatus>& fast, TimestampMs from, TimestampMs to, int* countOut = nullptr,
    DurationMs* maxGapOut = nullptr)
{
    std::vector<TimestampMs> starts;
    for (const auto& s : fast) {
        if (s.lastScrapeMs < from || s.lastScrapeMs > to)
            continue;
        if (!s.up)
            return QStringLiteral("fast target down: %1").arg(s.lastError);
        starts.push_back(s.lastScrapeMs);
    }
    DurationMs maxGap = starts.empty() ? to - from : std::max(starts.front() - from, to - starts.back());
    for (std::size_t i = 1; i < starts.size(); ++i)
        maxGap = std::max(maxGap, starts[i] - starts[i - 1]);
    if (countOut)
        *countOut = int(starts.size());
    if (maxGapOut)
        *maxGapOut = maxGap;
    const qint64 expected = (to - from) / FastInterval;
    if (qint64(starts.size()) * 2 < expected)
        return QStringLiteral("%1 fast scrapes in %2 ms (expected about %3)").arg(starts.size()).arg(to - from).arg(expected);
    // A fast target held up by the bad one would wait for the whole bad scrape (seconds); a busy machine's scheduler
    // alone delays a 100 ms loop by a few hundred ms (seen up to 705 ms on 2 cores with builds beside the test).
    if (maxGap > MaxGapIntervals * FastInterval)
        return QStringLiteral("fast target's scrapes %1 ms apart").arg(maxGap);
    return {};
}

/// Valid exposition lines as a generator for RawServer: 1 MiB of numbered lines, sent again and again (built
/// once, so that the server is not the bottleneck).
std::function<QByteArray()> metricLines()
{
    QByteArray block;
    block.reserve((1 << 20) + 128);
    for (qint64 n = 0; block.size() < (1 << 20); ++n)
        block += "huge_body_metric{shard=\"" + QByteArray::number(n % 977) + "\",n=\"" + QByteArray::number(n) + "\"} "
            + QByteArray::number(n * 7) + "\n";
    return [block] { return block; };
}

/// The outcome of one bad target next to the fast one.
struct Run
{
    TargetStatus bad;
    tsdb::AppendBatch badBatch;
    qint64 peakGrowthKiB = 0;
    QString schedule;
    int fastScrapes = 0;
    DurationMs maxGap = 0;
};

/// Scrapes `bad` (a one-target job "bad") next to the fast target until the bad one has failed once and
/// `settleMs` more, and measures the peak RSS growth from just before the targets were set.
Run runNextToFast(const std::vector<TargetConfig>& bad, int timeoutMs = 60000, int settleMs = 1000)
{
    Run run;
    ServerThread fast("ok 1\n");
    if (!fast.isListening())
        qFatal("cannot listen");
    Harness h;
    std::vector<TargetConfig> targets = bad;
    targets.push_back(fastTarget(fast.url()));
    const qint64 baseline = resetPeakRss();
    const TimestampMs from = nowMs() + 2 * FastInterval; // the first scrapes start at once (offset cap 0)
    h.setTargets(targets);
    if (!QTest::qWaitFor([&] { return !h.statusesOf(QStringLiteral("bad")).empty(); }, timeoutMs))
        return run; // reported as "never scraped"
    QTest::qWait(settleMs);
    const TimestampMs to = nowMs() - FastInterval;
    run.peakGrowthKiB = baseline < 0 ? -1 : peakRssKiB() - baseline;
    const auto statuses = h.statusesOf(QStringLiteral("bad"));
    if (!statuses.empty()) {
        run.bad = statuses.front();
        run.badBatch = h.batchesOf("bad").front();
    }
    run.schedule = scheduleProblem(h.statusesOf(QStringLiteral("fast")), from, to, &run.fastScrapes, &run.maxGap);
    return run;
}

/// What every failed scrape must show: down with `reason`, and only the 5 synthetic series stored.
QString failedScrapeProblem(const Run& run, const QString& reason)
{
    if (run.bad.lastScrapeMs == 0)
        return QStringLiteral("the bad target was never scraped");
    if (run.bad.up)
        return QStringLiteral("the bad target is up");
    if (run.bad.lastError != reason)
        return QStringLiteral("reason \"%1\", expected \"%2\"").arg(run.bad.lastError, reason);
    if (run.badBatch.samples.size() != 5)
        return QStringLiteral("%1 samples stored, expected the 5 synthetic ones").arg(run.badBatch.samples.size());
    const auto* up = findSample(run.badBatch, "up");
    if (!up || up->v != 0.0)
        return QStringLiteral("no up 0 stored");
    return {};
}

QByteArray millionSeriesBody(bool distinctNames)
{
    QByteArray body;
    body.reserve(30 << 20);
    for (int i = 0; i < 1'000'000; ++i) {
        if (distinctNames)
            body += "series_" + QByteArray::number(i) + "{a=\"b\"} 1\n";
        else
            body += "http_requests_total{path=\"/item/" + QByteArray::number(i) + "\"} 1\n";
    }
    return body;
}

} // namespace

class TestScrapeBadTargets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        ScrapeManager::registerMetaTypes();
        if (resetPeakRss() < 0)
            QSKIP("/proc/self/clear_refs cannot reset the peak RSS here; the memory bounds cannot be measured");
    }

    void defaultBodyLimitIsFinite()
    {
        // Prometheus' default body_size_limit is 0 (unlimited); Sightglass caps bodies by default.
        ScrapeManager manager;
        QCOMPARE(manager.bodySizeLimit(), qint64(32) << 20);
        const auto targets = targetsFor(QUrl(QStringLiteral("http://127.0.0.1:1/metrics")), "");
        QCOMPARE(targets.front().limits.bodySizeLimit, qint64(0)); // no body_size_limit: the manager's default
    }

    void oneGiBBody_data()
    {
        QTest::addColumn<int>("framing");
        QTest::addColumn<bool>("gzip");
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<qint64>("maxPeakGrowthKiB");
        const auto chunked = int(RawServer::Framing::Chunked);
        const auto sized = int(RawServer::Framing::ContentLength);
        const qint64 def = 32LL << 20;
        const qint64 mb100 = 100LL << 20;
        // The body is kept up to the limit, in a string that doubles as it grows (at worst 1.64 times the limit
        // while the old buffer is copied); the rest is the read buffer and the test's own servers. With a Content-Length over the limit nothing of the body is kept.
        QTest::addRow("chunked, default limit") << chunked << false << "" << "body size limit exceeded (33554432 bytes)"
                                                << def << qint64(80 * 1024);
        QTest::addRow("Content-Length, default limit")
            << sized << false << "" << "body size limit exceeded (33554432 bytes)" << def << qint64(24 * 1024);
        QTest::addRow("gzip, default limit") << chunked << true << ""
                                             << "body size limit exceeded (33554432 bytes uncompressed)" << def
                                             << qint64(80 * 1024);
        QTest::addRow("chunked, 100MB") << chunked << false << "    body_size_limit: 100MB\n"
                                        << "body size limit exceeded (104857600 bytes)" << mb100 << qint64(180 * 1024);
        QTest::addRow("Content-Length, 100MB") << sized << false << "    body_size_limit: 100MB\n"
                                               << "body size limit exceeded (104857600 bytes)" << mb100
                                               << qint64(24 * 1024);
        QTest::addRow("gzip, 100MB") << chunked << true << "    body_size_limit: 100MB\n"
                                     << "body size limit exceeded (104857600 bytes uncompressed)" << mb100
                                     << qint64(180 * 1024);
    }
    void oneGiBBody()
    {
        QFETCH(int, framing);
        QFETCH(bool, gzip);
        QFETCH(QString, config);
        QFETCH(QString, reason);
        QFETCH(qint64, limit);
        QFETCH(qint64, maxPeakGrowthKiB);
        RawServer server;
        server.generator = metricLines();
        server.framing = RawServer::Framing(framing);
        server.streamLimit = OneGiB;
        server.gzipStream = gzip;
        if (server.framing == RawServer::Framing::ContentLength)
            server.contentLength = OneGiB;
        QVERIFY(server.listen());
        // one scrape only (interval 15s), with time enough to read the body up to the limit
        const Run run = runNextToFast(targetsFor(server.url(), config.toStdString() + "    scrape_timeout: 10s\n", "bad", "15s"));
        qInfo("produced %lld bytes (%lld on the wire) before the cut; peak RSS grew by %lld KiB; fast target: %d "
              "scrapes, largest gap %lld ms",
            server.produced, server.streamed, run.peakGrowthKiB, run.fastScrapes, qlonglong(run.maxGap));
        const QString problem = failedScrapeProblem(run, reason);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(server.requests, 1);
        QVERIFY(server.cutByClient);
        // The reader stops at the limit: what the server could produce past it is what the socket buffers hold,
        // counted on the wire (gzip's 5:1 puts five times as many body bytes in the same buffers).
        const double wirePerBodyByte = double(server.streamed) / double(std::max<qint64>(server.produced, 1));
        const qint64 wirePastLimit = qint64(double(server.produced - limit) * wirePerBodyByte);
        QVERIFY2(wirePastLimit < (24LL << 20), qPrintable(QStringLiteral("%1 bytes on the wire past the limit").arg(wirePastLimit)));
        if (server.framing == RawServer::Framing::ContentLength)
            QVERIFY2(server.produced < (24LL << 20), "a too-large Content-Length must end the scrape at the headers");
        else
            QVERIFY(server.produced > limit); // it really was read up to the limit
        if (RssBoundsHold)
            QVERIFY2(run.peakGrowthKiB < maxPeakGrowthKiB, qPrintable(QString::number(run.peakGrowthKiB)));
        QVERIFY2(run.schedule.isEmpty(), qPrintable(run.schedule));
    }

    void millionSeries_data()
    {
        QTest::addColumn<bool>("distinctNames");
        QTest::addRow("one metric, a million label values") << false;
        QTest::addRow("a million metric names") << true;
    }
    void millionSeries()
    {
        QFETCH(bool, distinctNames);
        RawServer server;
        server.body = millionSeriesBody(distinctNames);
        const qint64 bodyBytes = server.body.size();
        QVERIFY(bodyBytes < (64LL << 20));
        QVERIFY(server.listen());
        const Run run = runNextToFast(
            targetsFor(server.url(), "    body_size_limit: 64MiB\n    sample_limit: 100000\n    scrape_timeout: 10s\n", "bad", "15s"));
        qInfo("%lld-byte body; peak RSS grew by %lld KiB; fast target: %d scrapes, largest gap %lld ms", bodyBytes,
            run.peakGrowthKiB, run.fastScrapes, qlonglong(run.maxGap));
        const QString problem = failedScrapeProblem(run, QStringLiteral("sample_limit exceeded (limit: 100000)"));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // as in Prometheus, parsing goes on past the limit so that the scraped count is the body's
        QCOMPARE(run.bad.samplesScraped, std::size_t(1'000'000));
        QCOMPARE(findSample(run.badBatch, "scrape_samples_scraped")->v, 1e6);
        QCOMPARE(findSample(run.badBatch, "scrape_samples_post_metric_relabeling")->v, 0.0);
        // The body itself, the samples kept up to the limit (768 bytes each with their label sets, and 512 more
        // for the scrape cache's entry: its series text and final label set) and, for distinct names, the
        // parser's per-family state (48 bytes a name), plus 24 MiB. Parsing every sample into memory before
        // applying the limit took 443 / 235 MiB here; now about 168 / 58 MiB.
        const qint64 allowance
            = bodyBytes / 1024 + 100'000 * (768 + 512) / 1024 + (distinctNames ? 1'000'000 * 48 / 1024 : 0) + 24 * 1024;
        if (RssBoundsHold)
            QVERIFY2(run.peakGrowthKiB < allowance,
                qPrintable(QStringLiteral("%1 KiB, allowed %2 KiB").arg(run.peakGrowthKiB).arg(allowance)));
        QVERIFY2(run.schedule.isEmpty(), qPrintable(run.schedule));
    }

    void badBodies_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("reason");
        QByteArray random(256 * 1024, Qt::Uninitialized);
        QRandomGenerator rng(20261201);
        rng.fillRange(reinterpret_cast<quint32*>(random.data()), random.size() / 4);
        random[0] = '\0'; // whatever follows, the first line starts with a byte no name may start with
        QTest::addRow("random bytes") << QByteArray("Content-Type: application/octet-stream\r\n") << random
                                      << "line 1: invalid metric name";
        QTest::addRow("PNG") << QByteArray("Content-Type: image/png\r\n")
                             << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", 20) << "line 1: invalid metric name";
        QTest::addRow("bad UTF-8 in a label value")
            << QByteArray() << QByteArray("good 1\nm{a=\"caf\xc3\"} 1\n") << "line 2: invalid UTF-8 in label value";
        QTest::addRow("bad UTF-8 in a quoted metric name")
            << QByteArray() << QByteArray("good 1\n# HELP good ok\n{\"bad\xc3\x28name\"} 1\n")
            << "line 3: invalid UTF-8 in metric name";
        QTest::addRow("bad UTF-8 in a bare metric name")
            << QByteArray() << QByteArray("good 1\nbad\xff_name 1\n") << "line 2: invalid metric name";
        QTest::addRow("bad UTF-8, OpenMetrics")
            << QByteArray("Content-Type: application/openmetrics-text; version=1.0.0\r\n")
            << QByteArray("# TYPE m gauge\nm{a=\"\xed\xa0\x80\"} 1\n# EOF\n") << "line 2: invalid UTF-8 in label value";
        QTest::addRow("truncated line") << QByteArray() << QByteArray("a 1\nb{x=\"1\"} 2\nc{x=\"1")
                                        << "line 3: unexpected end of label value";
        QTest::addRow("truncated value") << QByteArray() << QByteArray("a 1\nb 1.5e\n")
                                         << "line 2: expected float as value, got \"1.5e\"";
        QTest::addRow("HTML error page, status 200")
            << QByteArray("Content-Type: text/html; charset=utf-8\r\n")
            << QByteArray("<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
                          "<body><h1>Bad Gateway</h1></body></html>\n")
            << "line 1: invalid metric name";
    }
    void badBodies()
    {
        QFETCH(QByteArray, headers);
        QFETCH(QByteArray, body);
        QFETCH(QString, reason);
        RawServer server;
        server.headers = headers;
        server.body = body;
        QVERIFY(server.listen());
        const Run run = runNextToFast(targetsFor(server.url(), "", "bad"), 10000, 600);
        const QString problem = failedScrapeProblem(run, reason);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(run.bad.samplesScraped, std::size_t(0));
        QVERIFY2(run.schedule.isEmpty(), qPrintable(run.schedule));
    }

    void recoversAtTheNextScrape()
    {
        RawServer server;
        server.body = QByteArray("<html>oops</html>\n");
        QVERIFY(server.listen());
        Harness h;
        h.setTargets(targetsFor(server.url(), "", "bad", "200ms"));
        QTRY_VERIFY_WITH_TIMEOUT(h.statusesOf(QStringLiteral("bad")).size() >= 2, 5000);
        const auto bad = h.statusesOf(QStringLiteral("bad"));
        for (const auto& s : bad) {
            QVERIFY(!s.up);
            QCOMPARE(s.lastError, QStringLiteral("line 1: invalid metric name"));
        }
        // The body turns good between two requests (the server answers on this thread): request r+1 is good.
        server.body = QByteArray("# TYPE temperature gauge\ntemperature{room=\"a\"} 21.5\nrequests_total 7\n");
        const int r = server.requests;
        QTRY_VERIFY_WITH_TIMEOUT(int(h.statusesOf(QStringLiteral("bad")).size()) >= r + 2, 5000);
        const auto all = h.statusesOf(QStringLiteral("bad"));
        QVERIFY(!all[std::size_t(r - 1)].up);
        const TargetStatus& next = all[std::size_t(r)];
        QVERIFY2(next.up, qPrintable(next.lastError));
        QVERIFY(next.lastError.isEmpty());
        QCOMPARE(next.samplesScraped, std::size_t(2));
        QCOMPARE(next.seriesAdded, std::size_t(2));
        QVERIFY(all[std::size_t(r + 1)].up);
        const auto batches = h.batchesOf("bad");
        const tsdb::AppendBatch& good = batches[std::size_t(r)];
        QCOMPARE(good.samples.size(), std::size_t(2 + 5));
        QCOMPARE(findSample(good, "temperature")->v, 21.5);
        QCOMPARE(findSample(good, "temperature")->labels.get("room"), std::string_view("a"));
        QCOMPARE(findSample(good, "up")->v, 1.0);
        QCOMPARE(findSample(good, "scrape_series_added")->v, 2.0);
    }
};

QTEST_GUILESS_MAIN(TestScrapeBadTargets)
#include "tst_scrape_bad_targets.moc"
