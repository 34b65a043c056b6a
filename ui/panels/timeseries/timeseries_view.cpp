#include "timeseries_view.h"

#include "core/fieldconfig/display.h"

#include "timeseries_axes.h"
#include "timeseries_series_painter.h"
#include "ui/charts/annotation_marks.h"
#include "ui/widgets/range_menu.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QMouseEvent>
#include <QPaintEngine>
#include <QPainter>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::ui::timeseries {

namespace {

constexpr double DragThresholdPx = 4;   ///< a shorter drag is a click
constexpr double ClickRadiusPx = 16;    ///< a click this close to a sample names its series
/// Above this many samples in view the cache is painted without antialiasing to stay inside the frame budget.
constexpr qsizetype AntialiasSampleLimit = 250'000;

} // namespace

TimeSeriesView::TimeSeriesView(QWidget* parent)
    : PanelView(parent)
{
    setMouseTracking(true);
    setMinimumSize(80, 60);
    setAttribute(Qt::WA_OpaquePaintEvent);
    QFont f = font();
    f.setPixelSize(12);
    setFont(f);
}

void TimeSeriesView::setPanel(const dashboards::Panel& panel)
{
    m_panel = panel;
    if (!m_model.data.series.empty()) {
        buildSeries(m_model, m_panel.fieldConfig(), m_panel.options());
        rebuild();
    } else {
        m_model.legend = LegendOptions::fromJson(m_panel.options().value(u"legend").toObject());
        m_model.tooltip = TooltipOptions::fromJson(m_panel.options().value(u"tooltip").toObject());
        invalidate();
    }
}

void TimeSeriesView::setData(const query::PanelData& data)
{
    m_loading = data.loading;
    if (data.loading) {
        update();
        return;
    }
    QElapsedTimer timer;
    timer.start();
    m_error = data.error;
    m_model.data = data;
    if (!m_error.isEmpty())
        m_model.data.series.clear();
    buildSeries(m_model, m_panel.fieldConfig(), m_panel.options());
    rebuild();
    m_lastDataMs = double(timer.nsecsElapsed()) / 1e6;
}

void TimeSeriesView::setTimeZone(const QString& tz)
{
    PanelView::setTimeZone(tz);
    m_layoutValid = false;
    invalidate();
}

QString TimeSeriesView::summary() const
{
    if (!m_error.isEmpty())
        return u"error: "_s + m_error;
    int hidden = 0;
    for (const PlotSeries& s : m_model.series)
        hidden += s.visible ? 0 : 1;
    QString text = u"%1 series"_s.arg(m_model.series.size());
    if (hidden > 0)
        text += u" (%1 hidden)"_s.arg(hidden);
    return text;
}

QString TimeSeriesView::seriesName(int series) const
{
    return series >= 0 && series < seriesCount() ? m_model.series[std::size_t(series)].name : QString();
}

query::LabelPairs TimeSeriesView::seriesLabels(int series) const
{
    if (series < 0 || series >= seriesCount())
        return {};
    return m_model.frame(m_model.series[std::size_t(series)]).labels;
}

QColor TimeSeriesView::seriesColor(int series) const
{
    return series >= 0 && series < seriesCount() ? m_model.series[std::size_t(series)].color : QColor();
}

bool TimeSeriesView::isSeriesVisible(int series) const
{
    return series >= 0 && series < seriesCount() && m_model.series[std::size_t(series)].visible;
}

QPoint TimeSeriesView::pointPosition(int series, qint64 t) const
{
    if (series < 0 || series >= seriesCount())
        return { -1, -1 };
    ensureLayout();
    const PlotSeries& s = m_model.series[std::size_t(series)];
    const qsizetype k = m_model.nearestIndex(s, t);
    if (k < 0 || s.scale < 0)
        return { -1, -1 };
    const double y = m_layout.y(m_model.scales[std::size_t(s.scale)], s.y[std::size_t(k)]);
    if (!std::isfinite(y))
        return { -1, -1 };
    return QPointF(m_layout.x(m_model.frame(s).timesMs[std::size_t(k)]), y).toPoint();
}

