// Import (with Grafana's migrations), export as is and for sharing, datasource resolution.
#include "core/dashboards/dashboard_json.h"
#include "core/dashboards/datasources.h"
#include "tst_dashboard_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace sg::dashboards;
using namespace Qt::StringLiterals;

namespace {

QJsonObject parse(const QString& json)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &err);
    if (err.error != QJsonParseError::NoError)
        qFatal("test JSON: %s", qPrintable(err.errorString()));
    return doc.object();
}

Dashboard importOrFail(const QString& json, ImportReport* report = nullptr)
{
    auto d = importDashboard(json.toUtf8(), report);
    if (!d.ok())
        qFatal("import failed: %s", d.error().message.c_str());
    return std::move(*d);
}

/// A value at a dotted path ("fieldConfig.defaults.unit", "targets.0.expr") of a JSON object, as compact JSON text.
QString at(const QJsonObject& root, const QString& path)
{
    QJsonValue v = root;
    for (const QString& part : path.split(u'.')) {
        bool isIndex = false;
        const int i = part.toInt(&isIndex);
        v = isIndex ? v.toArray().at(i) : v.toObject().value(part);
    }
    if (v.isUndefined())
        return u"<undefined>"_s;
    if (v.isString())
        return v.toString();
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact).mid(1).chopped(1));
}

} // namespace

