#pragma once

#include "core/langsvc/language_service.h"

#include <QList>
#include <QObject>
#include <QString>

namespace sg::ui {

/// One query in the history.
struct HistoryEntry
{
    langsvc::Language language = langsvc::Language::PromQL;
    QString query;
    qint64 lastRunMs = 0; ///< when it last ran, ms since the epoch
    bool starred = false;
};

/// The queries that were run, per language, newest first, kept in a JSON file: a query run again moves to the
/// top instead of appearing twice; starred queries come first in listings and are never dropped by the cap.
/// Every change is written at once (atomically), so two windows see each other's runs after reload().
class QueryHistory : public QObject
{
    Q_OBJECT
public:
    /// The most unstarred entries kept per language.
    static constexpr int DefaultCapacity = 500;

    /// A history kept in `path` (read now); an empty path keeps it in memory only.
    explicit QueryHistory(const QString& path, QObject* parent = nullptr);

    /// `query-history.json` under QStandardPaths::AppDataLocation.
    static QString defaultPath();
    /// The history editors use when none is given; null until setShared.
    static QueryHistory* shared();
    static void setShared(QueryHistory* history);

    QString path() const { return m_path; }
    void setCapacity(int perLanguage);

    /// Records a run of `query` now (trimmed; empty queries are ignored).
    void add(langsvc::Language language, const QString& query, qint64 nowMs = 0);
    /// Stars or unstars `query`; false when it is not in the history.
    bool setStarred(langsvc::Language language, const QString& query, bool starred);
    bool isStarred(langsvc::Language language, const QString& query) const;
    /// Removes `query` from the history.
    void remove(langsvc::Language language, const QString& query);

    /// The entries of `language` containing `search` (case-insensitive; all when empty): starred first, then
    /// newest first.
    QList<HistoryEntry> entries(langsvc::Language language, const QString& search = {}) const;

    /// Reads the file again; false (and an empty history) when it exists but cannot be read.
    bool reload();

Q_SIGNALS:
    void changed();

private:
    void save() const;
    void trim(langsvc::Language language);
    int find(langsvc::Language language, const QString& query) const;

    QString m_path;
    int m_capacity = DefaultCapacity;
    QList<HistoryEntry> m_entries; ///< all languages, newest first
};

} // namespace sg::ui
