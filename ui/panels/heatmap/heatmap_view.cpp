#include "heatmap_view.h"

#include "heatmap_palette.h"

#include "core/dashboards/dashboard.h"
#include "ui/panels/common/panel_paint.h"
#include "ui/panels/common/plot_axes.h"

#include <QFontMetrics>
#include <QImage>
#include <QJsonObject>
#include <QPainter>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::ui::heatmap {

HeatmapView::HeatmapView(QWidget* parent)
    : CachedPlotView(parent)
{
}

void HeatmapView::setPanel(const dashboards::Panel& panel)
{
    m_panel = panel;
    rebuild();
}

void HeatmapView::setData(const query::PanelData& data)
{
    m_data = data;
    rebuild();
}

void HeatmapView::rebuild()
{
    const QJsonObject options = m_panel.options();
    const QJsonObject color = options.value(u"color").toObject();
    m_palette = quantizedPalette(PaletteOptions::fromJson(color));

    m_grid = buildGrid(m_panel, m_data);
    m_seriesCount = int(m_data.series.size());
    m_colorMin = dashboards::jsonNumber(color.value(u"min")).value_or(m_grid.minCount);
    m_colorMax = dashboards::jsonNumber(color.value(u"max")).value_or(m_grid.maxCount);
    m_hideLe = dashboards::jsonNumber(options.value(u"filterValues").toObject().value(u"le")).value_or(1e-9);
    m_cellGap = std::clamp(options.value(u"cellGap").toInt(1), 0, 25);
    m_legend = options.value(u"legend").toObject().value(u"show").toBool(true);
    const QJsonObject tooltip = options.value(u"tooltip").toObject();
    m_tooltip = tooltip.value(u"show").toBool(true) && tooltip.value(u"mode").toString() != u"none";
    const QJsonObject yAxis = options.value(u"yAxis").toObject();
    m_yUnit = yAxis.value(u"unit").toString(m_panel.fieldDefaults().value(u"unit").toString());
    m_yDecimals.reset();
    if (const auto d = dashboards::jsonNumber(yAxis.value(u"decimals")))
        m_yDecimals = int(*d);
    m_fromMs = m_data.fromMs;
    m_toMs = m_data.toMs;
    if (m_toMs <= m_fromMs && !m_grid.isEmpty()) {
        m_fromMs = m_grid.startMs.front();
        m_toMs = m_grid.endMs.back();
    }
    invalidate();
}

QString HeatmapView::summary() const
{
    if (m_grid.isEmpty())
        return u"No data"_s;
    return u"%1 buckets x %2 steps"_s.arg(m_grid.rowCount()).arg(m_grid.columnCount());
}

QColor HeatmapView::colorFor(double count) const
{
    if (std::isnan(count) || count <= m_hideLe || m_palette.empty())
        return QColor(0, 0, 0, 0);
    return QColor::fromRgba(m_palette[std::size_t(paletteIndex(count, m_colorMin, m_colorMax, int(m_palette.size())))]);
}

QString HeatmapView::formatY(double v) const
{
    if (std::isinf(v))
        return v > 0 ? u"+Inf"_s : u"-Inf"_s;
    return plot::formatValue(m_yUnit, v, m_yDecimals);
}

QStringList HeatmapView::rowLabels() const
{
    QStringList labels;
    switch (m_grid.layout) {
    case RowLayout::Ordinal:
        for (const auto& b : m_grid.rows)
            labels << b.label;
        break;
    case RowLayout::UpperBound:
        for (const auto& b : m_grid.rows)
            labels << (std::isinf(b.upper) ? u"+Inf"_s : formatY(b.upper));
        break;
    case RowLayout::LowerBound: // boundaries: one more than rows
        for (const auto& b : m_grid.rows)
            labels << formatY(b.lower);
        if (!m_grid.rows.empty())
            labels << formatY(m_grid.rows.back().upper);
        break;
    }
    return labels;
}

