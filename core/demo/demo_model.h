#pragma once

#include "core/common/time.h"
#include "core/logstore/log_store.h"
#include "core/metrics/registry.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace sg::demo {

/// Tunables of the simulated service.
struct DemoOptions
{
    std::uint64_t seed = 20240611;
    /// Delay from the first live step to the first error burst.
    DurationMs firstBurstOffset = 20000;
    /// Average spacing of live bursts (each start is jittered by up to ±20 s).
    DurationMs burstPeriod = 240000;
};

/// One error burst: [startMs, startMs + lengthMs), failing `errorRatio` of the affected requests.
struct BurstWindow
{
    TimestampMs startMs = 0;
    DurationMs lengthMs = 0;
    double errorRatio = 0.4;
    bool contains(TimestampMs t) const { return t >= startMs && t < startMs + lengthMs; }
};

/// A deterministic simulation of a FastAPI app instrumented like prometheus-fastapi-instrumentator, advanced
/// in one-second steps. It updates `http_requests_total{handler,method,status}`, the latency histograms and
/// `http_requests_in_progress` in a Registry and returns the log lines of each second. During error bursts
/// 30-50 % of `/checkout` and `/items/{item_id}` requests fail with 5xx and get slower; every 5xx is logged at
/// ERROR, and ERROR lines exist only for 5xx.
class DemoModel
{
public:
    /// `registry` must outlive the model; the model's metrics are created in it.
    explicit DemoModel(metrics::Registry& registry, DemoOptions options = {});

    /// Simulates the second (t - 1000, t] and returns its log lines (timestamps inside that second).
    logs::PushBatch step(TimestampMs t);

    /// Adds an explicit burst (used for the backfilled hour).
    void addBurst(BurstWindow burst);
    /// Schedules periodic bursts: the first at `firstStartMs`, then about every burstPeriod.
    void schedulePeriodicBursts(TimestampMs firstStartMs);
    /// The burst active at t, if any.
    const BurstWindow* burstAt(TimestampMs t) const;
    /// Bursts known so far (explicit and periodic ones generated up to the last step).
    const std::vector<BurstWindow>& bursts() const { return m_bursts; }

    /// Total requests simulated so far.
    std::uint64_t totalRequests() const { return m_totalRequests; }
    /// Time of the last step, 0 before the first.
    TimestampMs lastStepMs() const { return m_lastStepMs; }
    const DemoOptions& options() const { return m_options; }

private:
    /// One handler/method pair with its traffic share and latency profile.
    struct Route
    {
        std::string handler;
        std::string method;
        double weight = 1;
        double medianSeconds = 0.02;
        double sigma = 0.5; ///< of the log-normal latency
        bool burstAffected = false;
        metrics::Histogram* latency = nullptr;
        metrics::Gauge* inProgress = nullptr;
    };
    double requestRate(TimestampMs t) const;
    void extendPeriodicBursts(TimestampMs t);
    void updateProcessMetrics(std::uint64_t requests);

    metrics::Registry& m_registry;
    DemoOptions m_options;
    std::mt19937_64 m_rng;
    std::vector<Route> m_routes;
    std::vector<BurstWindow> m_bursts;
    TimestampMs m_nextPeriodicMs = 0; ///< 0: no periodic schedule
    int m_periodicIndex = 0;
    TimestampMs m_lastStepMs = 0;
    std::uint64_t m_totalRequests = 0;
    double m_cpuSeconds = 0;
    double m_memoryBytes = 0;
};

} // namespace sg::demo
