#pragma once

#include "core/fieldconfig/field_display.h"
#include "ui/panels/panel_plugin.h"

#include <QJsonObject>

#include <vector>

namespace sg::ui {

/// Grafana's gauge panel: one 240° arc per value, filled to the value's place in min..max, with the threshold
/// band outside it (showThresholdMarkers) and the threshold values around it (showThresholdLabels).
class GaugeView : public PanelView
{
    Q_OBJECT
public:
    explicit GaugeView(QWidget* parent = nullptr);

    void setPanel(const dashboards::Panel& panel) override;
    void setData(const query::PanelData& data) override;
    QString summary() const override;
    int seriesCount() const override { return int(m_data.series.size()); }

    const std::vector<fieldconfig::FieldDisplay>& values() const { return m_values; }
    std::vector<QRectF> cellRects() const;
    /// The arc's bounding square inside a cell (centre and radius of the gauge), for tests.
    QRectF arcRect(const QRectF& cell, bool withTitle) const;
    /// The fraction 0..1 of the arc a value fills (Grafana clamps to the range).
    static double fillFraction(const fieldconfig::FieldDisplay& value);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void rebuild();
    void paintGauge(QPainter& p, const QRectF& cell, const fieldconfig::FieldDisplay& value, bool showTitle) const;

    QJsonObject m_options;
    QJsonObject m_fieldConfig;
    query::PanelData m_data;
    std::vector<fieldconfig::Field> m_fields;
    std::vector<fieldconfig::FieldDisplay> m_values;
};

} // namespace sg::ui
