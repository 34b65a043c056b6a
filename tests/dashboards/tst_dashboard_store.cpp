// Dashboard files in a data dir: save, list, search, duplicate, rename, delete with restore, stars, seeding.
#include "core/dashboards/dashboard_json.h"
#include "core/dashboards/dashboard_store.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace sg::dashboards;
using namespace Qt::StringLiterals;

namespace {
Dashboard make(const QString& uid, const QString& title, const QStringList& tags)
{
    auto d = importDashboard(QJsonObject { { u"uid"_s, uid }, { u"title"_s, title }, { u"schemaVersion"_s, 42 },
        { u"panels"_s, QJsonArray { QJsonObject { { u"id"_s, 1 }, { u"type"_s, u"timeseries"_s } } } } });
    d->setTags(tags);
    return *d;
}
QStringList titles(const std::vector<DashboardEntry>& entries)
{
    QStringList out;
    for (const auto& e : entries)
        out << e.title;
    return out;
}
} // namespace

class TestDashboardStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lifecycle()
    {
        QTemporaryDir tmp;
        DashboardStore store(tmp.path() + u"/dashboards"_s);
        QVERIFY(store.save(make(u"b"_s, u"Node exporter"_s, { u"linux"_s })).ok());
        QVERIFY(store.save(make(u"a"_s, u"api latency"_s, { u"demo"_s, u"http"_s })).ok());
        auto made = store.save(make(QString(), u"Zebra"_s, {}));
        QVERIFY(made.ok());
        QCOMPARE(made->size(), 14); // a new uid for a dashboard without one
        QCOMPARE(titles(store.list()), (QStringList { u"api latency"_s, u"Node exporter"_s, u"Zebra"_s }));
        QCOMPARE(titles(store.search(u"NODE"_s)), QStringList { u"Node exporter"_s });
        QCOMPARE(titles(store.search(u"http"_s)), QStringList { u"api latency"_s }); // by tag text
        QCOMPARE(titles(store.search(QString(), { u"demo"_s })), QStringList { u"api latency"_s });

        // Saving bumps the version; the file is Grafana JSON.
        auto loaded = store.load(u"a"_s);
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->version(), 1);
        QVERIFY(store.save(*loaded).ok());
        QCOMPARE(store.load(u"a"_s)->version(), 2);

        auto copy = store.duplicate(u"a"_s);
        QVERIFY(copy.ok());
        QCOMPARE(store.load(*copy)->title(), u"api latency Copy"_s);
        QVERIFY(store.rename(*copy, u"Copied"_s).ok());
        QCOMPARE(store.load(*copy)->title(), u"Copied"_s);

        QVERIFY(store.remove(u"b"_s).ok());
        QVERIFY(!QFile::exists(store.pathOf(u"b"_s)));
        QVERIFY(!store.load(u"b"_s).ok());
        QVERIFY(store.restore(u"b"_s).ok());
        QCOMPARE(store.load(u"b"_s)->title(), u"Node exporter"_s);
        QVERIFY(!store.remove(u"nope"_s).ok());
        QVERIFY(!store.load(u"../etc/passwd"_s).ok());

        store.setStarred(u"b"_s, true);
        QVERIFY(DashboardStore(store.directory()).isStarred(u"b"_s));
        store.setStarred(u"b"_s, false);
        QVERIFY(!store.isStarred(u"b"_s));
    }

    void seedsOnce()
    {
        QTemporaryDir tmp;
        DashboardStore store(tmp.path());
        const QByteArray json = exportDashboard(make(u"seed"_s, u"Seeded"_s, {}));
        QVERIFY(store.seedOnce(u"seed"_s, json));
        QVERIFY(!store.seedOnce(u"seed"_s, json)); // present
        QVERIFY(store.remove(u"seed"_s).ok());
        QVERIFY(!store.seedOnce(u"seed"_s, json)); // deleted by the user: stays deleted
        QVERIFY(store.list().empty());
    }

    void unreadableFileIsListed()
    {
        QTemporaryDir tmp;
        DashboardStore store(tmp.path());
        QFile f(tmp.path() + u"/broken.json"_s);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{ not json");
        f.close();
        const auto entries = store.list();
        QCOMPARE(entries.size(), std::size_t(1));
        QVERIFY(entries.front().title.contains(u"not a dashboard"_s));
        QVERIFY(!store.load(u"broken"_s).ok());
    }
};

QTEST_GUILESS_MAIN(TestDashboardStore)
#include "tst_dashboard_store.moc"
