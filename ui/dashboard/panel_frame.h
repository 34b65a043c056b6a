#pragma once

#include "core/dashboards/panel_queries.h"
#include "core/query/frame.h"
#include "ui/panels/panel_plugin.h"

#include <QFrame>

class QLabel;
class QMenu;
class QToolButton;

namespace sg::services {
class QueryClient;
}

namespace sg::ui {

class PanelQueryRunner;

/// The frame around every panel, whatever its type: title (with the panel's time note), a menu (edit, inspect,
/// duplicate, remove, export), loading, error and warning badges. It hosts the type's view, from the plugin
/// registry, or a placeholder naming an unsupported type; it runs the panel's queries through its runner.
class PanelFrame : public QFrame
{
    Q_OBJECT
public:
    PanelFrame(const dashboards::Panel& panel, services::QueryClient* client, QWidget* parent = nullptr);
    ~PanelFrame() override;

    int panelId() const { return m_panel.id(); }
    const dashboards::Panel& panel() const { return m_panel; }
    /// A new version of the panel's JSON: the view is recreated when the type changed, else updated.
    void setPanel(const dashboards::Panel& panel);

    /// Runs the panel's queries for `context`; `widthPx` is filled with the view's width.
    void refresh(const dashboards::Dashboard& dashboard, const dashboards::DatasourceRegistry& datasources,
        dashboards::PanelQueryContext context);
    void setTimeZone(const QString& tz);

    PanelView* view() const { return m_view; }
    /// The plugin id the panel renders as, or "placeholder".
    QString renderedAs() const { return m_renderedAs; }
    const query::PanelData& data() const { return m_data; }
    const dashboards::PanelQueryPlan& lastPlan() const;
    bool isLoading() const { return m_loading; }
    QString errorText() const { return m_data.error; }
    bool hasRefreshed() const { return m_refreshed; }
    bool stale() const { return m_stale; }
    void setStale(bool stale) { m_stale = stale; }
    QToolButton* menuButton() const { return m_menuButton; }
    /// The header's link button (shown when the panel has `links`) and the menu of the last value click that had
    /// data links (null until then).
    QToolButton* linksButton() const { return m_linksButton; }
    QMenu* dataLinkMenu() const { return m_dataLinkMenu; }
    /// Adds `widget` to the header, before the title (badges of other components).
    void addHeaderWidget(QWidget* widget);
    /// The dashboard's annotations, kept for views created later (a type change).
    void setAnnotations(const std::vector<query::Annotation>& annotations);
    /// Docks `widget` under the view (the log lens), taking `stretch` parts of the height against the view's 3.
    void addDock(QWidget* widget, int stretch);
    /// What links are interpolated with: the dashboard's variables, range and zone, and the panel's scoped values.
    templating::InterpolationContext linkContext() const;

Q_SIGNALS:
    /// The panel's queries answered (or failed) and the view has the data.
    void refreshed();
    void editRequested(int panelId);
    void inspectRequested(int panelId);
    void duplicateRequested(int panelId);
    void removeRequested(int panelId);
    /// Export the panel (0: the dashboard) as a picture: PNG, or SVG with `svg`.
    void exportRequested(int panelId, bool svg);
    void viewRequested(int panelId);
    void seriesClicked(int panelId, const sg::query::LabelPairs& labels, qint64 timeMs);
    void rangeSelected(qint64 fromMs, qint64 toMs);
    void logsRangeSelected(int panelId, qint64 fromMs, qint64 toMs);
    void whatChangedRangeSelected(int panelId, qint64 fromMs, qint64 toMs);
    void hoverTimeChanged(qint64 timeMs);
    /// The view changed the panel's options (a legend sort); the dashboard should keep them.
    void optionsEdited(int panelId, const QJsonObject& options);
    /// A panel link or data link was chosen: its interpolated URL.
    void linkActivated(const QString& href, bool targetBlank);

private:
    void createView();
    void updatePanelLinks();
    void showDataLinks(const DataClick& click);
    void onSeriesClicked(const query::LabelPairs& labels, qint64 timeMs);
    void onData(const query::PanelData& data);
    void updateBadges();

    dashboards::Panel m_panel;
    services::QueryClient* m_client = nullptr;
    PanelQueryRunner* m_runner = nullptr;
    PanelView* m_view = nullptr;
    QString m_renderedAs;
    QLabel* m_title = nullptr;
    QLabel* m_timeInfo = nullptr;
    QLabel* m_badge = nullptr;
    QLabel* m_loadingLabel = nullptr;
    QToolButton* m_menuButton = nullptr;
    QToolButton* m_linksButton = nullptr;
    QMenu* m_dataLinkMenu = nullptr;
    bool m_clickShowsLinks = false; ///< the current click opened the data link menu; click-through goes in it
    dashboards::PanelQueryContext m_context;
    query::PanelData m_data;
    std::vector<query::Annotation> m_annotations;
    QString m_timeZone;
    bool m_loading = false;
    bool m_refreshed = false;
    bool m_stale = true;
};

/// A row's header: a chevron and the title, with the number of panels a collapsed row holds; a click toggles.
class RowHeader : public QFrame
{
    Q_OBJECT
public:
    /// `title`: the row's title as shown (a repeated row's with its value interpolated).
    RowHeader(const dashboards::Panel& row, const QString& title, QWidget* parent = nullptr);
    int rowId() const { return m_id; }
    QString titleText() const;

Q_SIGNALS:
    void toggleRequested(int rowId);

protected:
    void mousePressEvent(QMouseEvent* event) override;

private:
    int m_id = 0;
    QLabel* m_label = nullptr;
};

} // namespace sg::ui
