#pragma once

#include "core/fieldconfig/field_display.h"
#include "ui/panels/panel_plugin.h"

#include <QJsonObject>
#include <QRectF>

#include <vector>

namespace sg::ui {

/// The data side the value panels (stat, gauge, bar gauge) share: the panel's field config over the plugin's
/// defaults, applied to the series, reduced per `reduceOptions` (last non-null value by default) into the values
/// each view paints.
class ValuePanelView : public PanelView
{
    Q_OBJECT
public:
    /// `itemNoun` names one painted value in summary(): "value", "gauge", "bar".
    ValuePanelView(const QString& itemNoun, QWidget* parent);

    void setPanel(const dashboards::Panel& panel) override;
    void setData(const query::PanelData& data) override;
    /// "2 gauges: api 42 ms, db 7 ms" (the first five), or the no-data text.
    QString summary() const override;
    int seriesCount() const override { return int(m_data.series.size()); }

    /// What is shown, in order (one "No data" entry when nothing is).
    const std::vector<fieldconfig::FieldDisplay>& values() const { return m_values; }
    /// The box each value of values() is painted in, in the same order (for clicks).
    virtual std::vector<QRectF> valueRects() const = 0;

protected:
    void mouseReleaseEvent(QMouseEvent* event) override;

    QJsonObject m_options;
    QJsonObject m_fieldConfig;
    query::PanelData m_data;
    std::vector<fieldconfig::Field> m_fields;
    std::vector<fieldconfig::FieldDisplay> m_values;

private:
    void rebuild();

    QString m_itemNoun;
};

/// The fraction 0..1 of its field's range that `value` takes (clamped; 0 when the range is empty or the value null).
double rangeFraction(const fieldconfig::FieldConfig& config, double value);

} // namespace sg::ui
