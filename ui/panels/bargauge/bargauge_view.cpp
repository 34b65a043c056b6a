#include "bargauge_view.h"

#include "core/fieldconfig/colors.h"
#include "ui/panels/common/panel_paint.h"

#include <QLinearGradient>
#include <QPainter>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

constexpr qreal Spacing = 8;
constexpr qreal LcdCellSize = 12;
constexpr qreal LcdCellSpacing = 2;

QColor colorAt(const fieldconfig::FieldConfig& c, double fraction)
{
    const double v = c.rangeMin + (c.rangeMax - c.rangeMin) * fraction;
    return paint::toQColor(fieldconfig::scaleValue(c, v).color);
}

} // namespace

BarGaugeView::BarGaugeView(QWidget* parent)
    : ValuePanelView(u"bar"_s, parent)
{
}

bool BarGaugeView::isHorizontal() const
{
    const QString o = m_options.value(u"orientation").toString(u"auto"_s);
    if (o == u"horizontal")
        return true;
    if (o == u"vertical")
        return false;
    return width() <= height(); // Grafana's VizRepeater: a wide panel gets vertical bars side by side
}

std::vector<BarGaugeView::Layout> BarGaugeView::layouts() const
{
    std::vector<Layout> out;
    const int n = int(m_values.size());
    if (n == 0)
        return out;
    const QRectF area = QRectF(rect()).adjusted(4, 4, -4, -4);
    const bool horizontal = isHorizontal();
    const bool showTitle = n > 1 || m_values.front().display.title != m_values.front().name;
    const bool valueHidden = m_options.value(u"valueMode").toString() == u"hidden";
    QFont f = font();

    // Grafana aligns all value texts: the widest decides the value column.
    qreal valueWidth = 0;
    if (!valueHidden)
        for (const auto& v : m_values) {
            QFont vf = f;
            vf.setPixelSize(14);
            valueWidth = std::max(valueWidth, QFontMetricsF(vf).horizontalAdvance(v.display.toString()));
        }

    if (horizontal) {
        const qreal maxViz = m_options.value(u"maxVizHeight").toDouble(300);
        const qreal cellH = std::min(maxViz, (area.height() - Spacing * (n - 1)) / n);
        const QString placement = m_options.value(u"namePlacement").toString(u"auto"_s);
        const bool titleLeft = placement == u"left" || (placement == u"auto" && cellH < 36);
        for (int i = 0; i < n; ++i) {
            const QRectF cell(area.left(), area.top() + i * (cellH + Spacing), area.width(), std::max(1.0, cellH));
            Layout l;
            QRectF rest = cell;
            if (showTitle && placement != u"hidden") {
                if (titleLeft) {
                    l.title = QRectF(cell.left(), cell.top(), std::min(cell.width() * 0.3, 160.0), cell.height());
                    rest.setLeft(l.title.right() + 6);
                } else {
                    const qreal th = std::clamp(cell.height() * 0.3, 10.0, 18.0);
                    l.title = QRectF(cell.left(), cell.top(), cell.width(), th);
                    rest.setTop(l.title.bottom() + 2);
                }
            }
            const qreal vw = valueHidden ? 0 : std::min(rest.width() * 0.4, valueWidth * rest.height() / 18 + 12);
            l.value = QRectF(rest.right() - vw, rest.top(), vw, rest.height());
            l.bar = QRectF(rest.left(), rest.top(), std::max(1.0, rest.width() - vw - (vw > 0 ? 8 : 0)), rest.height());
            out.push_back(l);
        }
    } else {
        const qreal cellW = (area.width() - Spacing * (n - 1)) / n;
        for (int i = 0; i < n; ++i) {
            const QRectF cell(area.left() + i * (cellW + Spacing), area.top(), std::max(1.0, cellW), area.height());
            Layout l;
            QRectF rest = cell;
            if (showTitle) {
                const qreal th = std::clamp(cell.height() * 0.1, 10.0, 18.0);
                l.title = QRectF(cell.left(), cell.bottom() - th, cell.width(), th);
                rest.setBottom(l.title.top() - 4);
            }
            if (!valueHidden) {
                const qreal vh = std::clamp(cell.height() * 0.15, 12.0, 40.0);
                l.value = QRectF(rest.left(), rest.top(), rest.width(), vh);
                rest.setTop(l.value.bottom() + 4);
            }
            l.bar = rest;
            out.push_back(l);
        }
    }
    return out;
}

void BarGaugeView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), paint::panelBackground());
    const auto ls = layouts();
    for (std::size_t i = 0; i < m_values.size() && i < ls.size(); ++i)
        paintBar(p, ls[i], m_values[i]);
}

