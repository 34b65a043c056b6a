#include "lock.h"

#include "layout.h"

#include <QSysInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

namespace sg::datadir {

namespace {

QByteArray readAll(int fd)
{
    QByteArray out;
    char buf[4096];
    off_t offset = 0;
    for (;;) {
        const auto n = ::pread(fd, buf, sizeof buf, offset);
        if (n <= 0)
            break;
        out.append(buf, n);
        offset += n;
        if (out.size() > 65536)
            break;
    }
    return out;
}

std::optional<LockHolder> parseHolder(const QByteArray& bytes)
{
    const auto doc = QJsonDocument::fromJson(bytes);
    if (!doc.isObject())
        return std::nullopt;
    const auto o = doc.object();
    LockHolder h;
    h.pid = o.value(QStringLiteral("pid")).toInteger();
    h.host = o.value(QStringLiteral("host")).toString();
    h.command = o.value(QStringLiteral("command")).toString();
    h.since = QDateTime::fromString(o.value(QStringLiteral("since")).toString(), Qt::ISODate);
    if (h.pid <= 0)
        return std::nullopt;
    return h;
}

QByteArray holderJson(const LockHolder& h)
{
    QJsonObject o;
    o.insert(QStringLiteral("pid"), h.pid);
    o.insert(QStringLiteral("host"), h.host);
    o.insert(QStringLiteral("command"), h.command);
    o.insert(QStringLiteral("since"), h.since.toString(Qt::ISODate));
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

bool processAlive(qint64 pid) { return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM); }

Error lockError(const QString& message) { return Error { ErrorCode::Io, message.toStdString(), {} }; }

} // namespace

QString LockHolder::describe() const
{
    QString text = command.isEmpty() ? QStringLiteral("another process") : command;
    text += QStringLiteral(" (pid %1").arg(pid);
    if (!host.isEmpty())
        text += QStringLiteral(" on ") + host;
    if (since.isValid())
        text += QStringLiteral(", since ") + since.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    return text + u')';
}

Result<std::unique_ptr<DataDirLock>> DataDirLock::acquire(const QString& dataDir, const QString& command)
{
    const QString path = lockPath(dataDir);
    const QByteArray native = path.toLocal8Bit();
    const int fd = ::open(native.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 && (errno == EROFS || errno == EACCES || errno == EPERM))
        return acquireForReading(dataDir, path, QString::fromLocal8Bit(std::strerror(errno)));
    if (fd < 0)
        return lockError(QStringLiteral("cannot open the lock file %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    const auto previous = parseHolder(readAll(fd));
    const QString host = QSysInfo::machineHostName();
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int err = errno;
        if (err == EWOULDBLOCK) {
            // Read again: the holder may have written itself after our first read.
            const auto holder = parseHolder(readAll(fd));
            ::close(fd);
            return lockError(QStringLiteral("data dir %1 is in use by %2; stop it first or pass another --data-dir")
                                 .arg(dataDir, holder ? holder->describe() : QStringLiteral("another process")));
        }
        // A filesystem without flock (some network mounts): fall back to the holder's pid on this host.
        if (previous && previous->host == host && previous->pid != ::getpid() && processAlive(previous->pid)) {
            ::close(fd);
            return lockError(QStringLiteral("data dir %1 is in use by %2; stop it first or pass another --data-dir")
                                 .arg(dataDir, previous->describe()));
        }
    }
    LockHolder me;
    me.pid = ::getpid();
    me.host = host;
    me.command = command;
    me.since = QDateTime::currentDateTimeUtc();
    const QByteArray json = holderJson(me);
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, json.constData(), std::size_t(json.size()), 0) != json.size()) {
        const int err = errno;
        ::close(fd);
        return lockError(QStringLiteral("cannot write the lock file %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(err))));
    }
    // No fsync: the record only names the holder (the flock is the lock), and an fsync here waits for the
    // filesystem's journal, which after a crash under write load can take long enough to stall a start.
    std::unique_ptr<DataDirLock> lock(new DataDirLock);
    lock->m_fd = fd;
    lock->m_path = path;
    if (previous && previous->pid != me.pid)
        lock->m_previous = previous;
    return lock;
}

Result<std::unique_ptr<DataDirLock>> DataDirLock::acquireForReading(const QString& dataDir, const QString& path,
    const QString& why)
{
    std::unique_ptr<DataDirLock> lock(new DataDirLock);
    lock->m_path = path;
    lock->m_readOnly = QStringLiteral("%1 cannot be written: %2").arg(dataDir, why);
    // A writer holds the lock file open with its flock; none can exist where the file cannot be written by anyone.
    const int fd = ::open(path.toLocal8Bit().constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return lock;
    if (::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
        const auto holder = parseHolder(readAll(fd));
        ::close(fd);
        return lockError(QStringLiteral("data dir %1 is in use by %2; stop it first or pass another --data-dir")
                             .arg(dataDir, holder ? holder->describe() : QStringLiteral("another process")));
    }
    lock->m_fd = fd;
    return lock;
}

DataDirLock::~DataDirLock()
{
    if (m_fd < 0)
        return;
    if (!m_readOnly.isEmpty()) {
        ::flock(m_fd, LOCK_UN);
        ::close(m_fd);
        return;
    }
    // An empty lock file tells the next start that this holder stopped cleanly.
    [[maybe_unused]] const int rc = ::ftruncate(m_fd, 0);
    ::flock(m_fd, LOCK_UN);
    ::close(m_fd);
}

} // namespace sg::datadir
