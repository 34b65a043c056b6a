// What the benchmarks share: the synthetic metrics of bench-promql and bench-dashboard, ports, medians.
#include "bench_data.h"

#include <QTcpServer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

namespace sg::app {

namespace {

/// One generated series: its label text and how its value moves.
struct GenSeries
{
    std::string labels; ///< `name{a="b",...}` as written to the file
    int kind = 0;       ///< 0 counter, 1 bucket, 2 histogram sum, 3 histogram count, 4 gauge
    double le = 0;
    int group = 0;      ///< the histogram (job) a bucket, sum or count belongs to
    double value = 0;
    double rate = 1;
};

std::vector<GenSeries> makeSeries(int series)
{
    static const char* jobs[] = { "api", "web", "auth", "billing", "search" };
    static const char* codes[] = { "200", "404", "500", "503" };
    static const char* methods[] = { "GET", "POST", "PUT", "DELETE" };
    static const char* modes[] = { "user", "system", "idle", "iowait", "irq", "softirq", "steal", "nice" };
    static const double les[] = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, INFINITY };
    const double scale = std::min(1.0, series / 2000.0);
    const int instances = std::max(1, int(std::lround(10 * scale)));
    const int jobCount = std::max(1, std::min(5, int(std::lround(5 * scale))));
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> speed(0.2, 40);
    std::vector<GenSeries> out;
    auto inst = [](int i) { return "10.0.0." + std::to_string(i + 1) + ":9100"; };
    for (int j = 0; j < jobCount; ++j)
        for (int i = 0; i < instances; ++i)
            for (const char* code : codes)
                for (const char* method : methods)
                    out.push_back({ "http_requests_total{job=\"" + std::string(jobs[j]) + "\",instance=\"" + inst(i)
                            + "\",code=\"" + code + "\",method=\"" + method + "\"}",
                        0, 0, 0, 0, speed(rng) });
    for (int j = 0; j < jobCount; ++j) {
        const std::string job = "job=\"" + std::string(jobs[j]) + "\"";
        for (double le : les) {
            char text[32];
            std::snprintf(text, sizeof text, "%g", le);
            out.push_back({ "http_request_duration_seconds_bucket{" + job + ",le=\"" + (std::isinf(le) ? "+Inf" : text)
                    + "\"}",
                1, le, j });
        }
        out.push_back({ "http_request_duration_seconds_sum{" + job + "}", 2, 0, j });
        out.push_back({ "http_request_duration_seconds_count{" + job + "}", 3, 0, j });
    }
    const int cpus = std::max(1, int(std::lround(8 * scale)));
    for (int i = 0; i < instances; ++i)
        for (int c = 0; c < cpus; ++c)
            for (const char* mode : modes)
                out.push_back({ "node_cpu_seconds_total{instance=\"" + inst(i) + "\",cpu=\"" + std::to_string(c)
                        + "\",mode=\"" + mode + "\"}",
                    0, 0, 0, 0, std::string(mode) == "idle" ? 12.0 : speed(rng) / 40 });
    const int filesystems = int(std::lround(300 * scale));
    for (int k = 0; k < filesystems; ++k)
        out.push_back({ "node_filesystem_avail_ratio{instance=\"" + inst(k % instances) + "\",mountpoint=\"/mnt/v"
                + std::to_string(k) + "\"}",
            4, 0, 0, 0.5 });
    for (int k = 0; int(out.size()) < series; ++k)
        out.push_back({ "app_temperature_celsius{instance=\"" + inst(k % instances) + "\",sensor=\"s" + std::to_string(k)
                + "\"}",
            4, 0, 0, 40 });
    out.resize(std::size_t(series));
    return out;
}

} // namespace

Result<std::size_t> generateOpenMetrics(const QString& path, int series, int hours)
{
    FILE* f = std::fopen(qPrintable(path), "w");
    if (!f)
        return Error { ErrorCode::Io, "cannot write " + path.toStdString() };
    std::vector<GenSeries> gens = makeSeries(series);
    int groups = 0;
    for (const auto& g : gens)
        groups = std::max(groups, g.group + 1);
    std::mt19937_64 rng(42);
    std::poisson_distribution<int> requests(40);
    std::exponential_distribution<double> latency(8);
    std::normal_distribution<double> walk(0, 0.01);
    std::vector<std::vector<double>> observed(static_cast<std::size_t>(groups));
    const qint64 steps = qint64(hours) * 3600 / BenchStepSeconds;
    std::size_t samples = 0;
    std::vector<char> buffer(1 << 20);
    std::setvbuf(f, buffer.data(), _IOFBF, buffer.size());
    for (qint64 s = 0; s < steps; ++s) {
        const qint64 t = BenchStartSeconds + s * BenchStepSeconds;
        for (auto& obs : observed) {
            obs.resize(std::size_t(requests(rng)));
            for (auto& v : obs)
                v = std::round(latency(rng) * 1000) / 1000;
        }
        for (auto& g : gens) {
            const auto& obs = g.group < groups ? observed[std::size_t(g.group)] : observed[0];
            switch (g.kind) {
            case 0: g.value += std::round(g.rate * 15 * std::uniform_real_distribution<double>(0.5, 1.5)(rng)); break;
            case 1: for (double v : obs) g.value += v <= g.le ? 1 : 0; break;
            case 2: for (double v : obs) g.value = std::round((g.value + v) * 1000) / 1000; break;
            case 3: g.value += double(obs.size()); break;
            default: g.value = std::round(std::max(0.0, g.value * (1 + walk(rng))) * 100) / 100; break;
            }
            std::fprintf(f, "%s %.17g %lld\n", g.labels.c_str(), g.value, static_cast<long long>(t));
            ++samples;
        }
    }
    std::fputs("# EOF\n", f);
    if (std::fclose(f) != 0)
        return Error { ErrorCode::Io, "cannot write " + path.toStdString() };
    return samples;
}


quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double quantile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const auto rank = std::size_t(std::ceil(q * double(v.size())));
    return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

} // namespace sg::app