QRectF TimeSeriesView::plotRect() const
{
    ensureLayout();
    return m_layout.plot;
}

QStringList TimeSeriesView::legendNames() const
{
    ensureLayout();
    QStringList out;
    for (const LegendEntry& e : m_legend.entries())
        out << e.name;
    return out;
}

QList<QStringList> TimeSeriesView::legendValues() const
{
    ensureLayout();
    QList<QStringList> out;
    for (const LegendEntry& e : m_legend.entries())
        out << e.values;
    return out;
}

QRect TimeSeriesView::legendHeaderRect(const QString& key) const
{
    ensureLayout();
    return m_legend.headerRect(key).toRect();
}

QRect TimeSeriesView::legendEntryRect(int series) const
{
    ensureLayout();
    for (const LegendEntry& e : m_legend.entries())
        if (e.series == series)
            return e.rect.toRect();
    return {};
}

QList<QStringList> TimeSeriesView::axisTickLabels() const
{
    ensureLayout();
    QList<QStringList> out;
    for (const AxisBox& axis : m_layout.axes) {
        QStringList labels;
        for (const ValueTick& t : axis.ticks)
            labels << t.label;
        out << labels;
    }
    return out;
}

int TimeSeriesView::axisCount() const
{
    ensureLayout();
    return int(m_layout.axes.size());
}

bool TimeSeriesView::axisOnRight(int axis) const
{
    ensureLayout();
    return axis >= 0 && axis < int(m_layout.axes.size()) && m_layout.axes[std::size_t(axis)].right;
}

QStringList TimeSeriesView::timeTickLabels() const
{
    ensureLayout();
    QStringList out;
    for (const TimeTick& t : m_layout.timeTicks)
        out << t.label;
    return out;
}

QStringList TimeSeriesView::tooltipLines() const
{
    ensureLayout();
    if (m_hover && m_layout.plot.contains(*m_hover)) {
        const int focused = nearestSeries(m_model, m_layout, *m_hover);
        return tooltipAt(m_model, m_layout.timeAt(m_hover->x()), focused, m_model.tooltip.mode, zoneFor(m_timeZone))
            .lines();
    }
    if (m_sharedTime >= 0 && m_sharedTooltip)
        return tooltipAt(m_model, m_sharedTime, -1, TooltipOptions::Mode::Multi, zoneFor(m_timeZone)).lines();
    return {};
}

void TimeSeriesView::setAnnotations(const std::vector<query::Annotation>& annotations)
{
    m_annotations = annotations;
    update();
}

int TimeSeriesView::annotationCount() const
{
    ensureLayout();
    return int(std::count_if(m_annotations.begin(), m_annotations.end(),
        [&](const query::Annotation& a) { return a.timeMs >= m_layout.fromMs && a.timeMs <= m_layout.toMs; }));
}

TimeToX TimeSeriesView::annotationX() const
{
    return [this](qint64 t) -> std::optional<double> {
        if (t < m_layout.fromMs || t > m_layout.toMs)
            return std::nullopt;
        return m_layout.x(t);
    };
}

QRect TimeSeriesView::annotationMarkerRect(int index) const
{
    ensureLayout();
    if (index < 0 || index >= int(m_annotations.size()))
        return {};
    const auto x = annotationX()(m_annotations[std::size_t(index)].timeMs);
    return x ? ui::annotationMarkerRect(*x, m_layout.plot) : QRect();
}

int TimeSeriesView::annotationAt(const QPointF& pos) const
{
    return annotationNear(m_annotations, pos, m_layout.plot, annotationX());
}

QStringList TimeSeriesView::annotationTooltipLines() const
{
    const int i = m_hover ? annotationAt(*m_hover) : -1;
    return i < 0 ? QStringList() : ui::annotationTooltipLines(m_annotations[std::size_t(i)], zoneFor(m_timeZone));
}

void TimeSeriesView::paintAnnotations(QPainter& p)
{
    paintAnnotationMarkers(p, m_layout.plot, m_annotations, annotationX());
}

