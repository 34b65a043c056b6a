#include "plot_axes.h"

#include "core/units/units.h"
#include "panel_paint.h"

#include <QDateTime>
#include <QFontMetrics>
#include <QPainter>

#include <algorithm>
#include <array>
#include <cmath>

namespace sg::ui::plot {

QTimeZone zoneFor(const QString& tz)
{
    if (tz.compare(u"utc", Qt::CaseInsensitive) == 0)
        return QTimeZone::utc();
    if (tz.isEmpty() || tz == u"browser")
        return QTimeZone::systemTimeZone();
    const QTimeZone zone(tz.toUtf8());
    return zone.isValid() ? zone : QTimeZone::systemTimeZone();
}

QString formatDateTime(qint64 ms, const QTimeZone& zone)
{
    return QDateTime::fromMSecsSinceEpoch(ms, zone).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString formatDuration(qint64 ms)
{
    if (ms < 1000)
        return QString::number(ms) + QStringLiteral("ms");
    qint64 s = ms / 1000;
    const qint64 d = s / 86400;
    const qint64 h = (s % 86400) / 3600;
    const qint64 m = (s % 3600) / 60;
    s %= 60;
    QStringList parts;
    if (d)
        parts << QString::number(d) + u'd';
    if (h)
        parts << QString::number(h) + u'h';
    if (m && parts.size() < 2)
        parts << QString::number(m) + u'm';
    if (s && parts.size() < 2)
        parts << QString::number(s) + u's';
    return parts.join(u' ');
}

TimeTicks timeTicks(qint64 fromMs, qint64 toMs, double widthPx, const QTimeZone& zone, double minSpacingPx)
{
    TimeTicks out;
    if (toMs <= fromMs || widthPx <= 0)
        return out;
    static constexpr std::array<qint64, 26> Steps { 1, 10, 100, 500, 1000, 2000, 5000, 10'000, 15'000, 30'000, 60'000,
        120'000, 300'000, 600'000, 900'000, 1'800'000, 3'600'000, 7'200'000, 10'800'000, 21'600'000, 43'200'000,
        86'400'000, 172'800'000, 604'800'000, 2'592'000'000, 31'536'000'000 };
    const double span = double(toMs - fromMs);
    const double maxTicks = std::max(1.0, widthPx / minSpacingPx);
    out.stepMs = Steps.back();
    for (qint64 s : Steps) {
        if (span / double(s) <= maxTicks) {
            out.stepMs = s;
            break;
        }
    }
    // Align to the zone's wall clock (for steps up to a day; longer steps align to UTC days).
    const qint64 offsetMs = qint64(zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(fromMs, zone))) * 1000;
    const qint64 step = out.stepMs;
    qint64 t = ((fromMs + offsetMs + step - 1) / step) * step - offsetMs;
    for (; t <= toMs && out.ms.size() < 200; t += step)
        if (t >= fromMs)
            out.ms.push_back(t);
    const bool multiDay = toMs - fromMs > 86'400'000;
    if (step < 1000)
        out.format = QStringLiteral("HH:mm:ss.zzz");
    else if (step < 60'000)
        out.format = QStringLiteral("HH:mm:ss");
    else if (step >= 86'400'000)
        out.format = QStringLiteral("MM/dd");
    else
        out.format = multiDay ? QStringLiteral("MM/dd HH:mm") : QStringLiteral("HH:mm");
    return out;
}

double niceStep(double range, double count)
{
    if (!(range > 0) || !(count > 0))
        return 1;
    const double raw = range / count;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : { 1.0, 2.0, 2.5, 5.0, 10.0 })
        if (raw <= m * mag * (1 + 1e-9))
            return m * mag;
    return 10 * mag;
}

std::vector<double> numericTicks(double min, double max, double count)
{
    std::vector<double> out;
    if (!(max > min))
        return out;
    const double step = niceStep(max - min, count);
    for (double v = std::ceil(min / step - 1e-9) * step; v <= max + step * 1e-9 && out.size() < 100; v += step)
        out.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    return out;
}

QString formatValue(const QString& unit, double value, std::optional<int> decimals)
{
    return units::format(unit, value, decimals).toString();
}

void drawTimeAxis(QPainter& p, const QRectF& plot, qint64 fromMs, qint64 toMs, const QTimeZone& zone,
    bool gridLines)
{
    const TimeTicks ticks = timeTicks(fromMs, toMs, plot.width(), zone);
    const QFontMetrics fm(p.font());
    const double span = double(toMs - fromMs);
    for (qint64 t : ticks.ms) {
        const double x = plot.left() + plot.width() * double(t - fromMs) / span;
        if (gridLines) {
            p.setPen(QPen(paint::gridLine(), 1));
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        }
        const QString label = QDateTime::fromMSecsSinceEpoch(t, zone).toString(ticks.format);
        const double w = fm.horizontalAdvance(label);
        double lx = std::clamp(x - w / 2, plot.left() - 4, plot.right() - w + 4);
        p.setPen(paint::mutedText());
        p.drawText(QPointF(lx, plot.bottom() + 4 + fm.ascent()), label);
    }
}

std::vector<std::pair<double, QString>> valueTicks(double min, double max, double count, const QString& unit)
{
    std::vector<std::pair<double, QString>> out;
    for (double v : numericTicks(min, max, count))
        out.emplace_back(v, formatValue(unit, v));
    return out;
}

int valueAxisWidth(const QFontMetrics& fm, const std::vector<std::pair<double, QString>>& ticks)
{
    int w = 0;
    for (const auto& t : ticks)
        w = std::max(w, fm.horizontalAdvance(t.second));
    return w;
}

void drawValueAxis(QPainter& p, const QRectF& plot, double min, double max,
    const std::vector<std::pair<double, QString>>& ticks, Qt::Orientation orientation)
{
    if (!(max > min))
        return;
    const QFontMetrics fm(p.font());
    for (const auto& [v, label] : ticks) {
        const double f = (v - min) / (max - min);
        p.setPen(QPen(paint::gridLine(), 1));
        if (orientation == Qt::Vertical) {
            const double y = plot.bottom() - f * plot.height();
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
            p.setPen(paint::mutedText());
            p.drawText(QPointF(plot.left() - 6 - fm.horizontalAdvance(label), y + fm.ascent() / 2.0 - 1), label);
        } else {
            const double x = plot.left() + f * plot.width();
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
            p.setPen(paint::mutedText());
            const double w = fm.horizontalAdvance(label);
            p.drawText(QPointF(std::clamp(x - w / 2, plot.left() - 6, plot.right() - w + 6), plot.bottom() + 4 + fm.ascent()),
                label);
        }
    }
}

int drawLegendRow(QPainter& p, const QRectF& area, const std::vector<std::pair<QString, QColor>>& items)
{
    const QFontMetrics fm(p.font());
    double x = area.left();
    const double y = area.top() + (area.height() - fm.height()) / 2 + 1;
    int shown = 0;
    for (const auto& [text, color] : items) {
        const double w = 14 + fm.horizontalAdvance(text) + 16;
        if (x + w > area.right() + 16)
            break;
        p.fillRect(QRectF(x, y + (fm.height() - 4) / 2.0, 10, 4), color);
        p.setPen(paint::plotText());
        p.drawText(QPointF(x + 14, y + fm.ascent()), text);
        x += w;
        ++shown;
    }
    return shown;
}

void drawTooltip(QPainter& p, const QPointF& anchor, const QStringList& lines, const QRectF& bounds)
{
    if (lines.isEmpty())
        return;
    QFont bold = p.font();
    bold.setBold(true);
    const QFontMetrics fm(p.font());
    const QFontMetrics fmBold(bold);
    double w = 0;
    for (qsizetype i = 0; i < lines.size(); ++i)
        w = std::max<double>(w, (i == 0 ? fmBold : fm).horizontalAdvance(lines[i]));
    const double lineH = fm.height();
    QRectF box(0, 0, w + 16, lineH * double(lines.size()) + 10);
    box.moveTopLeft(anchor + QPointF(14, 14));
    if (box.right() > bounds.right())
        box.moveRight(anchor.x() - 14);
    if (box.bottom() > bounds.bottom())
        box.moveBottom(anchor.y() - 14);
    box.moveLeft(std::max(box.left(), bounds.left()));
    box.moveTop(std::max(box.top(), bounds.top()));
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(paint::plotBorder());
    p.setBrush(paint::tooltipBackground());
    p.drawRoundedRect(box, 3, 3);
    const QFont regular = p.font();
    for (qsizetype i = 0; i < lines.size(); ++i) {
        p.setFont(i == 0 ? bold : regular);
        p.setPen(i == 0 ? paint::plotText() : paint::plotText().darker(110));
        p.drawText(QPointF(box.left() + 8, box.top() + 5 + lineH * double(i) + fm.ascent()), lines[i]);
    }
    p.restore();
}

} // namespace sg::ui::plot
