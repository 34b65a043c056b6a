#pragma once

#include "core/common/time.h"
#include "core/dashboards/dashboard.h"
#include "core/labels/labels.h"

#include <QMainWindow>

class QLabel;
class QTabWidget;
class QToolButton;

namespace sg::services {
class QueryService;
}

namespace sg::scrape {
class ScrapeManager;
}

namespace sg::ui {
class DashboardView;
class ExplorePage;
class TargetsPage;
class TimeRangePicker;
} // namespace sg::ui

namespace sg {

/// The workbench window: a toolbar (dashboard title, time range, refresh), the Dashboard and Explore pages
/// in tabs, and a status bar. It only wires the pages; each page owns its logic.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(services::QueryService* queries, dashboards::Dashboard dashboard, QWidget* parent = nullptr);

    ui::DashboardView* dashboardView() const { return m_dashboard; }
    ui::ExplorePage* explorePage() const { return m_explore; }
    ui::TargetsPage* targetsPage() const { return m_targets; }
    /// Feeds the Targets tab from the scraper (its statuses are read once a second, thread-safe).
    void setScrapeManager(scrape::ScrapeManager* manager);
    QTabWidget* tabs() const { return m_tabs; }
    ui::TimeRangePicker* timeRangePicker() const { return m_picker; }

public Q_SLOTS:
    /// Re-runs the queries of the visible page for the picker's range.
    void refresh();

private:
    void openLogsFor(const dashboards::Panel& panel, const Labels& labels, qint64 timeMs);
    void openLogs(const QString& baseSelector, const Labels& labels, qint64 timeMs, DurationMs step);

    services::QueryService* m_queries = nullptr;
    dashboards::Dashboard m_model;
    ui::DashboardView* m_dashboard = nullptr;
    ui::ExplorePage* m_explore = nullptr;
    ui::TargetsPage* m_targets = nullptr;
    ui::TimeRangePicker* m_picker = nullptr;
    QTabWidget* m_tabs = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace sg
