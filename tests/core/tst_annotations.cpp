// Loki annotation queries of a dashboard, as Grafana's Loki datasource reads them: which entries run (enabled,
// Loki by type or uid; not the built-in one nor Prometheus), where the query is (`expr` or `target.expr`), and the
// markers a log line becomes (title and text templates over the stream's labels, tags from tagKeys or every label).

#include "tst_annotations.h"
#include "core/dashboards/dashboard_json.h"
#include "core/services/annotations.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sg;

void TestAnnotations::readsLokiAnnotationQueries()
{
    const QByteArray json = R"({"uid": "a", "title": "a", "schemaVersion": 39, "panels": [],
            "annotations": {"list": [
              {"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"}, "enable": true, "name": "Annotations & Alerts"},
              {"datasource": {"type": "loki", "uid": "sightglass-loki"}, "enable": true, "name": "Errors",
               "expr": "{app=\"$app\"} |= \"error\"", "iconColor": "#F2495C", "titleFormat": "{{app}} on {{host}}",
               "tagKeys": "app, level", "maxLines": 20},
              {"datasource": {"type": "loki", "uid": "sightglass-loki"}, "enable": true, "name": "Deploys",
               "target": {"expr": "{job=\"deployer\"}", "refId": "Anno"}, "textFormat": "deployed {{version}}", "hide": true},
              {"datasource": {"type": "loki", "uid": "sightglass-loki"}, "enable": false, "name": "Off", "expr": "{a=\"b\"}"},
              {"datasource": {"type": "prometheus", "uid": "sightglass-prometheus"}, "enable": true, "name": "Alerts",
               "expr": "ALERTS"}
            ]}})";
    auto d = dashboards::importDashboard(json);
    QVERIFY2(d.ok(), d.ok() ? "" : d.error().message.c_str());
    const auto queries = services::logAnnotationQueries(*d, dashboards::DatasourceRegistry::embedded());
    QCOMPARE(queries.size(), std::size_t(2));
    QCOMPARE(queries[0].name, u"Errors"_s);
    QCOMPARE(queries[0].expr, uR"({app="$app"} |= "error")"_s);
    QCOMPARE(queries[0].iconColor, u"#F2495C"_s);
    QCOMPARE(queries[0].tagKeys, (QStringList { u"app"_s, u"level"_s }));
    QCOMPARE(queries[0].maxLines, 20);
    QCOMPARE(queries[1].name, u"Deploys"_s);
    QCOMPARE(queries[1].expr, uR"({job="deployer"})"_s);
    QCOMPARE(queries[1].maxLines, 100);
    QVERIFY(queries[1].hidden);
    // the planner sees a logs panel with the query as its one target
    const dashboards::Panel panel = queries[0].asPanel();
    QCOMPARE(panel.type(), u"logs"_s);
    QCOMPARE(panel.targets().size(), qsizetype(1));
}

void TestAnnotations::linesBecomeMarkers()
{
    services::LogAnnotationQuery q;
    q.name = u"Errors"_s;
    q.iconColor = u"red"_s;
    q.titleFormat = u"{{app}} on {{host}}"_s;
    q.tagKeys = { u"app"_s, u"missing"_s };
    query::LogRow row;
    row.timeNs = 1'700'000'000'123'000'000LL;
    row.line = u"level=error msg=\"db timeout\""_s;
    row.labels = { { u"app"_s, u"api"_s }, { u"host"_s, u"h1"_s } };
    auto markers = services::annotationsFromLogs(q, { row });
    QCOMPARE(markers.size(), std::size_t(1));
    QCOMPARE(markers[0].timeMs, qint64(1'700'000'000'123));
    QCOMPARE(markers[0].title, u"api on h1"_s);
    QCOMPARE(markers[0].text, row.line); // no textFormat: the line
    QCOMPARE(markers[0].tags, QStringList { u"api"_s });
    QCOMPARE(markers[0].color, u"red"_s);
    QCOMPARE(markers[0].source, u"Errors"_s);

    q.textFormat = u"{{app}} failed"_s;
    q.tagKeys.clear();
    markers = services::annotationsFromLogs(q, { row });
    QCOMPARE(markers[0].text, u"api failed"_s);
    QCOMPARE(markers[0].tags, (QStringList { u"api"_s, u"h1"_s })); // every label's value
}

QTEST_GUILESS_MAIN(TestAnnotations)
