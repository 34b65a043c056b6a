// `sightglass bench-patterns`: Drain mining on one thread, and "what changed" end to end over a log store
// (docs/benchmarks.md). The log is generated: a dozen realistic templates (logfmt, JSON, plain, access and
// klog lines) in the baseline half, the same plus three error templates bursting in the spike half.

#include "bench_logs.h"
#include "commands.h"

#include "core/datadir/layout.h"
#include "core/logstore/store.h"
#include "core/patterns/compare.h"
#include "core/services/query_client.h"
#include "core/tsdb/memory_store.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cinttypes>
#include <cstdio>
#include <random>

namespace sg::app {

using namespace Qt::StringLiterals;

namespace {

constexpr TimestampNs StartNs = benchlogs::BenchStartNs;
constexpr TimestampNs SpacingNs = 4'000'000; // 250 lines per second of log time
constexpr std::size_t BatchLines = 100'000;

/// Generates the benchmark's lines in time order; line i of n belongs to the spike when i >= n / 2.
class LineGenerator
{
public:
    explicit LineGenerator(std::uint64_t n)
        : m_n(n)
    {
    }

    /// Line `i` and its stream (an index into streamNames()).
    std::string line(std::uint64_t i, int* stream)
    {
        const TimestampNs ts = StartNs + TimestampNs(i) * SpacingNs;
        const bool spike = i >= m_n / 2;
        const int kind = spike && pick(100) < 4 ? 12 + int(pick(3)) : int(pick(12));
        *stream = kind;
        char b[512];
        const auto ms = (ts / 1'000'000) % 1000;
        const auto sec = (ts / 1'000'000'000) % 60, min = (ts / 60'000'000'000) % 60, hour = (ts / 3'600'000'000'000) % 24;
        char iso[32];
        std::snprintf(iso, sizeof iso, "2024-06-01T%02d:%02d:%02d.%03dZ", int(hour), int(min), int(sec), int(ms));
        const char* methods[] = { "GET", "GET", "GET", "POST", "PUT", "DELETE" };
        const char* paths[] = { "/api/v1/items", "/api/v1/users", "/api/v1/orders", "/healthz", "/api/v1/cart" };
        switch (kind) {
        case 0:
        case 1:
        case 2:
            std::snprintf(b, sizeof b,
                "ts=%s level=info caller=http.go:%d msg=\"request served\" method=%s path=%s/%u status=200 duration=%.1fms "
                "bytes=%u trace_id=%016" PRIx64,
                iso, 100 + int(pick(3)), methods[pick(6)], paths[pick(5)], unsigned(pick(9000)), double(pick(5000)) / 10,
                unsigned(pick(60000)), m_rng());
            break;
        case 3:
        case 4:
            std::snprintf(b, sizeof b,
                "{\"ts\":\"%s\",\"level\":\"info\",\"logger\":\"app.cache\",\"msg\":\"cache %s\",\"key\":\"item:%u\","
                "\"ttl_s\":%u}",
                iso, pick(3) ? "hit" : "miss", unsigned(pick(5000)), unsigned(60 + pick(600)));
            break;
        case 5:
            std::snprintf(b, sizeof b, "%s INFO  [worker-%u] job %u finished in %u ms, %u rows written", iso,
                unsigned(pick(8)), unsigned(pick(100000)), unsigned(pick(900)), unsigned(pick(2000)));
            break;
        case 6:
        case 7:
            std::snprintf(b, sizeof b,
                "10.0.%u.%u - - [01/Jun/2024:%02d:%02d:%02d +0000] \"%s %s/%u HTTP/1.1\" %d %u \"-\" \"Mozilla/5.0 (X11; "
                "Linux x86_64)\"",
                unsigned(pick(255)), unsigned(pick(255)), int(hour), int(min), int(sec), methods[pick(6)], paths[pick(5)],
                unsigned(pick(9000)), pick(20) ? 200 : 404, unsigned(pick(90000)));
            break;
        case 8:
            std::snprintf(b, sizeof b, "I0601 %02d:%02d:%02d.%06u       1 controller.go:%u] Reconciled deployment default/web-%04x in %ums",
                int(hour), int(min), int(sec), unsigned(pick(1000000)), 100 + unsigned(pick(50)), unsigned(pick(65535)),
                unsigned(pick(80)));
            break;
        case 9:
            std::snprintf(b, sizeof b, "ts=%s level=warn msg=\"slow query\" table=%s elapsed_ms=%u rows=%u", iso,
                pick(2) ? "orders" : "users", unsigned(250 + pick(900)), unsigned(pick(100000)));
            break;
        case 10:
            std::snprintf(b, sizeof b,
                "{\"ts\":\"%s\",\"level\":\"info\",\"logger\":\"app.auth\",\"msg\":\"user signed in\",\"user_id\":%u,"
                "\"method\":\"%s\",\"session\":\"%016" PRIx64 "\"}",
                iso, unsigned(pick(1000000)), pick(2) ? "password" : "sso", m_rng());
            break;
        case 11:
            std::snprintf(b, sizeof b, "ts=%s level=debug msg=\"metrics flushed\" series=%u samples=%u took=%ums", iso,
                unsigned(pick(10000)), unsigned(pick(1000000)), unsigned(pick(90)));
            break;
        case 12:
            std::snprintf(b, sizeof b,
                "ts=%s level=error msg=\"upstream connect error or disconnect/reset before headers\" upstream=payments-api:8443 "
                "retry=%u trace_id=%016" PRIx64,
                iso, unsigned(pick(4)), m_rng());
            break;
        case 13:
            std::snprintf(b, sizeof b,
                "{\"ts\":\"%s\",\"level\":\"error\",\"logger\":\"app.db\",\"msg\":\"could not obtain connection from pool\","
                "\"pool\":\"primary\",\"waiting\":%u}",
                iso, unsigned(pick(40)));
            break;
        default:
            std::snprintf(b, sizeof b, "%s ERROR [worker-%u] panic: runtime error: index out of range [%u] with length %u", iso,
                unsigned(pick(8)), unsigned(pick(10)), unsigned(pick(5)));
            break;
        }
        return b;
    }

