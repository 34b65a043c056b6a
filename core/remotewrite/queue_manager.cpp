// The watcher: tail the WAL, resolve series, feed shards, save acknowledged progress, reshard, send metadata.
#include "queue_manager.h"

#include "core/metrics/registry.h"
#include "core/remotewrite/write_request.h"

#include <QThread>
#include <QtGlobal>

#include <chrono>
#include <cmath>
#include <exception>

namespace sg::remotewrite {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto SaveEvery = std::chrono::seconds(5); // shard files keep the exact progress; this only bounds re-reading
constexpr auto ReshardEvery = std::chrono::seconds(10);
const std::string DroppedSeries; ///< the slot of a series write_relabel_configs dropped
constexpr double ShardTolerance = 0.3; ///< as Prometheus: no resharding within ±30% of the current count

/// Runs `body` on a new QThread; an exception is logged, never rethrown across the thread.
std::unique_ptr<QThread> startThread(const char* name, const std::string& remote, std::function<void()> body)
{
    std::unique_ptr<QThread> t(QThread::create([body = std::move(body), remote, name] {
        try {
            body();
        } catch (const std::exception& e) {
            qWarning("remote_write %s: %s stopped: %s", remote.c_str(), name, e.what());
        }
    }));
    t->setObjectName(QString::fromLatin1(name));
    t->start();
    return t;
}

} // namespace

QueueManager::QueueManager(RemoteWriteConfig config, QueueDeps deps)
    : m_config(std::move(config))
    , m_deps(std::move(deps))
    , m_needed(std::make_shared<std::atomic<std::uint32_t>>(0))
{
    if (!m_deps.registry) {
        m_ownRegistry = std::make_unique<metrics::Registry>();
        m_deps.registry = m_ownRegistry.get();
    }
    auto& r = *m_deps.registry;
    const Labels l { { "remote_name", m_config.name }, { "url", m_config.url } };
    m_sent = &r.counter("prometheus_remote_storage_samples_total", "Total number of samples sent to remote storage.", l);
    m_failed = &r.counter("prometheus_remote_storage_samples_failed_total",
        "Total number of samples which failed on send to remote storage, non-recoverable errors.", l);
    m_retried = &r.counter("prometheus_remote_storage_samples_retried_total",
        "Total number of samples which failed on send to remote storage but were retried because the send error "
        "was recoverable.",
        l);
    m_dropped = &r.counter("prometheus_remote_storage_samples_dropped_total",
        "Total number of samples which were dropped after being read from the WAL before being sent via remote write, "
        "either via relabelling or unintentionally because of an unknown reference ID.",
        l);
    m_bytes = &r.counter("prometheus_remote_storage_bytes_total",
        "The total number of bytes of data (not metadata) sent by the queue after compression.", l);
    m_metadataSent = &r.counter("prometheus_remote_storage_metadata_total", "Total number of metadata entries sent to remote storage.", l);
    m_metadataFailed = &r.counter("prometheus_remote_storage_metadata_failed_total",
        "Total number of metadata entries which failed on send to remote storage, non-recoverable errors.", l);
    m_skippedSegments = &r.counter("sightglass_remote_write_wal_segments_skipped_total",
        "WAL segments (or corrupted segment tails) a remote-write queue could not read because they were deleted "
        "(the kept-WAL bound) or damaged before it sent them.",
        l);
    m_pending = &r.gauge("prometheus_remote_storage_samples_pending", "The number of samples pending in the queues shards to be sent to the remote storage.", l);
    m_shardsGauge = &r.gauge("prometheus_remote_storage_shards", "The number of shards used for parallel sending to the remote storage.", l);
    m_shardsDesired = &r.gauge("prometheus_remote_storage_shards_desired",
        "The number of shards that the queues shard calculation wants to run based on the rate of samples in vs. samples out.", l);
    r.gauge("prometheus_remote_storage_shards_min", "The minimum number of shards that the queue is allowed to run.", l)
        .set(double(m_config.queue.minShards));
    r.gauge("prometheus_remote_storage_shards_max", "The maximum number of shards that the queue is allowed to run.", l)
        .set(double(m_config.queue.maxShards));
    r.gauge("prometheus_remote_storage_shard_capacity", "The capacity of each shard of the queue used for parallel sending to the remote storage.", l)
        .set(double(m_config.queue.capacity));
    m_highestSent = &r.gauge("prometheus_remote_storage_queue_highest_sent_timestamp_seconds",
        "Timestamp from a WAL sample, the highest timestamp successfully sent by this queue, in seconds since epoch.", l);
    m_highestIn = &r.gauge("prometheus_remote_storage_highest_timestamp_in_seconds",
        "Highest timestamp that has come into the remote storage via the Appender interface, in seconds since epoch.");
    m_walBehind = &r.gauge("sightglass_remote_write_wal_bytes_behind", "WAL bytes this queue has not read yet.", l);
    m_batchDuration = &r.histogram("prometheus_remote_storage_sent_batch_duration_seconds",
        "Duration of send calls to the remote storage.", metrics::defaultBuckets(), l);
}

