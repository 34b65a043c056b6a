#include "barchart_plugin.h"

#include "barchart_view.h"
#include "ui/panels/common/panel_options.h"

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

class BarChartPlugin : public PanelPlugin
{
public:
    QString id() const override { return u"barchart"_s; }
    QString name() const override { return u"Bar chart"_s; }

    QJsonObject defaultOptions() const override
    {
        // Grafana's bar chart defaults (panelcfg).
        return QJsonObject {
            { u"orientation"_s, u"auto"_s },
            { u"xTickLabelRotation"_s, 0 },
            { u"xTickLabelSpacing"_s, 0 },
            { u"showValue"_s, u"auto"_s },
            { u"stacking"_s, u"none"_s },
            { u"groupWidth"_s, 0.7 },
            { u"barWidth"_s, 0.97 },
            { u"barRadius"_s, 0 },
            { u"fullHighlight"_s, false },
            { u"legend"_s, paint::defaultLegendOptions() },
            { u"tooltip"_s, paint::defaultTooltipOptions() },
        };
    }

    std::vector<OptionDescriptor> optionDescriptors() const override
    {
        using E = OptionDescriptor::Editor;
        const QString bc = u"Bar chart"_s;
        return {
            paint::orientationOption(bc),
            { u"options.xTickLabelRotation"_s, u"Rotate x-axis tick labels"_s, bc, E::Number, 0, {},
                u"Degrees, -90 to 90"_s },
            { u"options.showValue"_s, u"Show values"_s, bc, E::Select, u"auto"_s,
                { u"auto"_s, u"always"_s, u"never"_s }, {} },
            { u"options.stacking"_s, u"Stacking"_s, bc, E::Select, u"none"_s, { u"none"_s, u"normal"_s, u"percent"_s },
                {} },
            { u"options.groupWidth"_s, u"Group width"_s, bc, E::Number, 0.7, {}, u"Fraction of the category"_s },
            { u"options.barWidth"_s, u"Bar width"_s, bc, E::Number, 0.97, {}, u"Fraction of the bar's slot"_s },
            { u"fieldConfig.defaults.custom.fillOpacity"_s, u"Fill opacity"_s, bc, E::Number, 80, {}, {} },
            { u"fieldConfig.defaults.custom.lineWidth"_s, u"Line width"_s, bc, E::Number, 1, {}, {} },
            paint::legendVisibilityOption(),
            { u"fieldConfig.defaults.unit"_s, u"Unit"_s, u"Standard options"_s, E::Unit, QString(), {}, {} },
            { u"fieldConfig.defaults.decimals"_s, u"Decimals"_s, u"Standard options"_s, E::Number, QJsonValue(), {},
                {} },
            { u"fieldConfig.defaults.color.mode"_s, u"Color scheme"_s, u"Standard options"_s, E::Select,
                u"palette-classic"_s, { u"palette-classic"_s, u"fixed"_s, u"thresholds"_s }, {} },
        };
    }

    PanelView* createView(QWidget* parent) const override { return new barchart::BarChartView(parent); }
};

} // namespace

std::unique_ptr<PanelPlugin> makeBarChartPlugin() { return std::make_unique<BarChartPlugin>(); }

} // namespace sg::ui