    static const char* streamName(int kind)
    {
        static const char* names[] = { "api", "api", "api", "cache", "cache", "batch", "edge", "edge", "k8s", "db",
            "auth", "metrics", "api", "db", "batch" };
        return names[kind];
    }

private:
    std::uint64_t pick(std::uint64_t n) { return m_rng() % n; }

    std::uint64_t m_n;
    std::mt19937_64 m_rng { 20240601 };
};

/// Mines `n` generated lines on this thread; returns the seconds spent in DrainMiner::add only.
double timeMining(std::uint64_t n, std::uint64_t* bytes, std::size_t* patterns)
{
    LineGenerator gen(n);
    patterns::DrainMiner miner;
    std::vector<std::string> batch;
    double seconds = 0;
    for (std::uint64_t i = 0; i < n;) {
        batch.clear();
        int stream = 0;
        for (; i < n && batch.size() < BatchLines; ++i)
            batch.push_back(gen.line(i, &stream));
        QElapsedTimer t;
        t.start();
        for (std::size_t k = 0; k < batch.size(); ++k)
            miner.add(batch[k], StartNs + TimestampNs(k));
        seconds += double(t.nsecsElapsed()) / 1e9;
        for (const auto& l : batch)
            *bytes += l.size();
    }
    *patterns = miner.patterns().size();
    return seconds;
}

/// Pushes `n` generated lines into `store`, grouped into streams {job="bench", app=...}.
void fillStore(logs::Store& store, std::uint64_t n)
{
    LineGenerator gen(n);
    for (std::uint64_t i = 0; i < n;) {
        std::map<int, logs::Stream> streams;
        for (std::uint64_t end = std::min(n, i + BatchLines); i < end; ++i) {
            int kind = 0;
            std::string line = gen.line(i, &kind);
            auto& s = streams[kind];
            if (s.labels.empty())
                s.labels = Labels { { "app", LineGenerator::streamName(kind) }, { "job", "bench" },
                    { "source", kind >= 12 ? "burst" : "steady" } };
            s.entries.push_back(logs::LogEntry { StartNs + TimestampNs(i) * SpacingNs, std::move(line), {} });
        }
        logs::PushBatch batch;
        for (auto& [kind, s] : streams)
            batch.streams.push_back(std::move(s));
        store.push(std::move(batch));
    }
    (void)store.flush();
}

} // namespace

int runBenchPatterns(int& argc, char** argv, const QStringList& args)
{
    QCoreApplication app(argc, argv);
    const std::uint64_t lines = benchlogs::option(args, u"--lines"_s, u"1000000"_s).toULongLong();
    QString dataDir = benchlogs::option(args, u"--data-dir"_s);
    if (lines < 1000) {
        std::fprintf(stderr, "usage: sightglass bench-patterns [--lines 1000000] [--data-dir DIR [--force]]\n");
        return 2;
    }
    QTemporaryDir temp;
    if (dataDir.isEmpty()) {
        dataDir = temp.path();
    } else if (auto e = datadir::prepareScratchDir(dataDir, args.contains(u"--force"_s))) {
        std::fprintf(stderr, "bench-patterns: %s\n", e->message.c_str());
        return 1;
    }

    std::uint64_t bytes = 0;
    std::size_t mined = 0;
    const double mineSeconds = timeMining(lines, &bytes, &mined);
    std::printf("mining: %" PRIu64 " lines (%.1f MiB) in %.3f s on one thread: %.0f lines/s, %.1f MiB/s, %zu patterns\n",
        lines, double(bytes) / (1 << 20), mineSeconds, double(lines) / mineSeconds, double(bytes) / (1 << 20) / mineSeconds,
        mined);

    logs::StoreOptions options;
    options.walSync = logs::WalSync::Never;
    auto store = logs::Store::open(QDir(dataDir).filePath(u"logs"_s).toStdString(), options);
    if (!store.ok()) {
        std::fprintf(stderr, "bench-patterns: %s\n", store.error().message.c_str());
        return 1;
    }
    QElapsedTimer fill;
    fill.start();
    fillStore(**store, lines);
    std::printf("store: %" PRIu64 " lines pushed and flushed in %.1f s\n", lines, double(fill.elapsed()) / 1000);

    std::shared_ptr<const logs::LogQuerier> querier(std::move(*store));
    services::QueryClient client(std::make_shared<tsdb::MemoryStore>(), querier);
    const TimestampNs mid = StartNs + TimestampNs(lines / 2) * SpacingNs;
    const patterns::TimeWindow spike { mid, StartNs + TimestampNs(lines) * SpacingNs };
    QElapsedTimer t;
    t.start();
    auto result = patterns::comparePatterns(client, R"({job="bench"})", spike, patterns::precedingBaseline(spike));
    const double compareSeconds = double(t.nsecsElapsed()) / 1e9;
    if (!result.ok()) {
        std::fprintf(stderr, "bench-patterns: %s\n", result.error().message.c_str());
        return 1;
    }
    std::printf("top patterns:\n");
    for (std::size_t i = 0; i < std::min<std::size_t>(4, result->changes.size()); ++i) {
        const auto& r = result->changes[i];
        std::printf("  %8" PRIu64 " %8" PRIu64 " %6.2f  %s\n", r.count, r.baselineCount, r.score, r.pattern.c_str());
    }
    std::printf("what changed: %" PRIu64 " spike + %" PRIu64 " baseline lines from the store, %zu clusters, in %.2f s "
                "(%.0f lines/s)\n",
        result->spikeLines, result->baselineLines, result->clusters, compareSeconds,
        double(result->spikeLines + result->baselineLines) / compareSeconds);
    return 0;
}

} // namespace sg::app
