#include "scrape_processing.h"

#include "relabel.h"
#include "scrape_manager.h"

#include <algorithm>

namespace sg::scrape {

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
    out.cache = in.cache;
    ScrapeCache& cache = *in.cache;
    const auto lock = cache.lock();
    cache.useConfig(in.cacheKey);
    const std::uint64_t run = cache.beginRun();
    out.run = run;
    tsdb::AppendBatch& batch = out.batch;
    const TargetConfig& config = in.config;
    std::size_t scraped = 0;
    std::size_t postRelabel = 0;
    std::size_t added = 0;
    QString error = std::move(in.error);

    if (error.isEmpty()) {
        QString limitError; // sample_limit or a label limit
        const std::size_t sampleLimit = config.limits.sampleLimit;
        batch.samples.reserve(cache.tracked().size() + 16);
        // A kept sample of series `id`: sample_limit, then staleness tracking (samples with their own timestamp
        // are exempt, as in Prometheus); the first sample of a series within one scrape wins.
        auto keep = [&](std::uint32_t id, double value, std::optional<TimestampMs> timestamp, bool newToCache) {
            if (sampleLimit > 0 && postRelabel >= sampleLimit) {
                limitError = QStringLiteral("sample_limit exceeded (limit: %1)").arg(sampleLimit);
                cache.giveBack(batch);
                batch.samples = {}; // nothing of this body will be stored: free it now
                return;
            }
            ++postRelabel;
            ScrapeCache::Series& series = cache.series(id);
            if (timestamp && config.honorTimestamps) {
                added += newToCache ? 1 : 0;
                cache.lend(id, batch, *timestamp, value);
                return;
            }
            if (series.lastRun == run)
                return; // a duplicate series within one scrape
            series.lastRun = run;
            cache.track(id);
            added += newToCache ? 1 : 0;
            cache.lend(id, batch, in.start, value);
        };
        // A cache hit: no labels parsed, merged or relabeled.
        std::string_view missed; // the text the raw path last missed, parsed fully next
        std::uint64_t missedHash = 0;
        auto raw = [&](std::string_view text, double value, std::optional<TimestampMs> timestamp) {
            if (!limitError.isEmpty()) {
                ++scraped; // past sample_limit: counted for scrape_samples_scraped, not kept (as Prometheus)
                return true;
            }
            const std::uint64_t hash = hashBytes(text);
            const std::uint32_t id = cache.lookup(text, hash, run);
            if (id == ScrapeCache::Miss) {
                missed = text;
                missedHash = hash;
                return false;
            }
            ++scraped;
            if (id != ScrapeCache::Dropped)
                keep(id, value, timestamp, false);
            return true;
        };
        auto sink = [&](ParsedSample&& s) {
            ++scraped;
            if (!limitError.isEmpty())
                return true;
            const bool knownMiss
                = !missed.empty() && s.series.data() == missed.data() && s.series.size() == missed.size();
            const std::uint64_t hash = knownMiss ? missedHash : hashBytes(s.series);
            if (!knownMiss) {
                // the full path (OpenMetrics, histograms, summaries): the cache still spares relabeling
                if (const std::uint32_t id = cache.lookup(s.series, hash, run); id != ScrapeCache::Miss) {
                    if (id != ScrapeCache::Dropped)
                        keep(id, s.value, s.timestamp, false);
                    return true;
                }
            }
            Labels labels = config.honorLabels ? mergeHonoringLabels(s.labels, in.targetLabels)
                                               : mergeTargetLabels(s.labels, in.targetLabels);
            if (config.metricRelabelConfigs) {
                auto relabeled = relabel(labels, *config.metricRelabelConfigs);
                if (!relabeled) {
                    cache.addDropped(s.series, hash, run);
                    return true;
                }
                labels = std::move(*relabeled);
            }
            if (labels.metricName().empty()) {
                cache.addDropped(s.series, hash, run);
                return true;
            }
            limitError = labelLimitViolation(labels, config.limits);
            if (!limitError.isEmpty())
                return false; // Prometheus stops at the first label-limit violation
            keep(cache.addSeries(s.series, hash, std::move(labels), run), s.value, s.timestamp, true);
            return true;
        };
        auto parsed = parseExposition(in.body, in.format, sink, raw);
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
        cache.giveBack(batch);
        batch.samples = {};
        added = 0;
    }

    // Series that were present last time but not now end with a stale marker (all of them after a failure).
    for (const std::uint32_t id : cache.tracked()) {
        if (!up || cache.series(id).lastRun != run)
            batch.samples.push_back(tsdb::BatchSample { cache.labelsOf(id, batch), in.start, tsdb::staleNaN() });
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
    return out;
}

} // namespace sg::scrape