QueueManager::~QueueManager()
{
    stop();
}

void QueueManager::start()
{
    if (m_watcher)
        return;
    m_saved = loadQueueProgress(m_deps.progressFile);
    const WalPosition start = m_saved.committed;
    m_needed->store(start.segment, std::memory_order_release);
    m_tracker = std::make_unique<AckTracker>(start);
    // The same shard count as before keeps each series on its shard, so the shard files say exactly what each
    // shard had done; with another count (a changed config) everything from the committed position is sent again.
    std::vector<ShardProgress> states;
    const bool sameShards = m_saved.shards >= m_config.queue.minShards && m_saved.shards <= m_config.queue.maxShards;
    for (std::size_t i = 0; i < (sameShards ? m_saved.shards : m_config.queue.minShards); ++i) {
        ShardProgress state { start, 0 };
        if (sameShards)
            if (auto saved = ShardProgressFile::load(shardFile(i)); saved && saved->start >= start)
                state = *saved;
        states.push_back(state);
        if (!(state == ShardProgress { start, 0 }))
            m_skipping = true;
        m_skipEnd = std::max(m_skipEnd, state.start);
    }
    m_skip = states;
    m_skipSeen.assign(states.size(), 0);
    m_watcher = startThread("RemoteWriteWatcher", m_config.name, [this, start, states] {
        createShards(states);
        WalTail tail(m_deps.walDir, start);
        auto lastSave = Clock::now();
        auto lastReshard = Clock::now();
        while (!stopping()) {
            const std::size_t records = tail.poll(
                [this](const std::uint8_t* p, std::size_t n, WalPosition after) { onRecord(p, n, after); });
            const auto now = Clock::now();
            if (now - lastSave >= SaveEvery) {
                if (tail.skippedSegments() > m_skipped.load()) {
                    m_skippedSegments->inc(double(tail.skippedSegments() - m_skipped.load()));
                    m_skipped.store(tail.skippedSegments());
                }
                saveProgress();
                lastSave = now;
            }
            if (now - lastReshard >= ReshardEvery) {
                const std::uint64_t behind = tail.bytesBehind();
                m_walBehind->set(double(behind));
                maybeReshard(behind);
                lastReshard = now;
            }
            if (records == 0 && !stopping())
                m_walWakeup->wait(std::chrono::milliseconds(m_deps.idlePoll));
        }
    });
    if (m_config.metadata.send && m_deps.metadata)
        m_metadataThread = startThread("RemoteWriteMetadata", m_config.name, [this] { sendMetadataLoop(); });
}

void QueueManager::stop()
{
    {
        std::lock_guard lock(m_waitMutex);
        m_stop.store(true, std::memory_order_release);
    }
    m_wake.notify_all();
    m_committed.notify_all();
    m_walWakeup->interrupt();
    {
        std::lock_guard lock(m_shardsMutex);
        for (auto& s : m_shards)
            s->abort();
    }
    for (auto* t : { m_watcher.get(), m_metadataThread.get() })
        if (t)
            t->wait();
    std::lock_guard lock(m_shardsMutex);
    m_shards.clear();
    if (m_tracker && m_shardCount > 0)
        saveProgress();
}

