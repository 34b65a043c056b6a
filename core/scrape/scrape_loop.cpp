#include "scrape_loop.h"

#include "exposition_parser.h"
#include "relabel.h"
#include "scrape_manager.h"

#include <zlib.h>

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslError>

#include <algorithm>
#include <functional>

#ifndef SIGHTGLASS_VERSION
#define SIGHTGLASS_VERSION "dev"
#endif

namespace sg::scrape {

namespace {

/// Inflates a gzip body with zlib, failing once the output passes `limit` bytes (memory stays bounded).
std::optional<std::string> gunzip(const QByteArray& in, qint64 limit, QString& error)
{
    z_stream zs {};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        error = QStringLiteral("gzip: cannot initialise zlib");
        return std::nullopt;
    }
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.constData()));
    zs.avail_in = uInt(in.size());
    std::string out;
    char buffer[64 * 1024];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(buffer);
        zs.avail_out = sizeof buffer;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            error = QStringLiteral("gzip: %1").arg(QString::fromLatin1(zs.msg ? zs.msg : "corrupt or truncated data"));
            inflateEnd(&zs);
            return std::nullopt;
        }
        out.append(buffer, sizeof buffer - zs.avail_out);
        if (qint64(out.size()) > limit) {
            error = QStringLiteral("body size limit exceeded (%1 bytes uncompressed)").arg(limit);
            inflateEnd(&zs);
            return std::nullopt;
        }
        if (rc != Z_STREAM_END && zs.avail_in == 0 && zs.avail_out != 0) {
            error = QStringLiteral("gzip: truncated data");
            inflateEnd(&zs);
            return std::nullopt;
        }
    }
    inflateEnd(&zs);
    return out;
}

} // namespace

ScrapeLoop::ScrapeLoop(ScrapeManager* manager, TargetConfig config, QObject* parent)
    : QObject(parent)
    , m_manager(manager)
    , m_config(std::move(config))
    , m_labels(targetLabels(m_config))
    , m_key(keyOf(m_config))
{
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ScrapeLoop::scrape);
    m_timeout.setSingleShot(true);
    m_timeout.setTimerType(Qt::PreciseTimer);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (m_reply) {
            m_timedOut = true;
            m_reply->abort();
        }
    });
}

ScrapeLoop::~ScrapeLoop()
{
    stop();
}

std::string ScrapeLoop::keyOf(const TargetConfig& config)
{
    return config.job.toStdString() + '\x1f' + config.url.toString().toStdString() + '\x1f' + config.labels.toString()
        + '\x1f' + std::to_string(config.interval) + '\x1f' + std::to_string(config.timeout) + '\x1f'
        + (config.honorLabels ? "h" : "") + (config.honorTimestamps ? "t" : "") + config.authorization.toStdString()
        + '\x1f' + config.disabledReason.toStdString() + '\x1f'
        + std::to_string(reinterpret_cast<std::uintptr_t>(config.metricRelabelConfigs.get())) + '\x1f'
        + std::to_string(config.limits.sampleLimit) + ',' + std::to_string(config.limits.labelLimit) + ','
        + std::to_string(config.limits.labelNameLengthLimit) + ',' + std::to_string(config.limits.labelValueLengthLimit)
        + ',' + std::to_string(config.limits.bodySizeLimit);
}

void ScrapeLoop::start(DurationMs initialOffsetCap)
{
    if (m_timer.isActive())
        return;
    const DurationMs interval = std::max<DurationMs>(1, m_config.interval);
    // Spread scrapes over the interval so targets do not all fire together: as Prometheus' Target.offset, each
    // target scrapes when wall-clock time modulo the interval reaches its hash, which a restart keeps.
    const DurationMs slot = DurationMs(std::hash<std::string> {}(m_key) % std::uint64_t(interval));
    DurationMs offset = interval - nowMs() % interval + slot;
    if (offset >= interval)
        offset -= interval;
    const DurationMs cap = m_config.firstScrapeOffsetCap >= 0 ? m_config.firstScrapeOffsetCap : initialOffsetCap;
    if (cap >= 0)
        offset = std::min(offset, cap);
    m_firstShot = true;
    m_timer.start(int(offset));
}

