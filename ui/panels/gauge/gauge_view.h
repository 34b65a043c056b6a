#pragma once

#include "ui/panels/common/value_panel_view.h"

#include <vector>

namespace sg::ui {

/// Grafana's gauge panel: one 240° arc per value, filled to the value's place in min..max, with the threshold
/// band outside it (showThresholdMarkers) and the threshold values around it (showThresholdLabels).
class GaugeView : public ValuePanelView
{
    Q_OBJECT
public:
    explicit GaugeView(QWidget* parent = nullptr);

    std::vector<QRectF> cellRects() const;
    std::vector<QRectF> valueRects() const override { return cellRects(); }
    /// The arc's bounding square inside a cell (centre and radius of the gauge), for tests.
    QRectF arcRect(const QRectF& cell, bool withTitle) const;
    /// The fraction 0..1 of the arc a value fills (Grafana clamps to the range).
    static double fillFraction(const fieldconfig::FieldDisplay& value);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void paintGauge(QPainter& p, const QRectF& cell, const fieldconfig::FieldDisplay& value, bool showTitle) const;
};

} // namespace sg::ui
