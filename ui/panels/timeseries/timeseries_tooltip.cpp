#include "timeseries_tooltip.h"

#include "timeseries_axes.h"

#include "core/fieldconfig/display.h"

#include <QDateTime>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sg::ui::timeseries {

QStringList TooltipContent::lines() const
{
    QStringList out;
    if (rows.empty())
        return out;
    out << header;
    for (const TooltipRow& r : rows)
        out << r.name + u": "_s + r.value;
    return out;
}

int nearestSeries(const PlotModel& model, const Layout& layout, const QPointF& pos, double* distancePx)
{
    const qint64 t = layout.timeAt(pos.x());
    int best = -1;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < model.series.size(); ++i) {
        const PlotSeries& s = model.series[i];
        if (!s.visible || s.scale < 0)
            continue;
        const qsizetype k = model.nearestIndex(s, t);
        if (k < 0)
            continue;
        const double x = layout.x(model.frame(s).timesMs[std::size_t(k)]);
        const double y = layout.y(model.scales[std::size_t(s.scale)], s.y[std::size_t(k)]);
        if (!std::isfinite(y))
            continue;
        const double d = std::hypot(x - pos.x(), y - pos.y());
        if (d < bestDistance) {
            bestDistance = d;
            best = int(i);
        }
    }
    if (distancePx)
        *distancePx = bestDistance;
    return best;
}

TooltipContent tooltipAt(const PlotModel& model, qint64 t, int focused, TooltipOptions::Mode mode,
    const QTimeZone& zone)
{
    TooltipContent out;
    if (mode == TooltipOptions::Mode::None)
        return out;
    qint64 headerTime = -1;
    for (std::size_t i = 0; i < model.series.size(); ++i) {
        const PlotSeries& s = model.series[i];
        if (!s.visible || s.style.hideTooltip)
            continue;
        if (mode == TooltipOptions::Mode::Single && int(i) != focused)
            continue;
        const qsizetype k = model.nearestIndex(s, t);
        if (k < 0)
            continue;
        const query::SeriesFrame& frame = model.frame(s);
        const double raw = frame.values[std::size_t(k)];
        TooltipRow row;
        row.series = int(i);
        row.name = s.name;
        row.number = raw;
        row.value = fieldconfig::display(s.config, raw).toString();
        row.color = s.color;
        row.focused = int(i) == focused;
        if (headerTime < 0 || row.focused)
            headerTime = frame.timesMs[std::size_t(k)];
        out.rows.push_back(std::move(row));
    }
    if (model.tooltip.sort != TooltipOptions::Sort::None) {
        const bool desc = model.tooltip.sort == TooltipOptions::Sort::Desc;
        std::stable_sort(out.rows.begin(), out.rows.end(), [desc](const TooltipRow& a, const TooltipRow& b) {
            if (std::isnan(a.number) || std::isnan(b.number))
                return !std::isnan(a.number) && std::isnan(b.number);
            return desc ? a.number > b.number : a.number < b.number;
        });
    }
    out.timeMs = headerTime;
    if (headerTime >= 0)
        out.header = QDateTime::fromMSecsSinceEpoch(headerTime, zone).toString(u"yyyy-MM-dd HH:mm:ss"_s);
    return out;
}

void paintTooltip(QPainter& p, const TooltipContent& content, const QPointF& anchor, const QRectF& bounds)
{
    if (content.isEmpty())
        return;
    p.save();
    const QFontMetricsF fm(p.font());
    const double rowHeight = fm.height() + 4;
    const int maxRows = std::max(1, int((bounds.height() - 16) / rowHeight) - 1);
    const int rows = std::min(int(content.rows.size()), maxRows);
    double nameWidth = 0;
    double valueWidth = 0;
    for (int i = 0; i < rows; ++i) {
        nameWidth = std::max(nameWidth, fm.horizontalAdvance(content.rows[std::size_t(i)].name));
        valueWidth = std::max(valueWidth, fm.horizontalAdvance(content.rows[std::size_t(i)].value));
    }
    nameWidth = std::min(nameWidth, std::max(80.0, bounds.width() * 0.6));
    const double width = std::max(fm.horizontalAdvance(content.header), 14 + 6 + nameWidth + 16 + valueWidth) + 16;
    QRectF box(0, 0, width, rowHeight * (rows + 1) + 12);
    box.moveTopLeft(anchor + QPointF(16, 16));
    if (box.right() > bounds.right())
        box.moveRight(anchor.x() - 16);
    if (box.bottom() > bounds.bottom())
        box.moveBottom(anchor.y() - 16);
    box.moveLeft(std::max(box.left(), bounds.left()));
    box.moveTop(std::max(box.top(), bounds.top()));
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(QPen(colors::border(), 1));
    p.setBrush(colors::tooltipBackground());
    p.drawRoundedRect(box, 2, 2);
    double y = box.top() + 6;
    p.setPen(colors::mutedText());
    p.drawText(QPointF(box.left() + 8, y + 2 + fm.ascent()), content.header);
    y += rowHeight;
    for (int i = 0; i < rows; ++i) {
        const TooltipRow& r = content.rows[std::size_t(i)];
        const double cy = y + rowHeight / 2;
        p.setPen(Qt::NoPen);
        p.setBrush(r.color);
        p.drawRoundedRect(QRectF(box.left() + 8, cy - 2, 14, 4), 1.5, 1.5);
        QFont f = p.font();
        f.setBold(r.focused && content.rows.size() > 1);
        p.setFont(f);
        p.setPen(colors::axisText());
        const double baseline = cy - fm.height() / 2 + fm.ascent();
        p.drawText(QPointF(box.left() + 28, baseline), fm.elidedText(r.name, Qt::ElideRight, nameWidth));
        p.drawText(QPointF(box.right() - 8 - fm.horizontalAdvance(r.value), baseline), r.value);
        y += rowHeight;
    }
    p.restore();
}

} // namespace sg::ui::timeseries
