#pragma once

#include "core/fieldconfig/field_display.h"
#include "ui/panels/panel_plugin.h"

#include <QJsonObject>

#include <vector>

namespace sg::ui {

/// Grafana's bar gauge panel: one bar per value, in basic, gradient or lcd display mode, horizontal or vertical.
class BarGaugeView : public PanelView
{
    Q_OBJECT
public:
    explicit BarGaugeView(QWidget* parent = nullptr);

    void setPanel(const dashboards::Panel& panel) override;
    void setData(const query::PanelData& data) override;
    QString summary() const override;
    int seriesCount() const override { return int(m_data.series.size()); }

    const std::vector<fieldconfig::FieldDisplay>& values() const { return m_values; }

    /// Where one value's pieces go: its name, the bar's full length, and the value text.
    struct Layout
    {
        QRectF title;
        QRectF bar;
        QRectF value;
    };
    std::vector<Layout> layouts() const;
    /// True when bars grow left to right (Grafana's "horizontal"), for the current options and size.
    bool isHorizontal() const;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void rebuild();
    void paintBar(QPainter& p, const Layout& l, const fieldconfig::FieldDisplay& value) const;

    QJsonObject m_options;
    QJsonObject m_fieldConfig;
    query::PanelData m_data;
    std::vector<fieldconfig::Field> m_fields;
    std::vector<fieldconfig::FieldDisplay> m_values;
};

} // namespace sg::ui
