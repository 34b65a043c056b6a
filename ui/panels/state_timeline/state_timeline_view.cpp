#include "state_timeline_view.h"

#include "ui/panels/common/panel_paint.h"
#include "ui/panels/common/plot_axes.h"

#include <QFontMetrics>
#include <QImage>
#include <QJsonObject>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace Qt::StringLiterals;

namespace sg::ui::state_timeline {

namespace {

// The mappings that set a colour, in their `index` order; a value mapping without text shows its key.
std::vector<std::pair<QString, QColor>> mappingLegend(const std::vector<fieldconfig::ValueMapping>& mappings)
{
    struct Item
    {
        int index;
        QString text;
        QColor color;
    };
    std::vector<Item> items;
    auto add = [&items](const fieldconfig::ValueMappingResult& r, const QString& key) {
        const QColor color = r.color ? paint::namedColor(*r.color) : QColor();
        if (color.isValid())
            items.push_back({ r.index.value_or(0), r.text.value_or(QString()).isEmpty() ? key : *r.text, color });
    };
    for (const auto& m : mappings) {
        if (m.type == fieldconfig::ValueMapping::Type::Value) {
            for (const auto& [key, result] : m.values)
                add(result, key);
        } else {
            add(m.result, QString());
        }
    }
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.index < b.index; });
    std::vector<std::pair<QString, QColor>> out;
    for (auto& item : items)
        out.emplace_back(std::move(item.text), item.color);
    return out;
}

// The threshold steps as ranges: "< 80", "80 - 90", "90+".
std::vector<std::pair<QString, QColor>> thresholdLegend(
    const fieldconfig::ThresholdsConfig& thresholds, const QString& unit)
{
    const auto& steps = thresholds.steps;
    const bool percentage = thresholds.mode == fieldconfig::ThresholdsMode::Percentage;
    const QString suffix = percentage ? u"%"_s : QString();
    auto fmt = [&](double v) { return (percentage ? QString::number(v) : plot::formatValue(unit, v)) + suffix; };
    std::vector<std::pair<QString, QColor>> out;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const bool last = i + 1 == steps.size();
        QString label;
        if (i == 0)
            label = last ? u"Base"_s : u"< "_s + fmt(steps[1].value);
        else if (last)
            label = fmt(steps[i].value) + u'+';
        else
            label = fmt(steps[i].value) + u" - "_s + fmt(steps[i + 1].value);
        out.emplace_back(label, paint::toQColor(steps[i].color));
    }
    return out;
}

} // namespace

StateTimelineView::StateTimelineView(QWidget* parent)
    : CachedPlotView(parent)
{
}

void StateTimelineView::setPanel(const dashboards::Panel& panel)
{
    m_panel = panel;
    rebuild();
}

void StateTimelineView::setData(const query::PanelData& data)
{
    m_data = data;
    rebuild();
}

void StateTimelineView::rebuild()
{
    const QJsonObject options = m_panel.options();
    const QJsonObject custom = m_panel.fieldDefaults().value(u"custom").toObject();
    m_lanes = buildLanes(m_panel, m_data);
    m_regionCount = 0;
    for (const auto& lane : m_lanes)
        m_regionCount += lane.regions.size();
    m_showValue = options.value(u"showValue").toString(u"auto"_s);
    m_alignValue = options.value(u"alignValue").toString(u"left"_s);
    m_rowHeight = std::clamp(options.value(u"rowHeight").toDouble(0.9), 0.0, 1.0);
    m_fillOpacity = std::clamp(custom.value(u"fillOpacity").toDouble(70), 0.0, 100.0) / 100.0;
    m_lineWidth = std::clamp(custom.value(u"lineWidth").toInt(0), 0, 10);
    const QJsonObject legend = options.value(u"legend").toObject();
    m_legend = legend.value(u"showLegend").toBool(true) && legend.value(u"displayMode").toString() != u"hidden";
    m_fromMs = m_data.fromMs;
    m_toMs = m_data.toMs;
    if (m_toMs <= m_fromMs) {
        m_fromMs = std::numeric_limits<qint64>::max();
        m_toMs = std::numeric_limits<qint64>::min();
        for (const auto& lane : m_lanes) {
            if (lane.regions.empty())
                continue;
            m_fromMs = std::min(m_fromMs, lane.regions.front().startMs);
            m_toMs = std::max(m_toMs, lane.regions.back().endMs);
        }
        if (m_toMs <= m_fromMs)
            m_fromMs = m_toMs = 0;
    }
    invalidate();
}

QString StateTimelineView::summary() const
{
    if (m_regionCount == 0)
        return u"No data"_s;
    return u"%1 lanes, %2 regions"_s.arg(m_lanes.size()).arg(m_regionCount);
}

QRectF StateTimelineView::laneBand(std::size_t lane) const
{
    const double laneH = m_plot.height() / double(std::max<std::size_t>(1, m_lanes.size()));
    const double h = std::max(1.0, laneH * m_rowHeight);
    return QRectF(m_plot.left(), m_plot.top() + double(lane) * laneH + (laneH - h) / 2, m_plot.width(), h);
}