void TestDashboardJson::panelMigrations_data()
    {
        QTest::addColumn<QString>("panel");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");

        const QString graph = uR"J({"id": 7, "type": "graph", "title": "CPU", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
            "bars": false, "lines": true, "linewidth": 2, "fill": 3, "points": false, "stack": true, "percentage": false,
            "nullPointMode": "connected", "steppedLine": true,
            "yaxes": [{"format": "bytes", "show": true, "min": "0", "max": null, "logBase": 10, "label": "mem"},
                      {"format": "percentunit", "show": true, "logBase": 1}],
            "legend": {"show": true, "alignAsTable": true, "rightSide": true, "values": true, "avg": true, "current": true, "max": false, "total": true},
            "tooltip": {"shared": true, "sort": 2},
            "aliasColors": {"errors": "#F2495C"},
            "seriesOverrides": [{"alias": "/.\u002aidle/", "yaxis": 2, "fill": 0, "bars": true}, {"alias": "errors", "lines": false, "color": "red"}],
            "thresholds": [{"value": 80, "op": "gt", "fill": true, "line": true, "colorMode": "critical"}],
            "targets": [{"refId": "A", "expr": "up", "legendFormat": "{{job}}"}], "links": [{"title": "x", "url": "http:\/\/a"}]})J"_s;
        QTest::addRow("graph type") << graph << u"type"_s << u"timeseries"_s;
        QTest::addRow("graph keeps id") << graph << u"id"_s << u"7"_s;
        QTest::addRow("graph keeps gridPos") << graph << u"gridPos"_s << uR"J({"h":8,"w":12,"x":0,"y":0})J"_s;
        QTest::addRow("graph keeps targets") << graph << u"targets.0.expr"_s << u"up"_s;
        QTest::addRow("graph keeps links") << graph << u"links.0.url"_s << u"http://a"_s;
        QTest::addRow("graph unit") << graph << u"fieldConfig.defaults.unit"_s << u"bytes"_s;
        QTest::addRow("graph min from string") << graph << u"fieldConfig.defaults.min"_s << u"0"_s;
        QTest::addRow("graph no max") << graph << u"fieldConfig.defaults.max"_s << u"<undefined>"_s;
        QTest::addRow("graph log scale") << graph << u"fieldConfig.defaults.custom.scaleDistribution"_s << uR"J({"log":10,"type":"log"})J"_s;
        QTest::addRow("graph axis label") << graph << u"fieldConfig.defaults.custom.axisLabel"_s << u"mem"_s;
        QTest::addRow("graph fill") << graph << u"fieldConfig.defaults.custom.fillOpacity"_s << u"30"_s;
        QTest::addRow("graph line width") << graph << u"fieldConfig.defaults.custom.lineWidth"_s << u"2"_s;
        QTest::addRow("graph draw style") << graph << u"fieldConfig.defaults.custom.drawStyle"_s << u"line"_s;
        QTest::addRow("graph points never") << graph << u"fieldConfig.defaults.custom.showPoints"_s << u"never"_s;
        QTest::addRow("graph stacking") << graph << u"fieldConfig.defaults.custom.stacking.mode"_s << u"normal"_s;
        QTest::addRow("graph connected spans nulls") << graph << u"fieldConfig.defaults.custom.spanNulls"_s << u"true"_s;
        QTest::addRow("graph stepped") << graph << u"fieldConfig.defaults.custom.lineInterpolation"_s << u"stepAfter"_s;
        QTest::addRow("graph legend table") << graph << u"options.legend.displayMode"_s << u"table"_s;
        QTest::addRow("graph legend right") << graph << u"options.legend.placement"_s << u"right"_s;
        QTest::addRow("graph legend calcs") << graph << u"options.legend.calcs"_s << uR"J(["mean","lastNotNull","sum"])J"_s;
        QTest::addRow("graph tooltip shared") << graph << u"options.tooltip.mode"_s << u"multi"_s;
        QTest::addRow("graph tooltip sort") << graph << u"options.tooltip.sort"_s << u"desc"_s;
        QTest::addRow("graph alias colour") << graph << u"fieldConfig.overrides.0.matcher"_s << uR"J({"id":"byName","options":"errors"})J"_s;
        QTest::addRow("graph regex override") << graph << u"fieldConfig.overrides.1.matcher.id"_s << u"byRegexp"_s;
        QTest::addRow("graph y2 unit") << graph << u"fieldConfig.overrides.1.properties"_s
                                       << uR"J([{"id":"unit","value":"percentunit"},{"id":"custom.axisPlacement","value":"right"},{"id":"custom.fillOpacity","value":0},{"id":"custom.drawStyle","value":"bars"},{"id":"custom.fillOpacity","value":100}])J"_s;
        QTest::addRow("graph thresholds") << graph << u"fieldConfig.defaults.thresholds.steps"_s
                                          << uR"J([{"color":"transparent","value":null},{"color":"red","value":80}])J"_s;
        QTest::addRow("graph thresholds style") << graph << u"fieldConfig.defaults.custom.thresholdsStyle.mode"_s << u"line+area"_s;
        QTest::addRow("graph old keys dropped") << graph << u"seriesOverrides"_s << u"<undefined>"_s;

        const QString bars = uR"J({"id": 1, "type": "graph", "bars": true, "lines": false, "fill": 1, "legend": {"show": false}})J"_s;
        QTest::addRow("graph bars") << bars << u"fieldConfig.defaults.custom.drawStyle"_s << u"bars"_s;
        QTest::addRow("graph bars solid") << bars << u"fieldConfig.defaults.custom.fillOpacity"_s << u"100"_s;
        QTest::addRow("graph hidden legend") << bars << u"options.legend.showLegend"_s << u"false"_s;
        const QString percent = uR"J({"id": 1, "type": "graph", "stack": true, "percentage": true})J"_s;
        QTest::addRow("graph percent stack") << percent << u"fieldConfig.defaults.custom.stacking.mode"_s << u"percent"_s;
        const QString nullAsZero = uR"J({"id": 1, "type": "graph", "nullPointMode": "null as zero"})J"_s;
        QTest::addRow("graph null as zero") << nullAsZero << u"fieldConfig.defaults.nullValueMode"_s << u"null as zero"_s;
        QTest::addRow("graph null breaks lines") << nullAsZero << u"fieldConfig.defaults.custom.spanNulls"_s << u"false"_s;

        const QString singlestat = uR"J({"id": 3, "type": "singlestat", "title": "Up", "format": "percent", "valueName": "current",
            "decimals": 1, "thresholds": "50,80", "colors": ["#299c46", "rgba(237, 129, 40, 0.89)", "#d44a3a"],
            "colorBackground": true, "sparkline": {"show": true}, "nullText": "n/a",
            "valueMaps": [{"op": "=", "text": "down", "value": "0"}, {"op": "=", "text": "none", "value": "null"}], "mappingType": 1,
            "targets": [{"refId": "A", "expr": "up"}]})J"_s;
        QTest::addRow("singlestat type") << singlestat << u"type"_s << u"stat"_s;
        QTest::addRow("singlestat unit") << singlestat << u"fieldConfig.defaults.unit"_s << u"percent"_s;
        QTest::addRow("singlestat calc") << singlestat << u"options.reduceOptions.calcs"_s << uR"J(["lastNotNull"])J"_s;
        QTest::addRow("singlestat decimals") << singlestat << u"fieldConfig.defaults.decimals"_s << u"1"_s;
        QTest::addRow("singlestat thresholds") << singlestat << u"fieldConfig.defaults.thresholds.steps"_s
                                               << uR"J([{"color":"#299c46","value":null},{"color":"rgba(237, 129, 40, 0.89)","value":50},{"color":"#d44a3a","value":80}])J"_s;
        QTest::addRow("singlestat background") << singlestat << u"options.colorMode"_s << u"background"_s;
        QTest::addRow("singlestat sparkline") << singlestat << u"options.graphMode"_s << u"area"_s;
        QTest::addRow("singlestat no value") << singlestat << u"fieldConfig.defaults.noValue"_s << u"n/a"_s;
        QTest::addRow("singlestat value map") << singlestat << u"fieldConfig.defaults.mappings.0"_s
                                              << uR"J({"options":{"0":{"text":"down"}},"type":"value"})J"_s;
        QTest::addRow("singlestat null map") << singlestat << u"fieldConfig.defaults.mappings.1.options.match"_s << u"null"_s;
        const QString gauge = uR"J({"id": 4, "type": "singlestat", "valueName": "avg", "gauge": {"show": true, "minValue": 0, "maxValue": 100, "thresholdMarkers": true},
            "rangeMaps": [{"from": "0", "to": "10", "text": "low"}], "mappingType": 2})J"_s;
        QTest::addRow("singlestat gauge") << gauge << u"type"_s << u"gauge"_s;
        QTest::addRow("singlestat gauge max") << gauge << u"fieldConfig.defaults.max"_s << u"100"_s;
        QTest::addRow("singlestat gauge mean") << gauge << u"options.reduceOptions.calcs"_s << uR"J(["mean"])J"_s;
        QTest::addRow("singlestat range map") << gauge << u"fieldConfig.defaults.mappings.0"_s
                                              << uR"J({"options":{"from":0,"result":{"text":"low"},"to":10},"type":"range"})J"_s;

        const QString table = uR"J({"id": 5, "type": "table-old", "transform": "timeseries_aggregations",
            "columns": [{"text": "Avg", "value": "avg"}, {"text": "Max", "value": "max"}],
            "styles": [{"pattern": "/.\u002a/", "type": "number", "unit": "short", "decimals": 2},
                       {"pattern": "Value", "type": "number", "unit": "bytes", "colorMode": "cell", "thresholds": ["10", "20"], "colors": ["green", "orange", "red"]},
                       {"pattern": "Time", "type": "date", "dateFormat": "YYYY-MM-DD", "alias": "When"}]})J"_s;
        QTest::addRow("table-old type") << table << u"type"_s << u"table"_s;
        QTest::addRow("table-old default unit") << table << u"fieldConfig.defaults.unit"_s << u"short"_s;
        QTest::addRow("table-old override unit") << table << u"fieldConfig.overrides.0.properties.0"_s << uR"J({"id":"unit","value":"bytes"})J"_s;
        QTest::addRow("table-old cell colour") << table << u"fieldConfig.overrides.0.properties.1.value.type"_s << u"color-background"_s;
        QTest::addRow("table-old thresholds") << table << u"fieldConfig.overrides.0.properties.2.value.steps.2"_s << uR"J({"color":"red","value":20})J"_s;
        QTest::addRow("table-old date") << table << u"fieldConfig.overrides.1.properties.1.value"_s << u"time: YYYY-MM-DD"_s;
        QTest::addRow("table-old alias") << table << u"fieldConfig.overrides.1.properties.0.value"_s << u"When"_s;
        QTest::addRow("table-old reduce") << table << u"transformations.0.options.reducers"_s << uR"J(["mean","max"])J"_s;

        QTest::addRow("text2") << uR"J({"id": 9, "type": "text2", "options": {"content": "# hi", "mode": "markdown", "angular": {}}})J"_s
                               << u"type"_s << u"text"_s;
        QTest::addRow("angular text") << uR"J({"id": 9, "type": "text", "mode": "html", "content": "<b>x</b>"})J"_s
                                      << u"options.content"_s << u"<b>x</b>"_s;
        QTest::addRow("unknown type kept") << uR"J({"id": 9, "type": "grafana-worldmap-panel", "mapCenter": "Europe", "custom": {"a": [1, 2]}})J"_s
                                           << u"custom"_s << uR"J({"a":[1,2]})J"_s;
    }