void BarGaugeView::paintBar(QPainter& p, const Layout& l, const fieldconfig::FieldDisplay& value) const
{
    const auto& config = value.config;
    const bool horizontal = isHorizontal();
    const QString mode = m_options.value(u"displayMode").toString(u"gradient"_s);
    const bool showUnfilled = m_options.value(u"showUnfilled").toBool(true);
    const QColor valueColor = paint::toQColor(value.display.color);
    const double fraction = value.noData ? 0 : rangeFraction(config, value.display.numeric);
    const QRectF bar = l.bar;
    const qreal length = horizontal ? bar.width() : bar.height();
    auto part = [&](double from, double to) {
        return horizontal ? QRectF(bar.left() + from * length, bar.top(), (to - from) * length, bar.height())
                          : QRectF(bar.left(), bar.bottom() - to * length, bar.width(), (to - from) * length);
    };

    if (!l.title.isEmpty()) {
        QFont f = paint::fittedFont(font(), value.display.title, l.title.width(), l.title.height(), 14);
        p.setPen(paint::textPrimary());
        paint::drawFitted(p, l.title, value.display.title, f,
            horizontal && l.title.width() < bar.width() ? (Qt::AlignLeft | Qt::AlignVCenter)
                                                        : (Qt::AlignLeft | Qt::AlignBottom));
    }

    const QColor unfilled(204, 204, 220, 20);
    if (mode == u"lcd") {
        const int cells = std::max(1, int((length + LcdCellSpacing) / (LcdCellSize + LcdCellSpacing)));
        const qreal cellLen = (length - LcdCellSpacing * (cells - 1)) / cells;
        for (int i = 0; i < cells; ++i) {
            const double from = i * (cellLen + LcdCellSpacing) / length;
            const double to = from + cellLen / length;
            const double mid = (double(i) + 0.5) / cells;
            const bool lit = !value.noData && (double(i) + 1) / cells <= fraction + 1e-9;
            QColor c = colorAt(config, mid);
            if (!lit) {
                if (!showUnfilled)
                    continue;
                c.setAlphaF(0.18);
            }
            p.fillRect(part(from, to), c);
        }
    } else {
        if (showUnfilled)
            p.fillRect(bar, unfilled);
        const QRectF filled = part(0, fraction);
        if (fraction > 0) {
            if (mode == u"basic") {
                QColor bg = valueColor;
                bg.setAlphaF(0.35);
                p.fillRect(filled, bg);
                const QRectF edge = horizontal ? QRectF(filled.right() - 2, filled.top(), 2, filled.height())
                                               : QRectF(filled.left(), filled.top(), filled.width(), 2);
                p.fillRect(edge, valueColor);
            } else {
                // Grafana's gradient: the colours along the whole range, shown up to the value.
                QLinearGradient g = horizontal ? QLinearGradient(bar.left(), 0, bar.right(), 0)
                                               : QLinearGradient(0, bar.bottom(), 0, bar.top());
                constexpr int Stops = 24;
                for (int i = 0; i <= Stops; ++i) {
                    const double t = double(i) / Stops;
                    QColor c = colorAt(config, t);
                    c.setAlphaF(0.25 + 0.75 * t);
                    g.setColorAt(t, c);
                }
                if (config.color.mode == u"thresholds" || config.color.mode.isEmpty()) {
                    // Thresholds change colour halfway between steps, as Grafana's CSS gradient does.
                    g = horizontal ? QLinearGradient(bar.left(), 0, bar.right(), 0)
                                   : QLinearGradient(0, bar.bottom(), 0, bar.top());
                    double last = 0;
                    QColor lastColor;
                    for (const auto& step : config.thresholds.steps) {
                        const double pos = std::isinf(step.value) ? 0 : rangeFraction(config, step.value);
                        const QColor c = paint::toQColor(fieldconfig::colorByName(step.color));
                        if (lastColor.isValid())
                            g.setColorAt(std::clamp(pos - (pos - last) / 2, 0.0, 1.0), lastColor);
                        g.setColorAt(std::clamp(pos, 0.0, 1.0), c);
                        last = pos;
                        lastColor = c;
                    }
                }
                p.fillRect(filled, g);
                const QRectF edge = horizontal ? QRectF(filled.right() - 2, filled.top(), 2, filled.height())
                                               : QRectF(filled.left(), filled.top(), filled.width(), 2);
                p.fillRect(edge, valueColor);
            }
        }
    }

    if (!l.value.isEmpty()) {
        const QString text = value.display.toString();
        const QString valueMode = m_options.value(u"valueMode").toString(u"color"_s);
        QFont vf = font();
        vf.setWeight(QFont::DemiBold);
        vf = paint::fittedFont(vf, text, l.value.width(), l.value.height(), horizontal ? 40 : 28);
        p.setPen(valueMode == u"text" || value.noData ? paint::textPrimary() : valueColor);
        paint::drawFitted(p, l.value, text, vf, horizontal ? (Qt::AlignRight | Qt::AlignVCenter) : Qt::AlignCenter);
    }
}

std::vector<QRectF> BarGaugeView::valueRects() const
{
    std::vector<QRectF> rects;
    for (const Layout& l : layouts())
        rects.push_back(l.title.united(l.bar).united(l.value));
    return rects;
}

} // namespace sg::ui
