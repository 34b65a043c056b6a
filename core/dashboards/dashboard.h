#pragma once

#include <QString>
#include <vector>

namespace sg::dashboards {

/// Where a panel sits on Grafana's 24-column grid (h in grid rows of ~30 px).
struct GridPos
{
    int x = 0;
    int y = 0;
    int w = 12;
    int h = 8;
};

enum class PanelType { TimeSeries, Logs };
enum class Datasource { Prometheus, Loki };

/// One query of a panel (Grafana's "target").
struct PanelQuery
{
    Datasource datasource = Datasource::Prometheus;
    QString expr;
    QString legendFormat; ///< e.g. "{{status}}"; empty: the series' labels
};

/// A panel: its title, kind, place and queries. No widgets: the UI builds them from this.
struct Panel
{
    QString title;
    PanelType type = PanelType::TimeSeries;
    GridPos pos;
    std::vector<PanelQuery> queries;
    QString unit; ///< "reqps", "s", "percentunit", ... (Grafana's unit ids)
    /// The LogQL selector clicks on this panel open (labels of the clicked series narrow it further);
    /// empty: the dashboard's logsSelector.
    QString logsSelector;
};

/// A dashboard: a titled grid of panels with a default time range and refresh.
struct Dashboard
{
    QString uid;
    QString title;
    std::vector<Panel> panels;
    QString timeFrom = QStringLiteral("now-1h");
    QString refresh = QStringLiteral("10s");
    /// The default LogQL selector for click-through from metric panels.
    QString logsSelector;
};

/// The built-in "Service overview" dashboard over the demo service (the seed's queries).
Dashboard serviceOverview();

/// The dashboard shown without the demo: target health and scrape cost of every configured target.
Dashboard targetsOverview();

} // namespace sg::dashboards
