#pragma once

#include "core/labels/labels.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace sg::metrics {

/// The kind of a metric family, as printed after `# TYPE`.
enum class MetricType { Counter, Gauge, Histogram };

/// A monotonically increasing value. Lock-free; safe to use from any thread.
class Counter
{
public:
    /// Adds `delta` (negative deltas are ignored: counters only go up).
    void inc(double delta = 1.0)
    {
        if (delta > 0)
            m_value.fetch_add(delta, std::memory_order_relaxed);
    }
    /// Mirrors an externally kept monotonic total (e.g. CPU seconds read from /proc).
    void setTotal(double total) { m_value.store(total, std::memory_order_relaxed); }
    double value() const { return m_value.load(std::memory_order_relaxed); }

private:
    std::atomic<double> m_value { 0.0 };
};

/// A value that goes up and down. Lock-free; safe to use from any thread.
class Gauge
{
public:
    void set(double v) { m_value.store(v, std::memory_order_relaxed); }
    void inc(double delta = 1.0) { m_value.fetch_add(delta, std::memory_order_relaxed); }
    void dec(double delta = 1.0) { m_value.fetch_sub(delta, std::memory_order_relaxed); }
    double value() const { return m_value.load(std::memory_order_relaxed); }

private:
    std::atomic<double> m_value { 0.0 };
};

/// Counts observations into cumulative buckets (`le` upper bounds) plus `_sum` and `_count`.
/// observe() is thread-safe; a snapshot is always self-consistent (+Inf bucket == count).
class Histogram
{
public:
    /// `upperBounds` must be sorted ascending; +Inf is implied and added when missing.
    explicit Histogram(std::vector<double> upperBounds);

    void observe(double v);
    /// Adds `count` observations of the same value `v` at once (used by simulations).
    void observeMany(double v, std::uint64_t count);

    /// A consistent copy of the current state.
    struct Snapshot
    {
        std::vector<double> upperBounds; ///< without +Inf
        std::vector<std::uint64_t> cumulative; ///< one per bound, then the +Inf bucket (== count)
        double sum = 0;
        std::uint64_t count = 0;
    };
    Snapshot snapshot() const;
    const std::vector<double>& upperBounds() const { return m_bounds; }

private:
    std::vector<double> m_bounds;
    mutable std::mutex m_mutex;
    std::vector<std::uint64_t> m_counts; ///< non-cumulative, bounds.size() + 1 (overflow)
    double m_sum = 0;
};

/// Default latency buckets (seconds), as the Prometheus client libraries use.
std::vector<double> defaultBuckets();

/// A thread-safe set of metric families, rendered in the Prometheus text format 0.0.4.
/// Returned references stay valid for the registry's lifetime.
class Registry
{
public:
    Registry();
    ~Registry();
    Registry(const Registry&) = delete;
    Registry& operator=(const Registry&) = delete;

    /// The counter `name{labels}`, created on first use. A name already used with another type
    /// yields a detached metric that is not rendered (and an assertion in debug builds).
    Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {});
    /// The gauge `name{labels}`, created on first use.
    Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {});
    /// The histogram `name{labels}`, created on first use; `buckets` apply when the series is created.
    Histogram& histogram(
        std::string_view name, std::string_view help, const std::vector<double>& buckets, const Labels& labels = {});

    /// All families sorted by name, series sorted by labels, in text format 0.0.4.
    std::string render() const;

    /// One rendered sample as a value: labels include `__name__` (and `le` for buckets).
    struct Sample
    {
        Labels labels;
        double value = 0;
    };
    /// The samples render() would print, in the same order (used to backfill history without HTTP).
    std::vector<Sample> collect() const;

    /// Refreshes process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes,
    /// process_start_time_seconds, process_open_fds and process_max_fds from /proc (Linux only; a no-op elsewhere).
    void collectProcessMetrics();

private:
    struct Family;
    Family& family(std::string_view name, std::string_view help, MetricType type);

    mutable std::mutex m_mutex;
    std::map<std::string, std::unique_ptr<Family>, std::less<>> m_families;
    std::vector<std::unique_ptr<Counter>> m_detachedCounters;
    std::vector<std::unique_ptr<Gauge>> m_detachedGauges;
    std::vector<std::unique_ptr<Histogram>> m_detachedHistograms;
};

/// Formats a sample value as Prometheus' Go clients do (`strconv.FormatFloat(v, 'g', -1, 64)`): `+Inf`, `-Inf`,
/// `NaN`, the shortest round-trip digits, an exponent when the decimal exponent is < -4 or >= 6 — except that
/// integral values below 1e15 are printed as plain integers (`1000000`, not `1e+06`).
std::string formatValue(double v);
/// Appends formatValue(v) to `out`.
void appendValue(std::string& out, double v);
/// Escapes a HELP text (`\\` and `\n`).
std::string escapeHelp(std::string_view help);

} // namespace sg::metrics
