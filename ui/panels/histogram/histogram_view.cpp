#include "histogram_view.h"

#include "core/fieldconfig/field_color.h"
#include "ui/panels/common/panel_options.h"
#include "ui/panels/common/panel_paint.h"
#include "ui/panels/common/plot_axes.h"

#include <QFontMetrics>
#include <QJsonObject>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <functional>

using namespace Qt::StringLiterals;

namespace sg::ui::histogram {

HistogramView::HistogramView(QWidget* parent)
    : CachedPlotView(parent)
{
}

void HistogramView::setPanel(const dashboards::Panel& panel)
{
    m_panel = panel;
    rebuild();
}

void HistogramView::setData(const query::PanelData& data)
{
    m_data = data;
    rebuild();
}

void HistogramView::rebuild()
{
    m_config = fieldconfig::FieldConfig::fromJson(
        paint::effectiveFieldConfig(m_panel, u"palette-classic"_s).value(u"defaults").toObject());
    const QJsonObject custom = m_config.custom;
    m_unit = m_config.unit;
    m_stacking = custom.value(u"stacking").toObject().value(u"mode").toString(u"none"_s);
    m_fillOpacity = std::clamp(custom.value(u"fillOpacity").toDouble(80), 0.0, 100.0) / 100.0;
    m_lineWidth = std::clamp(custom.value(u"lineWidth").toInt(1), 0, 10);
    const QJsonObject legend = m_panel.options().value(u"legend").toObject();
    m_legend = legend.value(u"showLegend").toBool(true) && legend.value(u"displayMode").toString() != u"hidden";
    m_histogram = buildHistogram(m_data.series, Options::fromJson(m_panel.options()));
    m_seriesCount = int(m_data.series.size());
    if (!m_histogram.isEmpty()) {
        m_xMin = m_histogram.starts.front();
        m_xMax = m_histogram.starts.back() + m_histogram.bucketSize;
        double top = 0;
        for (std::size_t b = 0; b < m_histogram.starts.size(); ++b) {
            double sum = 0;
            for (const auto& row : m_histogram.counts) {
                sum = m_stacking == u"normal" ? sum + row[b] : std::max(sum, row[b]);
            }
            top = std::max(top, sum);
        }
        if (m_stacking == u"percent")
            top = 1;
        const double step = plot::niceStep(top, 5);
        m_yMax = std::max(step, std::ceil(top / step - 1e-9) * step);
    }
    invalidate();
}

QString HistogramView::summary() const
{
    if (m_histogram.isEmpty())
        return u"No data"_s;
    return u"%1 buckets, %2 series"_s.arg(m_histogram.starts.size()).arg(m_histogram.counts.size());
}

QColor HistogramView::seriesColor(std::size_t row) const
{
    // By-value modes have no single colour for a series of bucket counts: those series take the palette.
    if (fieldconfig::isByValueColorMode(m_config.color.mode))
        return paint::paletteColor(int(row));
    fieldconfig::FieldConfig config = m_config;
    config.seriesIndex = int(row);
    if (row < m_histogram.names.size())
        config.seriesName = m_histogram.names[row];
    return paint::toQColor(fieldconfig::fieldColor(config, 0, 0, fieldconfig::fallbackThreshold()));
}

double HistogramView::xOf(double value) const
{
    return m_plot.left() + (value - m_xMin) / (m_xMax - m_xMin) * m_plot.width();
}

double HistogramView::yOf(double count) const { return m_plot.bottom() - count / m_yMax * m_plot.height(); }

void HistogramView::renderBase(QPainter& p, const QRectF& area)
{
    if (m_histogram.isEmpty() || !m_data.error.isEmpty()) {
        m_plot = {};
        paintNoData(p, area, m_data.error.isEmpty() ? u"No data"_s : m_data.error);
        return;
    }
    const QFontMetrics fm(p.font());
    const auto yTicks = plot::valueTicks(0, m_yMax, std::max(2.0, area.height() / 60),
        m_stacking == u"percent" ? u"percentunit"_s : QString());
    const double legendH = m_legend ? fm.height() + 10 : 0;
    m_plot = QRectF(QPointF(area.left() + plot::valueAxisWidth(fm, yTicks) + 14, area.top() + 8),
        QPointF(area.right() - 14, area.bottom() - fm.height() - 8 - legendH));
    if (m_plot.width() < 4 || m_plot.height() < 4)
        return;
    const auto xTicks = plot::valueTicks(m_xMin, m_xMax, std::max(2.0, m_plot.width() / 90), m_unit);
    plot::drawValueAxis(p, m_plot, 0, m_yMax, yTicks, Qt::Vertical);
    plot::drawValueAxis(p, m_plot, m_xMin, m_xMax, xTicks, Qt::Horizontal);
    paintBars(p);
    if (m_legend) {
        std::vector<std::pair<QString, QColor>> items;
        for (std::size_t i = 0; i < m_histogram.names.size() && i < 50; ++i)
            items.emplace_back(m_histogram.names[i], seriesColor(i));
        plot::drawLegendRow(p, QRectF(m_plot.left(), area.bottom() - legendH, m_plot.width(), legendH), items);
    }
}

void HistogramView::paintBars(QPainter& p)
{
    const auto& h = m_histogram;
    const std::size_t buckets = h.starts.size();
    const std::size_t rows = h.counts.size();
    const bool stacked = m_stacking == u"normal" || m_stacking == u"percent";
    std::vector<double> totals(buckets, 0.0);
    if (m_stacking == u"percent")
        for (const auto& row : h.counts)
            for (std::size_t b = 0; b < buckets; ++b)
                totals[b] += row[b];
    auto countOf = [&](std::size_t si, std::size_t b) {
        const double c = h.counts[si][b];
        return m_stacking == u"percent" ? (totals[b] > 0 ? c / totals[b] : 0.0) : c;
    };

    // Overlaid bars: under `layers` later bars of this opacity a bar no longer shows (less than 1/512 of it), so
    // each bar is painted only above the layers'th tallest later bar of its bucket. That bounds the overdraw of
    // many series to a few layers per pixel.
    const int layers = m_fillOpacity >= 0.999
        ? 1
        : std::clamp(int(std::ceil(std::log(1.0 / 512) / std::log(1.0 - std::max(0.01, m_fillOpacity)))), 1, 64);
    std::vector<std::vector<double>> visibleFrom(rows, std::vector<double>(buckets, 0.0));
    if (!stacked && rows > 1) {
        for (std::size_t b = 0; b < buckets; ++b) {
            std::vector<double> tallest; // the tallest later bars, descending, at most `layers`
            for (std::size_t si = rows; si-- > 0;) {
                const double c = countOf(si, b);
                visibleFrom[si][b] = int(tallest.size()) >= layers ? tallest.back() : 0.0;
                const auto at = std::upper_bound(tallest.begin(), tallest.end(), c, std::greater<double>());
                tallest.insert(at, c);
                if (int(tallest.size()) > layers)
                    tallest.pop_back();
            }
        }
    }

    std::vector<double> base(buckets, 0.0);
    const bool outlines = m_lineWidth > 0 && rows <= 20;
    p.save();
    p.setClipRect(m_plot.adjusted(-1, -1, 1, 1));
    for (std::size_t si = 0; si < rows; ++si) {
        const QColor line = seriesColor(si);
        QColor fill = line;
        fill.setAlphaF(float(m_fillOpacity));
        double lastX1 = -1;
        for (std::size_t b = 0; b < buckets; ++b) {
            const double count = countOf(si, b);
            if (count <= 0)
                continue;
            double x0 = xOf(h.starts[b]);
            double x1 = xOf(h.starts[b] + h.bucketSize);
            if (x1 - x0 > 4) { // a pixel of space between bars that are wide enough
                x0 += 1;
                x1 -= 1;
            } else if (std::floor(x0) == std::floor(lastX1)) {
                continue; // buckets thinner than a pixel: the first one drawn stands for the column
            }
            lastX1 = x1;
            const double lo = stacked ? base[b] : visibleFrom[si][b];
            const double hi = stacked ? base[b] + count : count;
            if (stacked)
                base[b] += count;
            if (hi <= lo)
                continue;
            const QRectF bar(x0, yOf(hi), std::max(1.0, x1 - x0), yOf(lo) - yOf(hi));
            p.fillRect(bar, fill);
            if (outlines && bar.width() > 3) {
                p.setPen(QPen(line, m_lineWidth));
                p.setBrush(Qt::NoBrush);
                p.drawRect(bar.adjusted(m_lineWidth / 2.0, m_lineWidth / 2.0, -m_lineWidth / 2.0, 0));
            }
        }
    }
    p.restore();
}

std::optional<std::size_t> HistogramView::bucketAt(const QPointF& pos) const
{
    if (m_histogram.isEmpty() || !m_plot.contains(pos))
        return std::nullopt;
    const double v = m_xMin + (pos.x() - m_plot.left()) / m_plot.width() * (m_xMax - m_xMin);
    const auto b = std::size_t(std::floor((v - m_xMin) / m_histogram.bucketSize));
    if (b >= m_histogram.starts.size())
        return std::nullopt;
    return b;
}

void HistogramView::paintHover(QPainter& p, const QPointF& pos)
{
    const auto b = bucketAt(pos);
    if (!b)
        return;
    const auto& h = m_histogram;
    const double x0 = xOf(h.starts[*b]);
    const double x1 = xOf(h.starts[*b] + h.bucketSize);
    p.fillRect(QRectF(x0, m_plot.top(), std::max(1.0, x1 - x0), m_plot.height()), QColor(255, 255, 255, 25));
    QStringList lines { u"Bucket: %1 – %2"_s.arg(plot::formatValue(m_unit, h.starts[*b]),
        plot::formatValue(m_unit, h.starts[*b] + h.bucketSize)) };
    for (std::size_t si = 0; si < h.counts.size() && lines.size() <= 10; ++si)
        lines << u"%1: %2"_s.arg(h.names[si]).arg(h.counts[si][*b]);
    plot::drawTooltip(p, pos, lines, QRectF(rect()));
}

} // namespace sg::ui::histogram