void TestDashboardJson::panelMigrations()
    {
        QFETCH(QString, panel);
        QFETCH(QString, path);
        QFETCH(QString, expected);
        const QString json = u"{\"title\": \"t\", \"schemaVersion\": 27, \"panels\": ["_s + panel + u"]}"_s;
        const Dashboard d = importOrFail(json);
        QCOMPARE(d.schemaVersion(), CurrentSchemaVersion);
        QCOMPARE(d.panels().size(), std::size_t(1));
        QCOMPARE(at(d.panels().front().json(), path), expected);
    }

void TestDashboardJson::legacyRowsBecomeGrid()
    {
        // Two rows of a schema 14 dashboard: spans of 12 columns become widths of 24, heights in px become grid rows.
        const QString json = uR"J({"title": "old", "schemaVersion": 14, "rows": [
            {"title": "A", "showTitle": true, "height": "250px", "collapse": false, "panels": [
                {"id": 1, "type": "graph", "span": 6}, {"id": 2, "type": "graph", "span": 6}, {"id": 3, "type": "singlestat", "span": 4}]},
            {"title": "B", "showTitle": true, "height": 300, "collapse": true, "panels": [{"id": 4, "type": "graph", "span": 12}]}]})J"_s;
        ImportReport report;
        const Dashboard d = importOrFail(json, &report);
        QCOMPARE(report.fromSchemaVersion, 14);
        QVERIFY(!d.root().contains(u"rows"));
        const auto& panels = d.panels();
        QCOMPARE(panels.size(), std::size_t(5)); // 3 panels + 2 row panels (the collapsed row holds panel 4)
        QCOMPARE(panels[0].id(), 1);
        QCOMPARE(panels[0].gridPos(), (GridPos { 0, 1, 12, 7 })); // ceil(250 / 38) = 7
        QCOMPARE(panels[1].gridPos(), (GridPos { 12, 1, 12, 7 }));
        QCOMPARE(panels[2].gridPos(), (GridPos { 0, 8, 8, 7 }));  // wraps below
        QCOMPARE(panels[3].type(), u"row"_s);
        QCOMPARE(panels[3].title(), u"A"_s);
        QCOMPARE(panels[3].id(), 5);
        QCOMPARE(panels[3].gridPos(), (GridPos { 0, 0, 24, 7 }));
        QCOMPARE(panels[4].type(), u"row"_s);
        QVERIFY(panels[4].collapsed());
        QCOMPARE(panels[4].rowPanels().size(), std::size_t(1));
        QCOMPARE(panels[4].rowPanels().front().type(), u"timeseries"_s); // migrated inside the row too
        QCOMPARE(panels[4].rowPanels().front().gridPos().w, 24);
        QCOMPARE(panels[0].type(), u"timeseries"_s);
        QCOMPARE(panels[2].type(), u"stat"_s);
    }

