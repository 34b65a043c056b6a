#include "barchart_view.h"

#include "core/fieldconfig/display.h"
#include "ui/panels/common/panel_options.h"
#include "ui/panels/common/panel_paint.h"
#include "ui/panels/common/plot_axes.h"

#include <QFontMetrics>
#include <QJsonObject>
#include <QPainter>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sg::ui::barchart {

BarChartView::BarChartView(QWidget* parent)
    : CachedPlotView(parent)
{
}

void BarChartView::setPanel(const dashboards::Panel& panel)
{
    m_panel = panel;
    rebuild();
}

void BarChartView::setData(const query::PanelData& data)
{
    m_data = data;
    rebuild();
}

void BarChartView::setTimeZone(const QString& tz)
{
    m_timeZone = tz;
    rebuild();
}

void BarChartView::rebuild()
{
    const QJsonObject options = m_panel.options();
    const QJsonObject custom = m_panel.fieldDefaults().value(u"custom").toObject();
    m_config = fieldconfig::FieldConfig::fromJson(
        paint::effectiveFieldConfig(m_panel, u"palette-classic"_s).value(u"defaults").toObject());
    m_orientation = options.value(u"orientation").toString(u"auto"_s);
    m_stacking = options.value(u"stacking").toString(u"none"_s);
    m_showValue = options.value(u"showValue").toString(u"auto"_s);
    m_barWidth = std::clamp(options.value(u"barWidth").toDouble(0.97), 0.05, 1.0);
    m_groupWidth = std::clamp(options.value(u"groupWidth").toDouble(0.7), 0.05, 1.0);
    m_rotation = std::clamp(options.value(u"xTickLabelRotation").toInt(0), -90, 90);
    m_fillOpacity = std::clamp(custom.value(u"fillOpacity").toDouble(80), 0.0, 100.0) / 100.0;
    m_lineWidth = std::clamp(custom.value(u"lineWidth").toInt(1), 0, 10);
    const QJsonObject legend = options.value(u"legend").toObject();
    m_legend = legend.value(u"showLegend").toBool(true) && legend.value(u"displayMode").toString() != u"hidden";
    m_bars = buildBars(m_panel, m_data, zone());
    m_seriesCount = int(m_data.series.size());

    double lo = 0;
    double hi = 0;
    m_dataMin = std::numeric_limits<double>::infinity();
    m_dataMax = -m_dataMin;
    for (const auto& g : m_bars.groups) {
        double pos = 0;
        double neg = 0;
        for (double v : g.values) {
            if (!std::isfinite(v))
                continue;
            m_dataMin = std::min(m_dataMin, v);
            m_dataMax = std::max(m_dataMax, v);
            if (m_stacking == u"none") {
                hi = std::max(hi, v);
                lo = std::min(lo, v);
            } else {
                (v >= 0 ? pos : neg) += v;
            }
        }
        hi = std::max(hi, pos);
        lo = std::min(lo, neg);
    }
    if (m_stacking == u"percent") {
        lo = lo < 0 ? -1 : 0;
        hi = 1;
    }
    const double step = plot::niceStep(hi - lo > 0 ? hi - lo : 1, 5);
    m_max = hi > 0 ? std::ceil(hi / step - 1e-9) * step : 0;
    m_min = lo < 0 ? std::floor(lo / step + 1e-9) * step : 0;
    if (m_max <= m_min)
        m_max = m_min + 1;
    // Each bar field colours as a series of its own; by-value modes scale over the configured or the data's range.
    m_barConfigs.assign(m_bars.fields.size(), m_config);
    for (std::size_t f = 0; f < m_barConfigs.size(); ++f) {
        m_barConfigs[f].seriesIndex = int(f);
        m_barConfigs[f].seriesName = m_bars.fields[f];
        m_barConfigs[f].rangeMin = m_config.min.value_or(m_dataMin);
        m_barConfigs[f].rangeMax = m_config.max.value_or(m_dataMax);
    }
    invalidate();
}

