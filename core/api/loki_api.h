#pragma once

#include "api_common.h"
#include "core/services/query_client.h"

#include <atomic>
#include <memory>

namespace sg::api {

/// Loki's query API (`/loki/api/v1/...`) over the query client (the UI's query path), in Loki's JSON shapes. Errors are plain text bodies
/// as Loki sends them (a query that does not parse: 400 with `parse error at line 1, col N: ...`).
/// Thread-safe: every method may run on any worker thread.
class LokiApi
{
public:
    /// `client` must outlive the API.
    explicit LokiApi(const services::QueryClient* client);

    /// `/loki/api/v1/query`: `query`, `time` (default now), `limit` (100), `direction` (backward).
    ApiResponse query(const ApiRequest& request, const std::atomic_bool* cancel = nullptr) const;
    /// `/loki/api/v1/query_range`: `query`, `start` (now-1h), `end` (now), `limit`, `direction`, `step`.
    ApiResponse queryRange(const ApiRequest& request, const std::atomic_bool* cancel = nullptr) const;
    /// `/loki/api/v1/labels`.
    ApiResponse labels(const ApiRequest& request) const;
    /// `/loki/api/v1/label/<name>/values`: optional `query` selector restricts the streams.
    ApiResponse labelValues(const ApiRequest& request, const std::string& name) const;
    /// `/loki/api/v1/series`: `match[]` selectors, `start`, `end`.
    ApiResponse series(const ApiRequest& request) const;
    /// `/loki/api/v1/index/stats`: `query` selector, `start`, `end`: streams, chunks, entries, bytes.
    ApiResponse indexStats(const ApiRequest& request) const;
    /// `/loki/api/v1/patterns`: `query` (a log query), `start` (now-1h), `end` (now), `step` (default the range /
    /// 250, at least 10 s): the Drain patterns of the lines, most lines first, each with its line counts per step
    /// (`{"pattern":"...","samples":[[unix_seconds,count],...]}`, steps without lines left out), as Loki 3.x answers.
    ApiResponse patterns(const ApiRequest& request, const std::atomic_bool* cancel = nullptr) const;

    /// Streams in Loki's `"result"` shape (`[{"stream":{...},"values":[["<ns>","line"],...]}]`). Structured
    /// metadata joins the stream labels unless `categorized`, where it is a third element per value.
    static std::string streamsJson(const std::vector<logs::Stream>& streams, bool categorized);
    /// A plain-text error response.
    static ApiResponse textError(int status, const std::string& message);

private:
    ApiResponse run(const logql::QueryParams& params, const std::string& query, bool instant, bool categorized) const;

    const services::QueryClient* m_client = nullptr;
};

} // namespace sg::api
