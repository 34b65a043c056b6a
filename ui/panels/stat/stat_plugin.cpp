#include "stat_plugin.h"

#include "panel_paint.h"
#include "stat_view.h"

#include "core/fieldconfig/reducers.h"

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
            { u"reduceOptions"_s,
                QJsonObject { { u"values"_s, false }, { u"calcs"_s, QJsonArray { u"lastNotNull"_s } },
                    { u"fields"_s, QString() } } },
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
        QStringList calcs;
        for (const auto& r : fieldconfig::reducerList())
            calcs << r.id;
        const QString values = u"Value options"_s;
        const QString styles = u"Stat styles"_s;
        std::vector<OptionDescriptor> out {
            paint::option(u"options.reduceOptions.values"_s, u"Show"_s, values, E::Bool, false,
                u"Calculate a single value per column or series, or show each row"_s),
            paint::selectOption(u"options.reduceOptions.calcs"_s, u"Calculation"_s, values, u"lastNotNull"_s, calcs,
                u"Choose a reducer function / calculation"_s),
            paint::option(u"options.reduceOptions.limit"_s, u"Limit"_s, values, E::Number, {},
                u"Max number of rows to display"_s),
            paint::option(u"options.reduceOptions.fields"_s, u"Fields"_s, values, E::Text, QString(),
                u"Select the fields that should be included in the panel"_s),
            paint::selectOption(u"options.orientation"_s, u"Orientation"_s, styles, u"auto"_s,
                { u"auto"_s, u"horizontal"_s, u"vertical"_s }),
            paint::selectOption(u"options.textMode"_s, u"Text mode"_s, styles, u"auto"_s,
                { u"auto"_s, u"value"_s, u"value_and_name"_s, u"name"_s, u"none"_s }),
            paint::option(u"options.wideLayout"_s, u"Wide layout"_s, styles, E::Bool, true),
            paint::selectOption(u"options.colorMode"_s, u"Color mode"_s, styles, u"value"_s,
                { u"value"_s, u"background"_s, u"background_solid"_s, u"none"_s }),
            paint::selectOption(u"options.graphMode"_s, u"Graph mode"_s, styles, u"area"_s, { u"none"_s, u"area"_s }),
            paint::selectOption(
                u"options.justifyMode"_s, u"Text alignment"_s, styles, u"auto"_s, { u"auto"_s, u"center"_s }),
        };
        for (auto& d : paint::standardFieldOptions(u"thresholds"_s))
            out.push_back(std::move(d));
        return out;
    }

    PanelView* createView(QWidget* parent) const override { return new StatView(parent); }
};

} // namespace

std::unique_ptr<PanelPlugin> makeStatPlugin()
{
    return std::make_unique<StatPlugin>();
}

} // namespace sg::ui
