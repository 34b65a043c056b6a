#include "demo_model.h"

#include "demo_logs.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

namespace sg::demo {

namespace {

/// Latency buckets: the instrumentator's 0.1/0.5/1 plus finer ones so fast handlers show a shape.
const std::vector<double> LatencyBuckets { 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10 };
/// The instrumentator's high-resolution buckets for the unlabelled latency histogram.
const std::vector<double> HighResBuckets { 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 3.5, 4,
    4.5, 5, 7.5, 10, 30, 60 };

std::string statusGroup(int status)
{
    return std::to_string(status / 100) + "xx";
}

std::string traceId(std::mt19937_64& rng)
{
    static const char* Hex = "0123456789abcdef";
    std::string id(32, '0');
    std::uint64_t a = rng(), b = rng();
    for (int i = 0; i < 16; ++i) {
        id[std::size_t(i)] = Hex[(a >> (i * 4)) & 0xF];
        id[std::size_t(16 + i)] = Hex[(b >> (i * 4)) & 0xF];
    }
    return id;
}

const char* levelLabel(const std::string& level)
{
    if (level == "ERROR")
        return "error";
    if (level == "WARN")
        return "warn";
    return "info";
}

} // namespace

DemoModel::DemoModel(metrics::Registry& registry, DemoOptions options)
    : m_registry(registry)
    , m_options(options)
    , m_rng(options.seed)
{
    m_routes = {
        { "/", "GET", 0.14, 0.008, 0.45, false },
        { "/items/{item_id}", "GET", 0.38, 0.035, 0.55, true },
        { "/users", "GET", 0.14, 0.045, 0.5, false },
        { "/users", "POST", 0.05, 0.07, 0.5, false },
        { "/checkout", "POST", 0.11, 0.22, 0.6, true },
        { "/health", "GET", 0.18, 0.002, 0.35, false },
    };
    for (auto& r : m_routes) {
        const Labels hm { { "handler", r.handler }, { "method", r.method } };
        r.latency = &m_registry.histogram("http_request_duration_seconds",
            "Request latency in seconds by handler and method (coarse buckets).", LatencyBuckets, hm);
        r.inProgress = &m_registry.gauge("http_requests_in_progress", "Number of HTTP requests in progress.", hm);
        // Series that dashboards query from the start (the error series exist before the first error).
        m_registry.counter(
            "http_requests_total", "Requests by handler, method and status class.", hm.with("status", "2xx"));
        if (r.burstAffected)
            m_registry.counter(
                "http_requests_total", "Requests by handler, method and status class.", hm.with("status", "5xx"));
    }
    m_registry.histogram("http_request_duration_highr_seconds",
        "Request latency in seconds over all handlers (fine buckets for percentiles).", HighResBuckets);
    m_memoryBytes = 78e6;
}

void DemoModel::addBurst(BurstWindow burst)
{
    m_bursts.push_back(burst);
    std::sort(m_bursts.begin(), m_bursts.end(), [](const auto& a, const auto& b) { return a.startMs < b.startMs; });
}

void DemoModel::schedulePeriodicBursts(TimestampMs firstStartMs)
{
    m_nextPeriodicMs = firstStartMs;
    m_periodicIndex = 0;
}

void DemoModel::extendPeriodicBursts(TimestampMs t)
{
    if (m_nextPeriodicMs == 0)
        return;
    while (m_nextPeriodicMs <= t) {
        // Each burst's shape comes from its own generator, so it does not depend on how far the model ran.
        std::mt19937_64 rng(m_options.seed ^ (0x9E3779B97F4A7C15ULL * std::uint64_t(m_periodicIndex + 1)));
        BurstWindow b;
        b.startMs = m_nextPeriodicMs;
        b.lengthMs = std::uniform_int_distribution<DurationMs>(30000, 45000)(rng);
        b.errorRatio = std::uniform_real_distribution<double>(0.3, 0.5)(rng);
        addBurst(b);
        ++m_periodicIndex;
        const DurationMs jitter = std::uniform_int_distribution<DurationMs>(-20000, 20000)(rng);
        m_nextPeriodicMs = b.startMs + std::max<DurationMs>(b.lengthMs + 60000, m_options.burstPeriod + jitter);
    }
}

const BurstWindow* DemoModel::burstAt(TimestampMs t) const
{
    for (const auto& b : m_bursts)
        if (b.contains(t))
            return &b;
    return nullptr;
}

double DemoModel::requestRate(TimestampMs t) const
{
    constexpr double TwoPi = 2 * std::numbers::pi;
    const double s = double(t) / 1000.0;
    double rate = 27 + 6 * std::sin(TwoPi * s / 86400.0) // the day
        + 5 * std::sin(TwoPi * s / 2700.0) // a slower wave that is visible within an hour
        + 1.5 * std::sin(TwoPi * s / 300.0);
    if (burstAt(t))
        rate *= 1.1; // clients retry
    return std::clamp(rate, 15.0, 40.0);
}

void DemoModel::updateProcessMetrics(std::uint64_t requests)
{
    m_cpuSeconds += 0.012 + 0.0016 * double(requests);
    m_registry.counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.")
        .setTotal(m_cpuSeconds);
    std::normal_distribution<double> noise(0, 0.15e6);
    m_memoryBytes = std::clamp(m_memoryBytes + 2e3 + noise(m_rng) - (m_memoryBytes - 80e6) * 0.002, 70e6, 140e6);
    m_registry.gauge("process_resident_memory_bytes", "Resident memory size in bytes.").set(std::round(m_memoryBytes));
}

logs::PushBatch DemoModel::step(TimestampMs t)
{
    if (m_lastStepMs != 0 && t <= m_lastStepMs)
        return {};
    extendPeriodicBursts(t);
    const BurstWindow* burst = burstAt(t);
    const bool burstBegins = burst && !burstAt(t - 1000);
    const bool burstEnded = !burst && burstAt(t - 1000);
    m_lastStepMs = t;

    std::uniform_real_distribution<double> uniform(0, 1);
    std::normal_distribution<double> normal(0, 1);
    const double rate = requestRate(t);
    const auto requests = std::uint64_t(std::poisson_distribution<int>(rate)(m_rng));
    m_totalRequests += requests;

    std::vector<double> weights;
    for (const auto& r : m_routes)
        weights.push_back(r.weight);
    std::discrete_distribution<std::size_t> pickRoute(weights.begin(), weights.end());
    auto& highRes = m_registry.histogram("http_request_duration_highr_seconds", "", HighResBuckets);

    std::vector<LogRecord> records;
    const TimestampNs secondStart = msToNs(t - 1000);
    auto at = [&] { return secondStart + TimestampNs(uniform(m_rng) * 1e9); };

    for (std::uint64_t i = 0; i < requests; ++i) {
        Route& route = m_routes[pickRoute(m_rng)];
        double latency = route.medianSeconds * std::exp(route.sigma * normal(m_rng));
        int status = route.method == "POST" && route.handler == "/users" ? 201 : 200;
        std::string error;
        const double u = uniform(m_rng);
        if (burst && route.burstAffected) {
            latency *= 2.5 + 1.5 * uniform(m_rng);
            if (u < burst->errorRatio) {
                const double kind = uniform(m_rng);
                status = kind < 0.55 ? 500 : kind < 0.8 ? 503 : 504;
                const bool checkout = route.handler == "/checkout";
                error = status == 500 ? "sqlalchemy.exc.TimeoutError: QueuePool limit of size 10 overflow 5 reached"
                    : status == 503
                    ? (checkout ? "payments-api unavailable" : "inventory-service unavailable")
                    : (checkout ? "payments-api request timed out" : "inventory-service request timed out");
                if (status == 504)
                    latency = std::max(latency, 2.0 + uniform(m_rng));
            }
        } else if (route.handler == "/items/{item_id}" && u < 0.03) {
            status = 404;
        } else if (route.handler == "/users" && route.method == "POST" && u < 0.06) {
            status = 422;
        } else if (route.handler == "/" && u < 0.03) {
            status = 307;
        } else if (route.handler == "/checkout" && u < 0.02) {
            status = 402;
        } else if (route.handler == "/checkout" && u < 0.022) {
            status = 502; // a rare failure outside bursts
            error = "bad gateway from payments-api";
        }
        const Labels hm { { "handler", route.handler }, { "method", route.method } };
        m_registry.counter("http_requests_total", "", hm.with("status", statusGroup(status))).inc();
        route.latency->observe(latency);
        highRes.observe(latency);

        const bool failed = status >= 500;
        const double logChance = failed ? 1.0
            : status >= 400             ? 0.5
                                        : (route.handler == "/health" ? 0.3 : 1.0) * 3.0 / rate;
        if (uniform(m_rng) >= logChance)
            continue;
        LogRecord r;
        r.ts = at();
        r.level = failed ? "ERROR" : status >= 400 ? "WARN" : "INFO";
        r.logger = failed ? "app.api" : "uvicorn.access";
        r.message = failed ? "request failed" : "request completed";
        r.handler = route.handler;
        r.method = route.method;
        r.path = route.handler == "/items/{item_id}"
            ? "/items/" + std::to_string(std::uniform_int_distribution<int>(1, 5000)(m_rng))
            : route.handler;
        r.status = status;
        r.durationMs = latency * 1000.0;
        r.traceId = traceId(m_rng);
        if (!error.empty())
            r.extra.push_back({ "error", error });
        records.push_back(std::move(r));
    }

    // Requests in flight (Little's law with some noise).
    for (auto& route : m_routes) {
        double mean = rate * route.weight * route.medianSeconds * std::exp(route.sigma * route.sigma / 2);
        if (burst && route.burstAffected)
            mean *= 3.2;
        route.inProgress->set(double(std::poisson_distribution<int>(std::max(mean, 0.01))(m_rng)));
    }

    // Application lines that are not about one request.
    auto appLine = [&](const char* level, const char* logger, std::string message,
                       std::vector<std::pair<std::string, std::string>> extra = {}) {
        LogRecord r;
        r.ts = at();
        r.level = level;
        r.logger = logger;
        r.message = std::move(message);
        r.extra = std::move(extra);
        records.push_back(std::move(r));
    };
    if (uniform(m_rng) < 0.35)
        appLine("INFO", "app.cache", "cache miss",
            { { "key", "item:" + std::to_string(std::uniform_int_distribution<int>(1, 5000)(m_rng)) } });
    if (uniform(m_rng) < 0.04)
        appLine("WARN", "app.db", "slow query",
            { { "query", "SELECT * FROM orders WHERE user_id = $1" },
                { "elapsed_ms", std::to_string(std::uniform_int_distribution<int>(250, 900)(m_rng)) } });
    if (burstBegins)
        appLine("WARN", "app.payments", "circuit breaker half-open for payments-api", { { "failures", "12" } });
    if (burst && uniform(m_rng) < 0.7)
        appLine("WARN", "app.db", "db pool exhausted",
            { { "pool_size", "10" }, { "waiting", std::to_string(std::uniform_int_distribution<int>(4, 30)(m_rng)) } });
    if (burst && uniform(m_rng) < 0.4)
        appLine("WARN", "app.payments", "retrying payment provider call",
            { { "attempt", std::to_string(std::uniform_int_distribution<int>(2, 3)(m_rng)) } });
    if (burstEnded)
        appLine("INFO", "app.db", "connection pool recovered", { { "pool_size", "10" } });

    updateProcessMetrics(requests);

    // Group into streams {app, level, handler}; about half the lines are JSON, half logfmt.
    std::map<std::pair<std::string, std::string>, logs::Stream> streams;
    for (const auto& r : records) {
        auto& s = streams[{ levelLabel(r.level), r.handler }];
        if (s.labels.empty()) {
            s.labels = r.handler.empty()
                ? Labels { { "app", "fastapi" }, { "level", levelLabel(r.level) } }
                : Labels { { "app", "fastapi" }, { "level", levelLabel(r.level) }, { "handler", r.handler } };
        }
        s.entries.push_back(logs::LogEntry { r.ts, uniform(m_rng) < 0.5 ? formatJson(r) : formatLogfmt(r) });
    }
    logs::PushBatch batch;
    for (auto& [key, s] : streams) {
        std::sort(s.entries.begin(), s.entries.end(), [](const auto& a, const auto& b) { return a.ts < b.ts; });
        batch.streams.push_back(std::move(s));
    }
    return batch;
}

} // namespace sg::demo
