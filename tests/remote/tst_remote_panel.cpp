// A dashboard panel against a remote datasource, through the panel query runner and the query client: a "Mixed"
// panel puts the embedded store's series and a remote Prometheus' side by side (named by the legend format, each
// with its refId); the remote's error reaches the panel naming the target, the datasource and the HTTP status; a
// logs panel reads a remote Loki. The remotes are stand-in servers that record the request they got.
#include "capturing_server.h"
#include "core/dashboards/dashboard_json.h"
#include "core/logstore/memory_log_store.h"
#include "core/services/remote_datasources.h"
#include "core/tsdb/memory_store.h"
#include "tst_remote_panel.h"
#include "ui/dashboard/dashboard_model.h"
#include "ui/dashboard/panel_query_runner.h"
#include "ui/dashboard/variable_refresher.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 T0 = 1'700'000'000'000;

dashboards::Dashboard dashboardWith(const QString& panelsJson)
{
    const QString json = u"{\"title\": \"t\", \"schemaVersion\": 42, \"panels\": %1}"_s.arg(panelsJson);
    auto d = dashboards::importDashboard(json.toUtf8());
    if (!d.ok())
        qFatal("%s", d.error().message.c_str());
    return *d;
}

remote::RemoteDatasource remoteAt(const CapturingServer& server, const QString& uid, remote::RemoteType type)
{
    remote::RemoteDatasource d;
    d.name = d.uid = uid;
    d.type = type;
    d.url = u"http://127.0.0.1:"_s + QString::number(server.serverPort());
    d.timeoutMs = 10'000;
    return d;
}

query::PanelData runPanel(services::QueryClient* client, const dashboards::Dashboard& d,
    const std::vector<remote::RemoteDatasource>& remotes)
{
    client->setRemoteDatasources(remotes);
    ui::PanelQueryRunner runner(client);
    QSignalSpy finished(&runner, &ui::PanelQueryRunner::finished);
    dashboards::PanelQueryContext ctx;
    ctx.nowMs = T0;
    ctx.from = u"now-1h"_s;
    ctx.widthPx = 400;
    runner.run(d.panels().front(), d, services::datasourceRegistry(remotes), ctx);
    if (!finished.wait(10'000))
        return {};
    return finished.takeFirst().at(0).value<query::PanelData>();
}

} // namespace

void TestRemotePanel::initTestCase()
{
    auto metrics = std::make_shared<tsdb::MemoryStore>(365LL * 24 * 3600 * 1000);
    tsdb::AppendBatch batch;
    for (qint64 t = T0 - 3'600'000; t <= T0; t += 15'000)
        batch.samples.push_back({ Labels { { "__name__", "requests_total" }, { "job", "local" } }, t, 1 });
    metrics->append(batch);
    m_client = std::make_unique<services::QueryClient>(metrics, std::make_shared<logs::MemoryLogStore>());
}

void TestRemotePanel::mixedPanelComparesEmbeddedAndRemote()
{
    CapturingServer team(jsonReply(R"({"status":"success","data":{"resultType":"matrix","result":[
        {"metric":{"__name__":"requests_total","job":"remote"},"values":[[1699999985,"2"],[1700000000,"3"]]}]}})"));
    QVERIFY(team.listen(QHostAddress::LocalHost, 0));
    const auto d = dashboardWith(uR"J([{"id": 1, "type": "timeseries", "datasource": {"type": "datasource", "uid": "-- Mixed --"},
        "targets": [{"refId": "A", "datasource": {"type": "prometheus", "uid": "sightglass-prometheus"}, "expr": "requests_total", "legendFormat": "{{job}}"},
                    {"refId": "B", "datasource": {"type": "prometheus", "uid": "team"}, "expr": "requests_total", "legendFormat": "{{job}}"}]}])J"_s);
    const query::PanelData data = runPanel(m_client.get(), d, { remoteAt(team, u"team"_s, remote::RemoteType::Prometheus) });
    QVERIFY2(data.error.isEmpty(), qPrintable(data.error));
    QCOMPARE(int(data.series.size()), 2);
    const query::SeriesFrame& local = data.series[0].refId == u"A" ? data.series[0] : data.series[1];
    const query::SeriesFrame& remote = data.series[0].refId == u"B" ? data.series[0] : data.series[1];
    QCOMPARE(local.name, u"local"_s);
    QCOMPARE(remote.name, u"remote"_s);
    QCOMPARE(remote.refId, u"B"_s);
    QCOMPARE(remote.timesMs, (std::vector<qint64> { 1699999985000, 1700000000000 }));
    QCOMPARE(remote.values, (std::vector<double> { 2, 3 }));
    QVERIFY(local.values.size() > 100);
    // only target B went to the remote, planned like any other target (aligned range, step)
    QVERIFY2(team.received.startsWith("POST /api/v1/query_range "), team.received.constData());
    QCOMPARE(team.received.count("POST "), 1);
    QVERIFY2(team.received.contains("query=requests_total&start=") && team.received.contains("&step=15.000"),
        team.received.constData());
}

