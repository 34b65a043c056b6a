#include "gauge_plugin.h"

#include "gauge_view.h"

#include "ui/panels/common/panel_options.h"

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

class GaugePlugin : public PanelPlugin
{
public:
    QString id() const override { return u"gauge"_s; }
    QString name() const override { return u"Gauge"_s; }

    QJsonObject defaultOptions() const override
    {
        return QJsonObject {
            { u"reduceOptions"_s, paint::defaultReduceOptions() },
            { u"orientation"_s, u"auto"_s },
            { u"showThresholdLabels"_s, false },
            { u"showThresholdMarkers"_s, true },
            { u"sizing"_s, u"auto"_s },
            { u"minVizWidth"_s, 75 },
            { u"minVizHeight"_s, 75 },
        };
    }

    std::vector<OptionDescriptor> optionDescriptors() const override
    {
        using E = OptionDescriptor::Editor;
        const QString gauge = u"Gauge"_s;
        return paint::valuePanelOptions({
            paint::orientationOption(gauge),
            paint::option(u"options.showThresholdLabels"_s, u"Show threshold labels"_s, gauge, E::Bool, false),
            paint::option(u"options.showThresholdMarkers"_s, u"Show threshold markers"_s, gauge, E::Bool, true),
        });
    }

    PanelView* createView(QWidget* parent) const override { return new GaugeView(parent); }
};

} // namespace

std::unique_ptr<PanelPlugin> makeGaugePlugin()
{
    return std::make_unique<GaugePlugin>();
}

} // namespace sg::ui
