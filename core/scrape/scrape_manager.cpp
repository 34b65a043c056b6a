#include "scrape_manager.h"

#include "core/metrics/registry.h"
#include "scrape_loop.h"

#include <QMetaType>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QThread>

#include <algorithm>

#include <unordered_map>

namespace sg::scrape {

Labels targetLabels(const TargetConfig& config)
{
    const QUrl& url = config.url;
    const int defaultPort = url.scheme() == QStringLiteral("https") ? 443 : 80;
    const QString instance = url.host() + u':' + QString::number(url.port(defaultPort));
    std::vector<Label> labels { { "job", config.job.toStdString() }, { "instance", instance.toStdString() } };
    for (const auto& l : config.labels)
        labels.push_back(l); // later duplicates win in Labels
    return Labels(std::move(labels));
}

Labels mergeTargetLabels(const Labels& scraped, const Labels& target)
{
    std::vector<Label> out = scraped.items();
    out.reserve(out.size() + target.size());
    auto find = [&](std::string_view name) {
        for (auto& l : out)
            if (l.name == name)
                return &l;
        return static_cast<Label*>(nullptr);
    };
    for (const auto& t : target) {
        if (Label* clash = find(t.name)) {
            std::string renamed = "exported_" + t.name;
            while (find(renamed) || target.has(renamed))
                renamed.insert(0, "exported_");
            clash->name = std::move(renamed);
        }
        out.push_back(t);
    }
    return Labels(std::move(out));
}

Labels mergeHonoringLabels(const Labels& scraped, const Labels& target)
{
    std::vector<Label> out = target.items();
    for (const auto& l : scraped)
        out.push_back(l); // later duplicates win
    return Labels(std::move(out));
}

ScrapeManager::ScrapeManager(metrics::Registry* registry, QObject* parent)
    : QObject(parent)
    , m_registry(registry)
{
    m_workers.setObjectName(QStringLiteral("ScrapeParse"));
    m_workers.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
}

ScrapeManager::~ScrapeManager()
{
    for (auto& loop : m_loops)
        loop->stop();
}

void ScrapeManager::registerMetaTypes()
{
    qRegisterMetaType<sg::tsdb::AppendBatch>();
    qRegisterMetaType<sg::scrape::TargetConfig>();
    qRegisterMetaType<sg::scrape::TargetStatus>();
    qRegisterMetaType<std::vector<sg::scrape::TargetConfig>>();
    qRegisterMetaType<std::vector<sg::scrape::DroppedTarget>>();
}

QNetworkAccessManager* ScrapeManager::network()
{
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        // Like Prometheus, targets are fetched directly unless a proxy is configured for them.
        m_network->setProxy(QNetworkProxy::NoProxy);
    }
    return m_network;
}

std::vector<TargetStatus> ScrapeManager::statuses() const
{
    std::lock_guard lock(m_statusMutex);
    return m_statuses;
}

void ScrapeManager::setTargets(std::vector<TargetConfig> targets)
{
    std::unordered_map<std::string, std::unique_ptr<ScrapeLoop>> existing;
    for (auto& loop : m_loops)
        existing.emplace(loop->key(), std::move(loop));

    std::vector<std::unique_ptr<ScrapeLoop>> loops;
    std::vector<TargetStatus> statuses;
    std::vector<TargetStatus> previousStatuses = this->statuses();
    for (auto& config : targets) {
        const std::string key = ScrapeLoop::keyOf(config);
        auto it = existing.find(key);
        if (it != existing.end() && it->second) {
            loops.push_back(std::move(it->second));
            existing.erase(it);
        } else {
            loops.push_back(std::make_unique<ScrapeLoop>(this, std::move(config)));
        }
        const ScrapeLoop& loop = *loops.back();
        TargetStatus status { loop.config().job, loop.config().url, loop.labels(), false, {}, 0, 0, 0 };
        status.discoveredLabels = loop.config().discoveredLabels;
        status.interval = loop.config().interval;
        for (const auto& s : previousStatuses)
            if (s.url == status.url && s.job == status.job && s.labels == status.labels)
                status = s;
        statuses.push_back(std::move(status));
    }

    // Removed targets: their series end now.
    const TimestampMs now = nowMs();
    for (auto& [key, loop] : existing) {
        if (!loop)
            continue;
        {
            std::lock_guard lock(m_statusMutex);
            m_metadata.erase(key);
        }
        loop->stop();
        tsdb::AppendBatch stale = loop->staleMarkers(now);
        if (!stale.samples.empty())
            Q_EMIT samplesScraped(stale);
    }
    existing.clear();

    {
        std::lock_guard lock(m_statusMutex);
        m_loops = std::move(loops);
        m_statuses = std::move(statuses);
    }
    for (auto& loop : m_loops)
        loop->start(m_initialOffsetCap);
}

std::vector<DroppedTarget> ScrapeManager::droppedTargets() const
{
    std::lock_guard lock(m_statusMutex);
    return m_dropped;
}

void ScrapeManager::setDroppedTargets(std::vector<DroppedTarget> dropped)
{
    std::lock_guard lock(m_statusMutex);
    m_dropped = std::move(dropped);
}

void ScrapeManager::stop()
{
    for (auto& loop : m_loops)
        loop->stop();
}

std::vector<MetricMetadata> ScrapeManager::metadata() const
{
    std::lock_guard lock(m_statusMutex);
    std::vector<MetricMetadata> all;
    for (const auto& loop : m_loops)
        if (auto it = m_metadata.find(loop->key()); it != m_metadata.end())
            all.insert(all.end(), it->second.begin(), it->second.end());
    return all;
}

void ScrapeManager::recordMetadata(const ScrapeLoop& loop, std::vector<MetricMetadata> metadata)
{
    std::lock_guard lock(m_statusMutex);
    m_metadata[loop.key()] = std::move(metadata);
}

void ScrapeManager::onScrapeFinished(ScrapeLoop* loop, const tsdb::AppendBatch& batch, TargetStatus status)
{
    {
        std::lock_guard lock(m_statusMutex);
        for (std::size_t i = 0; i < m_loops.size(); ++i)
            if (m_loops[i].get() == loop)
                m_statuses[i] = status;
    }
    if (m_registry) {
        const Labels job { { "job", status.job.toStdString() } };
        m_registry
            ->histogram("sightglass_scrape_duration_seconds", "Duration of target scrapes.",
                { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 }, job)
            .observe(status.lastDurationSeconds);
        m_registry
            ->counter("sightglass_scrape_samples_total",
                "Samples appended from scrapes, including "
                "synthetic series and stale markers.",
                job)
            .inc(double(batch.samples.size()));
        if (!status.up)
            m_registry->counter("sightglass_scrape_failures_total", "Scrapes that failed.", job).inc();
    }
    Q_EMIT samplesScraped(batch);
    Q_EMIT targetScraped(std::move(status));
}

} // namespace sg::scrape