std::optional<query::LabelPairs> TimeSeriesView::hoveredSeries() const
{
    ensureLayout();
    if (!m_hover || !m_layout.plot.contains(*m_hover))
        return std::nullopt;
    const int focused = nearestSeries(m_model, m_layout, *m_hover);
    if (focused < 0)
        return std::nullopt;
    return seriesLabels(focused);
}

void TimeSeriesView::setSharedHoverTime(qint64 timeMs)
{
    if (timeMs == m_sharedTime)
        return;
    m_sharedTime = timeMs;
    update();
}

void TimeSeriesView::setSharedTooltip(bool shared)
{
    m_sharedTooltip = shared;
    update();
}

void TimeSeriesView::rebuild()
{
    arrange(m_model, m_visibility);
    m_legend.build(m_model);
    m_layoutValid = false;
    invalidate();
}

void TimeSeriesView::ensureLayout() const
{
    if (m_layoutValid)
        return;
    const QFontMetricsF fm(font());
    const QRectF bounds = QRectF(rect()).adjusted(4, 4, -4, -4);
    const double legendExtent = m_legend.extent(bounds, fm);
    m_layout = computeLayout(m_model, QRectF(rect()), legendExtent, fm, zoneFor(m_timeZone));
    m_legend.layout(m_layout.legend, fm);
    m_layoutValid = true;
}

void TimeSeriesView::invalidate()
{
    m_cacheValid = false;
    update();
}

void TimeSeriesView::resizeEvent(QResizeEvent* event)
{
    m_layoutValid = false;
    m_cacheValid = false;
    PanelView::resizeEvent(event);
}

void TimeSeriesView::renderCache()
{
    QElapsedTimer timer;
    timer.start();
    const qreal dpr = devicePixelRatioF();
    const QSize px = (QSizeF(size()) * dpr).toSize();
    if (m_cache.size() != px)
        m_cache = QImage(px, QImage::Format_ARGB32_Premultiplied);
    m_cache.setDevicePixelRatio(dpr);
    QPainter p(&m_cache);
    paintScene(p, dpr);
    p.end();
    m_cacheValid = true;
    m_lastRenderMs = double(timer.nsecsElapsed()) / 1e6;
}

void TimeSeriesView::paintScene(QPainter& p, qreal dpr)
{
    p.fillRect(rect(), colors::background());
    p.setFont(font());
    if (!m_error.isEmpty() || m_model.series.empty()) {
        p.setPen(m_error.isEmpty() ? colors::mutedText() : QColor(0xf2, 0x49, 0x5c));
        p.drawText(QRectF(rect()).adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
            m_error.isEmpty() ? u"No data"_s : m_error);
        return;
    }
    qsizetype samples = 0;
    for (const PlotSeries& s : m_model.series)
        if (s.visible)
            samples += qsizetype(s.y.size());
    paintGrid(p, m_layout, m_model);
    p.setRenderHint(QPainter::Antialiasing, samples <= AntialiasSampleLimit);
    paintThresholds(p, m_layout, m_model, true);
    for (const PlotSeries& s : m_model.series)
        paintSeries(p, m_layout, m_model, s, dpr);
    paintThresholds(p, m_layout, m_model, false);
    p.setRenderHint(QPainter::Antialiasing, true);
    paintAxes(p, m_layout, m_model);
    m_legend.paint(p);
}

void TimeSeriesView::paintEvent(QPaintEvent*)
{
    ensureLayout();
    QPainter p(this);
    // An SVG or PDF export gets the series as vector paths, not the cached picture of them.
    if (p.paintEngine()->type() != QPaintEngine::Raster) {
        paintScene(p, 1.0);
        return;
    }
    const QSize px = (QSizeF(size()) * devicePixelRatioF()).toSize();
    if (!m_cacheValid || m_cache.size() != px)
        renderCache();
    p.drawImage(QPointF(0, 0), m_cache);
    paintOverlay(p);
}