QString HeatmapView::bucketText(std::size_t row) const
{
    const Bucket& b = m_grid.rows[row];
    switch (m_grid.layout) {
    case RowLayout::Ordinal:
        return b.label;
    case RowLayout::UpperBound:
        return u"Bucket: %1 – %2"_s.arg(formatY(b.lower), std::isinf(b.upper) ? u"+Inf"_s : formatY(b.upper));
    case RowLayout::LowerBound:
        break;
    }
    return u"Bucket: %1 – %2"_s.arg(formatY(b.lower), formatY(b.upper));
}

void HeatmapView::renderBase(QPainter& p, const QRectF& area)
{
    if (m_grid.isEmpty() || !m_data.error.isEmpty()) {
        m_plot = {};
        paintNoData(p, area, m_data.error.isEmpty() ? u"No data"_s : m_data.error);
        return;
    }
    const QFontMetrics fm(p.font());
    const QStringList labels = rowLabels();
    int labelWidth = 0;
    for (const auto& l : labels)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(l));
    const double legendH = m_legend ? fm.height() + 12 : 0;
    const double left = area.left() + labelWidth + 12;
    const double top = area.top() + 8;
    const double bottom = area.bottom() - fm.height() - 8 - legendH;
    m_plot = QRectF(QPointF(left, top), QPointF(area.right() - 12, bottom));
    if (m_plot.width() < 4 || m_plot.height() < 4)
        return;
    paintCells(p);
    paintYAxis(p, labels);
    plot::drawTimeAxis(p, m_plot, m_fromMs, m_toMs, zone(), false);
    if (m_legend)
        paintLegend(p, QRectF(m_plot.left(), area.bottom() - legendH, m_plot.width(), legendH));
}

void HeatmapView::paintCells(QPainter& p)
{
    const int width = int(m_plot.width());
    const int height = int(m_plot.height());
    const std::size_t rows = m_grid.rowCount();
    const double span = double(m_toMs - m_fromMs);
    if (width <= 0 || height <= 0 || rows == 0 || span <= 0)
        return;

    // Reduce the columns to pixel columns: each pixel keeps the hottest count per row among the columns it covers.
    std::vector<double> reduced(std::size_t(width) * rows, query::NullValue);
    std::vector<char> columnGap(std::size_t(width), 0);
    for (std::size_t c = 0; c < m_grid.columnCount(); ++c) {
        const double x0 = double(m_grid.startMs[c] - m_fromMs) / span * width;
        const double x1 = double(m_grid.endMs[c] - m_fromMs) / span * width;
        if (x1 <= 0 || x0 >= width)
            continue;
        const int px0 = std::max(0, int(std::floor(x0)));
        const int px1 = std::min(width, std::max(px0 + 1, int(std::floor(x1))));
        if (m_cellGap > 0 && x1 - x0 >= 3 * m_cellGap)
            for (int g = std::max(px0, px1 - m_cellGap); g < px1; ++g)
                columnGap[std::size_t(g)] = 1;
        for (int px = px0; px < px1; ++px) {
            double* out = reduced.data() + std::size_t(px) * rows;
            for (std::size_t r = 0; r < rows; ++r) {
                const double v = m_grid.count(c, r);
                if (!std::isnan(v) && (std::isnan(out[r]) || v > out[r]))
                    out[r] = v;
            }
        }
    }

    const double rowH = double(height) / double(rows);
    const bool rowGaps = m_cellGap > 0 && rowH >= 3 * m_cellGap;
    std::vector<QRgb> premultiplied(m_palette.size());
    for (std::size_t i = 0; i < m_palette.size(); ++i)
        premultiplied[i] = qPremultiply(m_palette[i]);
    const int paletteSize = int(m_palette.size());
    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    for (int y = 0; y < height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        const double fromTop = double(y) / rowH;
        const auto rowFromTop = std::min(rows - 1, std::size_t(fromTop));
        const std::size_t r = rows - 1 - rowFromTop;
        const bool gap = rowGaps && (double(rowFromTop) + 1) * rowH - double(y) <= m_cellGap;
        for (int x = 0; x < width; ++x) {
            const double v = reduced[std::size_t(x) * rows + r];
            if (gap || columnGap[std::size_t(x)] || std::isnan(v) || v <= m_hideLe || paletteSize == 0)
                line[x] = 0;
            else
                line[x] = premultiplied[std::size_t(paletteIndex(v, m_colorMin, m_colorMax, paletteSize))];
        }
    }
    p.drawImage(m_plot.topLeft(), image);
}

