#include "gauge_view.h"

#include "core/fieldconfig/colors.h"
#include "ui/panels/common/panel_paint.h"

#include <QPainter>
#include <QPainterPath>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

constexpr qreal Spacing = 8;
constexpr double StartAngle = 210; // degrees, counter-clockwise from 3 o'clock (Qt's convention)
constexpr double Sweep = 240; // clockwise

// A threshold step's value in the field's units (percentage steps are relative to min..max).
double stepValue(const fieldconfig::FieldConfig& c, double stepValue)
{
    if (c.thresholds.mode == fieldconfig::ThresholdsMode::Percentage)
        return c.rangeMin + (c.rangeMax - c.rangeMin) * stepValue / 100.0;
    return stepValue;
}

QPainterPath arcPath(const QRectF& r, double from, double to, qreal width)
{
    // A band between two radii, from fraction `from` to `to` of the sweep.
    const double a0 = StartAngle - Sweep * from;
    const double a1 = StartAngle - Sweep * to;
    QPainterPath path;
    const QRectF inner = r.adjusted(width, width, -width, -width);
    path.arcMoveTo(r, a0);
    path.arcTo(r, a0, a1 - a0);
    path.arcTo(inner, a1, 0);
    path.arcTo(inner, a1, a0 - a1);
    path.closeSubpath();
    return path;
}

} // namespace

GaugeView::GaugeView(QWidget* parent)
    : ValuePanelView(u"gauge"_s, parent)
{
}

double GaugeView::fillFraction(const fieldconfig::FieldDisplay& value)
{
    return rangeFraction(value.config, value.display.numeric);
}

std::vector<QRectF> GaugeView::cellRects() const
{
    std::vector<QRectF> out;
    const int n = int(m_values.size());
    if (n == 0)
        return out;
    const QRectF area = QRectF(rect()).adjusted(4, 4, -4, -4);
    const QString orientation = m_options.value(u"orientation").toString(u"auto"_s);
    bool horizontal = area.width() >= area.height();
    if (orientation == u"horizontal")
        horizontal = false; // Grafana: horizontal orientation stacks the gauges
    else if (orientation == u"vertical")
        horizontal = true;
    // Grafana's VizRepeater: one row or one column, or a grid when cells would get too small.
    int cols = horizontal ? n : 1;
    int rows = horizontal ? 1 : n;
    const qreal minViz = m_options.value(u"minVizWidth").toDouble(75);
    if (orientation == u"auto" || orientation.isEmpty()) {
        if (horizontal && area.width() / n < minViz) {
            cols = std::max(1, int(area.width() / minViz));
            rows = (n + cols - 1) / cols;
        } else if (!horizontal && area.height() / n < m_options.value(u"minVizHeight").toDouble(75)) {
            rows = std::max(1, int(area.height() / m_options.value(u"minVizHeight").toDouble(75)));
            cols = (n + rows - 1) / rows;
        }
    }
    const qreal w = (area.width() - Spacing * (cols - 1)) / cols;
    const qreal h = (area.height() - Spacing * (rows - 1)) / rows;
    for (int i = 0; i < n; ++i)
        out.emplace_back(area.left() + (i % cols) * (w + Spacing), area.top() + (i / cols) * (h + Spacing),
            std::max(1.0, w), std::max(1.0, h));
    return out;
}

QRectF GaugeView::arcRect(const QRectF& cell, bool withTitle) const
{
    QRectF box = cell;
    if (withTitle)
        box.setTop(box.top() + std::clamp(cell.height() * 0.15, 10.0, 28.0));
    // The arc's bottom is open: a 240° arc of radius r is 1.5 r tall, so the square may overhang the box.
    const qreal r = std::max(4.0, std::min(box.width() / 2, box.height() / 1.5) - 2);
    const QPointF c(box.center().x(), box.top() + 2 + r);
    return QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r);
}

void GaugeView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), paint::panelBackground());
    const bool showTitle = m_values.size() > 1
        || !m_fieldConfig.value(u"defaults").toObject().value(u"displayName").toString().isEmpty();
    const auto cells = cellRects();
    for (std::size_t i = 0; i < m_values.size() && i < cells.size(); ++i)
        paintGauge(p, cells[i], m_values[i], showTitle && !m_values[i].noData);
}

