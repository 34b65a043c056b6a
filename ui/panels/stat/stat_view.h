#pragma once

#include "core/fieldconfig/field_display.h"
#include "ui/panels/panel_plugin.h"

#include <QJsonObject>

#include <vector>

namespace sg::ui {

/// Grafana's stat panel: one big value per series and calculation (or per row with `reduceOptions.values`),
/// coloured by the colour mode, with an optional sparkline.
class StatView : public PanelView
{
    Q_OBJECT
public:
    explicit StatView(QWidget* parent = nullptr);

    void setPanel(const dashboards::Panel& panel) override;
    void setData(const query::PanelData& data) override;
    QString summary() const override;
    int seriesCount() const override { return int(m_data.series.size()); }

    /// What is shown, in order (one "No data" entry when nothing is).
    const std::vector<fieldconfig::FieldDisplay>& values() const { return m_values; }
    /// The cell rectangles of values(), for the current size.
    std::vector<QRectF> cellRects() const;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuild();
    void paintCell(QPainter& p, const QRectF& cell, const fieldconfig::FieldDisplay& value, bool showName) const;
    void paintSparkline(QPainter& p, const QRectF& area, const fieldconfig::FieldDisplay& value, const QColor& line,
        const QColor& fill) const;

    dashboards::Panel m_panel;
    QJsonObject m_options;
    QJsonObject m_fieldConfig;
    query::PanelData m_data;
    std::vector<fieldconfig::Field> m_fields;
    std::vector<fieldconfig::FieldDisplay> m_values;
};

} // namespace sg::ui
