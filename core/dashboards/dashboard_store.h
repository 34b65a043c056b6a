#pragma once

#include "core/common/result.h"
#include "core/dashboards/dashboard.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <vector>

namespace sg::dashboards {

/// One dashboard file as the dashboards list shows it.
struct DashboardEntry
{
    QString uid;
    QString title;
    QStringList tags;
    QString path;
    bool starred = false;
    QDateTime modified;
};

/// Writes `dashboard` as Grafana JSON to `path` atomically (a temporary file renamed over the old one).
Result<bool> writeDashboardFile(const QString& path, const Dashboard& dashboard);

/// The dashboards of a data dir: one Grafana JSON file per dashboard in `DIR/dashboards/<uid>.json`, stars in
/// `DIR/dashboards/.stars.json`, deleted files kept in `DIR/dashboards/.trash/` until restored or replaced.
/// Files are written atomically (a temporary file renamed over the old one). Not thread-safe: the UI thread owns it.
class DashboardStore
{
public:
    explicit DashboardStore(QString directory);

    const QString& directory() const { return m_dir; }

    /// Every dashboard file, sorted by title (case-insensitive). Unreadable files are listed with their error as
    /// title so that the user sees them.
    std::vector<DashboardEntry> list() const;
    /// Entries whose title or tags contain `text` (case-insensitive) and that carry every tag of `tags`.
    std::vector<DashboardEntry> search(const QString& text, const QStringList& tags = {}) const;

    Result<Dashboard> load(const QString& uid) const;
    /// Writes the dashboard under its uid (a new uid is made when it has none) and bumps its `version`.
    Result<QString> save(Dashboard dashboard);
    /// A copy under a new uid, titled "<title> Copy" as Grafana's "Save as" names it.
    Result<QString> duplicate(const QString& uid);
    Result<bool> rename(const QString& uid, const QString& title);
    /// Moves the file to the trash; `restore` brings it back.
    Result<bool> remove(const QString& uid);
    Result<bool> restore(const QString& uid);

    bool isStarred(const QString& uid) const;
    void setStarred(const QString& uid, bool starred);

    QString pathOf(const QString& uid) const;
    /// Writes `json` as `<uid>.json` unless a file for that uid was seeded before (so a deleted seed stays deleted).
    /// Returns true when it wrote.
    bool seedOnce(const QString& uid, const QByteArray& json);

    /// A new Grafana-style uid (14 characters of [a-z0-9]).
    static QString newUid();

private:
    QStringList stars() const;
    void writeStars(const QStringList& stars);

    QString m_dir;
};

} // namespace sg::dashboards
