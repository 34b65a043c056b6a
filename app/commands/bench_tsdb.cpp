// `sightglass bench tsdb-write|tsdb-size|tsdb-labels`: TSDB benchmarks; each prints its figure on the last line.
#include "core/datadir/layout.h"
#include "commands.h"

#include "core/tsdb/store.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>

#include <sys/resource.h>

namespace sg::app {

namespace {

double cpuSeconds()
{
    rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

QString option(const QStringList& args, const QString& name, const QString& fallback = {})
{
    const auto i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args[i + 1] : fallback;
}

std::uint64_t dirBytes(const std::string& dir)
{
    std::uint64_t total = 0;
    std::error_code ec;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec))
        if (e.is_regular_file(ec))
            total += e.file_size(ec);
    return total;
}

long rssKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const auto& line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    return 0;
}

/// A data dir: the given one, or a temporary one.
struct DataDir
{
    std::unique_ptr<QTemporaryDir> temp;
    std::string path;
    /// A folder given with --data-dir is cleared only when a benchmark made it (or with --force).
    DataDir(const QString& given, bool force)
    {
        if (given.isEmpty()) {
            temp = std::make_unique<QTemporaryDir>();
            path = temp->path().toStdString();
        } else {
            error = datadir::prepareScratchDir(given, force);
            path = given.toStdString();
        }
    }
    std::optional<Error> error;
};

/// promtool tsdb bench write's shape: rounds of 100 scrapes; per round, shards of 1000 series each append
/// 100 scrapes (one commit per scrape) at a fixed step; values start at 123456789 and grow by 1000.
int benchWrite(const QStringList& args)
{
    const QString labelsFile = option(args, QStringLiteral("--labels"));
    const int metrics = option(args, QStringLiteral("--metrics"), QStringLiteral("10000")).toInt();
    const int scrapes = option(args, QStringLiteral("--scrapes"), QStringLiteral("3000")).toInt();
    const qint64 step = option(args, QStringLiteral("--step-ms"), QStringLiteral("30000")).toLongLong();
    QFile f(labelsFile);
    if (!f.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read --labels %s\n", qPrintable(labelsFile));
        return 2;
    }
    std::vector<Labels> lsets;
    while (!f.atEnd() && int(lsets.size()) < metrics) {
        const auto obj = QJsonDocument::fromJson(f.readLine()).object();
        if (obj.isEmpty())
            continue;
        std::vector<Label> items;
        for (auto it = obj.begin(); it != obj.end(); ++it)
            items.push_back(Label { it.key().toStdString(), it.value().toString().toStdString() });
        lsets.emplace_back(std::move(items));
    }
    DataDir dir(option(args, QStringLiteral("--data-dir")), args.contains(QStringLiteral("--force")));
    if (dir.error) {
        std::fprintf(stderr, "%s\n", dir.error->message.c_str());
        return 1;
    }
    tsdb::StoreOptions o;
    o.walSync = option(args, QStringLiteral("--wal-sync"), QStringLiteral("batch")) == QLatin1String("never")
        ? tsdb::WalSync::Never
        : tsdb::WalSync::EveryBatch;
    std::printf("series %zu, scrapes %d, step %lld ms, wal sync %s, ref cache %s, dir %s\n", lsets.size(), scrapes,
        static_cast<long long>(step), o.walSync == tsdb::WalSync::Never ? "never" : "per batch",
        args.contains(QStringLiteral("--no-ref-cache")) ? "off" : "on", dir.path.c_str());
    const double cpu0 = cpuSeconds();
    const auto t0 = std::chrono::steady_clock::now();
    auto store = tsdb::Store::open(dir.path, o);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().message.c_str());
        return 1;
    }
    std::size_t total = 0;
    // one batch per shard, built once: like promtool's appender (and a scrape loop), the label sets are kept
    // between commits and only timestamps and values change
    const bool refCache = !args.contains(QStringLiteral("--no-ref-cache"));
    std::vector<tsdb::AppendBatch> shards;
    std::vector<std::vector<tsdb::SeriesRef>> shardRefs(lsets.size() / 1000 + 1);
    for (std::size_t shard = 0; shard < lsets.size(); shard += 1000) {
        shards.emplace_back();
        for (std::size_t k = shard; k < std::min(lsets.size(), shard + 1000); ++k)
            shards.back().samples.push_back({ lsets[k], 0, 123456789 });
    }
    for (int round = 0; round < scrapes; round += 100) {
        for (std::size_t b = 0; b < shards.size(); ++b) {
            auto& batch = shards[b];
            TimestampMs ts = step * round;
            for (int i = 0; i < 100 && round + i < scrapes; ++i) {
                ts += step;
                for (auto& s : batch.samples) {
                    s.t = ts;
                    s.v += 1000;
                }
                const auto st = refCache ? store.value()->append(batch, shardRefs[b]) : store.value()->append(batch);
                if (!st.error.empty()) {
                    std::fprintf(stderr, "append: %s\n", st.error.c_str());
                    return 1;
                }
                total += st.appended;
            }
        }
    }
    const auto headBytes = store.value()->stats().headMemoryBytes;
    const auto series = store.value()->seriesCount();
    const long rss = rssKiB();
    store.value().reset(); // persists the head
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu = cpuSeconds() - cpu0;
    std::printf("head memory %.0f bytes/series (estimated), RSS %ld KiB before close, disk %.1f MiB\n",
        double(headBytes) / double(series), rss, double(dirBytes(dir.path)) / 1048576);
    std::printf("samples %zu, wall %.2f s, cpu %.2f s\n", total, wall, cpu);
    std::printf("tsdb-write: %.0f samples/s, %.0f samples/cpu-s\n", double(total) / wall, double(total) / cpu);
    return 0;
}