void HeatmapView::paintYAxis(QPainter& p, const QStringList& labels)
{
    const QFontMetrics fm(p.font());
    const std::size_t rows = m_grid.rowCount();
    const double rowH = m_plot.height() / double(rows);
    const bool boundaries = m_grid.layout == RowLayout::LowerBound;
    const int every = std::max(1, int(std::ceil((fm.height() + 2) / rowH)));
    p.setPen(paint::mutedText());
    for (qsizetype i = 0; i < labels.size(); i += every) {
        const double y = boundaries ? m_plot.bottom() - double(i) * rowH : m_plot.bottom() - (double(i) + 0.5) * rowH;
        const QString& text = labels[i];
        p.drawText(QPointF(m_plot.left() - 8 - fm.horizontalAdvance(text), y + fm.ascent() / 2.0 - 1), text);
    }
}

void HeatmapView::paintLegend(QPainter& p, const QRectF& area)
{
    if (m_palette.empty())
        return;
    const QFontMetrics fm(p.font());
    const QString lo = plot::formatValue(QString(), m_colorMin);
    const QString hi = plot::formatValue(QString(), m_colorMax);
    const double barW = std::min(160.0, area.width() / 3);
    const double y = area.top() + (area.height() - 8) / 2 + 2;
    double x = area.left();
    p.setPen(paint::mutedText());
    p.drawText(QPointF(x, y + fm.ascent() / 2.0 + 3), lo);
    x += fm.horizontalAdvance(lo) + 6;
    const double stepW = barW / double(m_palette.size());
    for (std::size_t i = 0; i < m_palette.size(); ++i)
        p.fillRect(QRectF(x + double(i) * stepW, y, stepW + 0.5, 8), QColor::fromRgba(m_palette[i]));
    x += barW + 6;
    p.drawText(QPointF(x, y + fm.ascent() / 2.0 + 3), hi);
}

std::optional<std::pair<std::size_t, std::size_t>> HeatmapView::cellAt(const QPointF& pos) const
{
    if (m_grid.isEmpty() || !m_plot.contains(pos))
        return std::nullopt;
    const qint64 t = timeAt(pos.x());
    // Columns are sorted: the first whose end is after t, if it starts at or before t.
    const auto it = std::upper_bound(m_grid.endMs.begin(), m_grid.endMs.end(), t);
    if (it == m_grid.endMs.end())
        return std::nullopt;
    const auto col = std::size_t(it - m_grid.endMs.begin());
    if (m_grid.startMs[col] > t)
        return std::nullopt;
    const double rowH = m_plot.height() / double(m_grid.rowCount());
    const auto fromTop = std::min(m_grid.rowCount() - 1, std::size_t((pos.y() - m_plot.top()) / rowH));
    return std::make_pair(col, m_grid.rowCount() - 1 - fromTop);
}

void HeatmapView::paintHover(QPainter& p, const QPointF& pos)
{
    const auto cell = cellAt(pos);
    if (!cell || !m_tooltip)
        return;
    const auto [col, row] = *cell;
    const double rowH = m_plot.height() / double(m_grid.rowCount());
    const double x0 = std::max(m_plot.left(), xAt(m_grid.startMs[col]));
    const double x1 = std::min(m_plot.right(), xAt(m_grid.endMs[col]));
    const double y0 = m_plot.bottom() - double(row + 1) * rowH;
    p.setPen(QPen(QColor(255, 255, 255, 200), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRectF(x0, y0, std::max(1.0, x1 - x0), rowH));
    const qint64 t = m_grid.layout == RowLayout::LowerBound ? m_grid.startMs[col] : m_grid.endMs[col];
    const double count = m_grid.count(col, row);
    QStringList lines { plot::formatDateTime(t, zone()), bucketText(row) };
    lines << (m_grid.layout == RowLayout::Ordinal ? u"Value: %1"_s : u"Count: %1"_s)
                 .arg(std::isnan(count) ? u"-"_s : plot::formatValue(QString(), count));
    plot::drawTooltip(p, pos, lines, QRectF(rect()));
}

} // namespace sg::ui::heatmap
