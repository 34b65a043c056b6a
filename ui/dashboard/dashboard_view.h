#pragma once

#include "core/common/time.h"
#include "core/dashboards/dashboard.h"
#include "core/labels/labels.h"

#include <QScrollArea>

#include <vector>

class QGridLayout;

namespace sg::services {
class QueryService;
}

namespace sg::ui {

class PanelWidget;

/// A dashboard's panels on Grafana's 24-column grid (about 30 px per grid row), scrollable.
class DashboardView : public QScrollArea
{
    Q_OBJECT
public:
    static constexpr int GridColumns = 24;
    static constexpr int RowHeightPx = 30;

    DashboardView(dashboards::Dashboard dashboard, services::QueryService* queries, QWidget* parent = nullptr);

    const dashboards::Dashboard& dashboard() const { return m_dashboard; }
    const std::vector<PanelWidget*>& panels() const { return m_panels; }
    /// The panel widget titled `title`, or nullptr.
    PanelWidget* panelByTitle(const QString& title) const;

public Q_SLOTS:
    void refresh(sg::TimeRange range);

Q_SIGNALS:
    void seriesClicked(const sg::dashboards::Panel& panel, sg::Labels labels, qint64 timeMs);

private:
    dashboards::Dashboard m_dashboard;
    std::vector<PanelWidget*> m_panels;
    QGridLayout* m_grid = nullptr;
};

} // namespace sg::ui
