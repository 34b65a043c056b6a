// The panel query runner over a real QueryClient and in-memory stores: targets planned and run, variables and
// built-ins interpolated, results joined; a newer refresh cancels the older one (nothing stale is delivered);
// errors name the target.
#include "core/dashboards/dashboard_json.h"
#include "core/logstore/memory_log_store.h"
#include "core/services/query_client.h"
#include "core/tsdb/memory_store.h"
#include "ui/dashboard/dashboard_model.h"
#include "ui/dashboard/panel_query_runner.h"
#include "ui/dashboard/variable_refresher.h"
#include "tst_panel_runner.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 T0 = 1'700'000'000'000;

dashboards::Dashboard dashboardWith(const QString& panelsJson, const QString& variablesJson = u"[]"_s)
{
    const QString json = u"{\"title\": \"t\", \"schemaVersion\": 42, \"templating\": {\"list\": %1}, \"panels\": %2}"_s
                             .arg(variablesJson, panelsJson);
    auto d = dashboards::importDashboard(json.toUtf8());
    if (!d.ok())
        qFatal("%s", d.error().message.c_str());
    return *d;
}
} // namespace

void TestPanelRunner::initTestCase()
    {
        auto metrics = std::make_shared<tsdb::MemoryStore>(365LL * 24 * 3600 * 1000);
        tsdb::AppendBatch batch;
        // requests_total{job=a|b|c} counting 1/s, one sample every 15 s for an hour.
        for (qint64 t = T0 - 3'600'000; t <= T0; t += 15'000)
            for (const char* job : { "a", "b", "c" })
                batch.samples.push_back({ Labels { { "__name__", "requests_total" }, { "job", job } }, t, double(t - (T0 - 3'600'000)) / 1000 });
        metrics->append(batch);
        auto logsStore = std::make_shared<logs::MemoryLogStore>();
        logs::PushBatch lines;
        logs::Stream s { Labels { { "app", "x" } }, {} };
        for (int i = 0; i < 50; ++i)
            s.entries.push_back({ (T0 - 60'000 + i * 1000) * 1'000'000, i % 5 == 0 ? "level=error boom" : "level=info ok", {} });
        lines.streams.push_back(s);
        logsStore->push(lines);
        m_client = std::make_unique<services::QueryClient>(metrics, logsStore);
    }

void TestPanelRunner::runsTargetsWithVariables()
    {
        const auto d = dashboardWith(uR"J([{"id": 1, "type": "timeseries", "datasource": {"uid": "sightglass-prometheus"},
            "targets": [{"refId": "A", "expr": "sum by (job) (rate(requests_total{job=~\"$job\"}[$__rate_interval]))", "legendFormat": "{{job}}"},
                        {"refId": "B", "expr": "count(requests_total)", "legendFormat": "count", "hide": false},
                        {"refId": "C", "expr": "up", "hide": true}]}])J"_s,
            uR"J([{"name": "job", "type": "custom", "query": "a,b,c", "multi": true, "current": {"value": ["a", "b"], "text": ["a", "b"]}}])J"_s);
        ui::PanelQueryRunner runner(m_client.get());
        QSignalSpy finished(&runner, &ui::PanelQueryRunner::finished);
        dashboards::PanelQueryContext ctx;
        ctx.from = QString::number(T0 - 3'600'000);
        ctx.to = QString::number(T0);
        ctx.nowMs = T0;
        ctx.widthPx = 400;
        ctx.variables = dashboards::templatingVariables(d);
        runner.run(d.panels().front(), d, dashboards::DatasourceRegistry::embedded(), ctx);
        QVERIFY(finished.wait(10'000));
        const auto data = finished.takeFirst().at(0).value<query::PanelData>();
        QVERIFY2(data.error.isEmpty(), qPrintable(data.error));
        QCOMPARE(runner.lastPlan().queries.size(), std::size_t(2)); // C is hidden
        const auto& a = runner.lastPlan().queries[0];
        QVERIFY2(a.expr.contains(u"job=~\"(a|b)\""_s), qPrintable(a.expr));
        QVERIFY2(!a.expr.contains(u'$'), qPrintable(a.expr));
        // 1 h over 400 px: $__interval 10 s raised to the 15 s scrape interval; step 15 s; the range aligned to it.
        QCOMPARE(a.stepMs, qint64(15'000));
        QCOMPARE(a.fromMs % a.stepMs, qint64(0));
        QStringList names;
        for (const auto& s : data.series)
            names << s.refId + u':' + s.name;
        names.sort();
        QCOMPARE(names, (QStringList { u"A:a"_s, u"A:b"_s, u"B:count"_s }));
        QCOMPARE(data.stats.size(), std::size_t(2));
        QVERIFY(data.stats[0].points > 0);
    }

void TestPanelRunner::newerRefreshCancelsOlder()
    {
        const auto d = dashboardWith(uR"J([{"id": 1, "type": "timeseries",
            "targets": [{"refId": "A", "expr": "sum(rate(requests_total[5m]))"}]}])J"_s);
        ui::PanelQueryRunner runner(m_client.get());
        QSignalSpy finished(&runner, &ui::PanelQueryRunner::finished);
        dashboards::PanelQueryContext ctx;
        ctx.nowMs = T0;
        ctx.widthPx = 2000;
        ctx.to = QString::number(T0);
        for (int i = 0; i < 5; ++i) {
            ctx.from = QString::number(T0 - 3'600'000 + i * 60'000);
            runner.run(d.panels().front(), d, dashboards::DatasourceRegistry::embedded(), ctx);
        }
        QVERIFY(finished.wait(10'000));
        QTest::qWait(200);
        QCOMPARE(finished.count(), 1); // only the last refresh answers
        QCOMPARE(runner.cancelledCount(), 4);
        const auto data = finished.takeFirst().at(0).value<query::PanelData>();
        QCOMPARE(data.fromMs, T0 - 3'600'000 + 4 * 60'000);
        QTRY_COMPARE(m_client->running(), 0);
    }

void TestPanelRunner::errorsNameTheTarget()
    {
        const auto d = dashboardWith(uR"J([{"id": 1, "type": "timeseries",
            "targets": [{"refId": "A", "expr": "up"}, {"refId": "B", "expr": "sum(rate(x[5m]) by"}]}])J"_s);
        ui::PanelQueryRunner runner(m_client.get());
        QSignalSpy finished(&runner, &ui::PanelQueryRunner::finished);
        dashboards::PanelQueryContext ctx;
        ctx.nowMs = T0;
        ctx.from = u"now-1h"_s;
        runner.run(d.panels().front(), d, dashboards::DatasourceRegistry::embedded(), ctx);
        QVERIFY(finished.wait(10'000));
        const auto data = finished.takeFirst().at(0).value<query::PanelData>();
        QVERIFY2(data.error.startsWith(u"B: "_s), qPrintable(data.error));
    }

void TestPanelRunner::logsPanelGetsLines()
    {
        const auto d = dashboardWith(uR"J([{"id": 1, "type": "logs", "datasource": {"type": "loki", "uid": "sightglass-loki"},
            "targets": [{"refId": "A", "expr": "{app=\"x\"} |= \"error\"", "maxLines": 5}]}])J"_s);
        ui::PanelQueryRunner runner(m_client.get());
        QSignalSpy finished(&runner, &ui::PanelQueryRunner::finished);
        dashboards::PanelQueryContext ctx;
        ctx.nowMs = T0;
        ctx.from = u"now-1h"_s;
        runner.run(d.panels().front(), d, dashboards::DatasourceRegistry::embedded(), ctx);
        QVERIFY(finished.wait(10'000));
        const auto data = finished.takeFirst().at(0).value<query::PanelData>();
        QVERIFY2(data.error.isEmpty(), qPrintable(data.error));
        QCOMPARE(data.logs.size(), std::size_t(5)); // 10 error lines, limited to maxLines
        for (std::size_t i = 1; i < data.logs.size(); ++i)
            QVERIFY(data.logs[i - 1].timeNs >= data.logs[i].timeNs); // newest first
        QVERIFY(data.logs.front().line.contains(u"boom"_s));
    }

void TestPanelRunner::datasourceVariableOptions()
{
    // A mixin's datasource variables ("default" current) take the embedded datasource of their type; the panel
    // that names `$loki_datasource` then runs LogQL against it.
    const auto d = dashboardWith(uR"J([{"id": 1, "type": "timeseries", "datasource": "$loki_datasource",
        "targets": [{"refId": "A", "expr": "sum(count_over_time({app=\"x\"}[1m]))"}]}])J"_s,
        uR"J([{"name": "datasource", "type": "datasource", "query": "prometheus", "current": {"text": "default", "value": "default"}},
              {"name": "loki_datasource", "type": "datasource", "query": "loki", "current": {}}])J"_s);
    ui::DashboardModel model;
    model.load(d);
    ui::VariableRefresher refresher(&model, m_client.get());
    QSignalSpy settled(&refresher, &ui::VariableRefresher::variablesChanged);
    refresher.refreshAll(T0 - 3'600'000, T0);
    QVERIFY(settled.count() == 1 || settled.wait(5'000));
    const auto vars = model.dashboard().variables();
    QCOMPARE(vars[0].currentValues(), QStringList { u"sightglass-prometheus"_s });
    QCOMPARE(vars[0].currentTexts(), QStringList { u"Prometheus"_s });
    QCOMPARE(vars[1].currentValues(), QStringList { u"sightglass-loki"_s });
    QCOMPARE(vars[1].json.value(u"options").toArray().size(), 1);

    ui::PanelQueryRunner runner(m_client.get());
    QSignalSpy finished(&runner, &ui::PanelQueryRunner::finished);
    dashboards::PanelQueryContext ctx;
    ctx.nowMs = T0;
    ctx.from = u"now-1h"_s;
    ctx.variables = dashboards::templatingVariables(model.dashboard());
    runner.run(model.dashboard().panels().front(), model.dashboard(), dashboards::DatasourceRegistry::embedded(), ctx);
    QVERIFY(finished.wait(10'000));
    const auto data = finished.takeFirst().at(0).value<query::PanelData>();
    QVERIFY2(data.error.isEmpty(), qPrintable(data.error));
    QCOMPARE(runner.lastPlan().queries.front().datasource->uid, u"sightglass-loki"_s);
    QCOMPARE(data.series.size(), std::size_t(1));
}

void TestPanelRunner::cleanupTestCase()
    {
        m_client.reset();
    }


QTEST_MAIN(TestPanelRunner)
