// Loki annotation queries of a dashboard, as Grafana's Loki datasource reads them: which entries run (enabled,
// Loki by type or uid; not the built-in one nor Prometheus), where the query is (`expr` or `target.expr`), and the
// markers a log line becomes (title and text templates over the stream's labels, tags from tagKeys or every label).
// Prometheus annotation queries as Grafana's Prometheus datasource reads them (`expr`, `step`, `titleFormat`,
// `textFormat`, `tagKeys`, `useValueForTime`): points above zero become markers, points of a series at most a step
// apart one region.

#include "tst_annotations.h"
#include "core/dashboards/dashboard_json.h"
#include "core/services/annotations.h"

#include <QTest>

#include <cmath>

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

void TestAnnotations::readsPrometheusAnnotationQueries()
{
    const QByteArray json = R"({"uid": "a", "title": "a", "schemaVersion": 39, "panels": [],
            "annotations": {"list": [
              {"datasource": {"type": "prometheus", "uid": "sightglass-prometheus"}, "enable": true, "name": "Alerts",
               "expr": "ALERTS{alertstate=\"firing\"}", "step": "30s", "titleFormat": "{{alertname}}",
               "textFormat": "{{instance}} is down", "tagKeys": "severity,job", "useValueForTime": false},
              {"datasource": {"type": "prometheus", "uid": "team"}, "enable": true, "name": "Deploys",
               "target": {"expr": "deploy_timestamp_ms", "refId": "Anno", "step": "5m"}, "useValueForTime": true},
              {"datasource": {"type": "loki", "uid": "sightglass-loki"}, "enable": true, "name": "Logs", "expr": "{a=\"b\"}"},
              {"datasource": {"type": "elasticsearch", "uid": "es"}, "enable": true, "name": "Other", "expr": "x"}
            ]}})";
    auto d = dashboards::importDashboard(json);
    QVERIFY2(d.ok(), d.ok() ? "" : d.error().message.c_str());
    auto registry = dashboards::DatasourceRegistry::embedded();
    registry.add({ u"team"_s, u"team-prom"_s, u"prometheus"_s });
    const auto queries = services::annotationQueries(*d, registry);
    QCOMPARE(queries.size(), std::size_t(3));
    QCOMPARE(int(queries[0].kind), int(services::AnnotationQuery::Kind::Metrics));
    QCOMPARE(queries[0].expr, uR"(ALERTS{alertstate="firing"})"_s);
    QCOMPARE(queries[0].stepMs, qint64(30'000));
    QCOMPARE(queries[0].tagKeys, (QStringList { u"severity"_s, u"job"_s }));
    QCOMPARE(queries[0].titleFormat, u"{{alertname}}"_s);
    QVERIFY(!queries[0].useValueForTime);
    QCOMPARE(queries[1].name, u"Deploys"_s);
    QCOMPARE(queries[1].datasource.uid, u"team"_s);
    QCOMPARE(queries[1].stepMs, qint64(300'000));
    QVERIFY(queries[1].useValueForTime);
    QCOMPARE(int(queries[2].kind), int(services::AnnotationQuery::Kind::Logs));
    // Loki-only list still leaves Prometheus out; the planner sees a time series panel for a Prometheus query
    QCOMPARE(services::logAnnotationQueries(*d, registry).size(), std::size_t(1));
    QCOMPARE(queries[0].asPanel().type(), u"timeseries"_s);
}

namespace {
query::SeriesFrame frame(std::vector<qint64> times, std::vector<double> values, query::LabelPairs labels = {})
{
    query::SeriesFrame f;
    f.timesMs = std::move(times);
    f.values = std::move(values);
    f.labels = std::move(labels);
    return f;
}

/// "start-end" per marker (ms / 1000), for compact expectations.
QStringList spans(const std::vector<query::Annotation>& markers)
{
    QStringList out;
    for (const query::Annotation& a : markers)
        out << u"%1-%2"_s.arg(a.timeMs / 1000).arg(a.timeEndMs / 1000);
    return out;
}
} // namespace

void TestAnnotations::seriesBecomeRegions_data()
{
    QTest::addColumn<std::vector<double>>("values");
    QTest::addColumn<qint64>("stepMs");
    QTest::addColumn<QStringList>("expected");
    // points every 60 s, at t = 0, 60, ..., 540
    const double nan = std::nan("");
    QTest::addRow("all zero") << std::vector<double> { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 } << qint64(60'000) << QStringList {};
    QTest::addRow("one run") << std::vector<double> { 0, 1, 1, 1, 0, 0, 0, 0, 0, 0 } << qint64(60'000)
                             << QStringList { u"60-180"_s };
    QTest::addRow("two runs") << std::vector<double> { 1, 1, 0, 0, 2, 0, 0, 0, 0, 5 } << qint64(60'000)
                              << QStringList { u"0-60"_s, u"240-240"_s, u"540-540"_s };
    QTest::addRow("gap within a wider step") << std::vector<double> { 1, 0, 1, 0, 0, 0, 1, 0, 0, 0 } << qint64(120'000)
                                             << QStringList { u"0-120"_s, u"360-360"_s };
    QTest::addRow("negative and NaN are not active") << std::vector<double> { -1, nan, 3, -2, 0, 0, 0, 0, 0, 0 }
                                                     << qint64(60'000) << QStringList { u"120-120"_s };
}

void TestAnnotations::seriesBecomeRegions()
{
    QFETCH(std::vector<double>, values);
    QFETCH(qint64, stepMs);
    QFETCH(QStringList, expected);
    std::vector<qint64> times;
    for (std::size_t i = 0; i < values.size(); ++i)
        times.push_back(qint64(i) * 60'000);
    services::AnnotationQuery q;
    q.kind = services::AnnotationQuery::Kind::Metrics;
    q.stepMs = stepMs;
    QCOMPARE(spans(services::annotationsFromSeries(q, { frame(times, values) })), expected);
}

void TestAnnotations::valueForTimeAndFormats()
{
    services::AnnotationQuery q;
    q.kind = services::AnnotationQuery::Kind::Metrics;
    q.name = u"Deploys"_s;
    q.iconColor = u"blue"_s;
    q.titleFormat = u"{{app}} {{version}}"_s;
    q.textFormat = u"deployed by {{user}}"_s;
    q.tagKeys = { u"app"_s, u"absent"_s };
    const query::LabelPairs labels { { u"app"_s, u"api"_s }, { u"user"_s, u"ann"_s }, { u"version"_s, u"1.2"_s } };
    // Two series: markers of both, sorted by time, each with its own labels' title, text and tags.
    auto markers = services::annotationsFromSeries(q,
        { frame({ 600'000 }, { 1 }, labels), frame({ 0 }, { 1 }, { { u"app"_s, u"web"_s } }) });
    QCOMPARE(spans(markers), (QStringList { u"0-0"_s, u"600-600"_s }));
    QCOMPARE(markers[1].title, u"api 1.2"_s);
    QCOMPARE(markers[1].text, u"deployed by ann"_s);
    QCOMPARE(markers[1].tags, QStringList { u"api"_s });
    QCOMPARE(markers[1].color, u"blue"_s);
    QCOMPARE(markers[1].source, u"Deploys"_s);
    QCOMPARE(markers[0].title, u"web "_s);

    // useValueForTime: each point's value is the time (ms); zero values count too.
    q.useValueForTime = true;
    q.stepMs = 60'000;
    markers = services::annotationsFromSeries(q, { frame({ 0, 60'000, 120'000 }, { 3'600'000, 3'630'000, 7'200'000 }, labels) });
    QCOMPARE(spans(markers), (QStringList { u"3600-3630"_s, u"7200-7200"_s }));
    // Without formats: no title or text (not the label set).
    q.titleFormat.clear();
    q.textFormat.clear();
    markers = services::annotationsFromSeries(q, { frame({ 0 }, { 1000 }, labels) });
    QVERIFY(markers[0].title.isEmpty());
    QVERIFY(markers[0].text.isEmpty());
}

QTEST_GUILESS_MAIN(TestAnnotations)
