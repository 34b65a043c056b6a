#pragma once

// The GUI tests' small world: requests_total{job="a"|"b"|"c"} counting 1, 2 and 3 per second over the hour before
// T0, a sample every 15 s, in memory, behind a QueryService and a QueryClient.
#include "app/main_window.h"
#include "core/logstore/memory_log_store.h"
#include "core/services/query_client.h"
#include "core/services/query_service.h"
#include "core/tsdb/memory_store.h"

#include <QTest>

#include <memory>

namespace sg::testing {

constexpr qint64 T0 = 1'700'000'000'000;
constexpr qint64 From = T0 - 3'600'000;

inline std::unique_ptr<services::QueryService> requestsService()
{
    auto metrics = std::make_shared<tsdb::MemoryStore>(365LL * 24 * 3600 * 1000);
    tsdb::AppendBatch batch;
    for (qint64 t = From; t <= T0; t += 15'000) {
        int k = 1;
        for (const char* job : { "a", "b", "c" })
            batch.samples.push_back(
                { Labels { { "__name__", "requests_total" }, { "job", job } }, t, double(k++ * (t - From)) / 1000 });
    }
    metrics->append(batch);
    return std::make_unique<services::QueryService>(metrics, std::make_shared<logs::MemoryLogStore>());
}

/// A 1400x900 main window over `service` and `client` with its library in `dir`, shown and exposed.
inline bool showWindow(services::QueryService* service, services::QueryClient* client, const QString& dir,
    std::unique_ptr<MainWindow>& window)
{
    window = std::make_unique<MainWindow>(service, client, dir);
    window->resize(1400, 900);
    window->show();
    return QTest::qWaitForWindowExposed(window.get());
}

} // namespace sg::testing