void TestDashboardJson::legacyYFormatsAndGridThresholds()
    {
        const QString json = uR"J({"title": "v1", "schemaVersion": 6, "panels": [{"id": 1, "type": "graph",
            "y_formats": ["ms", "short"], "grid": {"leftMin": 0, "leftMax": 500, "threshold1": 100, "threshold1Color": "#EAB839", "threshold2": null}}]})J"_s;
        const Dashboard d = importOrFail(json);
        const QJsonObject p = d.panels().front().json();
        QCOMPARE(at(p, u"fieldConfig.defaults.unit"_s), u"ms"_s);
        QCOMPARE(at(p, u"fieldConfig.defaults.max"_s), u"500"_s);
        QCOMPARE(at(p, u"fieldConfig.defaults.thresholds.steps.1"_s), uR"J({"color":"#EAB839","value":100})J"_s);
    }

void TestDashboardJson::datasourceNamesBecomeRefs()
    {
        const QString json = uR"J({"title": "ds", "schemaVersion": 30, "panels": [
            {"id": 1, "type": "timeseries", "datasource": "$datasource", "targets": [{"refId": "A", "expr": "up"}]},
            {"id": 2, "type": "timeseries", "datasource": "default", "targets": [{"refId": "A", "expr": "up", "datasource": "Loki"}]}]})J"_s;
        const Dashboard d = importOrFail(json);
        QCOMPARE(at(d.panels()[0].json(), u"datasource"_s), uR"J({"uid":"$datasource"})J"_s);
        QCOMPARE(at(d.panels()[0].json(), u"targets.0.datasource"_s), uR"J({"uid":"$datasource"})J"_s);
        QCOMPARE(at(d.panels()[1].json(), u"datasource"_s), u"null"_s);
        QCOMPARE(at(d.panels()[1].json(), u"targets.0.datasource"_s), uR"J({"uid":"Loki"})J"_s);
    }

