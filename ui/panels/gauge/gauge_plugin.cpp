#include "gauge_plugin.h"

#include "gauge_view.h"
#include "ui/panels/stat/panel_paint.h"

#include "core/fieldconfig/reducers.h"

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
            { u"reduceOptions"_s,
                QJsonObject { { u"values"_s, false }, { u"calcs"_s, QJsonArray { u"lastNotNull"_s } },
                    { u"fields"_s, QString() } } },
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
        QStringList calcs;
        for (const auto& r : fieldconfig::reducerList())
            calcs << r.id;
        const QString values = u"Value options"_s;
        const QString gauge = u"Gauge"_s;
        std::vector<OptionDescriptor> out {
            paint::option(u"options.reduceOptions.values"_s, u"Show"_s, values, E::Bool, false),
            paint::selectOption(u"options.reduceOptions.calcs"_s, u"Calculation"_s, values, u"lastNotNull"_s, calcs),
            paint::option(u"options.reduceOptions.limit"_s, u"Limit"_s, values, E::Number),
            paint::option(u"options.reduceOptions.fields"_s, u"Fields"_s, values, E::Text, QString()),
            paint::selectOption(u"options.orientation"_s, u"Orientation"_s, gauge, u"auto"_s,
                { u"auto"_s, u"horizontal"_s, u"vertical"_s }),
            paint::option(u"options.showThresholdLabels"_s, u"Show threshold labels"_s, gauge, E::Bool, false),
            paint::option(u"options.showThresholdMarkers"_s, u"Show threshold markers"_s, gauge, E::Bool, true),
        };
        for (auto& d : paint::standardFieldOptions(u"thresholds"_s))
            out.push_back(std::move(d));
        return out;
    }

    PanelView* createView(QWidget* parent) const override { return new GaugeView(parent); }
};

} // namespace

std::unique_ptr<PanelPlugin> makeGaugePlugin()
{
    return std::make_unique<GaugePlugin>();
}

} // namespace sg::ui
