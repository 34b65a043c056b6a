#include "stat_view.h"

#include "core/fieldconfig/percent_change.h"

#include "ui/panels/common/panel_paint.h"

#include <QPainter>
#include <QPainterPath>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

constexpr qreal CellSpacing = 8;
constexpr qreal CellPadding = 8;

QString option(const QJsonObject& o, QStringView key, const QString& fallback)
{
    const QString v = o.value(key).toString();
    return v.isEmpty() ? fallback : v;
}

// Columns for `n` cells in `size`: a row when horizontal, a column when vertical, and for auto the grid whose
// cells come closest to Grafana's preferred wide-ish aspect.
int columnsFor(int n, QSizeF size, const QString& orientation)
{
    if (n <= 1)
        return 1;
    if (orientation == u"horizontal")
        return 1;
    if (orientation == u"vertical")
        return n;
    int best = 1;
    double bestScore = 1e9;
    for (int cols = 1; cols <= n; ++cols) {
        const int rows = (n + cols - 1) / cols;
        const double w = size.width() / cols;
        const double h = size.height() / rows;
        const double score = std::fabs(std::log((w / std::max(1.0, h)) / 1.5)) + 0.05 * (cols * rows - n);
        if (score < bestScore) {
            bestScore = score;
            best = cols;
        }
    }
    return best;
}

} // namespace

StatView::StatView(QWidget* parent)
    : ValuePanelView(u"value"_s, parent)
{
}

std::vector<QRectF> StatView::cellRects() const
{
    std::vector<QRectF> out;
    const int n = int(m_values.size());
    if (n == 0)
        return out;
    const QRectF area = QRectF(rect()).adjusted(CellPadding / 2, CellPadding / 2, -CellPadding / 2, -CellPadding / 2);
    const int cols = columnsFor(n, area.size(), option(m_options, u"orientation", u"auto"_s));
    const int rows = (n + cols - 1) / cols;
    const qreal w = (area.width() - CellSpacing * (cols - 1)) / cols;
    const qreal h = (area.height() - CellSpacing * (rows - 1)) / rows;
    for (int i = 0; i < n; ++i) {
        const int r = i / cols;
        const int c = i % cols;
        out.emplace_back(area.left() + c * (w + CellSpacing), area.top() + r * (h + CellSpacing), std::max(1.0, w),
            std::max(1.0, h));
    }
    return out;
}

void StatView::resizeEvent(QResizeEvent* event)
{
    PanelView::resizeEvent(event);
    update();
}

void StatView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), paint::panelBackground());
    const QString textMode = option(m_options, u"textMode", u"auto"_s);
    const bool showName
        = textMode == u"value_and_name" || textMode == u"name" || (textMode == u"auto" && m_values.size() > 1);
    const auto cells = cellRects();
    for (std::size_t i = 0; i < m_values.size() && i < cells.size(); ++i)
        paintCell(p, cells[i], m_values[i], showName && !m_values[i].noData);
}

