#pragma once

#include "ui/panels/panel_plugin.h"

namespace sg::ui {

/// What a panel of a type Sightglass does not paint shows: the type's name, over a muted frame. The panel's JSON
/// is kept untouched by the model; this view only reads it.
class PlaceholderView : public PanelView
{
    Q_OBJECT
public:
    explicit PlaceholderView(QWidget* parent = nullptr);
    void setPanel(const dashboards::Panel& panel) override;
    void setData(const query::PanelData& data) override;
    QString summary() const override;
    QString typeId() const { return m_type; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_type;
    int m_series = 0;
};

} // namespace sg::ui