void TestRemotePanel::remoteErrorNamesTargetAndDatasource()
{
    CapturingServer team(jsonReply(R"({"status":"error","errorType":"execution","error":"query processing would load too many samples"})", 422));
    QVERIFY(team.listen(QHostAddress::LocalHost, 0));
    const auto d = dashboardWith(uR"J([{"id": 1, "type": "timeseries", "datasource": {"type": "prometheus", "uid": "team"},
        "targets": [{"refId": "A", "expr": "requests_total"}]}])J"_s);
    const query::PanelData data = runPanel(m_client.get(), d, { remoteAt(team, u"team"_s, remote::RemoteType::Prometheus) });
    QCOMPARE(data.error, u"A: team: HTTP 422 (execution): query processing would load too many samples"_s);
    QVERIFY(data.series.empty());
}

void TestRemotePanel::remoteLokiLogsPanel()
{
    CapturingServer loki(jsonReply(R"({"status":"success","data":{"resultType":"streams","result":[
        {"stream":{"app":"far"},"values":[["1699999990000000000","older"],["1699999999000000000","newer"]]}]}})"));
    QVERIFY(loki.listen(QHostAddress::LocalHost, 0));
    const auto d = dashboardWith(uR"J([{"id": 1, "type": "logs", "datasource": {"type": "loki", "uid": "team-logs"},
        "targets": [{"refId": "A", "expr": "{app=\"far\"}", "maxLines": 7}]}])J"_s);
    const query::PanelData data = runPanel(m_client.get(), d, { remoteAt(loki, u"team-logs"_s, remote::RemoteType::Loki) });
    QVERIFY2(data.error.isEmpty(), qPrintable(data.error));
    QCOMPARE(int(data.logs.size()), 2);
    QCOMPARE(data.logs[0].line, u"newer"_s); // newest first, as the embedded path sorts them
    QCOMPARE(data.logs[0].labels, (query::LabelPairs { { u"app"_s, u"far"_s } }));
    QVERIFY2(loki.received.startsWith("POST /loki/api/v1/query_range "), loki.received.constData());
    QVERIFY2(loki.received.contains("limit=7&direction=backward"), loki.received.constData());
}

void TestRemotePanel::variableOptionsFromRemote()
{
    CapturingServer team(jsonReply(R"({"status":"success","data":["blue","green"]})"));
    QVERIFY(team.listen(QHostAddress::LocalHost, 0));
    const std::vector<remote::RemoteDatasource> remotes { remoteAt(team, u"team"_s, remote::RemoteType::Prometheus) };
    m_client->setRemoteDatasources(remotes);
    const QString json = uR"J({"title": "t", "schemaVersion": 42, "panels": [], "templating": {"list": [
        {"name": "job", "type": "query", "datasource": {"type": "prometheus", "uid": "team"}, "query": "label_values(job)",
         "refresh": 1, "current": {}}]}})J"_s;
    auto d = dashboards::importDashboard(json.toUtf8());
    QVERIFY(d.ok());
    ui::DashboardModel model;
    model.load(*d);
    ui::VariableRefresher refresher(&model, m_client.get());
    refresher.setDatasources(services::datasourceRegistry(remotes));
    QSignalSpy settled(&refresher, &ui::VariableRefresher::variablesChanged);
    refresher.refreshAll(T0 - 3'600'000, T0);
    QVERIFY(settled.count() == 1 || settled.wait(5'000));
    const auto vars = model.dashboard().variables();
    QCOMPARE(vars[0].json.value(u"options").toArray().size(), 2);
    QCOMPARE(vars[0].currentValues(), QStringList { u"blue"_s });
    QVERIFY2(team.received.startsWith("GET /api/v1/label/job/values "), team.received.constData());
}

QTEST_MAIN(TestRemotePanel)
