#include "scrape_loop.h"

#include "exposition_parser.h"
#include "scrape_manager.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>
#include <functional>

#ifndef SIGHTGLASS_VERSION
#define SIGHTGLASS_VERSION "dev"
#endif

namespace sg::scrape {

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
        + '\x1f' + std::to_string(config.interval) + '\x1f' + std::to_string(config.timeout);
}

void ScrapeLoop::start(DurationMs initialOffsetCap)
{
    if (m_timer.isActive())
        return;
    const DurationMs interval = std::max<DurationMs>(1, m_config.interval);
    // Spread first scrapes over the interval so targets do not all fire together (Prometheus does the same).
    DurationMs offset = DurationMs(std::hash<std::string> {}(m_key) % std::uint64_t(interval));
    offset = std::min(offset, std::max<DurationMs>(0, initialOffsetCap));
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

    QNetworkRequest request(m_config.url);
    request.setRawHeader("Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1");
    request.setRawHeader("User-Agent", "Sightglass/" SIGHTGLASS_VERSION);
    request.setRawHeader("X-Prometheus-Scrape-Timeout-Seconds", QByteArray::number(double(m_config.timeout) / 1000.0));
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);

    m_timedOut = false;
    m_tooLarge = false;
    m_start = nowMs();
    m_elapsed.start();
    QNetworkReply* reply = m_manager->network()->get(request);
    m_reply = reply;
    const qint64 limit = m_manager->bodySizeLimit();
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
        error = QStringLiteral("body size limit exceeded (%1 bytes)").arg(m_manager->bodySizeLimit());
    } else if (httpStatus != 0 && httpStatus != 200) {
        error = QStringLiteral("server returned HTTP status %1 %2")
                    .arg(httpStatus)
                    .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
    } else if (reply->error() != QNetworkReply::NoError) {
        error = reply->errorString();
    }
    const QByteArray body = error.isEmpty() ? reply->readAll() : QByteArray();
    finish(std::string(body.constData(), std::size_t(body.size())), error, m_start, duration);
}

void ScrapeLoop::finish(const std::string& body, QString error, TimestampMs start, double durationSeconds)
{
    tsdb::AppendBatch batch;
    std::size_t scraped = 0;
    std::unordered_set<Labels, LabelsHash> current;

    if (error.isEmpty()) {
        auto parsed = parseTextFormat(body);
        if (!parsed.ok()) {
            error = QString::fromStdString(parsed.error().message);
        } else {
            scraped = parsed->samples.size();
            batch.samples.reserve(scraped + m_previous.size() + 3);
            current.reserve(scraped);
            for (auto& s : parsed->samples) {
                Labels labels = mergeTargetLabels(s.labels, m_labels);
                if (s.timestamp) {
                    // Samples with their own timestamp are exempt from staleness tracking, as in Prometheus.
                    batch.samples.push_back(tsdb::BatchSample { std::move(labels), *s.timestamp, s.value });
                    continue;
                }
                if (!current.insert(labels).second)
                    continue; // duplicate series within one scrape: the first sample wins
                batch.samples.push_back(tsdb::BatchSample { std::move(labels), start, s.value });
            }
        }
    }
    const bool up = error.isEmpty();
    if (!up)
        batch.samples.clear();

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

    TargetStatus status { m_config.job, m_config.url, m_labels, up, error, start, durationSeconds, scraped };
    m_manager->onScrapeFinished(this, std::move(batch), std::move(status));
}

} // namespace sg::scrape
