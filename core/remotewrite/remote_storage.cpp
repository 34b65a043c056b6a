// Building the queues of a config and the segment keeper over them.
#include "remote_storage.h"

#include <algorithm>
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

std::vector<QueueStatus> RemoteStorage::status() const
{
    std::vector<QueueStatus> out;
    for (const auto& q : m_queues)
        out.push_back(q->status());
    return out;
}

} // namespace sg::remotewrite