QString BarChartView::summary() const
{
    if (m_bars.isEmpty())
        return u"No data"_s;
    return u"%1 groups x %2 bars"_s.arg(m_bars.groups.size()).arg(m_bars.fields.size());
}

bool BarChartView::horizontal() const
{
    if (m_orientation == u"horizontal")
        return true;
    if (m_orientation == u"vertical")
        return false;
    return width() < height(); // Grafana's auto orientation
}

double BarChartView::valuePos(double v) const
{
    const double f = (v - m_min) / (m_max - m_min);
    return m_horizontal ? m_plot.left() + f * m_plot.width() : m_plot.bottom() - f * m_plot.height();
}

QRectF BarChartView::groupSlot(std::size_t group) const
{
    const double n = double(std::max<std::size_t>(1, m_bars.groups.size()));
    if (m_horizontal) {
        const double h = m_plot.height() / n;
        return QRectF(m_plot.left(), m_plot.top() + double(group) * h, m_plot.width(), h);
    }
    const double w = m_plot.width() / n;
    return QRectF(m_plot.left() + double(group) * w, m_plot.top(), w, m_plot.height());
}

QRectF BarChartView::barRect(std::size_t group, std::size_t field) const
{
    const double v = m_bars.groups[group].values[field];
    if (!std::isfinite(v))
        return {};
    const QRectF slot = groupSlot(group);
    const double along = m_horizontal ? slot.height() : slot.width();
    const double groupSize = along * m_groupWidth;
    const double groupStart = (m_horizontal ? slot.top() : slot.left()) + (along - groupSize) / 2;
    double a0 = 0;
    double a1 = 0;
    double v0 = 0;
    double v1 = v;
    const std::size_t fields = m_bars.fields.size();
    if (m_stacking == u"none") {
        const double barSlot = groupSize / double(fields);
        a0 = groupStart + double(field) * barSlot + barSlot * (1 - m_barWidth) / 2;
        a1 = a0 + barSlot * m_barWidth;
    } else {
        a0 = groupStart + groupSize * (1 - m_barWidth) / 2;
        a1 = a0 + groupSize * m_barWidth;
        double total = 0;
        for (double x : m_bars.groups[group].values)
            if (std::isfinite(x) && (x >= 0) == (v >= 0))
                total += x;
        const double scale = m_stacking == u"percent" && total != 0 ? 1.0 / std::abs(total) : 1.0;
        for (std::size_t f = 0; f < field; ++f) {
            const double x = m_bars.groups[group].values[f];
            if (std::isfinite(x) && (x >= 0) == (v >= 0))
                v0 += x * scale;
        }
        v1 = v0 + v * scale;
    }
    const double p0 = valuePos(v0);
    const double p1 = valuePos(v1);
    if (m_horizontal)
        return QRectF(QPointF(std::min(p0, p1), a0), QPointF(std::max(p0, p1), a1));
    return QRectF(QPointF(a0, std::min(p0, p1)), QPointF(a1, std::max(p0, p1)));
}

QColor BarChartView::barColor(std::size_t group, std::size_t field) const
{
    return paint::toQColor(fieldconfig::displayColor(m_barConfigs.at(field), m_bars.groups[group].values[field]));
}

QString BarChartView::valueText(double value) const
{
    const fieldconfig::DisplayValue d = fieldconfig::display(m_config, value);
    return d.text.isEmpty() && std::isnan(value) ? u"null"_s : d.toString();
}

