#include "histogram_plugin.h"

#include "histogram_view.h"
#include "ui/panels/common/panel_options.h"

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

class HistogramPlugin : public PanelPlugin
{
public:
    QString id() const override { return u"histogram"_s; }
    QString name() const override { return u"Histogram"_s; }

    QJsonObject defaultOptions() const override
    {
        return QJsonObject {
            { u"bucketCount"_s, 30 },
            { u"combine"_s, false },
            { u"legend"_s, paint::defaultLegendOptions() },
            { u"tooltip"_s, paint::defaultTooltipOptions() },
        };
    }

    std::vector<OptionDescriptor> optionDescriptors() const override
    {
        using E = OptionDescriptor::Editor;
        const QString hist = u"Histogram"_s;
        return {
            { u"options.bucketCount"_s, u"Bucket count"_s, hist, E::Number, 30, {},
                u"Used when no bucket size is set"_s },
            { u"options.bucketSize"_s, u"Bucket size"_s, hist, E::Number, QJsonValue(), {}, {} },
            { u"options.bucketOffset"_s, u"Bucket offset"_s, hist, E::Number, 0, {},
                u"Shifts the buckets' start away from zero"_s },
            { u"options.combine"_s, u"Combine series"_s, hist, E::Bool, false, {},
                u"One histogram of every series' values"_s },
            { u"fieldConfig.defaults.custom.fillOpacity"_s, u"Fill opacity"_s, u"Graph styles"_s, E::Number, 80, {},
                {} },
            { u"fieldConfig.defaults.custom.lineWidth"_s, u"Line width"_s, u"Graph styles"_s, E::Number, 1, {}, {} },
            { u"fieldConfig.defaults.custom.stacking.mode"_s, u"Stack series"_s, u"Graph styles"_s, E::Select,
                u"none"_s, { u"none"_s, u"normal"_s, u"percent"_s }, {} },
            paint::legendVisibilityOption(),
            { u"fieldConfig.defaults.unit"_s, u"Unit"_s, u"Standard options"_s, E::Unit, QString(), {}, {} },
            { u"fieldConfig.defaults.color.mode"_s, u"Color scheme"_s, u"Standard options"_s, E::Select,
                u"palette-classic"_s, { u"palette-classic"_s, u"fixed"_s }, {} },
        };
    }

    PanelView* createView(QWidget* parent) const override { return new histogram::HistogramView(parent); }
};

} // namespace

std::unique_ptr<PanelPlugin> makeHistogramPlugin() { return std::make_unique<HistogramPlugin>(); }

} // namespace sg::ui
