// Building the queues of a config and the segment keeper over them.
#include "remote_storage.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>

namespace sg::remotewrite {

std::string progressFileName(const std::string& remoteName)
{
    std::string out = remoteName;
    for (char& c : out)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            c = '_';
    return out + ".position";
}

std::string describeQueue(const QueueStatus& s)
{
    char line[512];
    std::snprintf(line, sizeof line, "remote_write %s \u2192 %s: %.0f samples sent, %.0f failed, %.0f retried, %.0f pending, %zu shard%s",
        s.name.c_str(), s.url.c_str(), s.samplesSent, s.samplesFailed, s.samplesRetried, s.pending, s.shards,
        s.shards == 1 ? "" : "s");
    std::string out = line;
    if (s.highestSentSeconds > 0) {
        const std::time_t t = std::time_t(s.highestSentSeconds);
        std::tm tm {};
        ::localtime_r(&t, &tm);
        char when[32];
        std::strftime(when, sizeof when, "%H:%M:%S", &tm);
        out += std::string(", newest sent ") + when;
    }
    if (!s.lastError.empty())
        out += "; last error: " + s.lastError;
    return out;
}

RemoteStorage::RemoteStorage(const RemoteWriteSettings& settings, RemoteStorageDeps deps)
{
    std::error_code ec;
    std::filesystem::create_directories(deps.progressDir, ec);
    for (const auto& remote : settings.remotes) {
        QueueDeps q;
        q.walDir = deps.walDir;
        q.progressFile = deps.progressDir + "/" + progressFileName(remote.name);
        q.externalLabels = settings.externalLabels;
        q.labelsOf = deps.labelsOf;
        q.metadata = deps.metadata;
        q.registry = deps.registry;
        q.idlePoll = deps.idlePoll;
        m_queues.push_back(std::make_unique<QueueManager>(remote, std::move(q)));
    }
}

RemoteStorage::~RemoteStorage()
{
    stop();
}

void RemoteStorage::start()
{
    for (auto& q : m_queues)
        q->start();
}

void RemoteStorage::stop()
{
    for (auto& q : m_queues)
        q->stop();
}

std::function<std::uint32_t()> RemoteStorage::walKeeper() const
{
    std::vector<std::shared_ptr<const std::atomic<std::uint32_t>>> needed;
    for (const auto& q : m_queues)
        needed.push_back(q->neededSegmentShared());
    return [needed] {
        std::uint32_t lowest = UINT32_MAX;
        for (const auto& n : needed)
            lowest = std::min(lowest, n->load(std::memory_order_acquire));
        return lowest;
    };
}

std::function<void()> RemoteStorage::walCommitHook() const
{
    std::vector<std::shared_ptr<WalWakeup>> wakeups;
    for (const auto& q : m_queues)
        wakeups.push_back(q->walWakeup());
    return [wakeups] {
        for (const auto& w : wakeups)
            w->notify();
    };
}

std::vector<QueueStatus> RemoteStorage::status() const
{
    std::vector<QueueStatus> out;
    for (const auto& q : m_queues)
        out.push_back(q->status());
    return out;
}

} // namespace sg::remotewrite