void BarChartView::renderBase(QPainter& p, const QRectF& area)
{
    if (m_bars.isEmpty() || !m_data.error.isEmpty()) {
        m_plot = {};
        paintNoData(p, area, m_data.error.isEmpty() ? u"No data"_s : m_data.error);
        return;
    }
    m_horizontal = horizontal();
    const QFontMetrics fm(p.font());
    const auto ticks = plot::valueTicks(m_min, m_max, 5, m_stacking == u"percent" ? u"percentunit"_s : m_config.unit);
    int categoryExtent = 0; // room for the category labels: their width (horizontal) or height (vertical)
    for (const auto& g : m_bars.groups)
        categoryExtent = std::max(categoryExtent, fm.horizontalAdvance(g.label));
    const double rad = std::abs(m_rotation) * M_PI / 180.0;
    const double legendH = m_legend && m_bars.fields.size() > 1 ? fm.height() + 10 : 0;
    if (m_horizontal) {
        const double left = std::min<double>(categoryExtent, area.width() * 0.3) + 14;
        m_plot = QRectF(QPointF(area.left() + left, area.top() + 8),
            QPointF(area.right() - 16, area.bottom() - fm.height() - 8 - legendH));
    } else {
        const double labelH = std::min(area.height() * 0.4, categoryExtent * std::sin(rad) + fm.height() * std::cos(rad));
        m_plot = QRectF(QPointF(area.left() + plot::valueAxisWidth(fm, ticks) + 14, area.top() + 8 + fm.height()),
            QPointF(area.right() - 12, area.bottom() - labelH - 8 - legendH));
    }
    if (m_plot.width() < 4 || m_plot.height() < 4)
        return;
    plot::drawValueAxis(p, m_plot, m_min, m_max, ticks, m_horizontal ? Qt::Horizontal : Qt::Vertical);

    // Bars: wider than a pixel each, or one per pixel column (category) when there are more bars than pixels.
    double lastEdge = -1;
    for (std::size_t g = 0; g < m_bars.groups.size(); ++g) {
        const QRectF slot = groupSlot(g);
        const double edge = m_horizontal ? slot.top() : slot.left();
        if ((m_horizontal ? slot.height() : slot.width()) < 1 && std::floor(edge) == std::floor(lastEdge))
            continue;
        lastEdge = edge;
        for (std::size_t f = 0; f < m_bars.fields.size(); ++f) {
            const QRectF bar = barRect(g, f);
            if (bar.isNull())
                continue;
            const QColor line = barColor(g, f);
            QColor fill = line;
            fill.setAlphaF(float(m_fillOpacity));
            const QRectF shown = bar.width() < 1 ? bar.adjusted(0, 0, 1 - bar.width(), 0) : bar;
            p.fillRect(shown, fill);
            if (m_lineWidth > 0 && bar.width() > 3 && bar.height() > 3) {
                p.setPen(QPen(line, m_lineWidth));
                p.setBrush(Qt::NoBrush);
                const double hw = m_lineWidth / 2.0;
                p.drawRect(bar.adjusted(hw, hw, -hw, -hw));
            }
        }
    }
    // The zero line when values go negative.
    if (m_min < 0) {
        p.setPen(QPen(paint::mutedText(), 1));
        const double z = valuePos(0);
        if (m_horizontal)
            p.drawLine(QPointF(z, m_plot.top()), QPointF(z, m_plot.bottom()));
        else
            p.drawLine(QPointF(m_plot.left(), z), QPointF(m_plot.right(), z));
    }
    paintCategoryLabels(p);
    paintValueLabels(p);
    if (legendH > 0) {
        std::vector<std::pair<QString, QColor>> items;
        for (std::size_t f = 0; f < m_bars.fields.size() && f < 50; ++f)
            items.emplace_back(m_bars.fields[f], paint::paletteColor(int(f)));
        plot::drawLegendRow(p, QRectF(m_plot.left(), area.bottom() - legendH, m_plot.width(), legendH), items);
    }
}

