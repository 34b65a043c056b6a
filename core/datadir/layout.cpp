#include "layout.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace sg::datadir {

namespace {
/// Written into a folder a benchmark created, so a later run may clear it.
constexpr auto ScratchMarker = ".sightglass-scratch";

Error ioError(const QString& message) { return Error { ErrorCode::Io, message.toStdString(), {} }; }
}

QString metricsDir(const QString& dataDir) { return dataDir + QStringLiteral("/metrics"); }
QString logsDir(const QString& dataDir) { return dataDir + QStringLiteral("/logs"); }
QString dashboardsDir(const QString& dataDir) { return dataDir + QStringLiteral("/dashboards"); }
QString lockPath(const QString& dataDir) { return dataDir + QStringLiteral("/lock"); }
QString settingsPath(const QString& dataDir) { return dataDir + QStringLiteral("/storage.yml"); }
QString labelMappingPath(const QString& dataDir) { return dataDir + QStringLiteral("/label-mapping.json"); }

std::optional<Error> prepare(const QString& dataDir, QString* moved)
{
    const QFileInfo info(dataDir);
    if (info.exists() && !info.isDir())
        return ioError(QStringLiteral("data dir %1 is a file, not a directory").arg(dataDir));
    if (!QDir().mkpath(dataDir))
        return ioError(QStringLiteral("cannot create data dir %1").arg(dataDir));
    const QDir dir(dataDir);
    // A metric store at the top: catalog.sqlite with blocks/ (and wal/) beside it.
    if (!dir.exists(QStringLiteral("catalog.sqlite")))
        return std::nullopt;
    const QString metrics = metricsDir(dataDir);
    const QStringList parts { QStringLiteral("catalog.sqlite"), QStringLiteral("blocks"), QStringLiteral("wal") };
    if (QDir(metrics).exists() && !QDir(metrics).isEmpty())
        return ioError(QStringLiteral("%1 holds a metric store at its top (catalog.sqlite, blocks/) and another in "
                                      "%2: keep one; the data dir's metric store lives in %2")
                           .arg(dataDir, metrics));
    if (!QDir().mkpath(metrics))
        return ioError(QStringLiteral("cannot create %1").arg(metrics));
    for (const QString& part : parts) {
        if (!dir.exists(part))
            continue;
        // Journal files of SQLite move with the catalog.
        if (!QDir().rename(dir.filePath(part), metrics + u'/' + part))
            return ioError(QStringLiteral("cannot move %1 into %2").arg(dir.filePath(part), metrics));
        for (const char* suffix : { "-wal", "-shm", "-journal" })
            if (dir.exists(part + QLatin1String(suffix)))
                QDir().rename(dir.filePath(part + QLatin1String(suffix)), metrics + u'/' + part + QLatin1String(suffix));
    }
    if (moved)
        *moved = QStringLiteral("moved the metric store at the top of %1 into %2").arg(dataDir, metrics);
    return std::nullopt;
}

std::optional<Error> prepareScratchDir(const QString& path, bool force, bool clear)
{
    QDir dir(path);
    if (QFileInfo(path).exists() && !QFileInfo(path).isDir())
        return ioError(QStringLiteral("%1 is a file, not a folder").arg(path));
    if (dir.exists() && !dir.isEmpty()) {
        if (!force && !dir.exists(QLatin1String(ScratchMarker)))
            return ioError(QStringLiteral("%1 is not empty and was not made by a benchmark; pass --force to use it "
                                          "anyway (its contents are replaced), or name a new folder")
                               .arg(path));
        if (clear && !dir.removeRecursively())
            return ioError(QStringLiteral("cannot clear %1").arg(path));
    }
    if (!QDir().mkpath(path))
        return ioError(QStringLiteral("cannot create %1").arg(path));
    QFile marker(dir.filePath(QLatin1String(ScratchMarker)));
    if (!marker.exists()) {
        if (!marker.open(QIODevice::WriteOnly))
            return ioError(QStringLiteral("cannot write in %1: %2").arg(path, marker.errorString()));
        marker.write("Made by a Sightglass benchmark; the next run may clear this folder.\n");
    }
    return std::nullopt;
}

} // namespace sg::datadir