void ScrapeLoop::stop()
{
    m_timer.stop();
    m_timeout.stop();
    if (m_reply) {
        QNetworkReply* reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

tsdb::AppendBatch ScrapeLoop::staleMarkers(TimestampMs t)
{
    tsdb::AppendBatch batch;
    batch.samples.reserve(m_previous.size());
    for (const auto& labels : m_previous)
        batch.samples.push_back(tsdb::BatchSample { labels, t, tsdb::staleNaN() });
    m_previous.clear();
    return batch;
}

void ScrapeLoop::scrape()
{
    if (m_firstShot) {
        m_firstShot = false;
        m_timer.start(int(std::max<DurationMs>(1, m_config.interval)));
    }
    if (m_reply)
        return; // the previous scrape is still running (its timeout will end it)
    if (!m_config.disabledReason.isEmpty()) {
        finish({}, ExpositionFormat::PrometheusText, m_config.disabledReason, nowMs(), 0);
        return;
    }

    QNetworkRequest request(m_config.url);
    request.setRawHeader("Accept", scrapeAcceptHeader());
    // Set explicitly so that Qt leaves the body compressed; we inflate it ourselves under the size limit.
    request.setRawHeader("Accept-Encoding", "gzip");
    if (!m_config.authorization.isEmpty())
        request.setRawHeader("Authorization", m_config.authorization);
    request.setRawHeader("User-Agent", "Sightglass/" SIGHTGLASS_VERSION);
    request.setRawHeader("X-Prometheus-Scrape-Timeout-Seconds", QByteArray::number(double(m_config.timeout) / 1000.0));
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);

    m_timedOut = false;
    m_tooLarge = false;
    m_start = nowMs();
    m_elapsed.start();
    QNetworkReply* reply = m_manager->network()->get(request);
    m_reply = reply;
    if (m_config.insecureSkipVerify)
        connect(reply, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError>&) { reply->ignoreSslErrors(); });
    const qint64 limit = bodyLimit();
    connect(reply, &QNetworkReply::downloadProgress, this, [this, reply, limit](qint64 received, qint64 total) {
        if (received > limit || total > limit) {
            m_tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, &ScrapeLoop::onFinished);
    m_timeout.start(int(std::max<DurationMs>(1, m_config.timeout)));
}

void ScrapeLoop::onFinished()
{
    QNetworkReply* reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    m_timeout.stop();
    reply->deleteLater();
    const double duration = double(m_elapsed.nsecsElapsed()) / 1e9;

    QString error;
    const QVariant statusAttr = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int httpStatus = statusAttr.isValid() ? statusAttr.toInt() : 0;
    if (m_timedOut) {
        error = QStringLiteral("scrape timed out after %1s").arg(double(m_config.timeout) / 1000.0);
    } else if (m_tooLarge) {
        error = QStringLiteral("body size limit exceeded (%1 bytes)").arg(bodyLimit());
    } else if (httpStatus != 0 && httpStatus != 200) {
        error = QStringLiteral("server returned HTTP status %1 %2")
                    .arg(httpStatus)
                    .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
    } else if (reply->error() != QNetworkReply::NoError) {
        error = reply->errorString();
    }
    const QByteArray raw = error.isEmpty() ? reply->readAll() : QByteArray();
    std::string body;
    if (error.isEmpty()) {
        if (reply->rawHeader("Content-Encoding").trimmed().toLower() == "gzip") {
            if (auto inflated = gunzip(raw, bodyLimit(), error))
                body = std::move(*inflated);
        } else {
            body.assign(raw.constData(), std::size_t(raw.size()));
        }
    }
    const ExpositionFormat format = formatFromContentType(reply->rawHeader("Content-Type").toStdString());
    finish(body, format, error, m_start, duration);
}

qint64 ScrapeLoop::bodyLimit() const
{
    return m_config.limits.bodySizeLimit > 0 ? m_config.limits.bodySizeLimit : m_manager->bodySizeLimit();
}

QString ScrapeLoop::checkLabelLimits(const Labels& labels) const
{
    const ScrapeLimits& l = m_config.limits;
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

void ScrapeLoop::finish(const std::string& body, ExpositionFormat format, QString error, TimestampMs start, double durationSeconds)
{
    tsdb::AppendBatch batch;
    std::size_t scraped = 0;
    std::size_t postRelabel = 0;
    std::size_t added = 0;
    std::unordered_set<Labels, LabelsHash> current;

    if (error.isEmpty()) {
        auto parsed = parseExposition(body, format);
        if (!parsed.ok()) {
            error = QString::fromStdString(parsed.error().message);
        } else {
            scraped = parsed->samples.size();
            m_manager->recordMetadata(*this, std::move(parsed->metadata));
            batch.samples.reserve(scraped + m_previous.size() + 5);
            current.reserve(scraped);
            const std::size_t sampleLimit = m_config.limits.sampleLimit;
            for (auto& s : parsed->samples) {
                Labels labels = m_config.honorLabels ? mergeHonoringLabels(s.labels, m_labels) : mergeTargetLabels(s.labels, m_labels);
                if (m_config.metricRelabelConfigs) {
                    auto relabeled = relabel(labels, *m_config.metricRelabelConfigs);
                    if (!relabeled)
                        continue;
                    labels = std::move(*relabeled);
                }
                if (labels.metricName().empty())
                    continue;
                error = checkLabelLimits(labels);
                if (!error.isEmpty())
                    break;
                if (sampleLimit > 0 && postRelabel >= sampleLimit) {
                    error = QStringLiteral("sample_limit exceeded (limit: %1)").arg(sampleLimit);
                    break;
                }
                ++postRelabel;
                if (s.timestamp && m_config.honorTimestamps) {
                    // Samples with their own timestamp are exempt from staleness tracking, as in Prometheus.
                    batch.samples.push_back(tsdb::BatchSample { std::move(labels), *s.timestamp, s.value });
                    continue;
                }
                if (!current.insert(labels).second)
                    continue; // duplicate series within one scrape: the first sample wins
                if (!m_previous.count(labels))
                    ++added;
                batch.samples.push_back(tsdb::BatchSample { std::move(labels), start, s.value });
            }
        }
    }
    const bool up = error.isEmpty();
    if (!up) {
        // A failed scrape (sample_limit included) stores nothing of the body, as Prometheus does.
        batch.samples.clear();
        current.clear();
        added = 0;
    }

    // Series that were present last time but not now end with a stale marker.
    for (const auto& labels : m_previous)
        if (!current.count(labels))
            batch.samples.push_back(tsdb::BatchSample { labels, start, tsdb::staleNaN() });
    m_previous = std::move(current);

    auto synthetic = [&](const char* name, double v) {
        batch.samples.push_back(tsdb::BatchSample { m_labels.with("__name__", name), start, v });
    };
    synthetic("up", up ? 1 : 0);
    synthetic("scrape_duration_seconds", durationSeconds);
    synthetic("scrape_samples_scraped", double(scraped));
    synthetic("scrape_samples_post_metric_relabeling", double(up ? postRelabel : 0));
    synthetic("scrape_series_added", double(added));

    TargetStatus status { m_config.job, m_config.url, m_labels, up, error, start, durationSeconds, scraped };
    status.samplesPostMetricRelabeling = up ? postRelabel : 0;
    status.seriesAdded = added;
    status.discoveredLabels = m_config.discoveredLabels;
    status.interval = m_config.interval;
    batch.source = m_labels.hash() | 1; // the store's series-ref cache for this target (never 0)
    m_manager->onScrapeFinished(this, std::move(batch), std::move(status));
}

} // namespace sg::scrape
