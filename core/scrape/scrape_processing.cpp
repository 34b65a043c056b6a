#include "scrape_processing.h"

#include "relabel.h"
#include "scrape_manager.h"

#include <algorithm>

namespace sg::scrape {

bool SeriesIndex::insert(std::uint64_t hash, std::uint32_t position)
{
    if ((m_size + 1) * 2 > m_slots.size()) {
        std::vector<Slot> old = std::move(m_slots);
        m_slots.assign(std::max<std::size_t>(64, old.size() * 2), Slot {});
        m_size = 0;
        for (const auto& slot : old)
            if (slot.position != Empty)
                insert(slot.hash, slot.position);
    }
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = std::size_t(hash) & mask;; i = (i + 1) & mask) {
        Slot& slot = m_slots[i];
        if (slot.position == Empty) {
            slot = Slot { hash, position };
            ++m_size;
            return true;
        }
        if (slot.hash == hash)
            return false;
    }
}

std::uint32_t SeriesIndex::find(std::uint64_t hash) const
{
    if (m_slots.empty())
        return Empty;
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = std::size_t(hash) & mask;; i = (i + 1) & mask) {
        const Slot& slot = m_slots[i];
        if (slot.position == Empty || slot.hash == hash)
            return slot.position;
    }
}

QString labelLimitViolation(const Labels& labels, const ScrapeLimits& l)
{
    if (l.labelLimit > 0 && labels.size() > l.labelLimit)
        return QStringLiteral("label_limit exceeded (metric: %1, number of labels: %2, limit: %3)")
            .arg(QString::fromStdString(std::string(labels.metricName())))
            .arg(labels.size())
            .arg(l.labelLimit);
    for (const auto& x : labels) {
        if (l.labelNameLengthLimit > 0 && x.name.size() > l.labelNameLengthLimit)
            return QStringLiteral("label_name_length_limit exceeded (metric: %1, label name: %2, length: %3, limit: %4)")
                .arg(QString::fromStdString(std::string(labels.metricName())), QString::fromStdString(x.name))
                .arg(x.name.size())
                .arg(l.labelNameLengthLimit);
        if (l.labelValueLengthLimit > 0 && x.value.size() > l.labelValueLengthLimit)
            return QStringLiteral("label_value_length_limit exceeded (metric: %1, label name: %2, value length: %3, limit: %4)")
                .arg(QString::fromStdString(std::string(labels.metricName())), QString::fromStdString(x.name))
                .arg(x.value.size())
                .arg(l.labelValueLengthLimit);
    }
    return {};
}

ScrapeResult processScrape(ScrapeInput in)
{
    ScrapeResult out;
    auto series = std::make_shared<ScrapeSeries>();
    tsdb::AppendBatch& batch = series->batch;
    SeriesIndex& current = series->index;
    const TargetConfig& config = in.config;
    const ScrapeSeries& previous = *in.previous;
    std::size_t scraped = 0;
    std::size_t postRelabel = 0;
    std::size_t added = 0;
    QString error = std::move(in.error);

    if (error.isEmpty()) {
        QString limitError; // sample_limit or a label limit
        const std::size_t sampleLimit = config.limits.sampleLimit;
        batch.samples.reserve(previous.index.size() + 16);
        auto sink = [&](ParsedSample&& s) {
            ++scraped;
            if (!limitError.isEmpty())
                return true; // past sample_limit: counted for scrape_samples_scraped, not kept (as Prometheus)
            const std::uint64_t scrapedHash = s.labels.hash();
            Labels labels;
            if (const auto cached = previous.byScraped.positionOf(scrapedHash)) {
                // Kept last time with the same target labels, relabeling and limits: the same result.
                labels = previous.batch.samples[*cached].labels;
            } else {
                labels = config.honorLabels ? mergeHonoringLabels(s.labels, in.targetLabels)
                                            : mergeTargetLabels(s.labels, in.targetLabels);
                if (config.metricRelabelConfigs) {
                    auto relabeled = relabel(labels, *config.metricRelabelConfigs);
                    if (!relabeled)
                        return true;
                    labels = std::move(*relabeled);
                }
                if (labels.metricName().empty())
                    return true;
                limitError = labelLimitViolation(labels, config.limits);
                if (!limitError.isEmpty())
                    return false; // Prometheus stops at the first label-limit violation
            }
            if (sampleLimit > 0 && postRelabel >= sampleLimit) {
                limitError = QStringLiteral("sample_limit exceeded (limit: %1)").arg(sampleLimit);
                batch.samples = {}; // nothing of this body will be stored: free it now
                current = {};
                series->byScraped = {};
                return true;
            }
            ++postRelabel;
            const auto position = std::uint32_t(batch.samples.size());
            if (s.timestamp && config.honorTimestamps) {
                // Samples with their own timestamp are exempt from staleness tracking, as in Prometheus.
                series->byScraped.insert(scrapedHash, position);
                batch.samples.push_back(tsdb::BatchSample { std::move(labels), *s.timestamp, s.value });
                return true;
            }
            if (!current.insert(labels.hash(), position))
                return true; // duplicate series within one scrape: the first sample wins
            if (!previous.index.contains(labels.hash()))
                ++added;
            series->byScraped.insert(scrapedHash, position);
            batch.samples.push_back(tsdb::BatchSample { std::move(labels), in.start, s.value });
            return true;
        };
        auto parsed = parseExposition(in.body, in.format, sink);
        in.body = std::string();
        if (!parsed.ok()) {
            error = QString::fromStdString(parsed.error().message); // a parse error wins, as in Prometheus
            scraped = 0;
        } else {
            error = limitError;
            out.parsed = true;
            out.metadata = std::move(parsed->metadata);
        }
    }
    const bool up = error.isEmpty();
    if (!up) {
        // A failed scrape (sample_limit included) stores nothing of the body, as Prometheus does.
        batch.samples = {};
        current = {};
        series->byScraped = {};
        added = 0;
    }

    // Series that were present last time but not now end with a stale marker. None are gone when the scrape
    // has as many series as the last one and none of them is new.
    if (previous.index.size() + added != current.size()) {
        previous.index.forEach([&](std::uint32_t position) {
            const Labels& labels = previous.batch.samples[position].labels;
            if (!current.contains(labels.hash()))
                batch.samples.push_back(tsdb::BatchSample { labels, in.start, tsdb::staleNaN() });
        });
    }

    auto synthetic = [&](const char* name, double v) {
        batch.samples.push_back(tsdb::BatchSample { in.targetLabels.with("__name__", name), in.start, v });
    };
    synthetic("up", up ? 1 : 0);
    synthetic("scrape_duration_seconds", in.durationSeconds);
    synthetic("scrape_samples_scraped", double(scraped));
    synthetic("scrape_samples_post_metric_relabeling", double(up ? postRelabel : 0));
    synthetic("scrape_series_added", double(added));

    out.status = TargetStatus { config.job, config.url, in.targetLabels, up, error, in.start, in.durationSeconds, scraped };
    out.status.samplesPostMetricRelabeling = up ? postRelabel : 0;
    out.status.seriesAdded = added;
    out.status.discoveredLabels = config.discoveredLabels;
    out.status.interval = config.interval;
    batch.source = in.targetLabels.hash() | 1; // the store's series-ref cache for this target (never 0)
    out.current = std::move(series);
    return out;
}

} // namespace sg::scrape
