// The foundation's end-to-end GUI path: the demo runs, the dashboard shows its history, a real mouse click on
// the error-rate spike opens Explore with the demo's ERROR lines from that moment.
#include "app/main_window.h"
#include "demo_window.h"
#include "core/services/workbench.h"
#include "ui/dashboard/dashboard_view.h"
#include "ui/dashboard/dashboard_model.h"
#include "ui/dashboard/panel_frame.h"
#include "ui/logs/log_lines_model.h"
#include "ui/logs/logs_panel.h"
#include "ui/panels/timeseries/timeseries_view.h"
#include "ui/pages/explore_page.h"
#include "ui/theme.h"
#include "ui/widgets/query_editor.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace sg;
using namespace Qt::StringLiterals;

class TestClickThroughGui : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(startDemoWorkbench(m_dir.path(), m_workbench));
        QVERIFY(showMainWindow(*m_workbench, m_window));
        QVERIFY(m_window->openDashboard(m_workbench->defaultDashboardUid()));
    }

    void clickOnErrorSpikeShowsErrorLogs()
    {
        ui::PanelFrame* panel = m_window->dashboardView()->frameByTitle(QStringLiteral("Error rate (5xx)"));
        QVERIFY(panel);
        QSignalSpy refreshed(panel, &ui::PanelFrame::refreshed);
        m_window->refresh();
        QVERIFY(refreshed.wait(10'000));
        auto* chart = qobject_cast<ui::timeseries::TimeSeriesView*>(panel->view());
        QVERIFY(chart);
        QVERIFY2(chart->errorText().isEmpty(), qPrintable(chart->errorText()));
        QCOMPARE(panel->lastPlan().queries.size(), std::size_t(1));
        const auto& planned = panel->lastPlan().queries.front();
        QVERIFY2(!planned.expr.contains(u'$'), qPrintable(planned.expr)); // $__rate_interval interpolated

        // Find the spike the way a person would see it: the highest point of the panel's query over its range.
        auto response = m_workbench->queryClient()->evalPromQL(
            planned.expr.toStdString(), planned.fromMs, planned.toMs, planned.stepMs);
        QVERIFY(response.ok());
        QCOMPARE(response->value.matrix.size(), std::size_t(1));
        promql::Point peak;
        for (const auto& p : response->value.matrix[0].points)
            if (p.v > peak.v)
                peak = p;
        QVERIFY2(peak.v > 0.5, "the demo's history should hold an error burst");

        const QPoint at = chart->pointPosition(0, peak.t);
        QVERIFY(chart->plotRect().contains(at));
        ui::ExplorePage* explore = m_window->explorePage();
        QSignalSpy logsFinished(explore, &ui::ExplorePage::logsFinished);
        QTest::mouseClick(chart, Qt::LeftButton, {}, at);

        // The log store's label names are looked up off the UI thread; then Explore opens.
        QTRY_COMPARE_WITH_TIMEOUT(m_window->tabs()->currentWidget(), static_cast<QWidget*>(explore), 10'000);
        QVERIFY(logsFinished.wait(10'000) || logsFinished.count() > 0);
        // SG_SCREENSHOT_DIR=DIR keeps a picture of what the click opened, to look at.
        if (const QString dir = qEnvironmentVariable("SG_SCREENSHOT_DIR"); !dir.isEmpty())
            m_window->grab().save(dir + QStringLiteral("/click-through.png"));
        const QString selector = explore->logsEditor()->text();
        QVERIFY2(selector.contains(QStringLiteral("app=\"fastapi\"")), qPrintable(selector));
        QVERIFY2(selector.contains(QStringLiteral("level=\"error\"")), qPrintable(selector));

        // The logs view shows the demo's ERROR lines, from a window around the clicked moment.
        const auto* model = explore->logsPanel()->model();
        QVERIFY2(model->rowCount() > 0, "no log lines for the clicked spike");
        const TimeRange window = explore->logsRange();
        QVERIFY(window.minMs <= peak.t && peak.t <= window.maxMs);
        QVERIFY(window.maxMs - window.minMs <= 10 * 60'000);
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, 0);
            const QString line = index.data(ui::LogLinesModel::LineRole).toString();
            QVERIFY2(line.contains(QStringLiteral("ERROR")), qPrintable(line));
            const qint64 tsMs = index.data(ui::LogLinesModel::TimeNsRole).toLongLong() / 1'000'000;
            QVERIFY(tsMs >= window.minMs && tsMs <= window.maxMs);
        }
    }

    void secondClickUsesItsOwnLabels()
    {
        // A click on another series after the first narrows the panel's selector by the new series' labels,
        // not by what the first click added.
        ui::PanelFrame* panel = m_window->dashboardView()->frameByTitle(QStringLiteral("p99 latency"));
        QVERIFY(panel);
        m_window->tabs()->setCurrentIndex(1);
        if (!panel->hasRefreshed() || panel->isLoading()) {
            QSignalSpy refreshed(panel, &ui::PanelFrame::refreshed);
            m_window->refresh();
            QVERIFY(refreshed.wait(10'000));
        }
        auto* chart = qobject_cast<ui::timeseries::TimeSeriesView*>(panel->view());
        QVERIFY(chart);
        QVERIFY(chart->seriesCount() >= 2);
        ui::ExplorePage* explore = m_window->explorePage();
        QStringList selectors;
        for (int series : { 0, 1 }) {
            m_window->tabs()->setCurrentIndex(1);
            QString handler;
            for (const auto& [name, value] : chart->seriesLabels(series))
                if (name == u"handler")
                    handler = value;
            QVERIFY(!handler.isEmpty());
            const auto& planned = panel->lastPlan().queries.front();
            const qint64 t = planned.toMs - 10 * planned.stepMs;
            QSignalSpy logsFinished(explore, &ui::ExplorePage::logsFinished);
            QTest::mouseClick(chart, Qt::LeftButton, {}, chart->pointPosition(series, t));
            QTRY_COMPARE_WITH_TIMEOUT(m_window->tabs()->currentWidget(), static_cast<QWidget*>(explore), 10'000);
            const QString selector = explore->logsEditor()->text();
            QVERIFY2(selector.contains(u"handler=\""_s + handler + u'"'), qPrintable(selector));
            selectors << selector;
            QVERIFY(logsFinished.wait(10'000) || logsFinished.count() > 0);
        }
        QVERIFY2(selectors[0] != selectors[1], qPrintable(selectors.join(u" | "_s)));
    }

    void editedSelectorRunsAgain()
    {
        ui::ExplorePage* explore = m_window->explorePage();
        QSignalSpy logsFinished(explore, &ui::ExplorePage::logsFinished);
        explore->logsEditor()->setText(QStringLiteral("{app=\"fastapi\", level=\"info\"}"));
        explore->runLogs();
        QVERIFY(logsFinished.wait(10'000));
        const auto* model = explore->logsPanel()->model();
        QVERIFY(model->rowCount() > 0);
        QVERIFY(!model->index(0, 0).data(ui::LogLinesModel::LineRole).toString().contains(QStringLiteral("ERROR")));

        explore->logsEditor()->setText(QStringLiteral("{app=\"fastapi\"} |= "));
        explore->runLogs();
        QVERIFY(logsFinished.wait(10'000));
        // A bad query shows the parser's message with its position instead of a blank panel.
        const QString error = explore->logsPanel()->errorText();
        QVERIFY2(error.contains(QStringLiteral("parse error")), qPrintable(error));
        QCOMPARE(explore->logsPanel()->model()->rowCount(), 0);
        QVERIFY(explore->logsEditor()->underlinedRange().end > explore->logsEditor()->underlinedRange().begin);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_workbench.reset();
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<services::Workbench> m_workbench;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestClickThroughGui)
#include "tst_click_through_gui.moc"
