#pragma once

// The legend: its entries (display names, colours, calculation values formatted with the unit), their order (table
// mode sorts by `sortBy`), their boxes for a given rectangle (list: flowing items or one per row at the right;
// table: a header and one row per series) and their painting. Clicks are resolved to entries here; what a click
// does to visibility is the model's clickLegend().

#include "timeseries_model.h"

#include <QFontMetricsF>
#include <QRectF>
#include <QStringList>

#include <vector>

class QPainter;

namespace sg::ui::timeseries {

struct LegendEntry
{
    int series = 0;      ///< index into PlotModel::series
    QString name;
    QColor color;
    QStringList values;  ///< one formatted value per calculation
    std::vector<double> numbers;
    bool shown = true;   ///< false: hidden by a legend click (drawn dimmed)
    QRectF rect;         ///< after layout(): the entry's clickable box
};

class Legend
{
public:
    /// Entries of the series not hidden from the legend, sorted as `options.legend.sortBy/sortDesc` say.
    void build(const PlotModel& model);
    /// The height (bottom placement) or width (right placement) the legend wants inside `bounds`.
    double extent(const QRectF& bounds, const QFontMetricsF& fm) const;
    /// Places the entries inside `rect`.
    void layout(const QRectF& rect, const QFontMetricsF& fm);
    void paint(QPainter& p) const;
    /// The entry under `pos`, or -1.
    int entryAt(const QPointF& pos) const;
    /// Table mode: the sort key of the header column under `pos` ("Name" or a calculation's display name), or "".
    QString headerAt(const QPointF& pos) const;
    /// Table mode: the header cell of sort key `key` (empty when there is none).
    QRectF headerRect(const QString& key) const;

    const std::vector<LegendEntry>& entries() const { return m_entries; }
    const QStringList& calcNames() const { return m_calcNames; }
    bool isEmpty() const { return m_entries.empty(); }

private:
    double columnWidth(int calc, const QFontMetricsF& fm) const;

    LegendOptions m_options;
    std::vector<LegendEntry> m_entries;
    QStringList m_calcNames; ///< the calculations' display names ("Mean", "Last *")
    QRectF m_rect;
    std::vector<double> m_columnX; ///< table mode: right edge of each value column
    double m_nameRight = 0;        ///< table mode: where the name column ends
    double m_rowHeight = 0;
    QFontMetricsF m_fm { QFont() };
};

} // namespace sg::ui::timeseries