void GaugeView::paintGauge(
    QPainter& p, const QRectF& cell, const fieldconfig::FieldDisplay& value, bool showTitle) const
{
    const auto& config = value.config;
    const bool markers = m_options.value(u"showThresholdMarkers").toBool(true);
    const bool labels = m_options.value(u"showThresholdLabels").toBool(false);
    QRectF outer = arcRect(cell, showTitle);
    const qreal dimension = outer.width();
    // Grafana's proportions: gauge width dimension / 5.5 (at most 40), markers a fifth of that.
    const qreal gaugeWidth = std::min(dimension / 5.5, 40.0) / (labels ? 1.5 : 1.0);
    const qreal markerWidth = gaugeWidth / 5;
    const qreal markerGap = std::max(1.0, markerWidth / 2);
    if (labels) {
        const qreal labelSpace = std::clamp(dimension * 0.09, 8.0, 22.0);
        outer.adjust(labelSpace, labelSpace, -labelSpace, -labelSpace);
    }

    if (showTitle) {
        QFont f = font();
        const qreal titleHeight = std::clamp(cell.height() * 0.15, 10.0, 28.0);
        f = paint::fittedFont(f, value.display.title, cell.width(), titleHeight, std::min(18.0, titleHeight));
        p.setPen(paint::textPrimary());
        paint::drawFitted(
            p, QRectF(cell.left(), cell.top(), cell.width(), titleHeight), value.display.title, f, Qt::AlignCenter);
    }

    QRectF band = outer;
    if (markers && !config.thresholds.steps.empty()) {
        const auto& steps = config.thresholds.steps;
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const double from = i == 0 ? 0.0 : rangeFraction(config, stepValue(config, steps[i].value));
            const double to = i + 1 < steps.size() ? rangeFraction(config, stepValue(config, steps[i + 1].value)) : 1.0;
            if (to <= from)
                continue;
            p.fillPath(
                arcPath(outer, from, to, markerWidth), paint::toQColor(fieldconfig::colorByName(steps[i].color)));
        }
        band = outer.adjusted(
            markerWidth + markerGap, markerWidth + markerGap, -markerWidth - markerGap, -markerWidth - markerGap);
    }

    // The unfilled arc, then the value's part in its colour.
    p.fillPath(arcPath(band, 0, 1, gaugeWidth), QColor(204, 204, 220, 18));
    const double fraction = value.noData ? 0 : fillFraction(value);
    if (fraction > 0)
        p.fillPath(arcPath(band, 0, fraction, gaugeWidth), paint::toQColor(value.display.color));

    if (labels) {
        QFont f = font();
        f.setPixelSize(std::max(7, int(outer.width() * 0.045)));
        p.setFont(f);
        p.setPen(paint::textSecondary());
        const QPointF c = outer.center();
        const qreal r = outer.width() / 2 + f.pixelSize() * 0.9;
        auto label = [&](double fraction, const QString& text) {
            const double a = qDegreesToRadians(StartAngle - Sweep * fraction);
            const QPointF pt(c.x() + r * std::cos(a), c.y() - r * std::sin(a));
            p.drawText(QRectF(pt.x() - 40, pt.y() - 10, 80, 20), Qt::AlignCenter, text);
        };
        for (const auto& step : config.thresholds.steps) {
            const double v = std::isinf(step.value) ? config.rangeMin : stepValue(config, step.value);
            label(rangeFraction(config, v), fieldconfig::display(config, v).toString());
        }
        label(1.0, fieldconfig::display(config, config.rangeMax).toString());
    }

    // The value text inside the arc, as large as the inner circle allows.
    const qreal innerR = band.width() / 2 - gaugeWidth;
    const QRectF textBox(
        band.center().x() - innerR * 0.85, band.center().y() - innerR * 0.55, innerR * 1.7, innerR * 1.1);
    QFont vf = font();
    vf.setWeight(QFont::DemiBold);
    const QString text = value.display.toString();
    vf = paint::fittedFont(vf, text, textBox.width(), textBox.height(), 120);
    // Grafana paints "No data" (or the null mapping's text, "N/A") in the colour of no value: the base threshold.
    p.setPen(paint::toQColor(value.display.color));
    paint::drawFitted(p, textBox, text, vf, Qt::AlignCenter);
}

} // namespace sg::ui