void StatView::paintCell(QPainter& p, const QRectF& cell, const fieldconfig::FieldDisplay& value, bool showName) const
{
    const QString colorMode = option(m_options, u"colorMode", u"value"_s);
    const QString textMode = option(m_options, u"textMode", u"auto"_s);
    const bool justifyCenter = option(m_options, u"justifyMode", u"auto"_s) == u"center";
    const QColor valueColor = paint::toQColor(value.display.color);

    QColor textColor = paint::textPrimary();
    QColor sparkLine = valueColor;
    QColor sparkFill = valueColor;
    sparkFill.setAlphaF(0.18);
    if (colorMode == u"background" || colorMode == u"background_solid") {
        if (colorMode == u"background") {
            // Grafana's 120° gradient from a darker, hue-shifted shade to a lighter one.
            QLinearGradient g(cell.bottomLeft(), cell.topRight());
            g.setColorAt(0,
                QColor::fromHslF(std::fmod(valueColor.hslHueF() + 1.0 - 8.0 / 360, 1.0), valueColor.hslSaturationF(),
                    std::max(0.0, valueColor.lightnessF() - 0.08)));
            g.setColorAt(1,
                QColor::fromHslF(std::fmod(valueColor.hslHueF() + 8.0 / 360 + 1.0, 1.0), valueColor.hslSaturationF(),
                    std::min(1.0, valueColor.lightnessF() + 0.06)));
            p.setPen(Qt::NoPen);
            p.setBrush(g);
        } else {
            p.setPen(Qt::NoPen);
            p.setBrush(valueColor);
        }
        p.drawRoundedRect(cell, 2, 2);
        textColor = paint::textOn(valueColor);
        sparkLine = QColor(255, 255, 255, 110);
        sparkFill = QColor(255, 255, 255, 40);
    } else if (colorMode == u"value") {
        textColor = valueColor;
    } else {
        sparkLine = paint::textSecondary();
        sparkFill = paint::borderWeak();
    }

    const bool sparkline = option(m_options, u"graphMode", u"area"_s) == u"area" && !value.noData && value.rowIndex < 0
        && value.fieldIndex >= 0 && cell.height() >= 50;
    const QRectF inner = cell.adjusted(CellPadding, CellPadding / 2, -CellPadding, -CellPadding / 2);
    QRectF textArea = inner;
    if (sparkline) {
        const qreal graphHeight = std::min(inner.height() * 0.45, std::max(16.0, inner.height() * 0.35));
        paintSparkline(p, QRectF(cell.left(), cell.bottom() - graphHeight - 2, cell.width(), graphHeight), value,
            sparkLine, sparkFill);
        textArea.setBottom(cell.bottom() - graphHeight * 0.6);
    }

    const QString valueText = value.display.toString();
    const bool showValue = textMode != u"name" && textMode != u"none";
    // Grafana 10.3's percent change under the value: first to last value of the series, an arrow, coloured.
    const std::optional<double> change = percentChangeOf(value);
    if (change && showValue) {
        const qreal height = std::clamp(textArea.height() * 0.22, 12.0, 36.0);
        const QRectF changeRect(textArea.left(), textArea.bottom() - height, textArea.width(), height);
        textArea.setBottom(changeRect.top());
        const QString arrow = *change > 0 ? u"↑ "_s : *change < 0 ? u"↓ "_s : QString();
        const QString text = arrow + fieldconfig::percentChangeText(*change);
        const QString color = fieldconfig::percentChangeColor(*change,
            option(m_options, u"percentChangeColorMode", u"standard"_s), value.display.color);
        QFont changeFont = font();
        changeFont.setWeight(QFont::Medium);
        changeFont = paint::fittedFont(changeFont, text, changeRect.width(), changeRect.height(), 36);
        p.setPen(colorMode == u"background" || colorMode == u"background_solid" ? textColor
                                                                                 : paint::toQColor(color));
        paint::drawFitted(p, changeRect, text, changeFont, justifyCenter || !showName ? Qt::AlignCenter
                                                                                       : (Qt::AlignLeft | Qt::AlignVCenter));
    }
    const QString title = value.display.title;
    const int align = justifyCenter || !showName ? Qt::AlignCenter : (Qt::AlignLeft | Qt::AlignVCenter);
    p.setPen(textColor);
    QFont base = font();
    base.setWeight(QFont::Medium);
    QFont bold = base;
    bold.setWeight(QFont::DemiBold);

    if (showName && showValue && !title.isEmpty()) {
        // Stacked layout: the name above the value, sized together so neither crowds the other.
        const qreal titleHeight = std::clamp(textArea.height() * 0.25, 8.0, 40.0);
        QFont titleFont = paint::fittedFont(base, title, textArea.width(), titleHeight, std::min(28.0, titleHeight));
        const QRectF titleRect(textArea.left(), textArea.top(), textArea.width(), titleHeight);
        QRectF valueRect = textArea.adjusted(0, titleHeight, 0, 0);
        QFont valueFont = paint::fittedFont(bold, valueText, valueRect.width(), valueRect.height(), 160);
        titleFont.setPixelSize(std::min(titleFont.pixelSize(), std::max(7, int(valueFont.pixelSize() * 0.45))));
        const int tAlign = justifyCenter ? Qt::AlignHCenter | Qt::AlignBottom : Qt::AlignLeft | Qt::AlignBottom;
        paint::drawFitted(p, titleRect, title, titleFont, tAlign);
        paint::drawFitted(p, valueRect, valueText, valueFont, align);
    } else if (showValue) {
        QFont valueFont = paint::fittedFont(bold, valueText, textArea.width(), textArea.height(), 160);
        paint::drawFitted(p, textArea, valueText, valueFont, Qt::AlignCenter);
    } else if (textMode == u"name") {
        QFont nameFont = paint::fittedFont(base, title, textArea.width(), textArea.height(), 80);
        paint::drawFitted(p, textArea, title, nameFont, Qt::AlignCenter);
    }
}

std::optional<double> StatView::percentChangeOf(const fieldconfig::FieldDisplay& value) const
{
    if (!m_options.value(u"showPercentChange").toBool() || value.noData || value.fieldIndex < 0
        || value.fieldIndex >= int(m_fields.size()))
        return std::nullopt;
    const auto& field = m_fields[std::size_t(value.fieldIndex)];
    return fieldconfig::percentChange(m_data.series.at(std::size_t(field.seriesIndex)).values);
}

void StatView::paintSparkline(QPainter& p, const QRectF& area, const fieldconfig::FieldDisplay& value,
    const QColor& line, const QColor& fill) const
{
    const auto& field = m_fields.at(std::size_t(value.fieldIndex));
    const auto& s = m_data.series.at(std::size_t(field.seriesIndex));
    if (s.values.size() < 2 || s.timesMs.size() != s.values.size())
        return;
    qint64 t0 = m_data.fromMs;
    qint64 t1 = m_data.toMs;
    if (t1 <= t0) {
        t0 = s.timesMs.front();
        t1 = s.timesMs.back();
    }
    double lo = INFINITY, hi = -INFINITY;
    for (double v : s.values)
        if (!std::isnan(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    if (!std::isfinite(lo) || t1 <= t0)
        return;
    if (hi == lo) {
        lo -= 1;
        hi += 1;
    }
    auto x = [&](qint64 t) { return area.left() + (double(t - t0) / double(t1 - t0)) * area.width(); };
    auto y = [&](double v) { return area.bottom() - (v - lo) / (hi - lo) * area.height(); };
    QPainterPath path;
    QPainterPath fillPath;
    bool open = false;
    qreal firstX = 0, lastX = 0;
    auto closeFill = [&] {
        if (open) {
            fillPath.lineTo(lastX, area.bottom());
            fillPath.lineTo(firstX, area.bottom());
            fillPath.closeSubpath();
        }
        open = false;
    };
    for (std::size_t i = 0; i < s.values.size(); ++i) {
        if (std::isnan(s.values[i])) {
            closeFill();
            continue;
        }
        const QPointF pt(x(s.timesMs[i]), y(s.values[i]));
        if (!open) {
            path.moveTo(pt);
            fillPath.moveTo(pt);
            firstX = pt.x();
            open = true;
        } else {
            path.lineTo(pt);
            fillPath.lineTo(pt);
        }
        lastX = pt.x();
    }
    closeFill();
    p.save();
    p.setClipRect(area.adjusted(0, -2, 0, 2));
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawPath(fillPath);
    p.setPen(QPen(line, 1.5));
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
    p.restore();
}

} // namespace sg::ui
