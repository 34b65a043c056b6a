#include "dashboard_view.h"

#include "panel_widget.h"

#include <QGridLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sg::ui {

DashboardView::DashboardView(dashboards::Dashboard dashboard, services::QueryService* queries, QWidget* parent)
    : QScrollArea(parent)
    , m_dashboard(std::move(dashboard))
{
    setObjectName(u"dashboardView"_s);
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget;
    content->setObjectName(u"dashboardContent"_s);
    m_grid = new QGridLayout(content);
    m_grid->setContentsMargins(8, 8, 8, 8);
    m_grid->setHorizontalSpacing(8);
    m_grid->setVerticalSpacing(8);
    for (int c = 0; c < GridColumns; ++c)
        m_grid->setColumnStretch(c, 1);

    int rows = 0;
    for (const auto& panel : m_dashboard.panels) {
        const auto& pos = panel.pos;
        const int x = std::clamp(pos.x, 0, GridColumns - 1);
        const int w = std::clamp(pos.w, 1, GridColumns - x);
        const int h = std::max(pos.h, 1);
        auto* widget = new PanelWidget(panel, queries, content);
        widget->setMinimumHeight(h * RowHeightPx - m_grid->verticalSpacing());
        m_grid->addWidget(widget, pos.y, x, h, w);
        m_panels.push_back(widget);
        rows = std::max(rows, pos.y + h);
        // The signal carries the panel by reference: hand out the copy this view keeps.
        const std::size_t index = m_panels.size() - 1;
        connect(widget, &PanelWidget::seriesClicked, this, [this, index](const sg::Labels& labels, qint64 t) {
            Q_EMIT seriesClicked(m_panels[index]->panel(), labels, t);
        });
    }
    for (int r = 0; r < rows; ++r)
        m_grid->setRowMinimumHeight(r, RowHeightPx - m_grid->verticalSpacing());
    m_grid->setRowStretch(rows, 1);
    setWidget(content);
}

PanelWidget* DashboardView::panelByTitle(const QString& title) const
{
    for (auto* p : m_panels) {
        if (p->panel().title == title)
            return p;
    }
    return nullptr;
}

void DashboardView::refresh(sg::TimeRange range)
{
    for (auto* p : m_panels)
        p->refresh(range);
}

} // namespace sg::ui
