#pragma once

// The language-service tests' stores, in memory behind a QueryClient:
// - http_requests_total{job="api"|"web", method="GET"|"POST", code="200"|"500"}, node_cpu_seconds_total{cpu, mode},
//   go_goroutines{job="api"} over the 10 minutes before T0;
// - log streams {app="api", level="info"|"error"} with logfmt lines and {app="web"} with JSON lines.

#include "core/logstore/memory_log_store.h"
#include "core/services/query_client.h"
#include "core/tsdb/memory_store.h"

#include <memory>
#include <string>

namespace sg::testing {

constexpr qint64 WorldT0 = 1'700'000'000'000;
constexpr qint64 WorldFrom = WorldT0 - 600'000;

inline std::unique_ptr<services::QueryClient> smallWorld()
{
    auto metrics = std::make_shared<tsdb::MemoryStore>(365LL * 24 * 3600 * 1000);
    tsdb::AppendBatch batch;
    for (qint64 t = WorldFrom; t <= WorldT0; t += 15'000) {
        for (const char* job : { "api", "web" })
            for (const char* method : { "GET", "POST" })
                for (const char* code : { "200", "500" })
                    batch.samples.push_back({ Labels { { "__name__", "http_requests_total" }, { "job", job },
                                                  { "method", method }, { "code", code } },
                        t, double(t - WorldFrom) / 1000 });
        for (const char* cpu : { "0", "1" })
            for (const char* mode : { "idle", "user", "system" })
                batch.samples.push_back(
                    { Labels { { "__name__", "node_cpu_seconds_total" }, { "cpu", cpu }, { "mode", mode } }, t, 1 });
        batch.samples.push_back({ Labels { { "__name__", "go_goroutines" }, { "job", "api" } }, t, 42 });
    }
    metrics->append(batch);

    auto logs = std::make_shared<logs::MemoryLogStore>();
    logs::PushBatch push;
    logs::Stream info { Labels { { "app", "api" }, { "level", "info" } }, {} };
    logs::Stream error { Labels { { "app", "api" }, { "level", "error" } }, {} };
    logs::Stream web { Labels { { "app", "web" } }, {} };
    for (int i = 0; i < 40; ++i) {
        const TimestampNs ts = (WorldFrom + i * 10'000) * 1'000'000LL;
        info.entries.push_back({ ts, "method=GET path=/items status=200 duration=" + std::to_string(10 + i) + "ms msg=\"served\"", {} });
        if (i % 4 == 0)
            error.entries.push_back({ ts, "method=POST path=/orders status=500 duration=3s msg=\"db timeout\"", {} });
        web.entries.push_back({ ts, "{\"route\":\"/home\",\"status\":" + std::to_string(i % 5 ? 200 : 404)
                + ",\"bytes\":" + std::to_string(1000 + i) + ",\"user\":{\"id\":\"u" + std::to_string(i % 3) + "\"}}", {} });
    }
    push.streams = { info, error, web };
    logs->push(push);
    return std::make_unique<services::QueryClient>(metrics, logs);
}

} // namespace sg::testing