const std::string* QueueManager::slot(tsdb::SeriesRef ref)
{
    if (ref < m_series.size() && m_series[ref])
        return m_series[ref];
    if (!m_deps.labelsOf)
        return nullptr;
    const auto labels = m_deps.labelsOf(ref);
    if (!labels)
        return nullptr;
    setSeries(ref, *labels);
    return m_series[ref];
}

void QueueManager::setSeries(tsdb::SeriesRef ref, const Labels& labels)
{
    if (ref >= m_series.size())
        m_series.resize(std::size_t(ref) + 1);
    if (m_series[ref])
        return; // a ref's labels never change
    Labels withExternal = labels;
    for (const auto& l : m_deps.externalLabels)
        if (!labels.has(l.name))
            withExternal = withExternal.with(l.name, l.value);
    const auto relabeled = m_config.writeRelabelConfigs.empty()
        ? std::optional<Labels>(std::move(withExternal))
        : scrape::relabel(withExternal, m_config.writeRelabelConfigs);
    if (!relabeled || relabeled->empty()) {
        m_series[ref] = &DroppedSeries;
        return;
    }
    m_labelStore.push_back(encodeSeriesLabels(*relabeled));
    m_series[ref] = &m_labelStore.back();
}

bool QueueManager::doneBefore(WalPosition start, std::size_t shard)
{
    const ShardProgress& skip = m_skip[shard];
    if (start < skip.start)
        return true;
    return start == skip.start && m_skipSeen[shard]++ < skip.done;
}

void QueueManager::onRecord(const std::uint8_t* payload, std::size_t length, WalPosition after)
{
    const WalPosition start { after.segment, after.offset - length - 8 };
    m_bytesIn += length + 8;
    std::size_t kept = 0;
    std::size_t dropped = 0;
    TimestampMs highest = std::numeric_limits<TimestampMs>::min();
    const std::size_t shards = m_staging.size();
    if (shards == 0 || m_shards.size() != shards)
        return; // stopping
    const bool valid = tsdb::decodeWalRecord(
        payload, payload + length, [this](const tsdb::WalSeries& s) { setSeries(s.ref, s.labels); },
        [&](std::span<const tsdb::WalSample> samples) {
            for (const auto& s : samples) {
                const std::string* labels = slot(s.ref);
                if (!labels || labels == &DroppedSeries) {
                    ++dropped;
                    continue;
                }
                // after the drop: a shard's progress counts only the samples it was given
                const std::size_t shard = s.ref % shards;
                if (m_skipping && doneBefore(start, shard))
                    continue;
                m_staging[shard].push_back(PendingSample { labels, s.t, s.v, 0, start });
                highest = std::max(highest, s.t);
                ++kept;
            }
        },
        m_scratch);
    if (!valid)
        qWarning("remote_write %s: malformed WAL record before segment %u offset %llu skipped", m_config.name.c_str(),
            after.segment, static_cast<unsigned long long>(after.offset));
    if (dropped)
        m_dropped->inc(double(dropped));
    if (m_skipping && start >= m_skipEnd)
        m_skipping = false;
    const std::uint64_t id = m_tracker->add(start, after, kept);
    if (kept == 0)
        return;
    if (double(highest) / 1000.0 > m_highestIn->value())
        m_highestIn->set(double(highest) / 1000.0);
    m_samplesIn += kept;
    for (std::size_t i = 0; i < shards; ++i) {
        auto& staged = m_staging[i];
        if (staged.empty())
            continue;
        for (auto& s : staged)
            s.record = id;
        const double n = double(staged.size());
        m_pending->inc(n);
        if (!m_shards[i]->enqueue(staged)) // leaves `staged` empty
            m_pending->dec(n);
    }
}

