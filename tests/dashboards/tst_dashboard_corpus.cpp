// The real dashboards in ../shared/testdata/dashboards: each imports, keeps its panels by type, and round-trips.
#include "tests/common/require_peer.h"
#include "core/dashboards/dashboard_json.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <map>

using namespace sg::dashboards;
using namespace Qt::StringLiterals;

namespace {

QString corpusDir() { return QStringLiteral(SG_SHARED_TESTDATA) + u"/dashboards"_s; }

/// "type=count" pairs over every panel, collapsed rows' panels included.
QString typeCounts(const Dashboard& d)
{
    std::map<QString, int> counts;
    for (const Panel& p : d.allPanels())
        ++counts[p.type()];
    QStringList parts;
    for (const auto& [type, n] : counts)
        parts << u"%1=%2"_s.arg(type).arg(n);
    return parts.join(u' ');
}

/// Every panel object of a raw dashboard in document order (rows[] panels, panels[], collapsed rows' panels).
std::vector<QJsonObject> rawPanels(const QJsonObject& d)
{
    std::vector<QJsonObject> out;
    auto add = [&](const QJsonArray& panels, auto&& self) -> void {
        for (const QJsonValue& v : panels) {
            const QJsonObject p = v.toObject();
            out.push_back(p);
            self(p.value(u"panels").toArray(), self);
        }
    };
    add(d.value(u"panels").toArray(), add);
    for (const QJsonValue& r : d.value(u"rows").toArray())
        add(r.toObject().value(u"panels").toArray(), add);
    return out;
}

} // namespace

class TestDashboardCorpus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void importsEach_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expectedTypes");
        QTest::addColumn<int>("fromSchema");
        SG_REQUIRE_PEER(QDir(corpusDir()).exists(), "../shared/testdata/dashboards is absent: the real-dashboard corpus cannot run");
        // Counts read off the files themselves (rows[] of the schema 14 file become row panels).
        QTest::addRow("loki-chunks") << u"loki-mixin__loki-chunks.json"_s << u"heatmap=2 row=9 timeseries=12"_s << 14;
        QTest::addRow("loki-logs") << u"loki-mixin__loki-logs.json"_s << u"logs=1 timeseries=9"_s << 14;
        QTest::addRow("loki-operational") << u"loki-mixin__loki-operational.json"_s
                                          << u"heatmap=2 logs=3 row=13 table=1 timeseries=48"_s << 14;
        QTest::addRow("node-exporter-full") << u"rfmoz__node-exporter-full.json"_s
                                            << u"bargauge=4 gauge=5 row=16 stat=5 timeseries=111"_s << 41;
        // Any file added to the corpus later is still imported and round-tripped, without a pinned count.
        const QStringList known { u"loki-mixin__loki-chunks.json"_s, u"loki-mixin__loki-logs.json"_s,
            u"loki-mixin__loki-operational.json"_s, u"rfmoz__node-exporter-full.json"_s };
        for (const QString& f : QDir(corpusDir()).entryList({ u"*.json"_s }, QDir::Files))
            if (!known.contains(f))
                QTest::addRow("%s", qPrintable(f)) << f << QString() << -1;
    }
    void importsEach()
    {
        QFETCH(QString, file);
        QFETCH(QString, expectedTypes);
        QFETCH(int, fromSchema);
        QFile f(corpusDir() + u'/' + file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject raw = QJsonDocument::fromJson(f.readAll()).object();
        ImportReport report;
        auto imported = importDashboard(raw, &report);
        QVERIFY2(imported.ok(), imported.ok() ? "" : imported.error().message.c_str());
        const Dashboard& d = *imported;
        if (fromSchema >= 0)
            QCOMPARE(report.fromSchemaVersion, fromSchema);
        QCOMPARE(d.schemaVersion(), CurrentSchemaVersion);
        if (!expectedTypes.isEmpty())
            QCOMPARE(typeCounts(d), expectedTypes);

        // Every panel keeps its id, targets, links, options and fieldConfig (its gridPos too, unless it came from
        // the rows[] layout); panel ids stay unique.
        const auto before = rawPanels(raw);
        const bool legacyRows = !raw.value(u"rows").toArray().isEmpty();
        std::map<int, int> seen;
        std::size_t next = 0;
        for (const Panel& p : d.allPanels()) {
            ++seen[p.id()];
            if (legacyRows && p.type() == u"row")
                continue; // made for a legacy row
            QVERIFY(next < before.size());
            const QJsonObject& old = before[next++];
            // Targets are kept; before schema 36 a target without a datasource gets its panel's.
            QJsonArray targets = p.json().value(u"targets").toArray();
            const QJsonArray oldTargets = old.value(u"targets").toArray();
            QVERIFY2(targets.size() == oldTargets.size(), qPrintable(p.title() + u" id "_s + QString::number(p.id()) + u" vs "_s + old.value(u"title").toString()));
            for (qsizetype i = 0; i < targets.size(); ++i) {
                QJsonObject t = targets[i].toObject();
                if (report.fromSchemaVersion < 36 && !oldTargets[i].toObject().contains(u"datasource")) {
                    QCOMPARE(t.value(u"datasource"), old.value(u"datasource").isString()
                            ? QJsonValue(QJsonObject { { u"uid"_s, old.value(u"datasource") } })
                            : old.value(u"datasource"));
                    t.remove(u"datasource"_s);
                }
                QCOMPARE(t, oldTargets[i].toObject());
            }
            QCOMPARE(p.title(), old.value(u"title").toString());
            if (old.contains(u"gridPos"))
                QCOMPARE(p.json().value(u"gridPos"), old.value(u"gridPos"));
            else
                QVERIFY(p.json().contains(u"gridPos"));
            if (old.value(u"type") == p.json().value(u"type") && report.fromSchemaVersion >= 38) {
                QCOMPARE(p.json().value(u"options"), old.value(u"options"));
                QCOMPARE(p.json().value(u"links"), old.value(u"links"));
                if (report.fromSchemaVersion >= 42) // schema 42 adds hideFrom.tooltip where hideFrom.viz is set
                    QCOMPARE(p.json().value(u"fieldConfig"), old.value(u"fieldConfig"));
            }
        }
        QCOMPARE(next, before.size());
        for (const auto& [id, n] : seen)
            QVERIFY2(n == 1, qPrintable(u"panel id %1 appears %2 times"_s.arg(id).arg(n)));
        QCOMPARE(d.root().value(u"annotations"), raw.value(u"annotations"));
        QCOMPARE(d.root().value(u"links"), raw.value(u"links"));
        QCOMPARE(d.variables().size(), std::size_t(raw.value(u"templating").toObject().value(u"list").toArray().size()));

        // Round trip: what Sightglass writes reads back to the same dashboard, and a second export is identical.
        const QByteArray exported = exportDashboard(d);
        auto again = importDashboard(exported);
        QVERIFY(again.ok());
        QCOMPARE(again->toJson(), d.toJson());
        QCOMPARE(exportDashboard(*again), exported);

        // Shared externally and imported back: same panels, datasources turned into inputs.
        const QJsonObject shared = exportForSharing(d, DatasourceRegistry::embedded());
        QVERIFY(shared.value(u"__requires").toArray().size() >= 2);
        auto fromShared = importDashboard(shared);
        QVERIFY(fromShared.ok());
        QCOMPARE(typeCounts(*fromShared), typeCounts(d));
    }
};

QTEST_GUILESS_MAIN(TestDashboardCorpus)
#include "tst_dashboard_corpus.moc"
