// Ad hoc filter variables: the filters a dashboard stores, which queries they apply to (the variable's datasource),
// how the planned queries carry them, and that they survive export and import.
#include "tst_adhoc_filters.h"
#include "core/dashboards/adhoc_filters.h"
#include "core/dashboards/dashboard_json.h"
#include "core/dashboards/panel_queries.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace sg;
using namespace sg::dashboards;
using namespace Qt::StringLiterals;

namespace {

/// A dashboard with one ad hoc variable on `adhocDatasource` (JSON, or "null") and one panel with `targetsJson`.
Dashboard dashboardWith(const QString& adhocDatasource, const QString& filtersJson, const QString& targetsJson)
{
    const QString json = uR"J({"title": "t", "schemaVersion": 42, "templating": {"list": [
        {"name": "ds", "type": "datasource", "query": "prometheus", "current": {"value": "sightglass-prometheus", "text": "Prometheus"}},
        {"name": "Filters", "type": "adhoc", "datasource": %1, "filters": %2}]},
        "panels": [{"id": 1, "type": "timeseries", "targets": %3}]})J"_s.arg(adhocDatasource, filtersJson, targetsJson);
    auto d = importDashboard(json.toUtf8());
    if (!d.ok())
        qFatal("%s", d.error().message.c_str());
    return *d;
}

} // namespace

void TestAdhocFilters::planned_data()
{
    QTest::addColumn<QString>("adhocDatasource");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("expected");
    const QString prom = uR"J({"type": "prometheus", "uid": "sightglass-prometheus"})J"_s;
    const QString loki = uR"J({"type": "loki", "uid": "sightglass-loki"})J"_s;
    auto row = [](const char* name, const QString& ds, const QString& target, const QString& expected) {
        QTest::addRow("%s", name) << ds << target << expected;
    };
    row("prometheus", prom,
        uR"J({"refId": "A", "datasource": {"uid": "sightglass-prometheus"}, "expr": "sum(rate(http_requests_total{code=~\"5..\"}[$__rate_interval]))"})J"_s,
        uR"J(sum(rate(http_requests_total{code=~"5..",job="api",env!~"dev|test"}[1m0s])))J"_s);
    row("prometheus-binary", prom,
        uR"J({"refId": "A", "datasource": {"uid": "sightglass-prometheus"}, "expr": "a / b"})J"_s,
        uR"J(a{job="api",env!~"dev|test"} / b{job="api",env!~"dev|test"})J"_s);
    row("loki-not-matching", prom,
        uR"J({"refId": "A", "datasource": {"uid": "sightglass-loki"}, "expr": "{app=\"x\"} |= \"e\""})J"_s,
        uR"J({app="x"} |= "e")J"_s);
    row("loki", loki,
        uR"J({"refId": "A", "datasource": {"uid": "sightglass-loki"}, "expr": "{app=\"x\"} |= \"e\""})J"_s,
        uR"J({app="x",job="api",env!~"dev|test"} |= "e")J"_s);
    row("prometheus-not-matching", loki,
        uR"J({"refId": "A", "datasource": {"uid": "sightglass-prometheus"}, "expr": "up"})J"_s, u"up"_s);
    row("variable-datasource", uR"J({"type": "prometheus", "uid": "$ds"})J"_s,
        uR"J({"refId": "A", "datasource": {"uid": "sightglass-prometheus"}, "expr": "up"})J"_s,
        uR"J(up{job="api",env!~"dev|test"})J"_s);
    row("default-datasource", u"null"_s, uR"J({"refId": "A", "expr": "up"})J"_s,
        uR"J(up{job="api",env!~"dev|test"})J"_s);
    row("unparsable-runs-as-written", prom,
        uR"J({"refId": "A", "datasource": {"uid": "sightglass-prometheus"}, "expr": "sum(up"})J"_s, u"sum(up"_s);
}

void TestAdhocFilters::planned()
{
    QFETCH(QString, adhocDatasource);
    QFETCH(QString, target);
    QFETCH(QString, expected);
    const QString filters = uR"J([{"key": "job", "operator": "=", "value": "api", "condition": ""},
            {"key": "env", "operator": "!~", "value": "dev|test", "condition": ""},
            {"key": "", "operator": "=", "value": "ignored"}, {"key": "x", "operator": "<", "value": "ignored"}])J"_s;
    const Dashboard d = dashboardWith(adhocDatasource, filters, u"["_s + target + u"]"_s);
    PanelQueryContext ctx;
    ctx.from = u"1700000000000"_s;
    ctx.to = u"1700003600000"_s;
    ctx.nowMs = 1700003600000;
    ctx.variables = templatingVariables(d);
    const PanelQueryPlan plan = planPanelQueries(d.panels().front(), d, DatasourceRegistry::embedded(), ctx);
    QCOMPARE(plan.queries.size(), std::size_t(1));
    QCOMPARE(plan.queries.front().expr, expected);
}

void TestAdhocFilters::roundTrip()
{
    Dashboard d = dashboardWith(u"null"_s, u"[]"_s, u"[]"_s);
    std::vector<Variable> vars = d.variables();
    QVERIFY(adhocFilters(vars[1]).empty());
    const std::vector<LabelFilter> filters { { "job", MatchType::Equal, "api" },
        { "path", MatchType::Regex, "/a\"b" } };
    setAdhocFilters(vars[1], filters);
    d.setVariables(vars);
    // Export as JSON, import again: the same filters, in Grafana's shape.
    auto again = importDashboard(exportDashboard(d));
    QVERIFY(again.ok());
    const Variable adhoc = again->variables()[1];
    QCOMPARE(adhocFilters(adhoc), filters);
    const QJsonObject first = adhoc.json.value(u"filters").toArray().at(0).toObject();
    QCOMPARE(first.value(u"key").toString(), u"job"_s);
    QCOMPARE(first.value(u"operator").toString(), u"="_s);
    QCOMPARE(first.value(u"value").toString(), u"api"_s);
    QCOMPARE(adhoc.json.value(u"filters").toArray().at(1).toObject().value(u"operator").toString(), u"=~"_s);
    QCOMPARE(adhoc.type(), u"adhoc"_s);
}

QTEST_GUILESS_MAIN(TestAdhocFilters)
