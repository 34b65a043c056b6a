#include "demo_service.h"

#include "core/metrics/metrics_endpoint.h"

#include <QMetaType>

#include <map>

namespace sg::demo {

namespace {
/// At most this much missed time is simulated when the event loop stalled.
constexpr DurationMs MaxCatchUpMs = 300000;
constexpr DurationMs BackfillScrapeIntervalMs = 15000;

void mergePush(std::map<Labels, logs::Stream>& into, logs::PushBatch&& batch)
{
    for (auto& s : batch.streams) {
        auto& dst = into[s.labels];
        if (dst.labels.empty())
            dst.labels = s.labels;
        std::move(s.entries.begin(), s.entries.end(), std::back_inserter(dst.entries));
    }
}
} // namespace

scrape::TargetConfig demoTarget(const QUrl& metricsUrl)
{
    scrape::TargetConfig t;
    t.job = QString::fromLatin1(DemoJob);
    t.url = metricsUrl;
    t.interval = 5000;
    t.timeout = 3000;
    t.labels = Labels { { "instance", DemoInstance } };
    return t;
}

DemoService::DemoService(DemoOptions options, QObject* parent)
    : QObject(parent)
    , m_options(options)
    , m_model(std::make_unique<DemoModel>(m_registry, options))
    , m_timer(this)
{
    m_timer.setInterval(1000);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &DemoService::tick);
}

DemoService::~DemoService() = default;

void DemoService::registerMetaTypes()
{
    qRegisterMetaType<sg::tsdb::AppendBatch>();
    qRegisterMetaType<sg::logs::PushBatch>();
}

void DemoService::appendSnapshot(tsdb::AppendBatch& batch, TimestampMs t) const
{
    const auto samples = m_registry.collect();
    const Labels target { { "job", DemoJob }, { "instance", DemoInstance } };
    for (const auto& s : samples) {
        std::vector<Label> labels = s.labels.items();
        labels.insert(labels.end(), target.begin(), target.end());
        batch.samples.push_back(tsdb::BatchSample { Labels(std::move(labels)), t, s.value });
    }
    // The synthetic series a live scrape adds.
    batch.samples.push_back(tsdb::BatchSample { target.with("__name__", "up"), t, 1.0 });
    // A loopback scrape of this endpoint takes well under a millisecond; vary it deterministically by time.
    const double jitter = double((std::uint64_t(t / 1000) * 2654435761ULL) % 1000) / 1000.0;
    batch.samples.push_back(
        tsdb::BatchSample { target.with("__name__", "scrape_duration_seconds"), t, 0.0005 + 0.0004 * jitter });
    batch.samples.push_back(
        tsdb::BatchSample { target.with("__name__", "scrape_samples_scraped"), t, double(samples.size()) });
}

void DemoService::backfill(TimestampMs now, DurationMs span)
{
    if (m_live || m_model->lastStepMs() != 0)
        return;
    const TimestampMs begin = now - span;
    // Two bursts in the hour: one about 40 minutes ago and one about 15 minutes ago (scaled to the span).
    m_model->addBurst(BurstWindow { begin + span / 3, 38000, 0.42 });
    m_model->addBurst(BurstWindow { begin + span * 3 / 4, 33000, 0.36 });

    tsdb::AppendBatch samples;
    std::map<Labels, logs::Stream> streams;
    for (TimestampMs t = begin + 1000; t <= now; t += 1000) {
        mergePush(streams, m_model->step(t));
        if ((t - begin) % BackfillScrapeIntervalMs == 0)
            appendSnapshot(samples, t);
    }
    logs::PushBatch logs;
    logs.streams.reserve(streams.size());
    for (auto& [labels, s] : streams)
        logs.streams.push_back(std::move(s));
    Q_EMIT historyProduced(std::move(samples), std::move(logs));
}

void DemoService::start()
{
    if (m_live)
        return;
    if (!m_endpoint) {
        m_endpoint = std::make_unique<metrics::MetricsEndpoint>([this] { return m_registry.render(); });
        m_endpoint->listen(QHostAddress(QHostAddress::LocalHost), 0);
        m_url = m_endpoint->url();
    }
    m_live = true;
    const TimestampMs now = nowMs();
    m_model->schedulePeriodicBursts(now + m_options.firstBurstOffset);
    m_timer.start();
    Q_EMIT started(m_url);
}

void DemoService::stop()
{
    m_timer.stop();
    m_live = false;
}

void DemoService::tick()
{
    const TimestampMs now = nowMs();
    TimestampMs next = m_model->lastStepMs() == 0 ? now : m_model->lastStepMs() + 1000;
    if (now - next > MaxCatchUpMs)
        next = now - MaxCatchUpMs;
    logs::PushBatch out;
    std::map<Labels, logs::Stream> streams;
    for (; next <= now; next += 1000) {
        mergePush(streams, m_model->step(next));
        if (const BurstWindow* b = m_model->burstAt(next); b && b->startMs != m_lastBurstReported) {
            m_lastBurstReported = b->startMs;
            Q_EMIT burstStarted(qint64(b->startMs));
        }
    }
    for (auto& [labels, s] : streams)
        out.streams.push_back(std::move(s));
    if (!out.streams.empty())
        Q_EMIT logsProduced(std::move(out));
}

} // namespace sg::demo
