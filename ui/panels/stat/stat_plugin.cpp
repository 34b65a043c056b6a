#include "stat_plugin.h"

#include "stat_view.h"

#include "ui/panels/common/panel_options.h"

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

class StatPlugin : public PanelPlugin
{
public:
    QString id() const override { return u"stat"_s; }
    QString name() const override { return u"Stat"_s; }

    QJsonObject defaultOptions() const override
    {
        return QJsonObject {
            { u"reduceOptions"_s, paint::defaultReduceOptions() },
            { u"orientation"_s, u"auto"_s },
            { u"textMode"_s, u"auto"_s },
            { u"wideLayout"_s, true },
            { u"colorMode"_s, u"value"_s },
            { u"graphMode"_s, u"area"_s },
            { u"justifyMode"_s, u"auto"_s },
            { u"showPercentChange"_s, false },
        };
    }

    std::vector<OptionDescriptor> optionDescriptors() const override
    {
        using E = OptionDescriptor::Editor;
        const QString styles = u"Stat styles"_s;
        return paint::valuePanelOptions({
            paint::orientationOption(styles),
            paint::selectOption(u"options.textMode"_s, u"Text mode"_s, styles, u"auto"_s,
                { u"auto"_s, u"value"_s, u"value_and_name"_s, u"name"_s, u"none"_s }),
            paint::option(u"options.wideLayout"_s, u"Wide layout"_s, styles, E::Bool, true),
            paint::selectOption(u"options.colorMode"_s, u"Color mode"_s, styles, u"value"_s,
                { u"value"_s, u"background"_s, u"background_solid"_s, u"none"_s }),
            paint::selectOption(u"options.graphMode"_s, u"Graph mode"_s, styles, u"area"_s, { u"none"_s, u"area"_s }),
            paint::selectOption(
                u"options.justifyMode"_s, u"Text alignment"_s, styles, u"auto"_s, { u"auto"_s, u"center"_s }),
            paint::option(u"options.showPercentChange"_s, u"Show percent change"_s, styles, E::Bool, false),
            paint::selectOption(u"options.percentChangeColorMode"_s, u"Percent change color mode"_s, styles,
                u"standard"_s, { u"standard"_s, u"inverted"_s, u"same_as_value"_s }),
        });
    }

    PanelView* createView(QWidget* parent) const override { return new StatView(parent); }
};

} // namespace

std::unique_ptr<PanelPlugin> makeStatPlugin()
{
    return std::make_unique<StatPlugin>();
}

} // namespace sg::ui
