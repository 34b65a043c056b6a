#include "dashboard_store.h"

#include "dashboard_json.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSaveFile>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sg::dashboards {

namespace {

Error ioError(const QString& what) { return Error { ErrorCode::Io, what.toStdString(), {} }; }

/// A uid is used as a file name: keep it to Grafana's uid characters.
bool validUid(const QString& uid)
{
    static const QRegularExpression re(u"^[A-Za-z0-9_-]{1,64}$"_s);
    return re.match(uid).hasMatch();
}

Result<bool> writeAtomically(const QString& path, const QByteArray& data)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return ioError(path + u": "_s + f.errorString());
    if (f.write(data) != data.size() || !f.commit())
        return ioError(path + u": "_s + f.errorString());
    return true;
}

} // namespace

Result<bool> writeDashboardFile(const QString& path, const Dashboard& dashboard)
{
    return writeAtomically(path, exportDashboard(dashboard));
}

DashboardStore::DashboardStore(QString directory)
    : m_dir(std::move(directory))
{
    QDir().mkpath(m_dir);
}

QString DashboardStore::newUid()
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    QString uid;
    for (int i = 0; i < 14; ++i)
        uid += QChar::fromLatin1(alphabet[QRandomGenerator::global()->bounded(36)]);
    return uid;
}

QString DashboardStore::pathOf(const QString& uid) const { return m_dir + u'/' + uid + u".json"_s; }

std::vector<DashboardEntry> DashboardStore::list() const
{
    std::vector<DashboardEntry> out;
    const QStringList starred = stars();
    const QFileInfoList files = QDir(m_dir).entryInfoList({ u"*.json"_s }, QDir::Files);
    for (const QFileInfo& fi : files) {
        DashboardEntry e;
        e.uid = fi.completeBaseName();
        e.path = fi.absoluteFilePath();
        e.modified = fi.lastModified();
        QFile f(e.path);
        if (f.open(QIODevice::ReadOnly)) {
            const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
            e.title = o.value(u"title").toString();
            for (const QJsonValue& t : o.value(u"tags").toArray())
                e.tags.push_back(t.toString());
            if (o.isEmpty())
                e.title = fi.fileName() + u" (not a dashboard)"_s;
        } else {
            e.title = fi.fileName() + u" ("_s + f.errorString() + u")"_s;
        }
        if (e.title.isEmpty())
            e.title = e.uid;
        e.starred = starred.contains(e.uid);
        out.push_back(std::move(e));
    }
    std::sort(out.begin(), out.end(), [](const DashboardEntry& a, const DashboardEntry& b) {
        const int c = QString::compare(a.title, b.title, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : a.uid < b.uid;
    });
    return out;
}

std::vector<DashboardEntry> DashboardStore::search(const QString& text, const QStringList& tags) const
{
    std::vector<DashboardEntry> out;
    for (DashboardEntry& e : list()) {
        bool match = text.isEmpty() || e.title.contains(text, Qt::CaseInsensitive);
        for (const QString& t : e.tags)
            match = match || t.contains(text, Qt::CaseInsensitive);
        for (const QString& t : tags)
            match = match && e.tags.contains(t, Qt::CaseInsensitive);
        if (match)
            out.push_back(std::move(e));
    }
    return out;
}

Result<Dashboard> DashboardStore::load(const QString& uid) const
{
    if (!validUid(uid))
        return ioError(u"invalid dashboard uid \"%1\""_s.arg(uid));
    return importDashboardFile(pathOf(uid));
}

Result<QString> DashboardStore::save(Dashboard dashboard)
{
    QString uid = dashboard.uid();
    if (uid.isEmpty() || !validUid(uid)) {
        uid = newUid();
        dashboard.setUid(uid);
    }
    dashboard.root().insert(u"version"_s, dashboard.version() + 1);
    auto written = writeDashboardFile(pathOf(uid), dashboard);
    if (!written.ok())
        return written.error();
    return uid;
}

Result<QString> DashboardStore::duplicate(const QString& uid)
{
    auto d = load(uid);
    if (!d.ok())
        return d.error();
    Dashboard copy = std::move(*d);
    copy.setUid(newUid());
    copy.setTitle(copy.title() + u" Copy"_s);
    copy.root().insert(u"version"_s, 0);
    copy.root().remove(u"id"_s);
    return save(std::move(copy));
}

Result<bool> DashboardStore::rename(const QString& uid, const QString& title)
{
    auto d = load(uid);
    if (!d.ok())
        return d.error();
    d->setTitle(title);
    auto saved = save(std::move(*d));
    if (!saved.ok())
        return saved.error();
    return true;
}

Result<bool> DashboardStore::remove(const QString& uid)
{
    if (!validUid(uid) || !QFile::exists(pathOf(uid)))
        return ioError(u"no dashboard \"%1\""_s.arg(uid));
    const QString trash = m_dir + u"/.trash"_s;
    QDir().mkpath(trash);
    const QString target = trash + u'/' + uid + u".json"_s;
    QFile::remove(target);
    if (!QFile::rename(pathOf(uid), target))
        return ioError(u"cannot move %1 to %2"_s.arg(pathOf(uid), target));
    return true;
}

Result<bool> DashboardStore::restore(const QString& uid)
{
    const QString source = m_dir + u"/.trash/"_s + uid + u".json"_s;
    if (!validUid(uid) || !QFile::exists(source))
        return ioError(u"no deleted dashboard \"%1\""_s.arg(uid));
    if (QFile::exists(pathOf(uid)))
        return ioError(u"a dashboard \"%1\" exists already"_s.arg(uid));
    if (!QFile::rename(source, pathOf(uid)))
        return ioError(u"cannot restore %1"_s.arg(source));
    return true;
}

QStringList DashboardStore::stars() const
{
    QFile f(m_dir + u"/.stars.json"_s);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QStringList out;
    for (const QJsonValue& v : QJsonDocument::fromJson(f.readAll()).array())
        out.push_back(v.toString());
    return out;
}

void DashboardStore::writeStars(const QStringList& list)
{
    (void)writeAtomically(m_dir + u"/.stars.json"_s, QJsonDocument(QJsonArray::fromStringList(list)).toJson());
}

bool DashboardStore::isStarred(const QString& uid) const { return stars().contains(uid); }

void DashboardStore::setStarred(const QString& uid, bool starred)
{
    QStringList s = stars();
    s.removeAll(uid);
    if (starred)
        s.push_back(uid);
    writeStars(s);
}

bool DashboardStore::seedOnce(const QString& uid, const QByteArray& json)
{
    const QString markerPath = m_dir + u"/.seeded"_s;
    QStringList seeded;
    {
        QFile marker(markerPath);
        if (marker.open(QIODevice::ReadOnly))
            seeded = QString::fromUtf8(marker.readAll()).split(u'\n', Qt::SkipEmptyParts);
    }
    if (seeded.contains(uid) || QFile::exists(pathOf(uid)))
        return false;
    if (!writeAtomically(pathOf(uid), json).ok())
        return false;
    seeded.push_back(uid);
    (void)writeAtomically(markerPath, seeded.join(u'\n').toUtf8() + '\n');
    return true;
}

} // namespace sg::dashboards
