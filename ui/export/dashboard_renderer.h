#pragma once

#include "core/dashboards/dashboard.h"
#include "core/dashboards/datasources.h"

#include <QElapsedTimer>
#include <QImage>
#include <QJsonObject>
#include <QSize>
#include <QString>

#include <functional>
#include <utility>
#include <vector>

namespace sg::services {
class QueryClient;
}

namespace sg::ui {

/// What to render and how.
struct RenderOptions
{
    QSize size { 1600, 1000 };  ///< the width of the image; the height grows to hold every panel of the dashboard
    QString from;               ///< empty: the dashboard's own range
    QString to;
    std::vector<std::pair<QString, QString>> variables; ///< NAME=VALUE; a name given twice selects both values
    int panelId = 0;            ///< render this panel alone, at `size`
    bool expandRows = false;    ///< expand collapsed rows first (so that their panels render too)
    int timeoutMs = 60'000;     ///< how long panels may take to answer
    qint64 nowMs = 0;           ///< 0: the clock
    bool svg = false;           ///< also paint an SVG document (RenderResult::svg)
};

/// One panel as rendered.
struct RenderedPanel
{
    int id = 0;
    QString type;
    QString title;
    QString renderedAs;         ///< the plugin id, "placeholder", or "row"
    int queries = 0;            ///< queries run
    int series = 0;             ///< series (or log lines) shown
    QString error;              ///< empty when the panel answered without error
};

struct RenderResult
{
    QImage image;
    QByteArray svg;             ///< with RenderOptions::svg: the same picture as an SVG document
    QString title;
    std::vector<RenderedPanel> panels;
    QString error;              ///< the render itself failed (unknown panel, timeout)
    qint64 elapsedMs = 0;       ///< from the first query to the last answer
};

/// Renders a dashboard (or one panel) off screen with the workbench's own panels: variables refreshed, every panel's
/// queries run through `client`, the result painted into an image. Needs a QApplication (any platform; offscreen is
/// fine).
/// Runs the event loop, asleep between events as a window's is, until `done()` or `timeoutMs` after `clock` started;
/// `done` is checked every `tickMs`. Returns `done()`.
bool waitUntil(const std::function<bool()>& done, const QElapsedTimer& clock, int timeoutMs, int tickMs = 5);

RenderResult renderDashboard(const dashboards::Dashboard& dashboard, services::QueryClient* client,
    const RenderOptions& options, const dashboards::DatasourceRegistry& datasources = dashboards::DatasourceRegistry::embedded());

/// The `--report` JSON: {"title", "panels": [{"id", "type", "title", "rendered_as", "queries", "series", "error"}]}.
QJsonObject renderReport(const RenderResult& result);

} // namespace sg::ui
