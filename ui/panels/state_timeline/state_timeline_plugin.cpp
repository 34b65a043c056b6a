#include "state_timeline_plugin.h"

#include "state_timeline_view.h"
#include "ui/panels/common/panel_options.h"

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

class StateTimelinePlugin : public PanelPlugin
{
public:
    QString id() const override { return u"state-timeline"_s; }
    QString name() const override { return u"State timeline"_s; }

    QJsonObject defaultOptions() const override
    {
        return QJsonObject {
            { u"mergeValues"_s, true },
            { u"showValue"_s, u"auto"_s },
            { u"alignValue"_s, u"left"_s },
            { u"rowHeight"_s, 0.9 },
            { u"legend"_s, paint::defaultLegendOptions() },
            { u"tooltip"_s, paint::defaultTooltipOptions() },
        };
    }

    std::vector<OptionDescriptor> optionDescriptors() const override
    {
        using E = OptionDescriptor::Editor;
        const QString tl = u"State timeline"_s;
        const QString std = u"Standard options"_s;
        return {
            { u"options.mergeValues"_s, u"Merge equal consecutive values"_s, tl, E::Bool, true, {}, {} },
            { u"options.showValue"_s, u"Show values"_s, tl, E::Select, u"auto"_s,
                { u"auto"_s, u"always"_s, u"never"_s }, {} },
            { u"options.alignValue"_s, u"Align values"_s, tl, E::Select, u"left"_s,
                { u"left"_s, u"center"_s, u"right"_s }, {} },
            { u"options.rowHeight"_s, u"Row height"_s, tl, E::Number, 0.9, {}, u"Fraction of a lane (0 to 1)"_s },
            { u"fieldConfig.defaults.custom.lineWidth"_s, u"Line width"_s, tl, E::Number, 0, {}, {} },
            { u"fieldConfig.defaults.custom.fillOpacity"_s, u"Fill opacity"_s, tl, E::Number, 70, {}, {} },
            paint::legendVisibilityOption(),
            { u"fieldConfig.defaults.unit"_s, u"Unit"_s, std, E::Unit, QString(), {}, {} },
            { u"fieldConfig.defaults.decimals"_s, u"Decimals"_s, std, E::Number, QJsonValue(), {}, {} },
            { u"fieldConfig.defaults.color.mode"_s, u"Color scheme"_s, std, E::Select, u"thresholds"_s,
                { u"thresholds"_s, u"fixed"_s, u"palette-classic"_s, u"continuous-GrYlRd"_s, u"continuous-RdYlGr"_s,
                    u"continuous-BlYlRd"_s },
                {} },
            { u"fieldConfig.defaults.mappings"_s, u"Value mappings"_s, u"Value mappings"_s, E::Mappings, QJsonArray(),
                {}, {} },
            { u"fieldConfig.defaults.thresholds"_s, u"Thresholds"_s, u"Thresholds"_s, E::Thresholds, QJsonValue(), {},
                {} },
        };
    }

    PanelView* createView(QWidget* parent) const override { return new state_timeline::StateTimelineView(parent); }
};

} // namespace

std::unique_ptr<PanelPlugin> makeStateTimelinePlugin() { return std::make_unique<StateTimelinePlugin>(); }

} // namespace sg::ui
