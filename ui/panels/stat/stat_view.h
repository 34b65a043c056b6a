#pragma once

#include "ui/panels/common/value_panel_view.h"

#include <optional>
#include <vector>

namespace sg::ui {

/// Grafana's stat panel: one big value per series and calculation (or per row with `reduceOptions.values`),
/// coloured by the colour mode, with an optional sparkline.
class StatView : public ValuePanelView
{
    Q_OBJECT
public:
    explicit StatView(QWidget* parent = nullptr);

    /// The cell rectangles of values(), for the current size.
    std::vector<QRectF> cellRects() const;
    /// The percent change shown under `value` (`options.showPercentChange`), or nullopt.
    std::optional<double> percentChangeOf(const fieldconfig::FieldDisplay& value) const;
    std::vector<QRectF> valueRects() const override { return cellRects(); }

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void paintCell(QPainter& p, const QRectF& cell, const fieldconfig::FieldDisplay& value, bool showName) const;
    void paintSparkline(QPainter& p, const QRectF& area, const fieldconfig::FieldDisplay& value, const QColor& line,
        const QColor& fill) const;
};

} // namespace sg::ui
