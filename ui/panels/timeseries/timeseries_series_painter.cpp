#include "timeseries_series_painter.h"

#include "core/fieldconfig/colors.h"
#include "core/fieldconfig/field_color.h"

#include <QLinearGradient>
#include <QPaintEngine>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <climits>
#include <cmath>

namespace sg::ui::timeseries {

namespace {

constexpr double YLimit = 1e5; // keeps far off-scale values from overflowing the rasteriser

double clampY(const Layout& l, double y) { return std::clamp(y, l.plot.top() - YLimit, l.plot.bottom() + YLimit); }

/// Where fills and bars start from: 0 clamped into the scale (the scale's bottom on a log scale), as uPlot's fillTo.
double fillToY(const Layout& l, const Scale& scale)
{
    if (scale.log)
        return l.plot.bottom();
    return l.y(scale, std::clamp(0.0, scale.min, scale.max));
}

QPolygonF stepped(const QPolygonF& pts, LineInterpolation interp)
{
    if (interp != LineInterpolation::StepAfter && interp != LineInterpolation::StepBefore)
        return pts;
    QPolygonF out;
    out.reserve(pts.size() * 2);
    for (qsizetype i = 0; i < pts.size(); ++i) {
        if (i > 0) {
            if (interp == LineInterpolation::StepAfter)
                out << QPointF(pts[i].x(), pts[i - 1].y());
            else
                out << QPointF(pts[i - 1].x(), pts[i].y());
        }
        out << pts[i];
    }
    return out;
}

/// Monotone cubic interpolation (Fritsch–Carlson), as uPlot's spline path builder for "smooth".
QPainterPath smoothPath(const QPolygonF& pts)
{
    QPainterPath path;
    const qsizetype n = pts.size();
    if (n == 0)
        return path;
    path.moveTo(pts[0]);
    if (n < 3) {
        for (qsizetype i = 1; i < n; ++i)
            path.lineTo(pts[i]);
        return path;
    }
    std::vector<double> slope(static_cast<std::size_t>(n - 1));
    for (qsizetype i = 0; i + 1 < n; ++i) {
        const double dx = pts[i + 1].x() - pts[i].x();
        slope[std::size_t(i)] = dx != 0 ? (pts[i + 1].y() - pts[i].y()) / dx : 0;
    }
    std::vector<double> tangent(static_cast<std::size_t>(n));
    tangent[0] = slope[0];
    tangent[std::size_t(n - 1)] = slope[std::size_t(n - 2)];
    for (qsizetype i = 1; i + 1 < n; ++i) {
        const double m0 = slope[std::size_t(i - 1)];
        const double m1 = slope[std::size_t(i)];
        if (m0 * m1 <= 0) {
            tangent[std::size_t(i)] = 0;
        } else {
            const double dx0 = pts[i].x() - pts[i - 1].x();
            const double dx1 = pts[i + 1].x() - pts[i].x();
            tangent[std::size_t(i)] = 3 * (dx0 + dx1) / ((2 * dx1 + dx0) / m0 + (dx1 + 2 * dx0) / m1);
        }
    }
    for (qsizetype i = 0; i + 1 < n; ++i) {
        const double dx = (pts[i + 1].x() - pts[i].x()) / 3;
        path.cubicTo(QPointF(pts[i].x() + dx, pts[i].y() + tangent[std::size_t(i)] * dx),
            QPointF(pts[i + 1].x() - dx, pts[i + 1].y() - tangent[std::size_t(i + 1)] * dx), pts[i + 1]);
    }
    return path;
}

QPainterPath linePath(const QPolygonF& pts, LineInterpolation interp)
{
    if (interp == LineInterpolation::Smooth)
        return smoothPath(pts);
    QPainterPath path;
    path.addPolygon(stepped(pts, interp));
    return path;
}

QColor withAlpha(QColor c, double alpha)
{
    c.setAlphaF(float(std::clamp(alpha, 0.0, 1.0) * c.alphaF()));
    return c;
}

double thresholdValue(const fieldconfig::ThresholdsConfig& t, const fieldconfig::Threshold& step, const Scale& scale,
    const fieldconfig::FieldConfig& config)
{
    if (t.mode == fieldconfig::ThresholdsMode::Percentage) {
        const double lo = config.min.value_or(scale.min);
        const double hi = config.max.value_or(scale.max);
        return lo + (hi - lo) * step.value / 100;
    }
    return step.value;
}

/// Grafana's scheme gradient: the colour by value along y (hard stops at the thresholds, or the continuous scheme
/// over the field's range), at `alpha`.
QBrush schemeBrush(const Layout& l, const Scale& scale, const PlotSeries& s, double alpha)
{
    QLinearGradient g(0, l.plot.bottom(), 0, l.plot.top());
    const auto pos = [&](double v) {
        const double y = l.y(scale, v);
        return std::isfinite(y) ? std::clamp((l.plot.bottom() - y) / std::max(1.0, l.plot.height()), 0.0, 1.0)
                                : (v > 0 ? 1.0 : 0.0);
    };
    const QStringList scheme = fieldconfig::continuousSchemeColors(s.config.color.mode);
    if (!scheme.isEmpty()) {
        // Percent stacking plots fractions: the scheme then spans the scale rather than the raw values' range.
        const double lo = scale.percent ? scale.min : s.config.rangeMin;
        const double hi = scale.percent ? scale.max : (s.config.rangeMax > lo ? s.config.rangeMax : lo + 1);
        for (int k = 0; k <= 16; ++k) {
            const double f = k / 16.0;
            g.setColorAt(pos(lo + f * (hi - lo)), withAlpha(toQColor(fieldconfig::interpolateRgbBasis(scheme, f)), alpha));
        }
        return QBrush(g);
    }
    const auto& steps = s.config.thresholds.steps;
    if (steps.empty() || !(s.config.color.mode.isEmpty() || s.config.color.mode == u"thresholds"))
        return QBrush(withAlpha(s.color, alpha));
    QColor previous = withAlpha(toQColor(steps.front().color), alpha);
    g.setColorAt(0, previous);
    for (std::size_t k = 1; k < steps.size(); ++k) {
        const double at = pos(thresholdValue(s.config.thresholds, steps[k], scale, s.config));
        const QColor c = withAlpha(toQColor(steps[k].color), alpha);
        g.setColorAt(std::max(0.0, at - 1e-6), previous);
        g.setColorAt(at, c);
        previous = c;
    }
    g.setColorAt(1, previous);
    return QBrush(g);
}

/// Grafana's hue gradient: the colour spun ±15° and lightened/darkened between the plot's top and bottom.
QBrush hueBrush(const Layout& l, const QColor& color, double alpha)
{
    QLinearGradient g(0, l.plot.top(), 0, l.plot.bottom());
    const auto spin = [&](int degrees, int lightness) {
        QColor hsl = color.toHsl();
        QColor out = QColor::fromHsl((hsl.hslHue() + degrees + 360) % 360, hsl.hslSaturation(),
            std::clamp(hsl.lightness() + lightness, 0, 255));
        return withAlpha(out, alpha);
    };
    g.setColorAt(0, spin(15, 26));
    g.setColorAt(1, spin(-15, -26));
    return QBrush(g);
}

QBrush fillBrush(const Layout& l, const Scale& scale, const PlotSeries& s)
{
    const double alpha = s.style.fillOpacity / 100;
    switch (s.style.gradientMode) {
    case GradientMode::None:
        break;
    case GradientMode::Opacity: {
        QLinearGradient g(0, l.plot.top(), 0, l.plot.bottom());
        g.setColorAt(0, withAlpha(s.color, alpha));
        g.setColorAt(1, withAlpha(s.color, 0));
        return QBrush(g);
    }
    case GradientMode::Hue:
        return hueBrush(l, s.color, alpha);
    case GradientMode::Scheme:
        return schemeBrush(l, scale, s, alpha);
    }
    return QBrush(withAlpha(s.color, alpha));
}

QPen linePen(const Layout& l, const Scale& scale, const PlotSeries& s)
{
    QBrush brush(s.color);
    if (s.style.gradientMode == GradientMode::Scheme)
        brush = schemeBrush(l, scale, s, 1.0);
    else if (s.style.gradientMode == GradientMode::Hue)
        brush = hueBrush(l, s.color, 1.0);
    QPen pen(brush, s.style.lineWidth, Qt::SolidLine, Qt::FlatCap, Qt::RoundJoin);
    if (!s.style.dash.empty()) {
        QList<qreal> pattern;
        const double w = std::max(1.0, s.style.lineWidth);
        for (double d : s.style.dash)
            pattern << std::max(0.01, d / w);
        if (pattern.size() % 2)
            pattern << pattern.back();
        pen.setDashPattern(pattern);
        if (s.style.dots)
            pen.setCapStyle(Qt::RoundCap);
    }
    return pen;
}

void paintBars(QPainter& p, const Layout& l, const Scale& scale, const PlotSeries& s,
    const std::vector<PixelSegment>& segments, const std::vector<qint64>& times)
{
    const double stepMs = std::isfinite(s.gapMs) ? s.gapMs / 1.5 : double(l.toMs - l.fromMs) / 100;
    const double stepPx = l.plot.width() * stepMs / double(l.toMs - l.fromMs);
    const double width = std::max(1.0, stepPx * s.style.barWidthFactor);
    const double zero = fillToY(l, scale);
    std::vector<QRectF> rects;
    for (const PixelSegment& seg : segments) {
        for (qsizetype k = 0; k < seg.top.size(); ++k) {
            const double x = l.x(times[std::size_t(seg.samples[std::size_t(k)])]);
            const double left = s.style.barAlignment == 0 ? x - width / 2 : (s.style.barAlignment < 0 ? x - width : x);
            const double bottom = seg.base.isEmpty() ? zero : seg.base[k].y();
            const double top = seg.top[k].y();
            rects.emplace_back(QPointF(left, std::min(top, bottom)), QPointF(left + width, std::max(top, bottom)));
        }
    }
    p.setBrush(s.style.fillOpacity > 0 ? fillBrush(l, scale, s) : QBrush(Qt::NoBrush));
    if (s.style.lineWidth > 0 && width > 2)
        p.setPen(linePen(l, scale, s));
    else if (s.style.fillOpacity <= 0)
        p.setPen(QPen(s.color, 1));
    else
        p.setPen(Qt::NoPen);
    p.drawRects(rects.data(), int(rects.size()));
}

} // namespace

std::vector<PixelSegment> pixelSegments(const PlotModel& model, const PlotSeries& s, const Layout& layout, double dpr)
{
    std::vector<PixelSegment> out;
    if (s.scale < 0)
        return out;
    const Scale& scale = model.scales[std::size_t(s.scale)];
    const auto& times = model.frame(s).timesMs;
    const qsizetype n = qsizetype(times.size());
    qsizetype i0 = std::lower_bound(times.begin(), times.end(), layout.fromMs) - times.begin();
    qsizetype i1 = std::upper_bound(times.begin(), times.end(), layout.toMs) - times.begin();
    if (i0 > 0)
        --i0; // one sample either side, so the line runs to the plot's edges
    if (i1 < n)
        ++i1;

    PixelSegment current;
    int column = INT_MIN;
    int first = -1;
    int lo = -1;
    int hi = -1;
    int last = -1;
    double loY = 0;
    double hiY = 0;
    auto flush = [&] {
        if (first < 0)
            return;
        int picks[4] = { first, lo, hi, last };
        std::sort(std::begin(picks), std::end(picks));
        int previous = -1;
        for (int i : picks) {
            if (i != previous)
                current.samples.push_back(i);
            previous = i;
        }
        first = -1;
    };
    auto endSegment = [&] {
        flush();
        if (!current.samples.empty())
            out.push_back(std::move(current));
        current = PixelSegment();
        column = INT_MIN;
    };
    bool sawNull = false;
    bool havePrevious = false;
    qint64 previousT = 0;
    for (qsizetype i = i0; i < i1; ++i) {
        const double py = layout.y(scale, s.y[std::size_t(i)]);
        if (!std::isfinite(py)) {
            sawNull = true;
            continue;
        }
        const qint64 t = times[std::size_t(i)];
        if (havePrevious) {
            const double dt = double(t - previousT);
            if ((sawNull || dt > s.gapMs) && dt > s.style.spanNullsMs)
                endSegment();
        }
        const int c = int(std::floor(layout.x(t) * dpr));
        if (c != column) {
            flush();
            column = c;
            first = lo = hi = last = int(i);
            loY = hiY = py;
        } else {
            last = int(i);
            if (py > loY) {
                loY = py;
                lo = int(i);
            }
            if (py < hiY) {
                hiY = py;
                hi = int(i);
            }
        }
        previousT = t;
        havePrevious = true;
        sawNull = false;
    }
    endSegment();

    const bool stacked = !s.base.empty();
    for (PixelSegment& seg : out) {
        seg.top.reserve(qsizetype(seg.samples.size()));
        if (stacked)
            seg.base.reserve(qsizetype(seg.samples.size()));
        for (int i : seg.samples) {
            const double x = layout.x(times[std::size_t(i)]);
            seg.top << QPointF(x, clampY(layout, layout.y(scale, s.y[std::size_t(i)])));
            if (stacked) {
                const double by = layout.y(scale, s.base[std::size_t(i)]);
                seg.base << QPointF(x, std::isfinite(by) ? clampY(layout, by) : layout.plot.bottom());
            }
        }
    }
    return out;
}

bool pointsShown(const SeriesStyle& style, qsizetype samplesInView, double plotWidth)
{
    if (style.drawStyle == DrawStyle::Points)
        return true;
    switch (style.showPoints) {
    case ShowPoints::Always:
        return true;
    case ShowPoints::Never:
        return false;
    case ShowPoints::Auto:
        break;
    }
    return samplesInView > 0 && plotWidth / double(samplesInView) >= style.pointSize * 2 + 4;
}

void paintThresholds(QPainter& p, const Layout& layout, const PlotModel& model, bool areas)
{
    std::vector<int> done;
    for (const PlotSeries& s : model.series) {
        const ThresholdsStyle style = s.style.thresholdsStyle;
        if (!s.visible || s.scale < 0 || style == ThresholdsStyle::Off
            || std::find(done.begin(), done.end(), s.scale) != done.end())
            continue;
        done.push_back(s.scale);
        const Scale& scale = model.scales[std::size_t(s.scale)];
        const auto& steps = s.config.thresholds.steps;
        const bool wantAreas = style == ThresholdsStyle::Area || style == ThresholdsStyle::LineAndArea
            || style == ThresholdsStyle::DashedAndArea;
        const bool wantLines = style != ThresholdsStyle::Area;
        const bool dashed = style == ThresholdsStyle::Dashed || style == ThresholdsStyle::DashedAndArea;
        p.save();
        p.setClipRect(layout.plot);
        for (std::size_t k = 0; k < steps.size(); ++k) {
            const QColor color = toQColor(steps[k].color);
            if (areas && wantAreas) {
                const double lo = k == 0 ? scale.min : thresholdValue(s.config.thresholds, steps[k], scale, s.config);
                const double hi = k + 1 < steps.size()
                    ? thresholdValue(s.config.thresholds, steps[k + 1], scale, s.config)
                    : scale.max;
                double yLo = layout.y(scale, std::max(lo, scale.min));
                double yHi = layout.y(scale, std::min(hi, scale.max));
                if (!std::isfinite(yLo))
                    yLo = layout.plot.bottom();
                if (!std::isfinite(yHi))
                    yHi = layout.plot.bottom();
                if (yLo > yHi)
                    p.fillRect(QRectF(QPointF(layout.plot.left(), yHi), QPointF(layout.plot.right(), yLo)),
                        withAlpha(color, 0.15));
            }
            if (!areas && wantLines && k > 0) {
                const double y = layout.y(scale, thresholdValue(s.config.thresholds, steps[k], scale, s.config));
                if (!std::isfinite(y))
                    continue;
                QPen pen(color, 2);
                pen.setCapStyle(Qt::FlatCap);
                if (dashed)
                    pen.setDashPattern({ 5, 5 });
                p.setPen(pen);
                p.drawLine(QPointF(layout.plot.left(), y), QPointF(layout.plot.right(), y));
            }
        }
        p.restore();
    }
}

void paintSeries(QPainter& p, const Layout& layout, const PlotModel& model, const PlotSeries& s, double dpr)
{
    if (!s.visible || s.scale < 0)
        return;
    const Scale& scale = model.scales[std::size_t(s.scale)];
    const auto& times = model.frame(s).timesMs;
    const std::vector<PixelSegment> segments = pixelSegments(model, s, layout, dpr);
    if (segments.empty())
        return;
    p.save();
    p.setClipRect(layout.plot.adjusted(-1, -1, 1, 1));
    if (s.style.drawStyle == DrawStyle::Bars) {
        paintBars(p, layout, scale, s, segments, times);
        p.restore();
        return;
    }
    const LineInterpolation interp = s.style.interpolation;
    if (s.style.drawStyle == DrawStyle::Line && s.style.fillOpacity > 0) {
        const double zero = fillToY(layout, scale);
        p.setPen(Qt::NoPen);
        p.setBrush(fillBrush(layout, scale, s));
        for (const PixelSegment& seg : segments) {
            QPainterPath area = linePath(seg.top, interp);
            if (seg.base.isEmpty()) {
                area.lineTo(seg.top.back().x(), zero);
                area.lineTo(seg.top.front().x(), zero);
            } else {
                const QPolygonF base = stepped(seg.base, interp);
                for (qsizetype k = base.size() - 1; k >= 0; --k)
                    area.lineTo(base[k]);
            }
            area.closeSubpath();
            p.drawPath(area);
        }
    }
    if (s.style.drawStyle == DrawStyle::Line && s.style.lineWidth > 0) {
        p.setPen(linePen(layout, scale, s));
        p.setBrush(Qt::NoBrush);
        for (const PixelSegment& seg : segments) {
            if (seg.top.size() == 1) {
                // A lone sample between nulls is still visible, as uPlot draws it as a dot.
                p.save();
                p.setPen(Qt::NoPen);
                p.setBrush(s.color);
                const double r = std::max(1.5, s.style.lineWidth);
                p.drawEllipse(seg.top.front(), r, r);
                p.restore();
            } else if (interp == LineInterpolation::Smooth) {
                p.drawPath(smoothPath(seg.top));
            } else if (p.paintEngine()->type() != QPaintEngine::Raster) {
                p.drawPath(linePath(seg.top, interp)); // an SVG or PDF export: one <path> per line
            } else {
                p.drawPolyline(stepped(seg.top, interp));
            }
        }
    }
    qsizetype inView = 0;
    for (const PixelSegment& seg : segments)
        inView += seg.top.size();
    if (pointsShown(s.style, inView, layout.plot.width())) {
        p.setPen(Qt::NoPen);
        p.setBrush(s.color);
        const double r = s.style.pointSize / 2;
        for (const PixelSegment& seg : segments)
            for (const QPointF& pt : seg.top)
                p.drawEllipse(pt, r, r);
    }
    p.restore();
}

} // namespace sg::ui::timeseries