void BarChartView::paintCategoryLabels(QPainter& p)
{
    const QFontMetrics fm(p.font());
    const std::size_t n = m_bars.groups.size();
    // Skip labels so that neighbours do not overlap.
    const double slot = m_horizontal ? m_plot.height() / double(n) : m_plot.width() / double(n);
    int widest = 0;
    for (const auto& g : m_bars.groups)
        widest = std::max(widest, fm.horizontalAdvance(g.label));
    const double need = m_horizontal || m_rotation != 0 ? fm.height() : widest + 8;
    const std::size_t every = std::max<std::size_t>(1, std::size_t(std::ceil(need / std::max(0.01, slot))));
    p.setPen(paint::mutedText());
    for (std::size_t g = 0; g < n; g += every) {
        const QRectF s = groupSlot(g);
        const QString& label = m_bars.groups[g].label;
        if (m_horizontal) {
            const QString text = fm.elidedText(label, Qt::ElideRight, int(m_plot.left() - 12));
            p.drawText(QPointF(m_plot.left() - 8 - fm.horizontalAdvance(text), s.center().y() + fm.ascent() / 2.0 - 1),
                text);
        } else if (m_rotation == 0) {
            const double w = fm.horizontalAdvance(label);
            p.drawText(QPointF(s.center().x() - w / 2, m_plot.bottom() + 4 + fm.ascent()), label);
        } else {
            // Rotated about the label's end that touches the axis, as Grafana does.
            p.save();
            p.translate(s.center().x(), m_plot.bottom() + 6);
            p.rotate(m_rotation);
            const double w = fm.horizontalAdvance(label);
            p.drawText(QPointF(m_rotation < 0 ? -w : 0, fm.ascent() / 2.0), label);
            p.restore();
        }
    }
}

void BarChartView::paintValueLabels(QPainter& p)
{
    if (m_showValue == u"never")
        return;
    const QFontMetrics fm(p.font());
    const bool stacked = m_stacking != u"none";
    for (std::size_t g = 0; g < m_bars.groups.size(); ++g) {
        for (std::size_t f = 0; f < m_bars.fields.size(); ++f) {
            const QRectF bar = barRect(g, f);
            if (bar.isNull())
                continue;
            const double thickness = m_horizontal ? bar.height() : bar.width();
            if (m_showValue == u"auto" && thickness < 6)
                continue; // no label fits a sliver: skip before formatting
            const double v = m_bars.groups[g].values[f];
            const QString text = valueText(v);
            const double w = fm.horizontalAdvance(text);
            // Auto: a label may overhang its bar a little (into the gap beside it), as long as it stays readable.
            const double fitsAlong = m_horizontal ? fm.height() : w;
            if (m_showValue == u"auto" && fitsAlong > thickness * 1.25 + 4)
                continue;
            QPointF at;
            if (stacked) { // inside the segment
                if (m_showValue == u"auto" && (m_horizontal ? w + 4 > bar.width() : fm.height() > bar.height()))
                    continue;
                at = QPointF(bar.center().x() - w / 2, bar.center().y() + fm.ascent() / 2.0 - 1);
                QColor c = barColor(g, f);
                p.setPen(paint::textOn(c));
            } else if (m_horizontal) {
                const bool neg = v < 0;
                at = QPointF(neg ? bar.left() - 4 - w : bar.right() + 4, bar.center().y() + fm.ascent() / 2.0 - 1);
                p.setPen(paint::plotText());
            } else {
                const bool neg = v < 0;
                at = QPointF(bar.center().x() - w / 2, neg ? bar.bottom() + fm.ascent() + 2 : bar.top() - 4);
                p.setPen(paint::plotText());
            }
            p.drawText(at, text);
        }
    }
}

std::optional<std::size_t> BarChartView::groupAt(const QPointF& pos) const
{
    if (m_bars.isEmpty() || !m_plot.contains(pos))
        return std::nullopt;
    const double f = m_horizontal ? (pos.y() - m_plot.top()) / m_plot.height() : (pos.x() - m_plot.left()) / m_plot.width();
    const auto g = std::size_t(f * double(m_bars.groups.size()));
    return g < m_bars.groups.size() ? std::optional<std::size_t>(g) : std::nullopt;
}

void BarChartView::paintHover(QPainter& p, const QPointF& pos)
{
    const auto g = groupAt(pos);
    if (!g)
        return;
    p.fillRect(groupSlot(*g), QColor(255, 255, 255, 20));
    QStringList lines { m_bars.groups[*g].label };
    for (std::size_t f = 0; f < m_bars.fields.size() && lines.size() <= 10; ++f)
        lines << u"%1: %2"_s.arg(m_bars.fields[f], valueText(m_bars.groups[*g].values[f]));
    plot::drawTooltip(p, pos, lines, QRectF(rect()));
}

} // namespace sg::ui::barchart
