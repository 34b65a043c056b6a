#pragma once

#include "core/common/result.h"

#include <QDateTime>
#include <QString>

#include <memory>
#include <optional>

namespace sg::datadir {

/// Who holds (or held) a data dir's lock, as written in DIR/lock.
struct LockHolder
{
    qint64 pid = 0;
    QString host;
    QString command; ///< e.g. "sightglass serve"
    QDateTime since;

    /// "sightglass serve (pid 4242 on laptop, since 2026-12-05 10:00:00)"
    QString describe() const;
};

/// The lock of one data dir, as Prometheus' `lock` file: an exclusive flock(2) on DIR/lock held for the life
/// of this object, with the holder written inside so a second instance can name it. The kernel drops the flock
/// when its process dies, so a lock left by a crash or a kill is taken over by the next start (and reported).
class DataDirLock
{
public:
    /// Takes the lock of `dataDir` (which must exist) for `command`. Fails, naming the holder, when another
    /// process (or another open of this process) holds it. A data dir that cannot be written (a read-only
    /// filesystem, no permission) is locked for reading: the flock is taken on the existing lock file, no holder
    /// record is written, and readOnly() says so; the stores then open read-only where they can.
    static Result<std::unique_ptr<DataDirLock>> acquire(const QString& dataDir, const QString& command);
    ~DataDirLock();
    DataDirLock(const DataDirLock&) = delete;
    DataDirLock& operator=(const DataDirLock&) = delete;

    /// The holder whose lock this one took over (it crashed or was killed without releasing it), if any.
    const std::optional<LockHolder>& tookOverFrom() const { return m_previous; }
    const QString& path() const { return m_path; }
    /// The data dir cannot be written; why (empty when it can).
    const QString& readOnly() const { return m_readOnly; }

private:
    DataDirLock() = default;
    static Result<std::unique_ptr<DataDirLock>> acquireForReading(const QString& dataDir, const QString& path,
        const QString& why);
    int m_fd = -1;
    QString m_readOnly;
    QString m_path;
    std::optional<LockHolder> m_previous;
};

} // namespace sg::datadir