std::vector<std::pair<QString, QColor>> StateTimelineView::legendItems() const
{
    if (m_lanes.empty())
        return {};
    // The first series' config speaks for the panel, as in Grafana's timeline legend.
    const fieldconfig::FieldConfig& config = m_lanes.front().config;
    auto items = mappingLegend(config.mappings);
    if (items.empty() && config.color.mode == u"thresholds")
        items = thresholdLegend(config.thresholds, config.unit);
    return items;
}

void StateTimelineView::renderBase(QPainter& p, const QRectF& area)
{
    if (m_regionCount == 0 || !m_data.error.isEmpty() || m_toMs <= m_fromMs) {
        m_plot = {};
        paintNoData(p, area, m_data.error.isEmpty() ? u"No data"_s : m_data.error);
        return;
    }
    const QFontMetrics fm(p.font());
    int nameWidth = 0;
    for (const auto& lane : m_lanes)
        nameWidth = std::max(nameWidth, fm.horizontalAdvance(lane.name));
    nameWidth = std::min(nameWidth, int(area.width() * 0.3));
    const auto items = legendItems();
    const double legendH = m_legend && !items.empty() ? fm.height() + 10 : 0;
    m_plot = QRectF(QPointF(area.left() + nameWidth + 16, area.top() + 6),
        QPointF(area.right() - 12, area.bottom() - fm.height() - 8 - legendH));
    if (m_plot.width() < 4 || m_plot.height() < 4)
        return;
    plot::drawTimeAxis(p, m_plot, m_fromMs, m_toMs, zone(), true);
    paintRegions(p);
    paintValues(p);

    // Lane names, skipping lanes too thin to label.
    const double laneH = m_plot.height() / double(m_lanes.size());
    const int every = std::max(1, int(std::ceil(fm.height() / laneH)));
    p.setPen(paint::plotText());
    for (std::size_t i = 0; i < m_lanes.size(); i += std::size_t(every)) {
        const QRectF band = laneBand(i);
        const QString name = fm.elidedText(m_lanes[i].name, Qt::ElideRight, nameWidth + 2);
        p.drawText(QPointF(m_plot.left() - 10 - fm.horizontalAdvance(name), band.center().y() + fm.ascent() / 2.0 - 1),
            name);
    }
    if (legendH > 0)
        paintLegend(p, QRectF(m_plot.left(), area.bottom() - legendH, m_plot.width(), legendH));
}

void StateTimelineView::paintRegions(QPainter& p)
{
    // Rasterised per lane into one row of pixels (each pixel column holding the last region that reaches it), so
    // that dense lanes cost one pass over their regions and one copy per pixel row instead of a rectangle each.
    const int width = int(m_plot.width());
    const int height = int(m_plot.height());
    const double span = double(m_toMs - m_fromMs);
    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    std::vector<QRgb> row(static_cast<std::size_t>(width));
    for (std::size_t li = 0; li < m_lanes.size(); ++li) {
        std::fill(row.begin(), row.end(), 0);
        QColor last;
        QRgb lastRgb = 0;
        for (const Region& r : m_lanes[li].regions) {
            const double x0 = double(r.startMs - m_fromMs) / span * width;
            const double x1 = double(r.endMs - m_fromMs) / span * width;
            if (x1 < 0 || x0 >= width)
                continue;
            const int px0 = std::clamp(int(std::floor(x0 + 0.5)), 0, width - 1);
            const int px1 = std::clamp(std::max(px0 + 1, int(std::floor(x1 + 0.5))), 0, width);
            if (r.color != last) {
                last = r.color;
                QColor c = r.color;
                c.setAlphaF(float(c.alphaF() * m_fillOpacity));
                lastRgb = qPremultiply(c.rgba());
            }
            std::fill(row.begin() + px0, row.begin() + px1, lastRgb);
        }
        const QRectF band = laneBand(li).translated(-m_plot.topLeft());
        const int y0 = std::clamp(int(std::floor(band.top() + 0.5)), 0, height - 1);
        const int y1 = std::clamp(std::max(y0 + 1, int(std::floor(band.bottom() + 0.5))), 0, height);
        for (int y = y0; y < y1; ++y)
            std::memcpy(image.scanLine(y), row.data(), std::size_t(width) * sizeof(QRgb));
    }
    p.drawImage(m_plot.topLeft(), image);

    if (m_lineWidth <= 0)
        return;
    p.save();
    p.setBrush(Qt::NoBrush);
    for (std::size_t li = 0; li < m_lanes.size(); ++li) {
        const QRectF band = laneBand(li);
        if (band.height() < 3)
            break;
        for (const Region& r : m_lanes[li].regions) {
            const double x0 = std::max(m_plot.left(), xAt(r.startMs));
            const double x1 = std::min(m_plot.right(), xAt(r.endMs));
            if (x1 - x0 < 3)
                continue;
            p.setPen(QPen(r.color, m_lineWidth));
            p.drawRect(QRectF(x0, band.top(), x1 - x0, band.height()).adjusted(m_lineWidth / 2.0, m_lineWidth / 2.0,
                -m_lineWidth / 2.0, -m_lineWidth / 2.0));
        }
    }
    p.restore();
}

