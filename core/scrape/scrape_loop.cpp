#include "scrape_loop.h"

#include "exposition_parser.h"
#include "scrape_manager.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPromise>
#include <QSslError>
#include <QThreadPool>

#include <algorithm>
#include <functional>

#ifndef SIGHTGLASS_VERSION
#define SIGHTGLASS_VERSION "dev"
#endif

namespace sg::scrape {

namespace {

/// What Qt may buffer of a response before we read it: with a read buffer size Qt stops reading the socket
/// while its buffer is full, so a target cannot push data faster than the loop consumes it.
constexpr qint64 ReadBufferBytes = 256 * 1024;

bool isGzip(const QNetworkReply* reply)
{
    return reply->rawHeader("Content-Encoding").trimmed().toLower() == "gzip";
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
    m_reader.reset();
    if (m_processing) {
        // The parse in progress borrows the cache's label sets: wait for it and take them back.
        m_processing->waitForFinished();
        QFuture<ScrapeResult> future = m_processing->future();
        if (future.resultCount() > 0) {
            ScrapeResult result = future.takeResult();
            const auto lock = result.cache->lock();
            result.cache->giveBack(result.batch);
        }
        delete m_processing;
        m_processing = nullptr;
    }
}

tsdb::AppendBatch ScrapeLoop::staleMarkers(TimestampMs t)
{
    tsdb::AppendBatch batch;
    const auto lock = m_cache->lock();
    batch.samples.reserve(m_cache->tracked().size());
    for (const std::uint32_t id : m_cache->tracked())
        batch.samples.push_back(tsdb::BatchSample {
            m_handingOn ? m_cache->labelsOf(id, *m_handingOn) : m_cache->series(id).labels, t, tsdb::staleNaN() });
    m_cache->clearTracked();
    return batch;
}

void ScrapeLoop::scrape()
{
    if (m_firstShot) {
        m_firstShot = false;
        m_timer.start(int(std::max<DurationMs>(1, m_config.interval)));
    }
    if (m_reply || m_processing)
        return; // the previous scrape is still running (its timeout will end its fetch)
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
    m_reader.reset();
    m_start = nowMs();
    m_elapsed.start();
    QNetworkReply* reply = m_manager->network()->get(request);
    m_reply = reply;
    reply->setReadBufferSize(ReadBufferBytes);
    if (m_config.insecureSkipVerify)
        connect(reply, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError>&) { reply->ignoreSslErrors(); });
    const qint64 limit = bodyLimit();
    connect(reply, &QNetworkReply::downloadProgress, this, [this, reply, limit](qint64, qint64 total) {
        // A Content-Length past the limit ends an identity body at once (a gzip body's inflated size counts).
        if (total > limit && !isGzip(reply) && m_reply == reply) {
            m_tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::readyRead, this, &ScrapeLoop::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &ScrapeLoop::onFinished);
    m_timeout.start(int(std::max<DurationMs>(1, m_config.timeout)));
}

void ScrapeLoop::onReadyRead()
{
    QNetworkReply* reply = m_reply;
    if (!reply || m_tooLarge)
        return;
    if (!m_reader) {
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        m_reader = std::make_unique<BodyReader>(bodyLimit(), isGzip(reply), length.isValid() ? length.toLongLong() : -1);
    }
    char buffer[64 * 1024];
    while (reply->bytesAvailable() > 0) {
        const qint64 n = reply->read(buffer, sizeof buffer);
        if (n <= 0)
            break;
        if (!m_reader->feed(buffer, n)) {
            m_tooLarge = true;
            reply->abort(); // emits finished(): onFinished() reports the reader's error
            return;
        }
    }
}

void ScrapeLoop::onFinished()
{
    QNetworkReply* reply = m_reply;
    if (!reply)
        return;
    if (!m_timedOut && !m_tooLarge && reply->error() == QNetworkReply::NoError)
        onReadyRead(); // what arrived with the end of the response
    m_reply = nullptr;
    m_timeout.stop();
    reply->deleteLater();
    const double duration = double(m_elapsed.nsecsElapsed()) / 1e9;
    std::unique_ptr<BodyReader> reader = std::move(m_reader);

    QString error;
    const QVariant statusAttr = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int httpStatus = statusAttr.isValid() ? statusAttr.toInt() : 0;
    if (m_timedOut) {
        error = QStringLiteral("scrape timed out after %1s").arg(double(m_config.timeout) / 1000.0);
    } else if (reader && reader->failed()) {
        error = reader->error();
    } else if (m_tooLarge) {
        error = QStringLiteral("body size limit exceeded (%1 bytes)").arg(bodyLimit());
    } else if (httpStatus != 0 && httpStatus != 200) {
        error = QStringLiteral("server returned HTTP status %1 %2")
                    .arg(httpStatus)
                    .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
    } else if (reply->error() != QNetworkReply::NoError) {
        error = reply->errorString();
    } else if (!reader) {
        reader = std::make_unique<BodyReader>(bodyLimit(), isGzip(reply)); // an empty body
    }
    std::string body;
    if (error.isEmpty()) {
        if (reader->finish())
            body = reader->take();
        else
            error = reader->error();
    }
    reader.reset();
    const ExpositionFormat format = formatFromContentType(reply->rawHeader("Content-Type").toStdString());
    finish(std::move(body), format, error, m_start, duration);
}

qint64 ScrapeLoop::bodyLimit() const
{
    return m_config.limits.bodySizeLimit > 0 ? m_config.limits.bodySizeLimit : m_manager->bodySizeLimit();
}

void ScrapeLoop::finish(std::string body, ExpositionFormat format, QString error, TimestampMs start, double durationSeconds)
{
    ScrapeInput in { std::move(body), format, std::move(error), start, durationSeconds, m_config, m_labels, m_cache, m_key };
    if (in.body.size() < OffThreadBodyBytes) {
        complete(processScrape(std::move(in)));
        return;
    }
    auto promise = std::make_shared<QPromise<ScrapeResult>>();
    m_processing = new QFutureWatcher<ScrapeResult>(this);
    connect(m_processing, &QFutureWatcherBase::finished, this, &ScrapeLoop::onProcessed);
    m_processing->setFuture(promise->future());
    auto input = std::make_shared<ScrapeInput>(std::move(in));
    m_manager->workers()->start([promise, input] {
        promise->start();
        promise->addResult(processScrape(std::move(*input)));
        promise->finish();
    });
}

void ScrapeLoop::onProcessed()
{
    QFutureWatcher<ScrapeResult>* watcher = m_processing;
    if (!watcher)
        return;
    m_processing = nullptr;
    watcher->deleteLater();
    QFuture<ScrapeResult> future = watcher->future();
    if (future.resultCount() > 0)
        complete(future.takeResult());
}

void ScrapeLoop::complete(ScrapeResult result)
{
    if (result.parsed)
        m_manager->recordMetadata(*this, std::move(result.metadata));
    {
        const auto lock = result.cache->lock();
        result.cache->commit(result.run, result.status.up);
    }
    // Receivers get the batch by reference (a queued connection copies it once); then the cache takes its
    // label sets back. A direct receiver may replace the targets meanwhile, removing this loop: its stale
    // markers (staleMarkers()) then read the labels the batch holds.
    const std::shared_ptr<ScrapeCache> cache = result.cache;
    const QPointer<ScrapeLoop> self(this);
    m_handingOn = &result.batch;
    m_manager->onScrapeFinished(this, result.batch, std::move(result.status));
    if (self)
        m_handingOn = nullptr;
    const auto lock = cache->lock();
    cache->giveBack(result.batch);
}

} // namespace sg::scrape
