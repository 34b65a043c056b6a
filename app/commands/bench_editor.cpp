// `sightglass bench-editor`: how fast the query editors answer on a big store. Fills a real TSDB with `--metrics`
// metric names and `--series` series (default 20,000 and 1,000,000) and a log store with logfmt and JSON streams,
// then times completion at each situation through the QueryClient (as the editor asks: one completion data object
// kept across keystrokes, and a cold one per request), and diagnostics and highlighting of 2 KB queries.
// The last line gives the worst completion p95 and the diagnostics p95.

#include "commands.h"

#include "core/datadir/layout.h"
#include "core/langsvc/language_service.h"
#include "core/langsvc/query_client_data.h"
#include "core/logql/diagnostics.h"
#include "core/logstore/store.h"
#include "core/promql/diagnostics.h"
#include "core/services/query_client.h"
#include "core/tsdb/store.h"

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <random>

namespace sg::app {

using namespace Qt::StringLiterals;

namespace {

constexpr const char* Usage = "usage: sightglass bench-editor [--metrics 20000] [--series 1000000] [--runs 200] "
                              "[--data-dir DIR [--force]]\n";

const char* const Subsystems[] = { "http", "grpc", "db", "cache", "queue", "node", "process", "go", "kafka", "redis",
    "nginx", "envoy", "jvm", "etcd", "kube" };
const char* const Nouns[] = { "requests", "errors", "latency_seconds", "bytes", "connections", "retries", "messages",
    "operations", "sessions", "evictions", "allocations", "timeouts" };
const char* const Suffixes[] = { "total", "count", "sum", "bucket", "current" };

std::string metricName(int i)
{
    return std::string(Subsystems[i % 15]) + "_" + Nouns[(i / 15) % 12] + "_" + std::to_string(i / 180) + "_"
        + Suffixes[i % 5];
}

struct Percentiles
{
    double p50 = 0;
    double p95 = 0;
    double max = 0;
};

Percentiles percentiles(std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    if (ms.empty())
        return {};
    const auto at = [&](double q) { return ms[std::min(ms.size() - 1, std::size_t(q * double(ms.size())))]; };
    return { at(0.5), at(0.95), ms.back() };
}

double timeMs(const std::function<void()>& f)
{
    QElapsedTimer t;
    t.start();
    f();
    return double(t.nsecsElapsed()) / 1e6;
}

/// A PromQL query of about `bytes` bytes: a sum of rates with matchers, as dashboards grow them.
std::string longPromQL(std::size_t bytes)
{
    std::string q = "sum by (job, instance) (rate(" + metricName(0) + "{job=~\"job-1|job-2\"}[$__rate_interval]))";
    for (int i = 1; q.size() < bytes; ++i)
        q += "\n  + on (job) group_left sum by (job) (rate(" + metricName(i) + "{job=\"job-" + std::to_string(i % 20)
            + "\", instance!~\"host-" + std::to_string(i) + ".*\"}[5m])) # part " + std::to_string(i);
    return q;
}

std::string longLogQL(std::size_t bytes)
{
    std::string q = "sum by (level) (count_over_time({app=\"api\"} |= \"GET\" | logfmt | status >= 500";
    for (int i = 0; q.size() + 40 < bytes; ++i)
        q += " | path != \"/health" + std::to_string(i) + "\" or duration > " + std::to_string(i) + "ms";
    return q + " [$__auto]))";
}

} // namespace

int runBenchEditor(int& argc, char** argv, const QStringList& args)
{
    (void)argc;
    (void)argv;
    const auto option = [&](const QString& name, int fallback) {
        const auto i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args[i + 1].toInt() : fallback;
    };
    const int metrics = option(u"--metrics"_s, 20'000);
    const int series = option(u"--series"_s, 1'000'000);
    const int runs = option(u"--runs"_s, 200);
    if (metrics <= 0 || series < metrics || runs <= 0) {
        std::fputs(Usage, stderr);
        return 2;
    }
    QTemporaryDir temp;
    QString dataDir = temp.path();
    if (const auto i = args.indexOf(u"--data-dir"_s); i >= 0 && i + 1 < args.size()) {
        dataDir = args[i + 1];
        if (auto error = datadir::prepareScratchDir(dataDir, args.contains(u"--force"_s))) {
            std::fprintf(stderr, "bench-editor: %s\n", error->message.c_str());
            return 1;
        }
    }

    // The stores.
    auto tsdbStore = tsdb::Store::open(datadir::metricsDir(dataDir).toStdString());
    auto logStore = logs::Store::open(datadir::logsDir(dataDir).toStdString());
    if (!tsdbStore.ok() || !logStore.ok()) {
        std::fprintf(stderr, "bench-editor: %s\n",
            (!tsdbStore.ok() ? tsdbStore.error() : logStore.error()).message.c_str());
        return 1;
    }
    const TimestampMs now = nowMs();
    const int perMetric = series / metrics;
    QElapsedTimer fill;
    fill.start();
    tsdb::AppendBatch batch;
    for (int m = 0; m < metrics; ++m) {
        const std::string name = metricName(m);
        for (int k = 0; k < perMetric; ++k) {
            batch.samples.push_back({ Labels { { "__name__", name }, { "job", "job-" + std::to_string((m + k) % 20) },
                                          { "instance", "host-" + std::to_string((m * 7 + k) % 500) + ":9100" },
                                          { "shard", std::to_string(k % 8) } },
                now - 30'000, double(k) });
        }
        if (batch.samples.size() >= 100'000 || m + 1 == metrics) {
            const auto stats = (*tsdbStore)->append(batch);
            if (!stats.error.empty()) {
                std::fprintf(stderr, "bench-editor: %s\n", stats.error.c_str());
                return 1;
            }
            batch.samples.clear();
        }
    }
    logs::PushBatch push;
    for (int app = 0; app < 20; ++app) {
        for (const char* level : { "info", "warn", "error" }) {
            logs::Stream s { Labels { { "app", "app-" + std::to_string(app) }, { "level", level } }, {} };
            for (int i = 0; i < 500; ++i) {
                const TimestampNs ts = (now - 600'000 + i * 1000) * 1'000'000LL;
                s.entries.push_back({ ts, app % 2
                        ? "{\"route\":\"/r" + std::to_string(i % 30) + "\",\"status\":" + std::to_string(200 + i % 4 * 100)
                            + ",\"bytes\":" + std::to_string(i * 13) + ",\"user\":{\"id\":\"u" + std::to_string(i % 50) + "\"}}"
                        : "method=GET path=/items/" + std::to_string(i % 40) + " status=" + std::to_string(200 + i % 3 * 150)
                            + " duration=" + std::to_string(i % 90) + "ms msg=\"served\"",
                    {} });
            }
            push.streams.push_back(std::move(s));
        }
    }
    (*logStore)->push(push);
    std::printf("store: %d metric names, %d series, %zu log streams (filled in %.1f s)\n", metrics, perMetric * metrics,
        push.streams.size(), double(fill.elapsed()) / 1000);

    const std::shared_ptr<const tsdb::Querier> tsdbQuerier(std::move(*tsdbStore));
    const std::shared_ptr<const logs::LogQuerier> logQuerier(std::move(*logStore));
    services::QueryClient client(tsdbQuerier, logQuerier);
    const TimestampMs from = now - 3'600'000;
    langsvc::QueryClientCompletionData warm(&client, from, now);

    // The situations: `{m}` is a metric name that changes per run, `{i}` a number.
    struct Case
    {
        const char* name;
        langsvc::Language language;
        std::function<std::string(int)> marked; ///< the query, the cursor at ‸
    };
    const std::vector<Case> cases {
        { "metric name prefix", langsvc::Language::PromQL, [](int i) { return "rate(" + metricName(i).substr(0, 6) + "‸"; } },
        { "metric name fuzzy", langsvc::Language::PromQL, [](int i) { return std::string(i % 2 ? "htrq" : "dbcn") + std::to_string(i % 10) + "‸"; } },
        { "label names of a metric", langsvc::Language::PromQL, [metrics](int i) { return metricName(i * 97 % metrics) + "{‸"; } },
        { "label values scoped", langsvc::Language::PromQL,
            [metrics](int i) { return metricName(i * 89 % metrics) + "{job=\"job-" + std::to_string(i % 20) + "\", instance=\"‸"; } },
        { "label values of a metric", langsvc::Language::PromQL, [metrics](int i) { return metricName(i * 53 % metrics) + "{shard=‸"; } },
        { "label values, no metric", langsvc::Language::PromQL, [](int) { return std::string("{instance=\"host-1‸"); } },
        { "grouping labels", langsvc::Language::PromQL,
            [metrics](int i) { return "sum by (‸) (rate(" + metricName(i * 31 % metrics) + "[5m]))"; } },
        { "logql stream values", langsvc::Language::LogQL, [](int) { return std::string("{app=\"‸"); } },
        { "logql stage, fields detected", langsvc::Language::LogQL,
            [](int i) { return "{app=\"app-" + std::to_string(i % 20) + "\"} | ‸"; } },
        { "logql fields after json", langsvc::Language::LogQL,
            [](int i) { return "{app=\"app-" + std::to_string(i % 10 * 2 + 1) + "\"} | json | ‸"; } },
        { "logql field values", langsvc::Language::LogQL,
            [](int i) { return "{app=\"app-" + std::to_string(i % 10 * 2) + "\"} | logfmt | path=‸"; } },
    };
    double worst = 0;
    for (const Case& c : cases) {
        std::vector<double> warmMs, coldMs;
        std::size_t items = 0;
        for (int r = 0; r < runs; ++r) {
            const std::string marked = c.marked(r);
            const auto at = marked.find("‸");
            langsvc::CompletionRequest request { c.language, marked.substr(0, at) + marked.substr(at + 3), int(at), {}, 200 };
            warmMs.push_back(timeMs([&] { items += langsvc::complete(request, &warm).items.size(); }));
            if (r % 10 == 0) {
                langsvc::QueryClientCompletionData cold(&client, from, now);
                coldMs.push_back(timeMs([&] { langsvc::complete(request, &cold); }));
            }
        }
        const Percentiles w = percentiles(warmMs);
        const Percentiles k = percentiles(coldMs);
        worst = std::max(worst, w.p95);
        std::printf("completion %-30s p50 %6.2f ms  p95 %6.2f ms  max %6.2f ms   cold p95 %6.2f ms  (%.0f items)\n",
            c.name, w.p50, w.p95, w.max, k.p95, double(items) / runs);
    }

    const std::string prom = longPromQL(2048);
    const std::string logq = longLogQL(2048);
    std::vector<double> promMs, logMs, lightMs;
    for (int r = 0; r < runs; ++r) {
        promMs.push_back(timeMs([&] { promql::checkQuery(prom); }));
        logMs.push_back(timeMs([&] { logql::checkQuery(logq); }));
        lightMs.push_back(timeMs([&] { langsvc::highlight(langsvc::Language::PromQL, prom); }));
    }
    const Percentiles p = percentiles(promMs);
    const Percentiles l = percentiles(logMs);
    const Percentiles h = percentiles(lightMs);
    std::printf("diagnostics PromQL %zu bytes: p50 %.2f ms p95 %.2f ms; LogQL %zu bytes: p50 %.2f ms p95 %.2f ms\n",
        prom.size(), p.p50, p.p95, logq.size(), l.p50, l.p95);
    std::printf("highlighting PromQL %zu bytes: p50 %.2f ms p95 %.2f ms\n", prom.size(), h.p50, h.p95);
    std::printf("completion p95 (worst situation) %.2f ms; diagnostics 2 KB p95 %.2f ms\n", worst, std::max(p.p95, l.p95));
    return 0;
}

} // namespace sg::app
