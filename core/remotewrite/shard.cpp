// A shard's thread: batch, encode, compress, POST, retry with backoff, report.
#include "shard.h"

#include "core/remotewrite/write_request.h"

#include <QtGlobal>

#include <exception>
#include <utility>

namespace sg::remotewrite {

Shard::Shard(const RemoteWriteConfig& config, const std::string& progressFile, ShardProgress progress, OutcomeSink onOutcome,
    RetrySink onRetry)
    : m_config(config)
    , m_onOutcome(std::move(onOutcome))
    , m_onRetry(std::move(onRetry))
    , m_progressFile(progressFile)
    , m_progress(progress)
{
    m_progressFile.write(m_progress);
    m_thread.reset(QThread::create([this] {
        try {
            run();
        } catch (const std::exception& e) {
            qWarning("remote_write %s: shard stopped: %s", m_config.name.c_str(), e.what());
        }
    }));
    m_thread->setObjectName(QStringLiteral("RemoteWriteShard"));
    m_thread->start();
}

Shard::~Shard()
{
    abort();
    m_thread->wait();
}

bool Shard::enqueue(std::vector<PendingSample>& staged)
{
    const std::size_t capacity = std::max(m_config.queue.capacity, m_config.queue.maxSamplesPerSend);
    std::span<const PendingSample> samples(staged);
    std::unique_lock lock(m_mutex);
    while (!samples.empty()) {
        m_space.wait(lock, [&] { return m_aborted || m_queue.size() < capacity; });
        if (m_aborted) {
            staged.clear();
            return false;
        }
        const bool wasEmpty = m_queue.empty();
        if (wasEmpty)
            m_oldest = std::chrono::steady_clock::now();
        const std::size_t n = std::min(samples.size(), capacity - m_queue.size());
        if (n == staged.size()) { // all of it at once: perhaps without copying
            m_queue.pushAll(staged);
            samples = {};
        } else {
            m_queue.push(samples.first(n));
            samples = samples.subspan(n);
        }
        // the sender wakes to start the batch deadline, or to send a full batch
        if (wasEmpty || m_queue.size() >= m_config.queue.maxSamplesPerSend)
            m_ready.notify_one();
    }
    staged.clear();
    return true;
}

std::size_t Shard::pending() const
{
    std::lock_guard lock(m_mutex);
    return m_queue.size() + m_inFlight;
}

void Shard::drain()
{
    std::unique_lock lock(m_mutex);
    m_draining = true;
    m_ready.notify_one();
    m_space.wait(lock, [&] { return m_aborted || (m_queue.empty() && m_inFlight == 0); });
    m_draining = false;
}

void Shard::abort()
{
    std::lock_guard lock(m_mutex);
    m_aborted = true;
    m_ready.notify_all();
    m_space.notify_all();
}

void SampleFifo::push(std::span<const PendingSample> samples)
{
    if (samples.empty())
        return;
    if (m_chunks.empty())
        m_chunks.push_back(takeSpare());
    m_chunks.back().insert(m_chunks.back().end(), samples.begin(), samples.end());
    m_size += samples.size();
}

void SampleFifo::pushAll(std::vector<PendingSample>& samples)
{
    if (samples.empty())
        return;
    m_size += samples.size();
    m_chunks.push_back(std::move(samples));
    samples = takeSpare();
}

std::vector<PendingSample> SampleFifo::takeSpare()
{
    std::vector<PendingSample> spare = std::exchange(m_spare, {});
    spare.clear();
    return spare;
}

void SampleFifo::take(std::size_t n, std::vector<PendingSample>& out)
{
    n = std::min(n, m_size);
    out.clear();
    while (n > 0) {
        std::vector<PendingSample>& front = m_chunks.front();
        const std::size_t k = std::min(n, front.size() - m_head);
        const auto first = front.begin() + std::ptrdiff_t(m_head);
        out.insert(out.end(), first, first + std::ptrdiff_t(k));
        m_head += k;
        m_size -= k;
        n -= k;
        if (m_head == front.size()) {
            if (front.capacity() > m_spare.capacity())
                m_spare = std::move(front);
            m_chunks.pop_front();
            m_head = 0;
        }
    }
}

bool Shard::takeBatch(std::vector<PendingSample>& batch)
{
    std::unique_lock lock(m_mutex);
    const auto deadline = std::chrono::milliseconds(m_config.queue.batchSendDeadline);
    while (true) {
        if (m_aborted)
            return false;
        if (!m_queue.empty()
            && (m_queue.size() >= m_config.queue.maxSamplesPerSend || m_draining
                || std::chrono::steady_clock::now() >= m_oldest + deadline))
            break;
        if (m_queue.empty())
            m_ready.wait(lock);
        else
            m_ready.wait_until(lock, m_oldest + deadline);
    }
    const std::size_t n = std::min(m_queue.size(), m_config.queue.maxSamplesPerSend);
    m_queue.take(n, batch);
    m_inFlight = n;
    // the rest waits from now on: a partial batch left behind is sent a deadline later at the latest
    m_oldest = std::chrono::steady_clock::now();
    m_space.notify_all();
    return true;
}

bool Shard::sleepFor(DurationMs ms)
{
    std::unique_lock lock(m_mutex);
    return !m_ready.wait_for(lock, std::chrono::milliseconds(ms), [&] { return m_aborted; });
}

void Shard::send(std::vector<PendingSample>& batch, HttpSender& sender)
{
    const auto encoding = std::chrono::steady_clock::now();
    encodeWriteRequest(std::span<const PendingSample>(batch), m_raw);
    const auto compressing = std::chrono::steady_clock::now();
    snappyCompress(m_raw.view(), m_body);
    const std::string_view body = m_body.view();

    BatchOutcome outcome;
    outcome.samples = batch;
    outcome.bytes = body.size();
    const auto started = std::chrono::steady_clock::now();
    outcome.encodeSeconds = std::chrono::duration<double>(compressing - encoding).count();
    outcome.compressSeconds = std::chrono::duration<double>(started - compressing).count();
    DurationMs backoff = m_config.queue.minBackoff;
    bool aborted = false;
    while (true) {
        outcome.last = sender.post(body);
        if (outcome.last.ok()) {
            outcome.sent = true;
            break;
        }
        if (!outcome.last.recoverable(m_config.queue.retryOnHttp429))
            break; // a 4xx (or a 429 not to be retried): the remote will never take it
        ++outcome.retries;
        m_onRetry(batch.size(), outcome.last);
        const DurationMs wait = outcome.last.retryAfter >= 0 ? outcome.last.retryAfter : backoff;
        if (!sleepFor(wait)) {
            aborted = true;
            break;
        }
        backoff = std::min(backoff * 2, m_config.queue.maxBackoff);
    }
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    // an aborted send is neither acknowledged nor failed: the samples are sent again after the next start
    if (aborted)
        return;
    const WalPosition last = batch.back().start;
    std::size_t ofLast = 0;
    for (auto it = batch.rbegin(); it != batch.rend() && it->start == last; ++it)
        ++ofLast;
    m_progress = last == m_progress.start ? ShardProgress { last, m_progress.done + ofLast } : ShardProgress { last, ofLast };
    m_progressFile.write(m_progress);
    m_onOutcome(outcome);
}

void Shard::run()
{
    HttpSender sender(m_config);
    std::vector<PendingSample> batch;
    while (takeBatch(batch)) {
        send(batch, sender);
        std::lock_guard lock(m_mutex);
        m_inFlight = 0;
        m_space.notify_all();
    }
}

} // namespace sg::remotewrite
