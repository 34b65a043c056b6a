#pragma once

#include "core/dashboards/dashboard.h"
#include "core/fieldconfig/data_links.h"
#include "core/query/frame.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QPoint>
#include <QString>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

namespace sg::ui {

/// How a panel type wants its targets run.
enum class PanelQueryKind {
    None,         ///< text, row: no queries
    Range,        ///< time series over the range (each target may still ask for an instant query)
    Logs,         ///< log lines (LogQL log queries); metric targets of a logs panel still run as range
};

/// One option a plugin exposes in the panel editor's options pane, by its path in the panel JSON
/// ("options.colorMode", "fieldConfig.defaults.unit", "fieldConfig.defaults.custom.fillOpacity").
struct OptionDescriptor
{
    enum class Editor { Text, Number, Bool, Select, Unit, Color, Thresholds, Mappings, Json };
    QString path;
    QString name;        ///< "Color mode"
    QString category;    ///< "Stat styles", "Standard options", "Axis", ...
    Editor editor = Editor::Text;
    QJsonValue defaultValue;
    QStringList choices; ///< Select: the values ("value", "background", ...)
    QString description;
};

/// A click on a value (a point, a table cell, a stat): what was clicked, the field's data links (unresolved) and
/// where, so that the frame can offer the links in a menu.
struct DataClick
{
    fieldconfig::DataLinkOrigin origin;
    std::vector<fieldconfig::DataLink> links;
    QPoint globalPos;
};

/// A panel's view: it receives the panel's JSON (options, fieldConfig) and data frames, and paints them.
/// It never sees a service: the runner feeds it values.
class PanelView : public QWidget
{
    Q_OBJECT
public:
    using QWidget::QWidget;

    /// The panel's current JSON (type-specific `options`, `fieldConfig`, ...). Called before the first data and
    /// whenever the panel is edited.
    virtual void setPanel(const dashboards::Panel& panel) = 0;
    /// The latest answers. `data.loading` marks a refresh in flight over the previous data.
    virtual void setData(const query::PanelData& data) = 0;
    /// The dashboard's time zone ("utc", "browser" / "" for local) for time formatting.
    virtual void setTimeZone(const QString& tz) { m_timeZone = tz; }
    /// A line of text describing what is painted, for tests and `render --report` ("3 series", "42 rows", ...).
    virtual QString summary() const { return {}; }
    /// Number of series (or rows, for a logs panel) the view shows.
    virtual int seriesCount() const { return 0; }
    /// The dashboard's shared crosshair (Grafana's graphTooltip 1 and 2) at `timeMs` from another panel; -1 clears.
    /// `withTooltip`: graphTooltip 2 also shows the tooltip. Time-based views draw it; others ignore it.
    virtual void setSharedHover(qint64 timeMs, bool withTooltip)
    {
        Q_UNUSED(timeMs);
        Q_UNUSED(withTooltip);
    }

    /// The dashboard's annotations (markers over the time axis); time-based views draw them, others ignore them.
    virtual void setAnnotations(const std::vector<query::Annotation>& annotations) { Q_UNUSED(annotations); }
    /// The labels of the series under the mouse (the one a single-series tooltip shows); nullopt when the mouse is
    /// not over the plot or the view has no series.
    virtual std::optional<query::LabelPairs> hoveredSeries() const { return std::nullopt; }

Q_SIGNALS:
    /// A click on a point of a series: its labels (as pairs) and the time under the mouse.
    void seriesClicked(const sg::query::LabelPairs& labels, qint64 timeMs);
    /// A click on a value; views emit it before seriesClicked for the same click.
    void dataClicked(const sg::ui::DataClick& click);
    /// A drag over a time range (zoom).
    void rangeSelected(qint64 fromMs, qint64 toMs);
    /// A Shift+drag over a time range, then "Show logs": show the logs of the panel's series for it.
    void logsRangeSelected(qint64 fromMs, qint64 toMs);
    /// A Shift+drag, then "What changed in the logs": the log patterns of the range against a baseline.
    void whatChangedRangeSelected(qint64 fromMs, qint64 toMs);
    /// The view changed its panel's `options` itself (a click on the legend's sort header); the dashboard keeps them.
    void optionsChanged(const QJsonObject& options);
    /// The shared crosshair moved to `timeMs` (-1: left the panel).
    void hoverTimeChanged(qint64 timeMs);

protected:
    QString m_timeZone;
};

/// A panel type: Grafana's id, its defaults and option descriptors, and a factory for its view.
class PanelPlugin
{
public:
    virtual ~PanelPlugin() = default;
    virtual QString id() const = 0;   ///< Grafana's type id: "timeseries", "stat", ...
    virtual QString name() const = 0; ///< "Time series"
    virtual PanelQueryKind queryKind() const { return PanelQueryKind::Range; }
    /// Default `options` for a new panel of this type.
    virtual QJsonObject defaultOptions() const { return {}; }
    virtual std::vector<OptionDescriptor> optionDescriptors() const { return {}; }
    virtual PanelView* createView(QWidget* parent) const = 0;
};

} // namespace sg::ui
