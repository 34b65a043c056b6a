#include "value_panel_view.h"

#include "panel_options.h"

#include <QMouseEvent>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::ui {

ValuePanelView::ValuePanelView(const QString& itemNoun, QWidget* parent)
    : PanelView(parent)
    , m_itemNoun(itemNoun)
{
    setMinimumSize(20, 20);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void ValuePanelView::setPanel(const dashboards::Panel& panel)
{
    m_options = panel.options();
    m_fieldConfig = paint::effectiveFieldConfig(panel, u"thresholds"_s);
    rebuild();
}

void ValuePanelView::setData(const query::PanelData& data)
{
    m_data = data;
    rebuild();
}

void ValuePanelView::rebuild()
{
    m_fields = fieldconfig::applyFieldConfig(m_fieldConfig, m_data.series);
    const QJsonObject reduceJson = m_options.value(u"reduceOptions").toObject();
    auto reduce = fieldconfig::ReduceOptions::fromJson(reduceJson);
    if (!reduceJson.contains(u"calcs"))
        reduce.calcs = QStringList { u"lastNotNull"_s };
    m_values = fieldconfig::getFieldDisplayValues(m_fields, m_data.series, reduce, m_fieldConfig);
    update();
}

QString ValuePanelView::summary() const
{
    if (m_values.size() == 1 && m_values.front().noData)
        return m_values.front().display.text;
    QStringList parts;
    for (std::size_t i = 0; i < m_values.size() && i < 5; ++i)
        parts << m_values[i].display.title + u' ' + m_values[i].display.toString();
    const QString count = m_values.size() == 1 ? u"1 "_s + m_itemNoun : u"%1 %2s"_s.arg(m_values.size()).arg(m_itemNoun);
    return count + u": "_s + parts.join(u", "_s) + (m_values.size() > 5 ? u", ..."_s : QString());
}

void ValuePanelView::mouseReleaseEvent(QMouseEvent* event)
{
    // A click on a value offers its field's data links, with the value and series it shows.
    const std::vector<QRectF> rects = valueRects();
    for (std::size_t i = 0; i < rects.size() && i < m_values.size(); ++i) {
        const fieldconfig::FieldDisplay& v = m_values[i];
        if (v.noData || !rects[i].contains(event->position()) || event->button() != Qt::LeftButton)
            continue;
        DataClick click;
        if (v.fieldIndex >= 0 && v.fieldIndex < int(m_fields.size())) {
            const query::SeriesFrame& frame = m_data.series[std::size_t(m_fields[std::size_t(v.fieldIndex)].seriesIndex)];
            click.origin.fieldName = m_fields[std::size_t(v.fieldIndex)].name;
            click.origin.seriesName = frame.name;
            click.origin.refId = frame.refId;
            click.origin.labels = frame.labels;
            if (v.rowIndex >= 0 && v.rowIndex < int(frame.timesMs.size()))
                click.origin.timeMs = frame.timesMs[std::size_t(v.rowIndex)];
        }
        if (!std::isnan(v.display.numeric))
            click.origin.value = v.display.numeric;
        click.origin.valueText = v.display.toString();
        click.origin.calc = v.name;
        click.links = fieldconfig::DataLink::listFromJson(v.config.json.value(u"links").toArray());
        click.globalPos = event->globalPosition().toPoint();
        Q_EMIT dataClicked(click);
        return;
    }
    PanelView::mouseReleaseEvent(event);
}

double rangeFraction(const fieldconfig::FieldConfig& config, double value)
{
    const double span = config.rangeMax - config.rangeMin;
    if (!(span > 0) || std::isnan(value))
        return 0;
    return std::clamp((value - config.rangeMin) / span, 0.0, 1.0);
}

} // namespace sg::ui
