#include "bargauge_plugin.h"

#include "bargauge_view.h"

#include "ui/panels/common/panel_options.h"

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

class BarGaugePlugin : public PanelPlugin
{
public:
    QString id() const override { return u"bargauge"_s; }
    QString name() const override { return u"Bar gauge"_s; }

    QJsonObject defaultOptions() const override
    {
        return QJsonObject {
            { u"reduceOptions"_s, paint::defaultReduceOptions() },
            { u"orientation"_s, u"auto"_s },
            { u"displayMode"_s, u"gradient"_s },
            { u"valueMode"_s, u"color"_s },
            { u"namePlacement"_s, u"auto"_s },
            { u"showUnfilled"_s, true },
            { u"sizing"_s, u"auto"_s },
            { u"minVizWidth"_s, 8 },
            { u"minVizHeight"_s, 16 },
            { u"maxVizHeight"_s, 300 },
        };
    }

    std::vector<OptionDescriptor> optionDescriptors() const override
    {
        using E = OptionDescriptor::Editor;
        const QString bar = u"Bar gauge"_s;
        return paint::valuePanelOptions({
            paint::orientationOption(bar),
            paint::selectOption(u"options.displayMode"_s, u"Display mode"_s, bar, u"gradient"_s,
                { u"basic"_s, u"gradient"_s, u"lcd"_s }),
            paint::selectOption(
                u"options.valueMode"_s, u"Value display"_s, bar, u"color"_s, { u"color"_s, u"text"_s, u"hidden"_s }),
            paint::selectOption(u"options.namePlacement"_s, u"Name placement"_s, bar, u"auto"_s,
                { u"auto"_s, u"top"_s, u"left"_s, u"hidden"_s }),
            paint::option(u"options.showUnfilled"_s, u"Show unfilled area"_s, bar, E::Bool, true),
            paint::option(u"options.maxVizHeight"_s, u"Max height"_s, bar, E::Number, 300),
        });
    }

    PanelView* createView(QWidget* parent) const override { return new BarGaugeView(parent); }
};

} // namespace

std::unique_ptr<PanelPlugin> makeBarGaugePlugin()
{
    return std::make_unique<BarGaugePlugin>();
}

} // namespace sg::ui
