#pragma once

#include "api_common.h"
#include "core/services/query_client.h"

#include <atomic>
#include <memory>
#include <string>

namespace sg::scrape {
class ScrapeManager;
}

namespace sg::api {

/// Limits and identity of the Prometheus API.
struct PrometheusApiOptions
{
    DurationMs defaultTimeout = 120'000;  ///< Prometheus' query.timeout
    std::size_t maxPointsPerSeries = 11'000;
    std::size_t maxSamples = 50'000'000;
    std::string version = "0.1.0";
};

/// Prometheus' HTTP API (`/api/v1/...`) over the query client (the UI's query path, with its results cache): each method takes a decoded request and returns the
/// JSON envelope (`{"status":"success","data":...}` or `{"status":"error","errorType":...,"error":...}`) with
/// Prometheus' status codes. Thread-safe: every method may run on any worker thread.
class PrometheusApi
{
public:
    /// `scrape` (may be null) provides /api/v1/targets; it and `client` must outlive the API.
    PrometheusApi(const services::QueryClient* client, const scrape::ScrapeManager* scrape,
        PrometheusApiOptions options = {});

    /// `/api/v1/query`: `query`, `time` (default now), `timeout`, `stats`. `cancel` stops evaluation.
    ApiResponse query(const ApiRequest& request, const std::atomic_bool* cancel = nullptr) const;
    /// `/api/v1/query_range`: `query`, `start`, `end`, `step`, `timeout`, `stats`.
    ApiResponse queryRange(const ApiRequest& request, const std::atomic_bool* cancel = nullptr) const;
    /// `/api/v1/series`: `match[]` (required), `start`, `end`.
    ApiResponse series(const ApiRequest& request) const;
    /// `/api/v1/labels`: optional `match[]`, `start`, `end`.
    ApiResponse labels(const ApiRequest& request) const;
    /// `/api/v1/label/<name>/values`: optional `match[]`, `start`, `end`.
    ApiResponse labelValues(const ApiRequest& request, const std::string& name) const;
    /// `/api/v1/metadata`: per metric name, the distinct HELP/TYPE/UNIT of the targets' last scrapes; `limit`,
    /// `limit_per_metric` and `metric` as in Prometheus.
    ApiResponse metadata(const ApiRequest& request) const;
    /// `/api/v1/targets`: the scrape manager's targets and their last scrape.
    ApiResponse targets(const ApiRequest& request) const;
    /// `/api/v1/format_query`: the query printed canonically.
    ApiResponse formatQuery(const ApiRequest& request) const;
    /// `/api/v1/status/buildinfo`.
    ApiResponse buildInfo() const;

    /// The request's `timeout` parameter, else the default (ms); invalid text yields the default.
    DurationMs timeoutFor(const ApiRequest& request) const;

    /// An error envelope: `errorType` one of bad_data, execution, timeout, canceled, internal, not_found.
    static ApiResponse error(int status, const std::string& errorType, const std::string& message);
    /// A success envelope around raw JSON `data`.
    static ApiResponse success(const std::string& dataJson, const std::vector<std::string>& warnings = {});
    /// An engine error in the envelope with Prometheus' type and status for its code.
    static ApiResponse engineError(const Error& error);

private:
    ApiResponse runQuery(const ApiRequest& request, bool range, const std::atomic_bool* cancel) const;
    /// The `match[]` selectors and the `start`/`end` range of a look-up.
    struct Match
    {
        std::vector<Matchers> selectors;
        TimestampMs start = MinTimeMs;
        TimestampMs end = MaxTimeMs;
    };
    Result<Match> parseMatch(const ApiRequest& request) const;

    const services::QueryClient* m_client = nullptr;
    const scrape::ScrapeManager* m_scrape = nullptr;
    PrometheusApiOptions m_options;
};

} // namespace sg::api