void StateTimelineView::paintValues(QPainter& p)
{
    if (m_showValue == u"never")
        return;
    const QFontMetrics fm(p.font());
    for (std::size_t li = 0; li < m_lanes.size(); ++li) {
        const QRectF band = laneBand(li);
        if (band.height() < fm.height() && m_showValue == u"auto")
            return;
        for (const Region& r : m_lanes[li].regions) {
            const double x0 = std::max(m_plot.left(), xAt(r.startMs));
            const double x1 = std::min(m_plot.right(), xAt(r.endMs));
            if (x1 - x0 < 8)
                continue;
            const QString text = regionText(m_lanes[li], r);
            const double w = fm.horizontalAdvance(text);
            if (m_showValue == u"auto" && w + 8 > x1 - x0)
                continue;
            QColor fill = r.color;
            fill.setAlphaF(float(m_fillOpacity));
            const QColor bg = paint::panelBackground();
            const QColor shown = QColor::fromRgbF(float(fill.redF() * m_fillOpacity + bg.redF() * (1 - m_fillOpacity)),
                float(fill.greenF() * m_fillOpacity + bg.greenF() * (1 - m_fillOpacity)),
                float(fill.blueF() * m_fillOpacity + bg.blueF() * (1 - m_fillOpacity)));
            p.setPen(paint::textOn(shown));
            const QRectF box(x0 + 4, band.top(), x1 - x0 - 8, band.height());
            const Qt::Alignment h = m_alignValue == u"center" ? Qt::AlignHCenter
                : m_alignValue == u"right"                     ? Qt::AlignRight
                                                               : Qt::AlignLeft;
            p.save();
            p.setClipRect(box);
            p.drawText(box, int(h | Qt::AlignVCenter), text);
            p.restore();
        }
    }
}

void StateTimelineView::paintLegend(QPainter& p, const QRectF& area)
{
    const QFontMetrics fm(p.font());
    double x = area.left();
    const double y = area.top() + (area.height() - fm.height()) / 2 + 2;
    for (const auto& [text, color] : legendItems()) {
        const double w = 14 + fm.horizontalAdvance(text) + 16;
        if (x + w > area.right())
            break;
        p.fillRect(QRectF(x, y + (fm.height() - 10) / 2.0, 10, 10), color);
        p.setPen(paint::plotText());
        p.drawText(QPointF(x + 14, y + fm.ascent()), text);
        x += w;
    }
}

std::optional<std::pair<std::size_t, std::size_t>> StateTimelineView::regionAt(const QPointF& pos) const
{
    if (m_lanes.empty() || !m_plot.contains(pos))
        return std::nullopt;
    const double laneH = m_plot.height() / double(m_lanes.size());
    const auto lane = std::min(m_lanes.size() - 1, std::size_t((pos.y() - m_plot.top()) / laneH));
    const auto& regions = m_lanes[lane].regions;
    const qint64 t = timeAt(pos.x());
    auto it = std::upper_bound(regions.begin(), regions.end(), t,
        [](qint64 value, const Region& r) { return value < r.startMs; });
    if (it == regions.begin())
        return std::nullopt;
    --it;
    if (t >= it->endMs)
        return std::nullopt;
    return std::make_pair(lane, std::size_t(it - regions.begin()));
}

void StateTimelineView::paintHover(QPainter& p, const QPointF& pos)
{
    const auto hit = regionAt(pos);
    if (!hit)
        return;
    const Lane& lane = m_lanes[hit->first];
    const Region& r = lane.regions[hit->second];
    const QRectF band = laneBand(hit->first);
    const double x0 = std::max(m_plot.left(), xAt(r.startMs));
    const double x1 = std::min(m_plot.right(), xAt(r.endMs));
    p.setPen(QPen(QColor(255, 255, 255, 200), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRectF(x0, band.top(), std::max(1.0, x1 - x0), band.height()));
    const QTimeZone z = zone();
    plot::drawTooltip(p, pos,
        { lane.name, u"State: %1"_s.arg(regionText(lane, r)), u"Start: %1"_s.arg(plot::formatDateTime(r.startMs, z)),
            u"Duration: %1"_s.arg(plot::formatDuration(r.endMs - r.startMs)) },
        QRectF(rect()));
}

void StateTimelineView::clickedAt(const QPointF& pos)
{
    if (const auto hit = regionAt(pos))
        Q_EMIT seriesClicked(m_lanes[hit->first].labels, timeAt(pos.x()));
}

} // namespace sg::ui::state_timeline
