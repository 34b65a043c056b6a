#pragma once

#include "core/common/result.h"

#include <QString>

#include <string>
#include <vector>

namespace sg::app {

/// The synthetic metrics the PromQL and dashboard benchmarks share: deterministic series at a 15 s step from
/// BenchStartSeconds.
constexpr qint64 BenchStartSeconds = 1'700'000'010; // a multiple of 15 s
constexpr qint64 BenchStepSeconds = 15;

/// `series` series: http_requests_total{job,instance,code,method} counters, a classic histogram
/// http_request_duration_seconds{job,le}, node_cpu_seconds_total{instance,cpu,mode}, 2-decimal gauges
/// (node_filesystem_avail_ratio{instance,mountpoint}: 300 of them, then app_temperature_celsius{instance,sensor}).
/// Proportions follow the 2,000-series layout (800 / 70 / 640 / 300 / 190) and scale down for small runs.
/// Writes `hours` hours of every series, timestamp by timestamp, then `# EOF`; returns the sample count.
Result<std::size_t> generateOpenMetrics(const QString& path, int series, int hours);

/// A loopback port that was free a moment ago, for a server process a benchmark starts.
quint16 freePort();

/// The median of `v` (0 when empty).
double median(std::vector<double> v);
/// The `q` quantile (0..1) of `v`, nearest rank (0 when empty).
double quantile(std::vector<double> v, double q);

} // namespace sg::app