void QueueManager::onOutcome(const BatchOutcome& outcome)
{
    std::vector<std::pair<std::uint64_t, std::size_t>> runs;
    TimestampMs highest = 0;
    for (const auto& s : outcome.samples) {
        if (runs.empty() || runs.back().first != s.record)
            runs.emplace_back(s.record, 0);
        ++runs.back().second;
        highest = std::max(highest, s.t);
    }
    m_tracker->done(runs);
    const double n = double(outcome.samples.size());
    m_pending->dec(n);
    m_batchDuration->observe(outcome.seconds);
    m_sendSeconds.fetch_add(outcome.seconds, std::memory_order_relaxed);
    m_encodeSeconds.fetch_add(outcome.encodeSeconds, std::memory_order_relaxed);
    m_compressSeconds.fetch_add(outcome.compressSeconds, std::memory_order_relaxed);
    m_samplesOut.fetch_add(outcome.samples.size(), std::memory_order_relaxed);
    if (outcome.retries > 0 || !outcome.sent)
        m_lastFailureMs.store(nowMs(), std::memory_order_relaxed);
    if (outcome.sent) {
        m_sent->inc(n);
        m_bytes->inc(double(outcome.bytes));
        if (highest > m_highestSentMs.load(std::memory_order_relaxed)) {
            m_highestSentMs.store(highest, std::memory_order_relaxed);
            m_highestSent->set(double(highest) / 1000.0);
        }
        std::lock_guard lock(m_errorMutex);
        m_lastError.clear();
    } else {
        m_failed->inc(n);
        qWarning("remote_write %s: %zu samples dropped: %s", m_config.name.c_str(), outcome.samples.size(),
            outcome.last.error.c_str());
        std::lock_guard lock(m_errorMutex);
        m_lastError = outcome.last.error;
    }
    m_committed.notify_all();
}

void QueueManager::onRetry(std::size_t samples, const SendResult& result)
{
    m_retried->inc(double(samples));
    m_lastFailureMs.store(nowMs(), std::memory_order_relaxed);
    std::lock_guard lock(m_errorMutex);
    m_lastError = result.error;
}

void QueueManager::resize(std::size_t count)
{
    // Samples of one series must stay in order: the old shards send everything they hold before the new ones
    // take over. Then everything read is done, and the new count is saved before a new shard writes its file.
    for (auto& s : m_shards)
        s->drain();
    if (stopping())
        return;
    const WalPosition done = m_tracker->committed();
    if (auto err = saveQueueProgress(m_deps.progressFile, QueueProgress { done, count })) {
        qWarning("remote_write %s: %s", m_config.name.c_str(), err->message.c_str());
        return;
    }
    m_saved = QueueProgress { done, count };
    m_needed->store(done.segment, std::memory_order_release);
    createShards(std::vector<ShardProgress>(count, ShardProgress { done, 0 }));
}

std::string QueueManager::shardFile(std::size_t index) const
{
    return m_deps.progressFile + ".shard" + std::to_string(index);
}

void QueueManager::createShards(const std::vector<ShardProgress>& states)
{
    std::lock_guard lock(m_shardsMutex);
    m_shards.clear();
    if (stopping())
        return;
    for (std::size_t i = 0; i < states.size(); ++i)
        m_shards.push_back(std::make_unique<Shard>(m_config, shardFile(i), states[i],
            [this](const BatchOutcome& o) { onOutcome(o); },
            [this](std::size_t samples, const SendResult& r) { onRetry(samples, r); }));
    m_staging.assign(states.size(), {});
    m_shardCount = states.size();
    m_shardsGauge->set(double(states.size()));
}

