#include "annotation_marks.h"

#include "ui/panels/common/panel_paint.h"

#include <QDateTime>
#include <QPainter>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::ui {

QRect annotationMarkerRect(double x, const QRectF& plot)
{
    const double center = std::floor(x) + 0.5;
    return QRectF(center - 5, plot.bottom() - 7, 10, 8).toAlignedRect();
}

int annotationNear(const std::vector<query::Annotation>& annotations, const QPointF& pos, const QRectF& plot,
    const TimeToX& timeToX)
{
    int best = -1;
    double bestDistance = 6;
    for (int i = 0; i < int(annotations.size()); ++i) {
        const auto x = timeToX(annotations[std::size_t(i)].timeMs);
        if (!x)
            continue;
        const QRect r = annotationMarkerRect(*x, plot);
        if (pos.y() < r.top() - 4 || pos.y() > r.bottom() + 4)
            continue;
        const double d = std::abs(pos.x() - r.center().x());
        if (d < bestDistance) {
            bestDistance = d;
            best = i;
        }
    }
    return best;
}

QStringList annotationTooltipLines(const query::Annotation& a, const QTimeZone& zone)
{
    const auto at = [&](qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms, zone); };
    QString when = at(a.timeMs).toString(u"yyyy-MM-dd HH:mm:ss"_s);
    if (a.timeEndMs > a.timeMs)
        when += u" – "_s + at(a.timeEndMs).toString(u"HH:mm:ss"_s); // a region
    QStringList lines { when + (a.title.isEmpty() ? QString() : u" · "_s + a.title) };
    if (!a.text.isEmpty())
        lines << a.text;
    if (!a.tags.isEmpty())
        lines << u"tags: "_s + a.tags.join(u", "_s);
    return lines;
}

void paintAnnotationMarkers(QPainter& p, const QRectF& plot, const std::vector<query::Annotation>& annotations,
    const TimeToX& timeToX)
{
    for (const query::Annotation& a : annotations) {
        const auto at = timeToX(a.timeMs);
        if (!at)
            continue;
        const QRect marker = annotationMarkerRect(*at, plot);
        QColor color = paint::toQColor(a.color);
        const double x = marker.center().x() + 0.5;
        if (a.timeEndMs > a.timeMs) {
            // A region (Grafana's timeEnd): shaded up to its end, clipped to the plot.
            const auto end = timeToX(a.timeEndMs);
            color.setAlpha(40);
            p.fillRect(QRectF(QPointF(x, plot.top()), QPointF(std::max(end ? *end : plot.right(), x + 1), plot.bottom())), color);
        }
        color.setAlpha(110);
        p.setPen(QPen(color, 1, Qt::DashLine));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        color.setAlpha(255);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        const QPointF tri[3] = { { x - 5, plot.bottom() + 1 }, { x + 5, plot.bottom() + 1 }, { x, plot.bottom() - 6 } };
        p.drawPolygon(tri, 3);
    }
}

} // namespace sg::ui