void TestDashboardJson::variablesMigrate()
    {
        const QString json = uR"J({"title": "v", "schemaVersion": 20, "templating": {"list": [
            {"name": "c", "type": "constant", "query": "prod", "hide": 0},
            {"name": "q", "type": "query", "query": "label_values(job)", "refresh": 0, "options": [{"text": "a", "value": "a"}], "tags": [], "useTags": false}]},
            "refresh": false, "timepicker": {"time_options": ["5m"], "refresh_intervals": ["5s"]}})J"_s;
        const Dashboard d = importOrFail(json);
        const auto vars = d.variables();
        QCOMPARE(vars.size(), std::size_t(2));
        QCOMPARE(vars[0].type(), u"textbox"_s); // a visible constant becomes a textbox (schema 27)
        QCOMPARE(vars[0].currentValues(), QStringList { u"prod"_s });
        QCOMPARE(vars[1].json.value(u"refresh").toInt(), 1);
        QVERIFY(vars[1].json.value(u"options").toArray().isEmpty());
        QVERIFY(!vars[1].json.contains(u"useTags"));
        QCOMPARE(d.root().value(u"refresh").toString(), QString());
        QVERIFY(!d.root().value(u"timepicker").toObject().contains(u"time_options"));
        QCOMPARE(at(d.root(), u"timepicker.refresh_intervals"_s), uR"J(["5s"])J"_s);
    }

