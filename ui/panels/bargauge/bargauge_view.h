#pragma once

#include "ui/panels/common/value_panel_view.h"

#include <vector>

namespace sg::ui {

/// Grafana's bar gauge panel: one bar per value, in basic, gradient or lcd display mode, horizontal or vertical.
class BarGaugeView : public ValuePanelView
{
    Q_OBJECT
public:
    explicit BarGaugeView(QWidget* parent = nullptr);

    /// Where one value's pieces go: its name, the bar's full length, and the value text.
    struct Layout
    {
        QRectF title;
        QRectF bar;
        QRectF value;
    };
    std::vector<Layout> layouts() const;
    std::vector<QRectF> valueRects() const override;
    /// True when bars grow left to right (Grafana's "horizontal"), for the current options and size.
    bool isHorizontal() const;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void paintBar(QPainter& p, const Layout& l, const fieldconfig::FieldDisplay& value) const;
};

} // namespace sg::ui
