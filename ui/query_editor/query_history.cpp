#include "query_history.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

QPointer<QueryHistory>& sharedHistory()
{
    static QPointer<QueryHistory> history;
    return history;
}

QString languageKey(langsvc::Language language) { return QString::fromLatin1(logql::queryLanguageName(language)); }

} // namespace

QueryHistory::QueryHistory(const QString& path, QObject* parent)
    : QObject(parent)
    , m_path(path)
{
    reload();
}

QString QueryHistory::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/query-history.json"_s;
}

QueryHistory* QueryHistory::shared() { return sharedHistory(); }

void QueryHistory::setShared(QueryHistory* history) { sharedHistory() = history; }

void QueryHistory::setCapacity(int perLanguage)
{
    m_capacity = std::max(1, perLanguage);
    for (const auto language : { langsvc::Language::PromQL, langsvc::Language::LogQL })
        trim(language);
}

int QueryHistory::find(langsvc::Language language, const QString& query) const
{
    for (int i = 0; i < m_entries.size(); ++i)
        if (m_entries.at(i).language == language && m_entries.at(i).query == query)
            return i;
    return -1;
}

void QueryHistory::add(langsvc::Language language, const QString& query, qint64 nowMs)
{
    const QString q = query.trimmed();
    if (q.isEmpty())
        return;
    HistoryEntry entry { language, q, nowMs ? nowMs : QDateTime::currentMSecsSinceEpoch(), false };
    if (const int i = find(language, q); i >= 0)
        entry.starred = m_entries.takeAt(i).starred;
    m_entries.prepend(entry);
    trim(language);
    save();
    Q_EMIT changed();
}

void QueryHistory::trim(langsvc::Language language)
{
    int kept = 0;
    for (int i = 0; i < m_entries.size();) {
        const HistoryEntry& e = m_entries.at(i);
        if (e.language == language && !e.starred && ++kept > m_capacity)
            m_entries.removeAt(i);
        else
            ++i;
    }
}

bool QueryHistory::setStarred(langsvc::Language language, const QString& query, bool starred)
{
    const int i = find(language, query.trimmed());
    if (i < 0)
        return false;
    if (m_entries[i].starred != starred) {
        m_entries[i].starred = starred;
        trim(language);
        save();
        Q_EMIT changed();
    }
    return true;
}

bool QueryHistory::isStarred(langsvc::Language language, const QString& query) const
{
    const int i = find(language, query.trimmed());
    return i >= 0 && m_entries.at(i).starred;
}

void QueryHistory::remove(langsvc::Language language, const QString& query)
{
    if (const int i = find(language, query.trimmed()); i >= 0) {
        m_entries.removeAt(i);
        save();
        Q_EMIT changed();
    }
}

QList<HistoryEntry> QueryHistory::entries(langsvc::Language language, const QString& search) const
{
    QList<HistoryEntry> out;
    for (const HistoryEntry& e : m_entries)
        if (e.language == language && (search.isEmpty() || e.query.contains(search, Qt::CaseInsensitive)))
            out.append(e);
    // Stable: within the starred and the unstarred, newest first as stored.
    std::stable_sort(out.begin(), out.end(), [](const HistoryEntry& a, const HistoryEntry& b) {
        return a.starred && !b.starred;
    });
    return out;
}

bool QueryHistory::reload()
{
    m_entries.clear();
    if (m_path.isEmpty() || !QFileInfo::exists(m_path))
        return true;
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    for (const QJsonValue& v : doc.object().value(u"entries").toArray()) {
        const QJsonObject o = v.toObject();
        HistoryEntry e;
        e.language = o.value(u"language").toString() == u"logql" ? langsvc::Language::LogQL : langsvc::Language::PromQL;
        e.query = o.value(u"query").toString();
        e.lastRunMs = qint64(o.value(u"lastRun").toDouble());
        e.starred = o.value(u"starred").toBool();
        if (!e.query.isEmpty() && find(e.language, e.query) < 0)
            m_entries.append(e);
    }
    Q_EMIT changed();
    return true;
}

void QueryHistory::save() const
{
    if (m_path.isEmpty())
        return;
    QJsonArray entries;
    for (const HistoryEntry& e : m_entries)
        entries.append(QJsonObject { { u"language"_s, languageKey(e.language) }, { u"query"_s, e.query },
            { u"lastRun"_s, double(e.lastRunMs) }, { u"starred"_s, e.starred } });
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return;
    file.write(QJsonDocument(QJsonObject { { u"version"_s, 1 }, { u"entries"_s, entries } }).toJson());
    file.commit();
}

} // namespace sg::ui