void TestDashboardJson::currentSchemaIsKeptVerbatim()
    {
        const QString json = uR"J({"title": "now", "uid": "abc", "schemaVersion": 42, "weird": {"x": [1, "y", null]},
            "panels": [{"id": 2, "type": "timeseries", "pluginVersion": "11.0", "fieldConfig": {"defaults": {"unit": "s"}, "overrides": []},
                        "options": {"legend": {"showLegend": true, "displayMode": "list"}}, "mystery": 1}],
            "templating": {"list": [{"name": "x", "type": "custom", "query": "a,b", "current": {"text": ["a"], "value": ["a"]}, "multi": true}]},
            "annotations": {"list": [{"name": "ann", "enable": true, "datasource": {"type": "loki", "uid": "L"}, "expr": "{a=\"b\"}"}]},
            "links": [{"title": "docs", "url": "https:\/\/x", "type": "link"}], "time": {"from": "now-7d", "to": "now"}})J"_s;
        const QJsonObject input = parse(json);
        const Dashboard d = importOrFail(json);
        QCOMPARE(d.toJson(), input);
        QCOMPARE(d.timeFrom(), u"now-7d"_s);
        QCOMPARE(d.variables().front().currentValues(), QStringList { u"a"_s });
        // And through the exported bytes.
        auto again = importDashboard(exportDashboard(d));
        QVERIFY(again.ok());
        QCOMPARE(again->toJson(), input);
    }

void TestDashboardJson::apiWrapperAndErrors()
    {
        auto wrapped = importDashboard(QByteArray(R"({"dashboard": {"title": "w", "panels": []}, "meta": {"slug": "w"}})"));
        QVERIFY(wrapped.ok());
        QCOMPARE(wrapped->title(), u"w"_s);
        // Columns count characters: "é" is two bytes but one column (the error is at the "}", byte 18, column 17).
    auto utf8 = importDashboard(QByteArray("{\"title\": \"\xC3\xA9\", ,}"));
    QVERIFY(!utf8.ok());
    QVERIFY2(QString::fromStdString(utf8.error().message).startsWith(u"invalid JSON at line 1, column 17"_s), utf8.error().message.c_str());
    auto bad = importDashboard(QByteArray("{\n  \"title\": \"x\",\n  \"panels\": [,]\n}"));
        QVERIFY(!bad.ok());
        QVERIFY2(QString::fromStdString(bad.error().message).startsWith(u"invalid JSON at line 3"_s), bad.error().message.c_str());
        auto notDashboard = importDashboard(QByteArray(R"({"foo": 1})"));
        QVERIFY(!notDashboard.ok());
        auto array = importDashboard(QByteArray("[1]"));
        QVERIFY(!array.ok());
    }

void TestDashboardJson::hostileNumbersImport()
{
    // found by fuzzing (scripts/fuzz dashboard_json): numbers past int converted directly (undefined behaviour,
    // caught by the sanitizer builds); they saturate now
    auto newer = importDashboard(QByteArray(R"({"title": "n", "schemaVersion": 7e108, "panels": []})"));
    QVERIFY2(newer.ok(), newer.ok() ? "" : newer.error().message.c_str());
    auto rows = importDashboard(QByteArray(R"({"title": "r", "schemaVersion": 6, "rows": [{"height": 1e300, "panels": [
        {"id": 2147483647, "type": "graph", "span": 6, "targets": [{"expr": "up"}], "yaxes": [{"logBase": 1e300}]},
        {"id": 1e300, "type": "graph", "span": 6, "targets": [{"expr": "up"}]}]}]})"));
    QVERIFY2(rows.ok(), rows.ok() ? "" : rows.error().message.c_str());
    int graphs = 0;
    for (const auto& p : rows->panels())
        graphs += p.type() == u"timeseries"_s;
    QCOMPARE(graphs, 2);
    // a legacy panel's span past int (4e34) made its grid width undefined; spans and heights are bounded now, and
    // 400 rows of the largest height still place panels below each other without overflowing
    QByteArray tall = R"({"title": "s", "schemaVersion": 6, "rows": [{"panels": [{"type": "graph", "span": 4.44e34},
        {"type": "graph", "span": -4.44e34}]})";
    for (int i = 0; i < 400; ++i)
        tall += R"(, {"height": 1e300, "title": "r", "panels": [{"type": "graph", "span": 1e300}]})";
    tall += "]}";
    auto spans = importDashboard(tall);
    QVERIFY2(spans.ok(), spans.ok() ? "" : spans.error().message.c_str());
    int lastY = -1;
    for (const auto& p : spans->panels()) {
        QVERIFY(p.gridPos().y >= lastY);
        lastY = p.gridPos().y;
    }
    QVERIFY(lastY > 400 * 2000);
}

