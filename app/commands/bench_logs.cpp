// `sightglass bench-logs generate|ingest|push|query`: the log store's benchmarks (see docs/benchmarks.md).
#include "core/datadir/layout.h"
#include "bench_logs.h"
#include "commands.h"

#include "core/logql/engine.h"
#include "core/logstore/store.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>

#include <atomic>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

namespace sg::app {

using namespace benchlogs;

namespace {


const char* const Services[] = { "checkout", "cart", "users", "search", "payments", "catalog", "auth", "gateway" };
const char* const Paths[] = { "/api/v1/orders", "/api/v1/cart/items", "/api/v1/users/me", "/api/v1/search",
    "/api/v1/payments/charge", "/api/v1/products", "/api/v1/login", "/healthz" };
const char* const Methods[] = { "GET", "GET", "GET", "POST", "PUT", "DELETE" };
const char* const Messages[] = { "request completed", "request completed", "cache miss", "db query slow",
    "upstream timeout", "token refreshed", "validation failed", "retrying request" };

std::string isoTime(TimestampNs ts)
{
    const time_t secs = time_t(ts / 1'000'000'000);
    tm t {};
    gmtime_r(&secs, &t);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06" PRId64 "Z", t.tm_year + 1900, t.tm_mon + 1,
        t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, (ts % 1'000'000'000) / 1000);
    return buf;
}

/// One deterministic API log line: JSON (60%) or logfmt, levels, statuses with some 5xx, trace ids.
std::string makeLine(std::mt19937_64& rng, TimestampNs ts)
{
    const auto r = rng();
    const char* service = Services[r % 8];
    const char* path = Paths[(r >> 3) % 8];
    const char* method = Methods[(r >> 6) % 6];
    const int roll = int((r >> 10) % 1000);
    int status = 200;
    const char* level = "info";
    if (roll < 25) {
        status = 500 + int((r >> 20) % 4);
        level = "ERROR";
    } else if (roll < 80) {
        status = 400 + int((r >> 20) % 5);
        level = "warn";
    } else if (roll < 200) {
        level = "debug";
    } else if (roll < 230) {
        status = 201;
    }
    const char* msg = status >= 500 ? "upstream timeout" : Messages[(r >> 24) % 8];
    const double durationMs = double((r >> 32) % 250000) / 100.0;
    char trace[33];
    std::snprintf(trace, sizeof trace, "%016" PRIx64 "%016" PRIx64, rng(), rng() & 0xffffffffffff);
    const unsigned bytes = unsigned((r >> 40) % 20000);
    const unsigned user = unsigned((r >> 50) % 5000);
    char line[512];
    if ((r >> 60) % 10 < 6)
        std::snprintf(line, sizeof line,
            "{\"ts\":\"%s\",\"level\":\"%s\",\"service\":\"%s\",\"method\":\"%s\",\"path\":\"%s\",\"status\":%d,"
            "\"duration_ms\":%.2f,\"bytes\":%u,\"user_id\":\"u%04u\",\"trace_id\":\"%s\",\"msg\":\"%s\"}",
            isoTime(ts).c_str(), level, service, method, path, status, durationMs, bytes, user, trace, msg);
    else
        std::snprintf(line, sizeof line,
            "ts=%s level=%s service=%s method=%s path=%s status=%d duration=%.2fms bytes=%u user_id=u%04u "
            "trace_id=%s msg=\"%s\"",
            isoTime(ts).c_str(), level, service, method, path, status, durationMs, bytes, user, trace, msg);
    return line;
}

int generate(const QStringList& args)
{
    const auto out = option(args, QStringLiteral("--out"));
    const auto size = parseSize(option(args, QStringLiteral("--size"), QStringLiteral("256MiB")));
    if (out.isEmpty() || size == 0) {
        std::fprintf(stderr, "usage: sightglass bench-logs generate --out FILE [--size 1GiB]\n");
        return 2;
    }
    std::ofstream f(out.toStdString(), std::ios::binary);
    std::mt19937_64 rng(42);
    std::uint64_t written = 0, lines = 0;
    std::string buf;
    while (written < size) {
        buf.clear();
        for (int i = 0; i < 4096 && written + buf.size() < size; ++i, ++lines) {
            buf += makeLine(rng, BenchStartNs + TimestampNs(lines) * LineSpacingNs);
            buf += '\n';
        }
        f.write(buf.data(), std::streamsize(buf.size()));
        written += buf.size();
    }
    std::printf("generated %" PRIu64 " lines, %.1f MiB in %s\n", lines, double(written) / (1 << 20), qPrintable(out));
    return f.good() ? 0 : 1;
}

std::string storeDirFor(const QString& path)
{
    return QFileInfo(path).isDir() ? path.toStdString() : path.toStdString() + ".store";
}

std::uint64_t dirBytes(const std::string& dir)
{
    std::uint64_t n = 0;
    std::error_code ec;
    for (const auto& de : std::filesystem::recursive_directory_iterator(dir, ec))
        if (de.is_regular_file())
            n += de.file_size();
    return n;
}

QString runShell(const QString& script, double* seconds)
{
    QElapsedTimer t;
    t.start();
    QProcess p;
    p.start(QStringLiteral("sh"), { QStringLiteral("-c"), script });
    p.waitForFinished(-1);
    *seconds = double(t.nsecsElapsed()) / 1e9;
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

int ingest(const QStringList& args)
{
    if (args.isEmpty()) {
        std::fprintf(stderr, "usage: sightglass bench-logs ingest FILE [--data-dir DIR] [--force] [--batch-bytes N] [--pushers N] [--level N] [--chunk-bytes N]\n");
        return 2;
    }
    const auto file = args[0];
    if (!QFileInfo(file).isFile()) {
        std::fprintf(stderr, "bench-logs ingest: %s is not a file of log lines\n", qPrintable(file));
        return 2;
    }
    const auto dir = option(args, QStringLiteral("--data-dir"), QString::fromStdString(storeDirFor(file))).toStdString();
    const auto batchBytes = parseSize(option(args, QStringLiteral("--batch-bytes"), QStringLiteral("1MiB")));
    const unsigned pushers = std::max(1, option(args, QStringLiteral("--pushers"), QStringLiteral("4")).toInt());
    // The store is rebuilt from scratch: only a folder a benchmark made is cleared (or any, with --force).
    if (auto error = datadir::prepareScratchDir(QString::fromStdString(dir), args.contains(QStringLiteral("--force")))) {
        std::fprintf(stderr, "bench-logs ingest: %s\n", error->message.c_str());
        return 1;
    }
    std::ifstream in(file.toStdString(), std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(file));
        return 1;
    }
    logs::StoreOptions options;
    options.compressionLevel = option(args, QStringLiteral("--level"), QString::number(options.compressionLevel)).toInt();
    options.chunkTargetBytes = parseSize(option(args, QStringLiteral("--chunk-bytes"), QString::number(options.chunkTargetBytes)));
    auto store = logs::Store::open(dir, options);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().message.c_str());
        return 1;
    }
    // Read the whole file and cut it into push batches first, so the figure is the store's, not the disk's.
    std::uint64_t textBytes = 0;
    std::vector<logs::PushBatch> batches = readBatches(in, batchBytes, BenchStartNs, &textBytes);
    // Pushers take the batches in order, as agents pushing side by side would.
    std::atomic<std::size_t> next { 0 }, pushedLines { 0 };
    QElapsedTimer t;
    t.start();
    std::vector<std::thread> threads;
    for (unsigned p = 0; p < pushers; ++p)
        threads.emplace_back([&] {
            for (std::size_t i; (i = next.fetch_add(1)) < batches.size();)
                pushedLines += (*store)->push(std::move(batches[i])).accepted; // handed over, as the push API does
        });
    for (auto& th : threads)
        th.join();
    const std::size_t pushed = pushedLines;
    const auto storeStats = (*store)->stats();
    const double pushSecs = double(t.nsecsElapsed()) / 1e9;
    store = Error {}; // close: the remaining heads are cut into chunks
    const double totalSecs = double(t.nsecsElapsed()) / 1e9;
    const auto stored = dirBytes(dir);
    double zstdSecs = 0;
    const auto zstdBytes = runShell(QStringLiteral("zstd -3 -q -c '%1' | wc -c").arg(file), &zstdSecs).toULongLong();
    std::printf("pushed %zu lines in %zu batches (%.1f MiB each) from %u pushers in %.2f s, %llu WAL syncs; with "
                "the final flush %.2f s\n",
        pushed, batches.size(), double(batchBytes) / (1 << 20), pushers, pushSecs,
        static_cast<unsigned long long>(storeStats.walSyncs), totalSecs);
    std::printf("text %.1f MiB, store %.1f MiB (%.2f%%), zstd -3 %.1f MiB; store/zstd-3 = %.3f\n",
        double(textBytes) / (1 << 20), double(stored) / (1 << 20), 100.0 * double(stored) / double(textBytes),
        double(zstdBytes) / (1 << 20), zstdBytes ? double(stored) / double(zstdBytes) : 0.0);
    std::printf("ingest: %.0f lines/s (%.1f MiB/s)\n", double(pushed) / pushSecs, double(textBytes) / (1 << 20) / pushSecs);
    return 0;
}

int query(const QStringList& args)
{
    if (args.isEmpty()) {
        std::fprintf(stderr, "usage: sightglass bench-logs query FILE-or-DATA-DIR\n");
        return 2;
    }
    const auto dir = storeDirFor(args[0]);
    const QString file = QFileInfo(args[0]).isDir() ? QString() : args[0];
    QElapsedTimer t;
    t.start();
    auto store = logs::Store::open(dir);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().message.c_str());
        return 1;
    }
    std::printf("opened %s in %.2f s: %zu entries\n", dir.c_str(), double(t.nsecsElapsed()) / 1e9,
        (*store)->entryCount());
    logql::Engine engine;
    logql::QueryParams p;
    p.end = BenchStartNs + 7 * 24 * 3600 * 1'000'000'000LL;
    p.start = p.end;
    const char* const queries[] = {
        R"(sum(count_over_time({job="api"} |= "ERROR" [7d])))",
        R"(sum(count_over_time({job="api"} |~ "status.{1,3}5[0-9][0-9]" [7d])))",
        R"(sum(count_over_time({job="api", format="json"} | json | status >= 500 [7d])))",
    };
    double errorSecs = 0;
    double errorCount = -1;
    for (const char* q : queries) {
        t.restart();
        auto r = engine.query(**store, q, p);
        const double secs = double(t.nsecsElapsed()) / 1e9;
        if (!r) {
            std::printf("%s: error: %s\n", q, r.error().message.c_str());
            return 1;
        }
        double value = 0;
        if (r->value.type == promql::ValueType::Vector && !r->value.vector.empty())
            value = r->value.vector.front().v;
        std::printf("%-80s %12.0f  %.2f s\n", q, value, secs);
        if (errorSecs == 0) {
            errorSecs = secs;
            errorCount = value;
        }
    }
    if (file.isEmpty())
        return 0;
    const auto zst = file + QStringLiteral(".zst");
    if (!QFileInfo::exists(zst)) {
        double s = 0;
        runShell(QStringLiteral("zstd -3 -q -k -o '%1' '%2'").arg(zst, file), &s);
    }
    double grepSecs = 0;
    const auto count = runShell(QStringLiteral("zstdcat '%1' | grep -cF ERROR").arg(zst), &grepSecs);
    std::printf("%-80s %12s  %.2f s\n", "zstdcat FILE.zst | grep -cF ERROR", qPrintable(count), grepSecs);
    // Like with like: the figure only counts when both found the same lines.
    if (count.toLongLong() != qint64(errorCount)) {
        std::printf("COUNTS DIFFER: LogQL %.0f, grep %s; no speed-up is claimed\n", errorCount, qPrintable(count));
        return 1;
    }
    std::printf("count_over_time |= ERROR vs zstdcat|grep: same count (%s), %.2fx faster\n", qPrintable(count),
        grepSecs / errorSecs);
    return 0;
}

} // namespace

int runBenchLogs(int& argc, char** argv, const QStringList& args)
{
    const auto mode = args.value(0);
    const auto rest = args.mid(1);
    if (mode == QLatin1String("generate"))
        return generate(rest);
    if (mode == QLatin1String("ingest"))
        return ingest(rest);
    if (mode == QLatin1String("query"))
        return query(rest);
    if (mode == QLatin1String("push"))
        return benchLogsPush(argc, argv, rest);
    std::fprintf(stderr, "usage: sightglass bench-logs generate|ingest|push|query ...\n");
    return 2;
}

} // namespace sg::app
