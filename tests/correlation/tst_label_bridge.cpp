// The label bridge: inference on generated metric/log pairs whose labels were renamed, the mapping file, the
// selectors built both ways, and the counts read from a small in-memory world.
#include "core/correlation/label_bridge.h"
#include "core/correlation/label_mapping.h"
#include "core/correlation/log_selector.h"
#include "core/correlation/panels_sharing.h"
#include "core/correlation/store_bridge.h"
#include "core/dashboards/dashboard_json.h"
#include "core/datadir/layout.h"
#include "core/logql/parser.h"
#include "core/logstore/memory_log_store.h"
#include "core/services/query_client.h"
#include "core/tsdb/memory_store.h"
#include "fleet.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace sg;
using namespace sg::correlation;
using namespace Qt::StringLiterals;

namespace {

const LabelCorrespondence* find(const std::vector<LabelCorrespondence>& v, const std::string& metric)
{
    for (const auto& c : v)
        if (c.metricLabel == metric)
            return &c;
    return nullptr;
}

QJsonObject panelJson(int id, const QString& type, const QString& title, const QString& dsType, const QString& expr)
{
    QJsonObject p { { u"id"_s, id }, { u"type"_s, type }, { u"title"_s, title } };
    if (!expr.isEmpty()) {
        p.insert(u"datasource"_s, QJsonObject { { u"type"_s, dsType }, { u"uid"_s, dsType } });
        p.insert(u"targets"_s, QJsonArray { QJsonObject { { u"refId"_s, u"A"_s }, { u"expr"_s, expr } } });
    }
    return p;
}

LabelMapping fleetMapping()
{
    LabelMapping m;
    m.setInferred({ { "instance", "host", 1, 3, true }, { "job", "app", 1, 3, false }, { "pod", "pod", 1, 3, false } });
    return m;
}

} // namespace