void TimeSeriesView::paintOverlay(QPainter& p)
{
    if (m_model.series.empty() || !m_error.isEmpty())
        return;
    const QRectF& plot = m_layout.plot;
    if (m_dragging) {
        const double a = std::clamp(std::min(m_pressPos.x(), m_dragX), plot.left(), plot.right());
        const double b = std::clamp(std::max(m_pressPos.x(), m_dragX), plot.left(), plot.right());
        p.fillRect(QRectF(a, plot.top(), b - a, plot.height()), QColor(120, 120, 130, 50));
        return;
    }
    if (!m_annotations.empty()) {
        p.save();
        paintAnnotations(p);
        p.restore();
        // Over a marker the annotation's tooltip shows instead of the series'.
        if (const QStringList lines = annotationTooltipLines(); !lines.isEmpty()) {
            TooltipContent content;
            content.header = lines.first();
            for (int i = 1; i < lines.size(); ++i)
                content.rows.push_back(TooltipRow { -1, lines[i], QString(), toQColor(m_annotations[std::size_t(annotationAt(*m_hover))].color) });
            p.save();
            paintTooltip(p, content, *m_hover, QRectF(rect()));
            p.restore();
            return;
        }
    }
    const bool local = m_hover && plot.contains(*m_hover);
    if (!local && m_sharedTime < 0)
        return;
    const qint64 t = local ? m_layout.timeAt(m_hover->x()) : m_sharedTime;
    if (!local && (t < m_layout.fromMs || t > m_layout.toMs))
        return;
    const double x = local ? m_hover->x() : m_layout.x(t);
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    QPen crosshair(QColor(204, 204, 220, 110), 1, Qt::DashLine);
    p.setPen(crosshair);
    p.drawLine(QPointF(std::floor(x) + 0.5, plot.top()), QPointF(std::floor(x) + 0.5, plot.bottom()));
    // Hover points on every visible series at its sample nearest to the crosshair (bounded for dense panels).
    int drawn = 0;
    for (const PlotSeries& s : m_model.series) {
        if (!s.visible || s.scale < 0 || drawn > 200)
            continue;
        const qsizetype k = m_model.nearestIndex(s, t);
        if (k < 0)
            continue;
        const double y = m_layout.y(m_model.scales[std::size_t(s.scale)], s.y[std::size_t(k)]);
        if (!std::isfinite(y) || y < plot.top() - 1 || y > plot.bottom() + 1)
            continue;
        p.setPen(QPen(colors::background(), 1));
        p.setBrush(s.color);
        p.drawEllipse(QPointF(m_layout.x(m_model.frame(s).timesMs[std::size_t(k)]), y), 4, 4);
        ++drawn;
    }
    TooltipContent content;
    QPointF anchor;
    if (local && m_model.tooltip.mode != TooltipOptions::Mode::None) {
        const int focused = nearestSeries(m_model, m_layout, *m_hover);
        content = tooltipAt(m_model, t, focused, m_model.tooltip.mode, zoneFor(m_timeZone));
        anchor = *m_hover;
    } else if (!local && m_sharedTooltip) {
        content = tooltipAt(m_model, t, -1, TooltipOptions::Mode::Multi, zoneFor(m_timeZone));
        anchor = QPointF(x, plot.top() + 8);
    }
    paintTooltip(p, content, anchor, QRectF(rect()));
    p.restore();
}

void TimeSeriesView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return PanelView::mousePressEvent(event);
    ensureLayout();
    m_pressPos = event->position();
    m_dragX = m_pressPos.x();
    m_pressed = m_layout.plot.contains(m_pressPos);
    m_dragging = false;
}

void TimeSeriesView::mouseMoveEvent(QMouseEvent* event)
{
    ensureLayout();
    const QPointF pos = event->position();
    m_hover = pos;
    if (m_pressed) {
        m_dragX = pos.x();
        m_dragging = m_dragging || std::abs(m_dragX - m_pressPos.x()) >= DragThresholdPx;
    }
    if (m_layout.plot.contains(pos)) {
        m_hoverEmitted = true;
        Q_EMIT hoverTimeChanged(m_layout.timeAt(pos.x()));
    } else if (m_hoverEmitted) {
        m_hoverEmitted = false;
        Q_EMIT hoverTimeChanged(-1);
    }
    update();
}

