#pragma once

// Every remote_write queue of a config, and the WAL keeper that holds segments they have not sent yet.

#include "core/remotewrite/queue_manager.h"

#include <memory>
#include <vector>

namespace sg::remotewrite {

/// Default bound on the WAL bytes kept for remotes that are behind (see RemoteStorage::walKeeper).
constexpr std::uint64_t DefaultMaxKeptWalBytes = 1ULL << 30;

/// What the queues share.
struct RemoteStorageDeps
{
    std::string walDir;      ///< the TSDB's WAL
    std::string progressDir; ///< one `<name>.position` file per remote (created when missing)
    std::function<std::optional<Labels>(tsdb::SeriesRef)> labelsOf;
    std::function<std::vector<scrape::MetricMetadata>()> metadata;
    metrics::Registry* registry = nullptr;
    DurationMs idlePoll = 250; ///< QueueDeps::idlePoll: make it long when walCommitHook() is installed
};

/// An idle queue's look at the WAL when the writer wakes it after each write (it is a fallback only).
constexpr DurationMs WokenIdlePoll = 5'000;

/// One QueueManager per `remote_write` entry.
class RemoteStorage
{
public:
    RemoteStorage(const RemoteWriteSettings& settings, RemoteStorageDeps deps);
    ~RemoteStorage();

    void start();
    void stop();

    /// A WAL segment keeper (tsdb::WalWriter::setKeeper): the lowest segment any remote still needs. It holds only
    /// shared counters, so it may outlive this object (the store truncates its WAL once more when it closes).
    std::function<std::uint32_t()> walKeeper() const;
    /// A WAL commit hook (tsdb::Store::setWalCommitHook) that wakes every queue's watcher. It holds only shared
    /// wake-ups, so it may outlive this object.
    std::function<void()> walCommitHook() const;
    std::vector<QueueStatus> status() const;
    const std::vector<std::unique_ptr<QueueManager>>& queues() const { return m_queues; }

private:
    std::vector<std::unique_ptr<QueueManager>> m_queues;
};

/// One line for the Targets page: "remote_write NAME → URL: N samples sent, N failed, N retried, N pending,
/// N shards, newest sent HH:MM:SS[; last error: ...]".
std::string describeQueue(const QueueStatus& status);

/// The file name a remote's position is saved under: its name with characters other than letters, digits, `-`,
/// `_` and `.` replaced by `_`, then `.position`.
std::string progressFileName(const std::string& remoteName);

} // namespace sg::remotewrite
