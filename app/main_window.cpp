#include "main_window.h"

#include "core/services/query_service.h"
#include "ui/dashboard/dashboard_view.h"
#include "ui/dashboard/panel_widget.h"
#include "ui/pages/click_through.h"
#include "ui/pages/explore_page.h"
#include "ui/pages/targets_page.h"
#include "ui/widgets/query_editor.h"
#include "ui/widgets/time_range_picker.h"

#include <QDateTime>
#include <QLabel>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace sg {

MainWindow::MainWindow(services::QueryService* queries, dashboards::Dashboard dashboard, QWidget* parent)
    : QMainWindow(parent)
    , m_queries(queries)
    , m_model(dashboard)
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(u"Sightglass — %1"_s.arg(m_model.title));
    resize(1400, 900);

    auto* toolbar = addToolBar(tr("Dashboard"));
    toolbar->setObjectName(u"mainToolbar"_s);
    toolbar->setMovable(false);
    auto* title = new QLabel(m_model.title, toolbar);
    title->setObjectName(u"dashboardTitle"_s);
    title->setStyleSheet(u"font-size: 15px; font-weight: 600; color: #d8d9da; padding: 0 8px;"_s);
    toolbar->addWidget(title);
    auto* spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);
    m_picker = new ui::TimeRangePicker(toolbar);
    toolbar->addWidget(m_picker);
    auto* refreshButton = new QToolButton(toolbar);
    refreshButton->setObjectName(u"refreshButton"_s);
    refreshButton->setText(tr("Refresh"));
    refreshButton->setToolTip(tr("Run the queries again (F5)"));
    refreshButton->setShortcut(QKeySequence::Refresh);
    toolbar->addWidget(refreshButton);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"pageTabs"_s);
    m_tabs->setDocumentMode(true);
    m_dashboard = new ui::DashboardView(std::move(dashboard), queries, m_tabs);
    m_explore = new ui::ExplorePage(queries, m_tabs);
    m_tabs->addTab(m_dashboard, tr("Dashboard"));
    m_tabs->addTab(m_explore, tr("Explore"));
    m_targets = new ui::TargetsPage(m_tabs);
    m_tabs->addTab(m_targets, tr("Targets"));
    setCentralWidget(m_tabs);

    m_status = new QLabel(this);
    m_status->setObjectName(u"statusText"_s);
    statusBar()->addWidget(m_status, 1);

    // Dashboards state their default range and refresh the way Grafana does ("now-1h", "10s").
    if (const DurationMs span = ui::TimeRangePicker::parseDuration(m_model.timeFrom); span > 0)
        m_picker->setRelative(span);
    m_picker->setRefreshInterval(ui::TimeRangePicker::parseDuration(m_model.refresh));

    connect(refreshButton, &QToolButton::clicked, this, &MainWindow::refresh);
    connect(m_picker, &ui::TimeRangePicker::rangeChanged, this, &MainWindow::refresh);
    connect(m_picker, &ui::TimeRangePicker::refreshRequested, this, [this] {
        // Auto refresh only redraws the dashboard: Explore keeps what the user is reading.
        if (m_tabs->currentWidget() == m_dashboard)
            refresh();
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int) {
        if (m_tabs->currentWidget() == m_dashboard)
            refresh();
    });
    connect(m_dashboard, &ui::DashboardView::seriesClicked, this, &MainWindow::openLogsFor);
    connect(m_explore, &ui::ExplorePage::seriesClicked, this, [this](const Labels& labels, qint64 timeMs) {
        // In Explore a click narrows the selector being read, or the dashboard's when there is none.
        const QString current = m_explore->logsEditor()->text().trimmed();
        openLogs(current.isEmpty() ? m_model.logsSelector : current, labels, timeMs, m_explore->metricsStep());
    });
    refresh();
}

void MainWindow::refresh()
{
    const TimeRange range = m_picker->currentRange();
    if (m_tabs->currentWidget() == m_dashboard) {
        m_dashboard->refresh(range);
    } else {
        m_explore->setTimeRange(range);
        m_explore->runMetrics();
        m_explore->runLogs();
    }
    m_status->setText(tr("Refreshed at %1").arg(QDateTime::currentDateTime().toString(u"HH:mm:ss"_s)));
}

void MainWindow::openLogsFor(const dashboards::Panel& panel, const Labels& labels, qint64 timeMs)
{
    const QString base = panel.logsSelector.isEmpty() ? m_model.logsSelector : panel.logsSelector;
    DurationMs step = ui::PanelWidget::ScrapeInterval;
    if (const auto* widget = m_dashboard->panelByTitle(panel.title))
        step = widget->lastStep();
    // Explore shows the clicked panel's graph above its logs, as Grafana's split view does.
    m_explore->setTimeRange(m_picker->currentRange());
    for (const auto& query : panel.queries) {
        if (query.datasource == dashboards::Datasource::Prometheus) {
            m_explore->showMetrics(query.expr);
            break;
        }
    }
    openLogs(base, labels, timeMs, step);
}

void MainWindow::openLogs(const QString& baseSelector, const Labels& labels, qint64 timeMs, DurationMs step)
{
    const QStringList logLabels = m_queries ? m_queries->logLabelNames() : QStringList();
    const QString selector = ui::logsSelectorFor(baseSelector, labels, logLabels);
    if (selector.isEmpty()) {
        m_status->setText(tr("No log labels match %1").arg(QString::fromStdString(labels.toString())));
        return;
    }
    const TimeRange window = ui::logsWindowFor(timeMs, step);
    m_tabs->setCurrentWidget(m_explore);
    m_explore->showLogs(selector, window.minMs, window.maxMs);
    m_status->setText(tr("Logs for %1 around %2")
                          .arg(labels.empty() ? tr("the series") : QString::fromStdString(labels.toString()),
                              QDateTime::fromMSecsSinceEpoch(timeMs).toString(u"HH:mm:ss"_s)));
}

void MainWindow::setScrapeManager(scrape::ScrapeManager* manager)
{
    m_targets->setScrapeManager(manager);
}

} // namespace sg