class TestLabelBridge : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void normalizesValues_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::addRow("port") << u"web-1:9100"_s << u"web-1"_s;
        QTest::addRow("domain and port") << u"Web-1.example.com:9100"_s << u"web-1"_s;
        QTest::addRow("scheme") << u"http://web-1:8080"_s << u"web-1"_s;
        QTest::addRow("ip keeps dots") << u"10.0.0.7:9100"_s << u"10.0.0.7"_s;
        QTest::addRow("ipv6") << u"[::1]:9100"_s << u"::1"_s;
        QTest::addRow("namespace") << u"prod/api"_s << u"api"_s;
        QTest::addRow("plain") << u"API"_s << u"api"_s;
    }
    void normalizesValues()
    {
        QFETCH(QString, value);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(normalizeLabelValue(value.toStdString())), expected);
    }

    void scoresOverlap()
    {
        QCOMPARE(overlapScore({ "a", "b" }, { "a", "b" }), 1.0);
        QCOMPARE(overlapScore({ "a", "b" }, { "c" }), 0.0);
        QCOMPARE(overlapScore({}, { "c" }), 0.0);
        // {a,b} inside {a,b,c,d}: containment 1 beats Jaccard 0.5.
        QCOMPARE(overlapScore({ "a", "b" }, { "a", "b", "c", "d" }), 1.0);
        // One shared constant value proves less than a shared set.
        QVERIFY(overlapScore({ "prod" }, { "prod", "dev" }) < overlapScore({ "a", "b" }, { "a", "b", "c" }));
    }

    void infersRenamedLabels_data()
    {
        QTest::addColumn<int>("hosts");
        QTest::addColumn<int>("apps");
        QTest::addColumn<quint32>("seed");
        QTest::addRow("small") << 4 << 2 << 1u;
        QTest::addRow("medium") << 40 << 5 << 7u;
        QTest::addRow("large") << 300 << 12 << 42u;
    }
    void infersRenamedLabels()
    {
        QFETCH(int, hosts);
        QFETCH(int, apps);
        QFETCH(quint32, seed);
        const Fleet fleet = generateFleet(hosts, apps, seed);
        const auto bridge = inferLabelBridge(fleet.metrics, fleet.logs);

        const auto* instance = find(bridge, "instance");
        QVERIFY(instance);
        QCOMPARE(instance->logLabel, "host");
        QVERIFY(instance->normalize); // ports and the domain stripped
        QCOMPARE(instance->shared, std::size_t(hosts));
        const auto* job = find(bridge, "job");
        QVERIFY(job);
        QCOMPARE(job->logLabel, "app");
        QVERIFY(!job->normalize);
        const auto* pod = find(bridge, "pod");
        QVERIFY(pod);
        QCOMPARE(pod->logLabel, "pod");
        QCOMPARE(pod->score, 1.0);
        QVERIFY2(!find(bridge, "region"), "a decoy label with unrelated values must not map");
        QVERIFY(!find(bridge, "__name__"));
        QCOMPARE(bridge.size(), std::size_t(3));
    }

    void identityFirstOnATie()
    {
        // `service` and `app` hold the same values; the metric label named `app` takes `app`, `job` the other.
        const LabelValueSets metrics { { "app", { "api", "web" } }, { "job", { "api", "web" } } };
        const LabelValueSets logs { { "app", { "api", "web" } }, { "service", { "api", "web" } } };
        const auto bridge = inferLabelBridge(metrics, logs);
        QCOMPARE(bridge.size(), std::size_t(2));
        QCOMPARE(find(bridge, "app")->logLabel, "app");
        QCOMPARE(find(bridge, "job")->logLabel, "service");
    }

    void thresholdKeepsWeakPairsOut()
    {
        const LabelValueSets metrics { { "job", { "a", "b", "c", "d" } } };
        const LabelValueSets logs { { "app", { "a", "x", "y", "z" } } };
        QVERIFY(inferLabelBridge(metrics, logs).empty()); // 1 of 4: 0.25
        QCOMPARE(inferLabelBridge(metrics, logs, { 0.2, 1 }).size(), std::size_t(1));
    }

    void userEntriesOverInferred()
    {
        LabelMapping m = fleetMapping();
        QCOMPARE(m.target("job")->logLabel, "app");
        m.set("job", { "service_name", false });
        QCOMPARE(m.target("job")->logLabel, "service_name");
        m.set("pod", { "", false }); // dropped
        QVERIFY(!m.target("pod"));
        QCOMPARE(m.effective().size(), std::size_t(2));
        QCOMPARE(*m.metricLabelFor("service_name"), "job");
        m.remove("job");
        QCOMPARE(m.target("job")->logLabel, "app");
        QVERIFY(!m.target("region"));
    }

    void mappingFilePersists()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = datadir::labelMappingPath(dir.path());
        QCOMPARE(path, dir.path() + u"/label-mapping.json"_s);
        const QString key = datasourcePairKey(u"prom"_s, u"loki"_s);
        {
            LabelMappingFile file(path);
            QVERIFY(!file.load()); // missing: empty
            LabelMapping m = fleetMapping();
            m.set("instance", { "hostname", true });
            m.set("env", { "", false });
            file.setMapping(key, m);
            file.setPaddingSeconds(45);
            QVERIFY(!file.save());
        }
        LabelMappingFile again(path);
        QVERIFY(!again.load());
        QCOMPARE(again.paddingSeconds(), 45);
        LabelMapping m = again.mapping(key);
        QCOMPARE(m.user().size(), std::size_t(2));
        QCOMPARE(m.user().at("instance"), (LogLabelTarget { "hostname", true }));
        QVERIFY(m.user().at("env").logLabel.empty());
        QVERIFY(m.inferred().empty()); // inferred defaults are not written
        QVERIFY(again.mapping(datasourcePairKey({}, {})).user().empty());

        QFile broken(path);
        QVERIFY(broken.open(QIODevice::WriteOnly | QIODevice::Truncate));
        broken.write("{not json");
        broken.close();
        QVERIFY(again.load().has_value());
    }

    void buildsLogSelectors_data()
    {
        QTest::addColumn<QString>("series");
        QTest::addColumn<QString>("expected");
        QTest::addRow("renamed and normalised")
            << u"instance=Web-1.example.com:9100,job=api,pod=api-1"_s << u"{app=\"api\", host=\"web-1\", pod=\"api-1\"}"_s;
        QTest::addRow("unmapped dropped") << u"job=api,region=eu,__name__=up"_s << u"{app=\"api\"}"_s;
        QTest::addRow("escaped") << u"job=a\"b"_s << u"{app=\"a\\\"b\"}"_s;
        QTest::addRow("nothing maps") << u"region=eu"_s << QString();
    }
    void buildsLogSelectors()
    {
        QFETCH(QString, series);
        QFETCH(QString, expected);
        std::vector<Label> labels;
        for (const QString& pair : series.split(u','))
            labels.push_back({ pair.section(u'=', 0, 0).toStdString(), pair.section(u'=', 1).toStdString() });
        const std::string selector = logSelectorFor(Labels(labels), fleetMapping());
        QCOMPARE(QString::fromStdString(selector), expected);
        if (!selector.empty())
            QVERIFY(logql::parseQuery(selector).ok());
    }

    void buildsOneSelectorForSeveralSeries()
    {
        const LabelMapping m = fleetMapping();
        const Labels a { { "job", "api" }, { "instance", "h1:9100" }, { "pod", "p.1" } };
        const Labels b { { "job", "api" }, { "instance", "h2:9100" } };
        QCOMPARE(logSelectorForAll({ a, b }, m), R"({app="api", host=~"h1|h2"})");
        QCOMPARE(logSelectorForAll({ a }, m), R"({app="api", host="h1", pod="p.1"})");
        const Labels c { { "job", "a.b" }, { "instance", "h1:9100" } };
        QCOMPARE(logSelectorForAll({ a, c }, m), R"({app=~"a\\.b|api", host="h1"})");
        QVERIFY(logql::parseQuery(logSelectorForAll({ a, c }, m)).ok());
        QCOMPARE(logSelectorForAll({}, m), "");
    }

    void rateByLevel_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("expected");
        const QString wrap = u"sum by (level) (count_over_time(%1 [$__auto]))"_s;
        QTest::addRow("selector") << u"{app=\"api\"}"_s << wrap.arg(u"{app=\"api\"}"_s);
        QTest::addRow("pipeline") << u"{app=\"api\"} |= \"timeout\" | json"_s
                                  << wrap.arg(u"{app=\"api\"} |= \"timeout\" | json"_s);
        QTest::addRow("metric query") << u"sum(rate({app=\"api\"} |= \"x\" [5m]))"_s << wrap.arg(u"{app=\"api\"} |= \"x\""_s);
        QTest::addRow("unwrap dropped") << u"sum_over_time({app=\"api\"} | logfmt | unwrap bytes [1m])"_s
                                        << wrap.arg(u"{app=\"api\"} | logfmt"_s);
        QTest::addRow("binary") << u"count_over_time({a=\"1\"}[1m]) / count_over_time({b=\"2\"}[1m])"_s
                                << wrap.arg(u"{a=\"1\"}"_s);
    }
    void rateByLevel()
    {
        QFETCH(QString, query);
        QFETCH(QString, expected);
        const auto rate = logRateQuery(query.toStdString());
        QVERIFY2(rate.ok(), rate.ok() ? "" : rate.error().message.c_str());
        QCOMPARE(QString::fromStdString(rate.value()), expected);
        // With the range filled in, it is a LogQL metric query.
        QString concrete = QString::fromStdString(rate.value());
        concrete.replace(u"$__auto"_s, u"1m"_s);
        QVERIFY(logql::parseQuery(concrete.toStdString()).ok());
        QVERIFY(!logRateQuery("{app=").ok());
    }

    void readsALogQuerysLabels()
    {
        const auto labels = logQueryLabels(R"(sum(rate({app="api", host=~"h.*", pod!="x"} |= "e" [5m])))");
        QVERIFY(labels.ok());
        QCOMPARE(labels.value(), (Labels { { "app", "api" } }));
        QVERIFY(!logQueryLabels("{app=").ok());
    }

    void findsPanelsSharingLabels()
    {
        QJsonObject row = panelJson(5, u"row"_s, u"r"_s, {}, {});
        row.insert(u"collapsed"_s, true);
        row.insert(u"panels"_s, QJsonArray { panelJson(6, u"timeseries"_s, u"api host"_s, u"prometheus"_s,
                                    u"up{job=~\"api|x\", instance=\"h1.example.com:9100\"}"_s) });
        const QJsonObject json { { u"title"_s, u"t"_s }, { u"schemaVersion"_s, 39 },
            { u"panels"_s,
                QJsonArray {
                    panelJson(1, u"timeseries"_s, u"api rate"_s, u"prometheus"_s,
                        u"sum(rate(requests_total{job=\"api\"}[$__rate_interval]))"_s),
                    panelJson(2, u"timeseries"_s, u"web rate"_s, u"prometheus"_s, u"rate(requests_total{job=\"web\"}[5m])"_s),
                    panelJson(3, u"timeseries"_s, u"all hosts"_s, u"prometheus"_s, u"up"_s),
                    panelJson(4, u"logs"_s, u"logs"_s, u"loki"_s, u"{app=\"api\"}"_s), row } } };
        auto dashboard = dashboards::importDashboard(json);
        QVERIFY(dashboard.ok());
        const Labels logLabels { { "app", "api" }, { "host", "h1" }, { "level", "error" } };
        const auto panels = metricPanelsSharing(logLabels, dashboard.value(), fleetMapping());
        QCOMPARE(panels.size(), std::size_t(3));
        QCOMPARE(panels[0], (PanelMatch { 6, u"api host"_s, 2 }));
        QCOMPARE(panels[1], (PanelMatch { 1, u"api rate"_s, 1 }));
        QCOMPARE(panels[2], (PanelMatch { 3, u"all hosts"_s, 0 }));
    }

    void bridgePairFollowsTheDashboard()
    {
        const auto registry = dashboards::DatasourceRegistry::withRemotes({ { u"team-prom"_s, u"Team"_s, u"prometheus"_s, false },
            { u"team-logs"_s, u"Team logs"_s, u"loki"_s, true } });
        // a logs panel first: the pair's metrics side is the first Prometheus-kind panel's datasource
        QJsonObject remotePanel = panelJson(2, u"timeseries"_s, u"remote"_s, u"prometheus"_s, u"up"_s);
        remotePanel.insert(u"datasource"_s, QJsonObject { { u"type"_s, u"prometheus"_s }, { u"uid"_s, u"team-prom"_s } });
        const QJsonObject json { { u"title"_s, u"t"_s }, { u"schemaVersion"_s, 39 },
            { u"panels"_s, QJsonArray { panelJson(1, u"logs"_s, u"logs"_s, u"loki"_s, u"{app=\"api\"}"_s), remotePanel } } };
        auto dashboard = dashboards::importDashboard(json);
        QVERIFY(dashboard.ok());
        QCOMPARE(bridgePairOf(dashboard.value(), registry), (BridgePair { u"team-prom"_s, u"team-logs"_s }));
        // embedded panels, no remote Loki marked default: the embedded pair
        const QJsonObject local { { u"title"_s, u"t"_s }, { u"schemaVersion"_s, 39 },
            { u"panels"_s, QJsonArray { panelJson(1, u"timeseries"_s, u"up"_s, u"prometheus"_s, u"up"_s) } } };
        auto embedded = dashboards::importDashboard(local);
        QVERIFY(embedded.ok());
        QCOMPARE(bridgePairOf(embedded.value(), dashboards::DatasourceRegistry::embedded()),
            (BridgePair { u"sightglass-prometheus"_s, u"sightglass-loki"_s }));
    }

    void countsStreamsAndInfersFromStores()
    {
        const Fleet fleet = generateFleet(6, 2, 3);
        constexpr TimestampMs T0 = 1'700'000'000'000;
        auto metrics = std::make_shared<tsdb::MemoryStore>(365LL * 24 * 3600 * 1000);
        tsdb::AppendBatch batch;
        for (const Labels& s : fleet.metricSeries)
            batch.samples.push_back({ s, T0, 1 });
        metrics->append(batch);
        auto logs = std::make_shared<logs::MemoryLogStore>();
        logs::PushBatch push;
        for (const Labels& s : fleet.logStreams)
            push.streams.push_back({ s, { { msToNs(T0), "line", {} } } });
        logs->push(push);
        services::QueryClient client(metrics, logs);

        const auto bridge = inferFromStores(client, T0 - 60'000, T0 + 60'000);
        LabelMapping mapping;
        mapping.setInferred(bridge);
        QCOMPARE(mapping.target("instance"), (LogLabelTarget { "host", true }));
        QCOMPARE(mapping.target("job"), (LogLabelTarget { "app", false }));

        // One series: its own stream. Every app-0 series by job only: the three app-0 hosts.
        QCOMPARE(matchingStreams(client, { fleet.metricSeries[0] }, mapping, T0 - 1000, T0 + 1000), std::size_t(1));
        const Labels byJob { { "job", "app-0" } };
        QCOMPARE(matchingStreams(client, { byJob }, mapping, T0 - 1000, T0 + 1000), std::size_t(3));
        QCOMPARE(matchingStreams(client, { byJob, fleet.metricSeries[1] }, mapping, T0 - 1000, T0 + 1000), std::size_t(4));
        // Out of range, or nothing mapped: none.
        QCOMPARE(matchingStreams(client, { byJob }, mapping, T0 + 60'000, T0 + 120'000), std::size_t(0));
        QCOMPARE(matchingStreams(client, { Labels { { "region", "eu-0" } } }, mapping, T0 - 1000, T0 + 1000), std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestLabelBridge)
#include "tst_label_bridge.moc"