void TestDashboardJson::resolvesDatasources_data()
    {
        QTest::addColumn<QString>("panelDs");
        QTest::addColumn<QString>("targetDs");
        QTest::addColumn<QString>("expr");
        QTest::addColumn<QString>("expectedUid");
        QTest::addRow("embedded uid") << uR"J({"type": "loki", "uid": "sightglass-loki"})J"_s << u"null"_s << u"{a=\"b\"}"_s << u"sightglass-loki"_s;
        QTest::addRow("foreign uid by type") << uR"J({"type": "loki", "uid": "P8E80F9AEF21F6940"})J"_s << u"null"_s << u"x"_s << u"sightglass-loki"_s;
        QTest::addRow("sharing input") << uR"J({"uid": "${DS_LOKI}"})J"_s << u"null"_s << u"x"_s << u"sightglass-loki"_s;
        QTest::addRow("ds variable") << uR"J({"uid": "$loki_datasource"})J"_s << u"null"_s << u"x"_s << u"sightglass-loki"_s;
        QTest::addRow("prom variable") << uR"J({"uid": "${datasource}"})J"_s << u"null"_s << u"up"_s << u"sightglass-prometheus"_s;
        QTest::addRow("target wins") << uR"J({"uid": "$datasource"})J"_s << uR"J({"type": "loki", "uid": "x"})J"_s << u"x"_s << u"sightglass-loki"_s;
        QTest::addRow("mixed uses target") << uR"J({"type": "datasource", "uid": "-- Mixed --"})J"_s << uR"J({"type": "loki", "uid": "y"})J"_s << u"x"_s << u"sightglass-loki"_s;
        QTest::addRow("legacy name") << uR"J("Loki")J"_s << u"null"_s << u"x"_s << u"sightglass-loki"_s;
        QTest::addRow("none: logql by shape") << u"null"_s << u"null"_s << u"sum(count_over_time({app=\"x\"} |= \"e\" [1m]))J"_s << u"sightglass-loki"_s;
        QTest::addRow("none: promql") << u"null"_s << u"null"_s << u"rate(x[5m])J"_s << u"sightglass-prometheus"_s;
    }
void TestDashboardJson::resolvesDatasources()
    {
        QFETCH(QString, panelDs);
        QFETCH(QString, targetDs);
        QFETCH(QString, expr);
        QFETCH(QString, expectedUid);
        const QString json = uR"J({"title": "r", "schemaVersion": 42,
            "__inputs": [{"name": "DS_LOKI", "type": "datasource", "pluginId": "loki"}],
            "templating": {"list": [{"name": "loki_datasource", "type": "datasource", "query": "loki", "current": {"text": "default", "value": "default"}},
                                     {"name": "datasource", "type": "datasource", "query": "prometheus"}]},
            "panels": [{"id": 1, "type": "timeseries", "datasource": %1, "targets": [{"refId": "A", "expr": "", "datasource": %2}]}]})J"_s
                                 .arg(panelDs, targetDs);
        const Dashboard d = Dashboard::fromJsonUnmigrated(parse(json));
        const Panel& p = d.panels().front();
        const DatasourceRegistry registry = DatasourceRegistry::embedded();
        const DatasourceInfo* ds = resolveDatasource(p.targets().front().datasource(), p.datasource(), d, registry, expr);
        QVERIFY(ds);
        QCOMPARE(ds->uid, expectedUid);
    }

