#pragma once

// A small metric and log data set for the explain tests (core, CLI, GUI), written into any store that takes an
// AppendBatch (tsdb::MemoryStore, tsdb::Store) and any that takes a PushBatch (logs::MemoryLogStore, logs::Store).
// Metrics: `a` for jobs api and db, `b` for jobs api and web (so `a / on(job) b` matches api only), and
// `http_requests_total` counters for jobs api and db, every 15 s over the 30 minutes up to ExplainAt.
// Logs: stream {app="api"}: 3 JSON lines at level error, 2 at level info, 2 lines that are not JSON.

#include "core/logstore/log_store.h"
#include "core/tsdb/storage.h"

namespace sg::testing {

/// The evaluation time of the explain tests (2023-11-14T22:13:20Z).
inline constexpr TimestampMs ExplainAt = 1'700'000'000'000;

inline tsdb::AppendBatch explainMetrics()
{
    tsdb::AppendBatch batch;
    for (TimestampMs t = ExplainAt - 30 * 60'000; t <= ExplainAt; t += 15'000) {
        const double step = double((t - (ExplainAt - 30 * 60'000)) / 15'000);
        batch.samples.push_back({ Labels { { "__name__", "a" }, { "job", "api" } }, t, 10 });
        batch.samples.push_back({ Labels { { "__name__", "a" }, { "job", "db" } }, t, 20 });
        batch.samples.push_back({ Labels { { "__name__", "b" }, { "job", "api" } }, t, 2 });
        batch.samples.push_back({ Labels { { "__name__", "b" }, { "job", "web" } }, t, 4 });
        for (const char* instance : { "i1", "i2" }) {
            batch.samples.push_back(
                { Labels { { "__name__", "http_requests_total" }, { "job", "api" }, { "instance", instance } }, t, step * 15 });
            batch.samples.push_back(
                { Labels { { "__name__", "http_requests_total" }, { "job", "db" }, { "instance", instance } }, t, step * 30 });
        }
    }
    return batch;
}

inline logs::PushBatch explainLogs()
{
    const char* lines[] = {
        "{\"level\":\"error\",\"msg\":\"disk full\"}",
        "plain text line one",
        "{\"level\":\"info\",\"msg\":\"started\"}",
        "{\"level\":\"error\",\"msg\":\"timeout\"}",
        "plain text line two",
        "{\"level\":\"info\",\"msg\":\"ready\"}",
        "{\"level\":\"error\",\"msg\":\"refused\"}",
    };
    logs::Stream stream;
    stream.labels = Labels { { "app", "api" } };
    TimestampNs ts = (ExplainAt - 20 * 60'000) * 1'000'000;
    for (const char* line : lines) {
        stream.entries.push_back({ ts, line, {} });
        ts += 60'000'000'000LL;
    }
    return logs::PushBatch { { stream } };
}

} // namespace sg::testing