void QueueManager::maybeReshard(std::uint64_t bytesBehind)
{
    const double seconds = std::chrono::duration<double>(ReshardEvery).count();
    const double inRate = double(m_samplesIn) / seconds;
    const double bytesPerSample = m_samplesIn > 0 ? double(m_bytesIn) / double(m_samplesIn) : 16.0;
    const std::uint64_t out = m_samplesOut.exchange(0);
    const double sendSeconds = m_sendSeconds.exchange(0);
    m_samplesIn = 0;
    m_bytesIn = 0;
    if (out == 0)
        return;
    // Prometheus' calculation: shards = time per sample × (rate in + a twentieth of the backlog per second).
    const double backlog = m_pending->value() + double(bytesBehind) / bytesPerSample;
    const double timePerSample = sendSeconds / double(out);
    double desired = std::ceil(timePerSample * (inRate + 0.05 * backlog));
    desired = std::clamp(desired, double(m_config.queue.minShards), double(m_config.queue.maxShards));
    m_shardsDesired->set(desired);
    const double current = double(m_shards.size());
    if (std::abs(desired - current) <= ShardTolerance * current)
        return;
    if (nowMs() - m_lastFailureMs.load() < std::chrono::duration_cast<std::chrono::milliseconds>(ReshardEvery).count())
        return; // the remote is failing: more shards would not help
    resize(std::size_t(desired));
}

void QueueManager::saveProgress()
{
    const QueueProgress now { m_tracker->committed(), m_shardCount };
    if (now.committed == m_saved.committed && now.shards == m_saved.shards)
        return;
    if (auto err = saveQueueProgress(m_deps.progressFile, now)) {
        qWarning("remote_write %s: %s", m_config.name.c_str(), err->message.c_str());
        return;
    }
    m_saved = now;
    m_needed->store(now.committed.segment, std::memory_order_release);
}

WalPosition QueueManager::committed() const
{
    return m_tracker ? m_tracker->committed() : WalPosition {};
}

bool QueueManager::waitCommitted(WalPosition target, DurationMs timeout) const
{
    const auto until = Clock::now() + std::chrono::milliseconds(timeout);
    std::unique_lock lock(m_waitMutex);
    while (committed() < target) {
        if (Clock::now() >= until)
            return false;
        m_committed.wait_for(lock, std::chrono::milliseconds(20));
    }
    return true;
}

QueueStatus QueueManager::status() const
{
    QueueStatus s;
    s.name = m_config.name;
    s.url = m_config.url;
    s.samplesSent = m_sent->value();
    s.samplesFailed = m_failed->value();
    s.samplesRetried = m_retried->value();
    s.samplesDropped = m_dropped->value();
    s.pending = m_pending->value();
    s.shards = std::size_t(m_shardsGauge->value());
    s.highestSentSeconds = m_highestSent->value();
    s.skippedSegments = m_skipped.load();
    s.committed = committed();
    s.encodeSeconds = m_encodeSeconds.load(std::memory_order_relaxed);
    s.compressSeconds = m_compressSeconds.load(std::memory_order_relaxed);
    std::lock_guard lock(m_errorMutex);
    s.lastError = m_lastError;
    return s;
}

void QueueManager::sendMetadataLoop()
{
    HttpSender sender(m_config);
    // soon after the first scrapes (or after one interval, when that is shorter), then every interval
    auto next = Clock::now() + std::min(std::chrono::milliseconds(5'000), std::chrono::milliseconds(m_config.metadata.sendInterval));
    std::string raw;
    ByteBuffer body;
    while (true) {
        {
            std::unique_lock lock(m_waitMutex);
            if (m_wake.wait_until(lock, next, [this] { return stopping(); }))
                return;
        }
        next = Clock::now() + std::chrono::milliseconds(m_config.metadata.sendInterval);
        const auto metadata = m_deps.metadata();
        const std::size_t step = m_config.metadata.maxSamplesPerSend;
        for (std::size_t i = 0; i < metadata.size() && !stopping(); i += step) {
            const auto part = std::span(metadata).subspan(i, std::min(step, metadata.size() - i));
            encodeMetadataRequest(part, raw);
            snappyCompress(raw, body);
            const SendResult result = sender.post(body.view());
            (result.ok() ? m_metadataSent : m_metadataFailed)->inc(double(part.size()));
        }
    }
}

} // namespace sg::remotewrite
