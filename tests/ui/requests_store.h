#pragma once

// The GUI tests' small world: requests_total{job="a"|"b"|"c"} counting 1, 2 and 3 per second over the hour before
// T0, a sample every 15 s, in memory, behind a QueryClient.
#include "app/main_window.h"
#include "core/logstore/memory_log_store.h"
#include "core/services/query_client.h"
#include "core/tsdb/memory_store.h"

#include "ui/dashboard/dashboard_model.h"

#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <memory>

namespace sg::testing {

constexpr qint64 T0 = 1'700'000'000'000;
constexpr qint64 From = T0 - 3'600'000;

inline std::unique_ptr<services::QueryClient> requestsClient()
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
    return std::make_unique<services::QueryClient>(metrics, std::make_shared<logs::MemoryLogStore>());
}

/// The store above behind a 1400x900 main window whose library is a temporary folder.
struct RequestsWindow
{
    std::unique_ptr<services::QueryClient> client;
    QTemporaryDir dir;
    std::unique_ptr<MainWindow> window;

    /// Starts the client (`own`, else requestsClient()) and shows the window; false when the folder or the window
    /// failed.
    bool start(std::unique_ptr<services::QueryClient> own = nullptr)
    {
        if (!dir.isValid())
            return false;
        client = own ? std::move(own) : requestsClient();
        window = std::make_unique<MainWindow>(client.get(), dir.path());
        window->resize(1400, 900);
        window->show();
        return QTest::qWaitForWindowExposed(window.get());
    }

    /// Closes the window without asking about unsaved changes.
    void stop()
    {
        window->model()->undoStack()->clear();
        window.reset();
    }
};

} // namespace sg::testing
