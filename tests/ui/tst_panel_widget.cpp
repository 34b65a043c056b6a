#include "app/main_window.h"
#include "core/logstore/memory_log_store.h"
#include "core/services/query_service.h"
#include "core/tsdb/memory_store.h"
#include "ui/charts/time_series_panel.h"
#include "ui/dashboard/dashboard_view.h"
#include "ui/dashboard/panel_widget.h"
#include "ui/logs/log_lines_model.h"
#include "ui/logs/logs_panel.h"
#include "ui/pages/explore_page.h"
#include "ui/widgets/query_editor.h"

#include <QChartView>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

namespace {
constexpr DurationMs Scrape = 15'000;

/// Ten minutes of two counters (200: +3/scrape, 500: +1/scrape) and matching log lines, ending at `end`.
struct Fixture
{
    std::shared_ptr<tsdb::MemoryStore> metrics = std::make_shared<tsdb::MemoryStore>();
    std::shared_ptr<logs::MemoryLogStore> logs = std::make_shared<logs::MemoryLogStore>();
    TimestampMs end = 0;

    Fixture()
    {
        end = (nowMs() / Scrape) * Scrape;
        tsdb::AppendBatch batch;
        logs::PushBatch push;
        logs::Stream info { Labels { { "app", "fastapi" }, { "status", "200" } }, {} };
        logs::Stream error { Labels { { "app", "fastapi" }, { "status", "500" } }, {} };
        int i = 0;
        for (TimestampMs t = end - 600'000; t <= end; t += Scrape, ++i) {
            batch.samples.push_back({ Labels { { "__name__", "http_requests_total" }, { "status", "200" } }, t, 3.0 * i });
            batch.samples.push_back({ Labels { { "__name__", "http_requests_total" }, { "status", "500" } }, t, 1.0 * i });
            info.entries.push_back({ msToNs(t), "INFO GET /api 200" });
            error.entries.push_back({ msToNs(t) + 1, "ERROR GET /api 500 boom" });
        }
        metrics->append(batch);
        push.streams = { info, error };
        logs->push(push);
    }
    TimeRange range() const { return { end - 600'000, end }; }
};

dashboards::Panel graphPanel(const QString& expr, const QString& legend)
{
    dashboards::Panel p;
    p.title = u"Requests"_s;
    p.unit = u"reqps"_s;
    p.queries.push_back({ dashboards::Datasource::Prometheus, expr, legend });
    return p;
}
} // namespace

class TestPanelWidget : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void metricPanelDrawsSeries()
    {
        Fixture f;
        services::QueryService service(f.metrics, f.logs);
        ui::PanelWidget panel(graphPanel(u"sum by (status) (rate(http_requests_total[1m]))"_s, u"{{status}}"_s), &service);
        panel.resize(800, 300);
        panel.show();
        QSignalSpy done(&panel, &ui::PanelWidget::refreshed);
        panel.refresh(f.range());
        QVERIFY(panel.isLoading());
        QVERIFY(done.wait(5000));
        QVERIFY(!panel.isLoading());
        QVERIFY2(panel.timeSeries()->errorText().isEmpty(), qPrintable(panel.timeSeries()->errorText()));
        QStringList legends = panel.timeSeries()->legendTexts();
        legends.sort();
        QCOMPARE(legends, (QStringList { u"200"_s, u"500"_s }));
        QVERIFY(panel.lastStep() >= ui::PanelWidget::ScrapeInterval);
    }
    void staleAnswersAreDropped()
    {
        Fixture f;
        services::QueryService service(f.metrics, f.logs);
        ui::PanelWidget panel(graphPanel(u"http_requests_total"_s, {}), &service);
        QSignalSpy done(&panel, &ui::PanelWidget::refreshed);
        panel.refresh(f.range());
        panel.refresh(f.range()); // the first answer is delivered after this and must be ignored
        QVERIFY(done.wait(5000));
        service.waitForDone();
        QTest::qWait(50);
        QCOMPARE(done.count(), 1);
        QCOMPARE(panel.droppedResponses(), 1);
        QCOMPARE(panel.timeSeries()->seriesCount(), 2);
    }
    void parseErrorShowsPosition()
    {
        Fixture f;
        services::QueryService service(f.metrics, f.logs);
        ui::PanelWidget panel(graphPanel(u"sum(rate(http_requests_total[1m])"_s, {}), &service);
        QSignalSpy done(&panel, &ui::PanelWidget::refreshed);
        panel.refresh(f.range());
        QVERIFY(done.wait(5000));
        const QString error = panel.timeSeries()->errorText();
        QVERIFY2(error.contains(u'^'), qPrintable(error));
        QVERIFY(panel.editor()->underlinedRange().end > panel.editor()->underlinedRange().begin);
    }
    void logsPanelShowsLines()
    {
        Fixture f;
        services::QueryService service(f.metrics, f.logs);
        dashboards::Panel p;
        p.title = u"Errors"_s;
        p.type = dashboards::PanelType::Logs;
        p.queries.push_back({ dashboards::Datasource::Loki, u"{app=\"fastapi\"} |= \"ERROR\""_s, {} });
        ui::PanelWidget panel(p, &service);
        QSignalSpy done(&panel, &ui::PanelWidget::refreshed);
        panel.refresh(f.range());
        QVERIFY(done.wait(5000));
        QVERIFY2(panel.logs()->errorText().isEmpty(), qPrintable(panel.logs()->errorText()));
        const auto* model = panel.logs()->model();
        QCOMPARE(model->rowCount(), 41);
        for (int r = 0; r < model->rowCount(); ++r)
            QCOMPARE(model->index(r, 0).data(ui::LogLinesModel::LevelRole).toString(), u"error"_s);
    }
    void logqlMetricInGraph()
    {
        Fixture f;
        services::QueryService service(f.metrics, f.logs);
        dashboards::Panel p = graphPanel(u"sum by (status) (count_over_time({app=\"fastapi\"}[1m]))"_s, u"{{status}}"_s);
        p.queries.front().datasource = dashboards::Datasource::Loki;
        ui::PanelWidget panel(p, &service);
        QSignalSpy done(&panel, &ui::PanelWidget::refreshed);
        panel.refresh(f.range());
        QVERIFY(done.wait(5000));
        QVERIFY2(panel.timeSeries()->errorText().isEmpty(), qPrintable(panel.timeSeries()->errorText()));
        QCOMPARE(panel.timeSeries()->seriesCount(), 2);
    }
    void clickOpensLogsInExplore()
    {
        Fixture f;
        services::QueryService service(f.metrics, f.logs);
        dashboards::Dashboard d;
        d.title = u"Test"_s;
        d.logsSelector = u"{app=\"fastapi\"}"_s;
        d.refresh = u"off"_s;
        d.panels.push_back(graphPanel(u"sum by (status) (rate(http_requests_total[1m]))"_s, u"{{status}}"_s));
        d.panels.front().pos = { 0, 0, 24, 10 };
        MainWindow window(&service, d);
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* panel = window.dashboardView()->panels().front();
        // The window's own refresh used "now"; re-run over the fixture's range so the data is in view.
        QSignalSpy done(panel, &ui::PanelWidget::refreshed);
        panel->refresh(f.range());
        QVERIFY(done.wait(5000));
        auto* chart = panel->timeSeries();
        int errorSeries = -1;
        for (int i = 0; i < chart->seriesCount(); ++i) {
            if (chart->seriesLabels(i).get("status") == "500")
                errorSeries = i;
        }
        QVERIFY(errorSeries >= 0);
        const TimestampMs t = f.end - 120'000;
        QSignalSpy logsDone(window.explorePage(), &ui::ExplorePage::logsFinished);
        QTest::mouseClick(chart->chartView()->viewport(), Qt::LeftButton, {}, chart->pointPosition(errorSeries, t));
        QCOMPARE(window.tabs()->currentWidget(), window.explorePage());
        QCOMPARE(window.explorePage()->logsEditor()->text(), u"{app=\"fastapi\", status=\"500\"}"_s);
        QCOMPARE(window.explorePage()->metricsEditor()->text(), d.panels.front().queries.front().expr);
        QVERIFY(logsDone.wait(5000));
        const auto* model = window.explorePage()->logsPanel()->model();
        QVERIFY(model->rowCount() > 0);
        for (int r = 0; r < model->rowCount(); ++r)
            QVERIFY(model->index(r, 0).data(ui::LogLinesModel::LabelsRole).toString().contains(u"500"_s));
        const TimeRange window2 = window.explorePage()->logsRange();
        QVERIFY(window2.minMs <= t - 120'000 + ui::PanelWidget::ScrapeInterval);
        QVERIFY(window2.maxMs >= t);
    }
};

QTEST_MAIN(TestPanelWidget)
#include "tst_panel_widget.moc"