void TimeSeriesView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return PanelView::mouseReleaseEvent(event);
    ensureLayout();
    const QPointF pos = event->position();
    const bool wasPressed = m_pressed;
    const bool drag = m_dragging || (wasPressed && std::abs(pos.x() - m_pressPos.x()) >= DragThresholdPx);
    m_pressed = m_dragging = false;
    if (wasPressed && drag) {
        const qint64 a = m_layout.timeAt(std::min(m_pressPos.x(), pos.x()));
        const qint64 b = m_layout.timeAt(std::max(m_pressPos.x(), pos.x()));
        if (b > a && (event->modifiers() & Qt::ShiftModifier)) {
            // Shift+drag asks what the range is for: its logs, what changed in them, or a zoom.
            popupRangeMenu(this, event->globalPosition().toPoint(), [this, a, b](RangeAction action) {
                if (action == RangeAction::ShowLogs)
                    Q_EMIT logsRangeSelected(a, b);
                else if (action == RangeAction::WhatChanged)
                    Q_EMIT whatChangedRangeSelected(a, b);
                else
                    Q_EMIT rangeSelected(a, b);
            });
        } else if (b > a)
            Q_EMIT rangeSelected(a, b);
    } else if (wasPressed) {
        clickAt(pos);
    } else if (const QString key = m_legend.headerAt(pos); !key.isEmpty() && m_legend.headerAt(m_pressPos) == key) {
        // Grafana's table legend: a header click sorts by that column (descending, ascending, off), saved in options.
        QJsonObject options = m_panel.options();
        options.insert(u"legend"_s, toggleLegendSort(options.value(u"legend").toObject(), key));
        dashboards::Panel sorted = m_panel;
        sorted.setOptions(options);
        setPanel(sorted);
        Q_EMIT optionsChanged(options);
    } else if (const int entry = m_legend.entryAt(pos); entry >= 0 && m_legend.entryAt(m_pressPos) == entry) {
        legendClicked(entry, event->modifiers() & (Qt::ControlModifier | Qt::MetaModifier));
    }
    update();
}

void TimeSeriesView::leaveEvent(QEvent* event)
{
    m_hover.reset();
    if (m_hoverEmitted) {
        m_hoverEmitted = false;
        Q_EMIT hoverTimeChanged(-1);
    }
    update();
    PanelView::leaveEvent(event);
}

void TimeSeriesView::clickAt(const QPointF& pos)
{
    double distance = 0;
    const int series = nearestSeries(m_model, m_layout, pos, &distance);
    if (series < 0 || distance > ClickRadiusPx)
        return;
    const PlotSeries& s = m_model.series[std::size_t(series)];
    const qsizetype k = m_model.nearestIndex(s, m_layout.timeAt(pos.x()));
    if (k < 0)
        return;
    const query::SeriesFrame& frame = m_model.frame(s);
    const double value = frame.values[std::size_t(k)];
    DataClick click;
    click.origin.fieldName = s.name;
    click.origin.seriesName = frame.name.isEmpty() ? s.name : frame.name;
    click.origin.refId = frame.refId;
    click.origin.labels = frame.labels;
    if (!query::isNull(value)) {
        click.origin.value = value;
        click.origin.valueText = fieldconfig::display(s.config, value).toString();
    }
    click.origin.timeMs = frame.timesMs[std::size_t(k)];
    click.links = fieldconfig::DataLink::listFromJson(s.config.json.value(u"links").toArray());
    click.globalPos = mapToGlobal(pos.toPoint());
    Q_EMIT dataClicked(click);
    Q_EMIT seriesClicked(frame.labels, frame.timesMs[std::size_t(k)]);
}

void TimeSeriesView::legendClicked(int entry, bool toggle)
{
    const LegendEntry& e = m_legend.entries()[std::size_t(entry)];
    QStringList names;
    for (const PlotSeries& s : m_model.series)
        names << s.name;
    m_visibility = clickLegend(m_visibility, e.name, toggle, names);
    rebuild();
}

} // namespace sg::ui::timeseries
