#include "timeseries_layout.h"

#include <QDateTime>

#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::ui::timeseries {

namespace {

constexpr double Padding = 4;
constexpr double AxisGap = 8;      ///< between tick labels and the plot
constexpr double LegendGap = 8;    ///< between the chart and the legend
constexpr double YTickSpacing = 30;

constexpr qint64 Second = 1000;
constexpr qint64 Minute = 60 * Second;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;

QString tickFormat(qint64 step, qint64 range)
{
    if (step < Second)
        return u"HH:mm:ss.zzz"_s;
    if (step < Minute)
        return u"HH:mm:ss"_s;
    if (step < Hour || (step < Day && range <= Day))
        return u"HH:mm"_s;
    if (step < Day)
        return u"MM/dd HH:mm"_s;
    if (step < 28 * Day)
        return u"MM/dd"_s;
    if (step < 365 * Day)
        return u"yyyy-MM"_s;
    return u"yyyy"_s;
}

} // namespace

std::vector<TimeTick> timeTicks(qint64 fromMs, qint64 toMs, double widthPx, const QTimeZone& zone,
    const QFontMetricsF& fm)
{
    std::vector<TimeTick> out;
    if (toMs <= fromMs || widthPx <= 0)
        return out;
    static constexpr std::array<qint64, 33> Steps { 1, 2, 5, 10, 20, 50, 100, 200, 500, Second, 2 * Second,
        5 * Second, 10 * Second, 15 * Second, 30 * Second, Minute, 2 * Minute, 5 * Minute, 10 * Minute, 15 * Minute,
        30 * Minute, Hour, 2 * Hour, 3 * Hour, 4 * Hour, 6 * Hour, 12 * Hour, Day, 2 * Day, 7 * Day, 30 * Day,
        91 * Day, 365 * Day };
    const qint64 range = toMs - fromMs;
    qint64 step = Steps.back();
    for (qint64 s : Steps) {
        // The labels need their own width plus a gap, as uPlot's space-per-tick calculation.
        const double spacing = fm.horizontalAdvance(tickFormat(s, range)) + 40;
        if (double(range) / double(s) <= widthPx / spacing) {
            step = s;
            break;
        }
    }
    const QString format = tickFormat(step, range);
    if (step >= Day) {
        // Whole days (weeks, months, years) start at the zone's midnight.
        QDateTime d = QDateTime::fromMSecsSinceEpoch(fromMs, zone);
        d = QDateTime(d.date(), QTime(0, 0), zone);
        if (step >= 365 * Day)
            d = QDateTime(QDate(d.date().year(), 1, 1), QTime(0, 0), zone);
        else if (step >= 30 * Day)
            d = QDateTime(QDate(d.date().year(), d.date().month(), 1), QTime(0, 0), zone);
        for (int guard = 0; guard < 400 && d.toMSecsSinceEpoch() <= toMs; ++guard) {
            if (d.toMSecsSinceEpoch() >= fromMs)
                out.push_back({ d.toMSecsSinceEpoch(), d.toString(format) });
            if (step >= 365 * Day)
                d = d.addYears(1);
            else if (step >= 91 * Day)
                d = d.addMonths(3);
            else if (step >= 30 * Day)
                d = d.addMonths(1);
            else
                d = d.addDays(step / Day);
        }
        return out;
    }
    const qint64 offset = qint64(zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(fromMs, zone))) * 1000;
    qint64 t = ((fromMs + offset) / step) * step - offset;
    if (t < fromMs)
        t += step;
    for (; t <= toMs && out.size() < 400; t += step)
        out.push_back({ t, QDateTime::fromMSecsSinceEpoch(t, zone).toString(format) });
    return out;
}

qint64 Layout::timeAt(double px) const
{
    if (plot.width() <= 0)
        return fromMs;
    const double f = std::clamp((px - plot.left()) / plot.width(), 0.0, 1.0);
    return fromMs + qint64(std::llround(f * double(toMs - fromMs)));
}

Layout computeLayout(const PlotModel& model, const QRectF& bounds, double legendExtent, const QFontMetricsF& fm,
    const QTimeZone& zone)
{
    Layout l;
    l.bounds = bounds.adjusted(Padding, Padding, -Padding, -Padding);
    l.fromMs = model.fromMs;
    l.toMs = std::max(model.toMs, model.fromMs + 1);
    QRectF chart = l.bounds;
    if (legendExtent > 0) {
        if (model.legend.right) {
            l.legend = QRectF(chart.right() - legendExtent, chart.top(), legendExtent, chart.height());
            chart.setRight(l.legend.left() - LegendGap);
        } else {
            l.legend = QRectF(chart.left(), chart.bottom() - legendExtent, chart.width(), legendExtent);
            chart.setBottom(l.legend.top() - LegendGap);
        }
    }
    const double timeAxisHeight = fm.height() + 6;
    const double top = chart.top() + fm.height() / 2; // room for the top tick label
    const double plotHeight = std::max(1.0, chart.bottom() - timeAxisHeight - top);

    double left = 0;
    double right = 0;
    for (std::size_t k = 0; k < model.scales.size(); ++k) {
        const Scale& sc = model.scales[k];
        if (sc.side == AxisPlacement::Hidden)
            continue;
        AxisBox box;
        box.scale = int(k);
        box.right = sc.side == AxisPlacement::Right;
        box.ticks = valueTicks(sc, plotHeight, YTickSpacing);
        double w = 0;
        for (const ValueTick& t : box.ticks)
            w = std::max(w, fm.horizontalAdvance(t.label));
        w += AxisGap;
        if (!sc.label.isEmpty())
            w += fm.height() + 4;
        double& used = box.right ? right : left;
        box.rect = QRectF(0, top, w, plotHeight);
        used += w;
        box.rect.moveLeft(box.right ? used - w : -used); // relative; fixed below
        l.axes.push_back(std::move(box));
    }
    const double plotLeft = chart.left() + left;
    const double plotRight = chart.right() - std::max(right, left == 0 && right == 0 ? 0.0 : 4.0);
    l.plot = QRectF(QPointF(plotLeft, top), QPointF(std::max(plotLeft + 1, plotRight), top + plotHeight));
    for (AxisBox& box : l.axes) {
        if (box.right)
            box.rect.moveLeft(l.plot.right() + box.rect.left());
        else
            box.rect.moveLeft(l.plot.left() + box.rect.left());
    }
    l.timeTicks = timeTicks(l.fromMs, l.toMs, l.plot.width(), zone, fm);
    return l;
}

} // namespace sg::ui::timeseries