/// Writes `count` label sets shaped like node-exporter series, one JSON object per line.
int benchLabels(const QStringList& args)
{
    const QString path = option(args, QStringLiteral("--out"), QStringLiteral("labels.json"));
    const int count = option(args, QStringLiteral("--count"), QStringLiteral("20000")).toInt();
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return 2;
    static const char* const names[] = { "node_cpu_seconds_total", "node_network_receive_bytes_total",
        "node_filesystem_avail_bytes", "node_disk_io_time_seconds_total", "node_memory_Active_bytes" };
    for (int i = 0; i < count; ++i) {
        QJsonObject o;
        o.insert(QStringLiteral("__name__"), QLatin1String(names[i % 5]));
        o.insert(QStringLiteral("instance"), QStringLiteral("host-%1.example.org:9100").arg(i / 100));
        o.insert(QStringLiteral("job"), QStringLiteral("node"));
        o.insert(QStringLiteral("device"), QStringLiteral("dev%1").arg((i / 5) % 20));
        o.insert(QStringLiteral("mode"), QLatin1String(i % 2 ? "user" : "system"));
        f.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
    }
    std::printf("tsdb-labels: %d label sets in %s\n", count, qPrintable(path));
    return 0;
}

/// 24 h x 2,000 series x 15 s: counters, a classic histogram, 2-decimal gauges; persisted; bytes per sample.
int benchSize(const QStringList& args)
{
    const int seriesWanted = option(args, QStringLiteral("--series"), QStringLiteral("2000")).toInt();
    const int hours = option(args, QStringLiteral("--hours"), QStringLiteral("24")).toInt();
    const QString omPath = option(args, QStringLiteral("--openmetrics"));
    DataDir dir(option(args, QStringLiteral("--data-dir")), args.contains(QStringLiteral("--force")));
    if (dir.error) {
        std::fprintf(stderr, "%s\n", dir.error->message.c_str());
        return 1;
    }
    tsdb::StoreOptions o;
    o.walSync = tsdb::WalSync::Never;
    o.compressFrames = option(args, QStringLiteral("--zstd"), QStringLiteral("on")) != QLatin1String("off");
    o.chunkStorage = option(args, QStringLiteral("--chunks"), QStringLiteral("files")) == QLatin1String("blobs")
        ? tsdb::ChunkStorage::SqliteBlobs
        : tsdb::ChunkStorage::SegmentFiles;
    o.retention = 0;

    struct Gen
    {
        Labels labels;
        int kind; // 0 counter, 1 bucket, 2 sum, 3 count, 4 gauge
        double le = 0;
        double value = 0;
        int group = 0;
    };
    std::vector<Gen> gens;
    static const double les[] = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, INFINITY };
    int g = 0;
    while (int(gens.size()) < seriesWanted) {
        const std::string inst = "app-" + std::to_string(g % 50) + ":8000";
        const std::string route = "/api/v" + std::to_string(g / 50);
        for (const char* code : { "200", "404", "500" }) // 3 counters
            gens.push_back({ Labels { { "__name__", "http_requests_total" }, { "instance", inst }, { "route", route },
                                 { "code", code } },
                0 });
        for (double le : les) // 12 buckets + sum + count
            gens.push_back({ Labels { { "__name__", "http_request_duration_seconds_bucket" }, { "instance", inst },
                                 { "route", route }, { "le", std::isinf(le) ? "+Inf" : QString::number(le).toStdString() } },
                1, le, 0, g });
        gens.push_back({ Labels { { "__name__", "http_request_duration_seconds_sum" }, { "instance", inst }, { "route", route } }, 2, 0, 0, g });
        gens.push_back({ Labels { { "__name__", "http_request_duration_seconds_count" }, { "instance", inst }, { "route", route } }, 3, 0, 0, g });
        for (const char* m : { "cpu_temperature_celsius", "load_percent", "queue_fill_ratio", "memory_used_gb",
                 "disk_used_percent", "request_cost_dollars" }) // 6 gauges
            gens.push_back({ Labels { { "__name__", m }, { "instance", inst }, { "route", route } }, 4, 0, double(20 + g % 7) });
        ++g;
    }
    gens.resize(seriesWanted);

    FILE* om = omPath.isEmpty() ? nullptr : std::fopen(qPrintable(omPath), "w");
    std::mt19937_64 rng(42);
    std::poisson_distribution<int> requests(40);
    std::exponential_distribution<double> latency(8);
    std::normal_distribution<double> walk(0, 0.15);
    const double cpu0 = cpuSeconds();
    auto store = tsdb::Store::open(dir.path, o);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().message.c_str());
        return 1;
    }
    const TimestampMs start = 1700000000000;
    const int steps = hours * 240;
    std::size_t total = 0;
    std::vector<std::vector<double>> observed;
    observed.resize(std::size_t(g));
    tsdb::AppendBatch batch;
    for (int step = 0; step < steps; ++step) {
        const TimestampMs t = start + step * 15000LL;
        for (auto& obs : observed) { // this interval's requests per histogram group, rounded to milliseconds
            obs.resize(std::size_t(requests(rng)));
            for (auto& v : obs)
                v = std::round(latency(rng) * 1000) / 1000;
        }
        batch.samples.clear();
        for (auto& s : gens) {
            switch (s.kind) {
            case 0: s.value += double(requests(rng)); break;
            case 1: for (double v : observed[std::size_t(s.group)]) s.value += v <= s.le ? 1 : 0; break;
            case 2: for (double v : observed[std::size_t(s.group)]) s.value = std::round((s.value + v) * 1000) / 1000; break;
            case 3: s.value += double(observed[std::size_t(s.group)].size()); break;
            default: s.value = std::round(std::max(0.0, s.value + walk(rng)) * 100) / 100; break;
            }
            batch.samples.push_back({ s.labels, t, s.value });
            if (om) { // OpenMetrics: no space after the commas between labels
                std::string line;
                for (const auto& l : s.labels)
                    if (l.name == "__name__")
                        line = l.value;
                char sep = '{';
                for (const auto& l : s.labels)
                    if (l.name != "__name__") {
                        line += sep + l.name + "=\"" + l.value + '"';
                        sep = ',';
                    }
                std::fprintf(om, "%s} %.17g %.3f\n", line.c_str(), s.value, double(t) / 1000);
            }
        }
        total += store.value()->append(batch).appended;
    }
    if (om) {
        std::fputs("# EOF\n", om);
        std::fclose(om);
    }
    store.value()->persist();
    const auto st = store.value()->stats();
    store.value().reset();
    const double cpu = cpuSeconds() - cpu0;
    const std::uint64_t disk = dirBytes(dir.path);
    const std::uint64_t catalog = dirBytes(dir.path) - dirBytes(dir.path + "/blocks") - dirBytes(dir.path + "/wal");
    std::printf("series %zu, samples %zu, %d h at 15 s, zstd %s, chunks in %s, cpu %.1f s\n", gens.size(), total,
        hours, o.compressFrames ? "on" : "off", o.chunkStorage == tsdb::ChunkStorage::SqliteBlobs ? "blobs" : "files", cpu);
    std::printf("chunk bytes %llu (%.3f bytes/sample), catalog %llu bytes, total on disk %llu bytes\n",
        static_cast<unsigned long long>(st.chunkBytes), double(st.chunkBytes) / double(total),
        static_cast<unsigned long long>(catalog), static_cast<unsigned long long>(disk));
    std::printf("tsdb-size: %.3f bytes/sample on disk\n", double(disk) / double(total));
    return 0;
}

} // namespace

int runBench(int& argc, char** argv, const QStringList& args)
{
    const QString what = args.value(0);
    if (what == QLatin1String("crash-trials"))
        return runCrashTrials(argc, argv, args.mid(1));
    if (what == QLatin1String("tsdb-write"))
        return benchWrite(args);
    if (what == QLatin1String("tsdb-size"))
        return benchSize(args);
    if (what == QLatin1String("tsdb-labels"))
        return benchLabels(args);
    std::fprintf(stderr, "unknown benchmark %s (tsdb-write, tsdb-size, tsdb-labels, crash-trials)\n", qPrintable(what));
    return 2;
}

} // namespace sg::app
