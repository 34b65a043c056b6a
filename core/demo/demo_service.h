#pragma once

#include "core/common/time.h"
#include "core/demo/demo_model.h"
#include "core/logstore/log_store.h"
#include "core/metrics/registry.h"
#include "core/scrape/target.h"
#include "core/tsdb/storage.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace sg::metrics {
class MetricsEndpoint;
}

namespace sg::demo {

/// The `job` and `instance` labels of the demo's series, in backfilled history and live scrapes alike.
inline constexpr const char* DemoJob = "fastapi";
inline constexpr const char* DemoInstance = "fastapi-demo";

/// The scrape target for the demo's /metrics: job="fastapi", instance="fastapi-demo", scraped every 5 s.
scrape::TargetConfig demoTarget(const QUrl& metricsUrl);

/// A built-in demo service: a simulated FastAPI app serving /metrics on 127.0.0.1 and producing logs each second.
/// Lives on its own thread (the caller moves it there); call start() and backfill() through queued invocations.
class DemoService : public QObject
{
    Q_OBJECT
public:
    explicit DemoService(DemoOptions options = {}, QObject* parent = nullptr);
    ~DemoService() override;

    /// Registers the types carried by the signals (call once at startup).
    static void registerMetaTypes();

    /// The registry the model writes to (thread-safe to read).
    const metrics::Registry& registry() const { return m_registry; }
    /// The model (touch only from the service's thread).
    const DemoModel& model() const { return *m_model; }

    /// Simulates [now - span, now) and emits historyProduced() with samples every 15 s and the log lines,
    /// with two error bursts in that span. Call before start(); the live model continues from the backfilled
    /// counters. Ignored once live stepping has begun.
    Q_INVOKABLE void backfill(sg::TimestampMs now, sg::DurationMs span = 3600000);
    /// Listens on 127.0.0.1 (ephemeral port), emits started(), then advances the model every second.
    Q_INVOKABLE void start();
    /// Stops the live stepping (the endpoint keeps serving the last state).
    Q_INVOKABLE void stop();

    /// The /metrics URL once started.
    QUrl metricsUrl() const { return m_url; }

Q_SIGNALS:
    void started(QUrl metricsUrl);
    /// One second's log lines.
    void logsProduced(sg::logs::PushBatch batch);
    /// A live error burst began at `ms` (epoch milliseconds).
    void burstStarted(qint64 ms);
    /// The backfilled history: metric samples as a 15 s scrape would have produced, and the log lines.
    void historyProduced(sg::tsdb::AppendBatch samples, sg::logs::PushBatch logs);

private:
    void tick();
    void appendSnapshot(tsdb::AppendBatch& batch, TimestampMs t) const;

    DemoOptions m_options;
    metrics::Registry m_registry;
    std::unique_ptr<DemoModel> m_model;
    std::unique_ptr<metrics::MetricsEndpoint> m_endpoint;
    QTimer m_timer;
    QUrl m_url;
    bool m_live = false;
    TimestampMs m_lastBurstReported = 0;
};

} // namespace sg::demo