void TestDashboardJson::exportsForSharing()
    {
        const QString json = uR"J({"title": "share", "uid": "u1", "id": 12, "schemaVersion": 42,
            "templating": {"list": [
                {"name": "job", "type": "query", "datasource": {"type": "prometheus", "uid": "sightglass-prometheus"}, "query": "label_values(job)",
                 "current": {"text": "api", "value": "api"}, "options": [{"text": "api", "value": "api"}], "refresh": 1},
                {"name": "env", "type": "constant", "query": "prod"}]},
            "annotations": {"list": [{"name": "errors", "datasource": {"type": "loki", "uid": "sightglass-loki"}, "expr": "{a=\"b\"}"}]},
            "panels": [
                {"id": 1, "type": "timeseries", "datasource": {"type": "prometheus", "uid": "sightglass-prometheus"},
                 "targets": [{"refId": "A", "expr": "up", "datasource": {"type": "prometheus", "uid": "sightglass-prometheus"}}]},
                {"id": 2, "type": "row", "collapsed": true, "panels": [
                    {"id": 3, "type": "logs", "datasource": {"type": "loki", "uid": "sightglass-loki"}, "targets": [{"refId": "A", "expr": "{a=\"b\"}"}]}]},
                {"id": 4, "type": "stat", "datasource": {"uid": "$ds"}, "targets": [{"refId": "A", "expr": "up"}]}]})J"_s;
        const Dashboard d = importOrFail(json);
        const QJsonObject out = exportForSharing(d, DatasourceRegistry::embedded());
        QCOMPARE(at(out, u"id"_s), u"null"_s);
        QCOMPARE(at(out, u"uid"_s), u"u1"_s);
        QCOMPARE(at(out, u"panels.0.datasource"_s), uR"J({"type":"prometheus","uid":"${DS_PROMETHEUS}"})J"_s);
        QCOMPARE(at(out, u"panels.0.targets.0.datasource.uid"_s), u"${DS_PROMETHEUS}"_s);
        QCOMPARE(at(out, u"panels.1.panels.0.datasource.uid"_s), u"${DS_LOKI}"_s);
        QCOMPARE(at(out, u"panels.2.datasource"_s), uR"J({"uid":"$ds"})J"_s); // variables stay
        QCOMPARE(at(out, u"templating.list.0.datasource.uid"_s), u"${DS_PROMETHEUS}"_s);
        QCOMPARE(at(out, u"templating.list.0.current"_s), u"{}"_s);
        QCOMPARE(at(out, u"templating.list.0.options"_s), u"[]"_s);
        QCOMPARE(at(out, u"templating.list.1.query"_s), u"${VAR_ENV}"_s);
        QCOMPARE(at(out, u"annotations.list.0.datasource.uid"_s), u"${DS_LOKI}"_s);
        QStringList inputs;
        for (const QJsonValue& v : out.value(u"__inputs").toArray())
            inputs << v.toObject().value(u"name").toString() + u':' + v.toObject().value(u"type").toString() + u':'
                    + v.toObject().value(u"pluginId").toString(v.toObject().value(u"value").toString());
        QCOMPARE(inputs, (QStringList { u"DS_LOKI:datasource:loki"_s, u"DS_PROMETHEUS:datasource:prometheus"_s, u"VAR_ENV:constant:prod"_s }));
        QStringList requires_;
        for (const QJsonValue& v : out.value(u"__requires").toArray())
            requires_ << v.toObject().value(u"type").toString() + u':' + v.toObject().value(u"id").toString();
        QCOMPARE(requires_, (QStringList { u"grafana:grafana"_s, u"panel:logs"_s, u"datasource:loki"_s, u"datasource:prometheus"_s,
                                u"panel:stat"_s, u"panel:timeseries"_s }));
        // The shared file imports back onto the embedded datasources.
        auto back = importDashboard(out);
        QVERIFY(back.ok());
        const Panel& p = back->panels().front();
        QCOMPARE(resolveDatasource(p.targets().front().datasource(), p.datasource(), *back, DatasourceRegistry::embedded())->uid,
            u"sightglass-prometheus"_s);
    }

QTEST_GUILESS_MAIN(TestDashboardJson)
