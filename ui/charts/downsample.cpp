#include "downsample.h"

#include <algorithm>
#include <cmath>

namespace sg::ui {

QList<QPointF> downsampleMinMax(const std::vector<promql::Point>& points, TimestampMs from, TimestampMs to,
    int columns)
{
    QList<QPointF> out;
    auto begin = std::lower_bound(points.begin(), points.end(), from,
        [](const promql::Point& p, TimestampMs t) { return p.t < t; });
    auto end = std::upper_bound(begin, points.end(), to,
        [](TimestampMs t, const promql::Point& p) { return t < p.t; });
    const auto count = std::distance(begin, end);
    if (count <= 0)
        return out;
    columns = std::max(columns, 1);
    if (count <= 2 * columns || to <= from) {
        out.reserve(count);
        for (auto it = begin; it != end; ++it) {
            if (std::isfinite(it->v))
                out.append(QPointF(double(it->t), it->v));
        }
        return out;
    }

    out.reserve(4 * columns);
    const double width = double(to - from) / columns;
    auto it = begin;
    while (it != end) {
        const auto column = std::min<qint64>(columns - 1, qint64(double(it->t - from) / width));
        const TimestampMs columnEnd = from + TimestampMs(std::ceil(width * double(column + 1)));
        const promql::Point* first = nullptr;
        const promql::Point* last = nullptr;
        const promql::Point* lo = nullptr;
        const promql::Point* hi = nullptr;
        for (; it != end && (it->t < columnEnd || column == columns - 1); ++it) {
            if (!std::isfinite(it->v))
                continue;
            const promql::Point* p = &*it;
            if (!first)
                first = p;
            last = p;
            if (!lo || p->v < lo->v)
                lo = p;
            if (!hi || p->v > hi->v)
                hi = p;
        }
        if (!first)
            continue;
        // Keep time order among the (up to) four representatives, without duplicates.
        const promql::Point* picks[4] = { first, lo, hi, last };
        std::sort(std::begin(picks), std::end(picks), [](auto* a, auto* b) { return a->t < b->t; });
        const promql::Point* previous = nullptr;
        for (auto* p : picks) {
            if (p != previous)
                out.append(QPointF(double(p->t), p->v));
            previous = p;
        }
    }
    return out;
}

std::vector<QList<QPointF>> splitAtGaps(const QList<QPointF>& points, double maxGap, int maxSegments)
{
    std::vector<QList<QPointF>> parts;
    parts.emplace_back();
    for (qsizetype i = 0; i < points.size(); ++i) {
        if (i > 0 && points[i].x() - points[i - 1].x() > maxGap && int(parts.size()) < maxSegments)
            parts.emplace_back();
        parts.back().append(points[i]);
    }
    return parts;
}

DurationMs minimumSpacing(const std::vector<promql::Point>& points)
{
    DurationMs best = 0;
    for (std::size_t i = 1; i < points.size(); ++i) {
        const DurationMs d = points[i].t - points[i - 1].t;
        if (d > 0 && (best == 0 || d < best))
            best = d;
    }
    return best;
}

} // namespace sg::ui
