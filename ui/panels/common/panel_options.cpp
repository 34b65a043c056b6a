#include "panel_options.h"

#include "core/fieldconfig/field_color.h"
#include "core/fieldconfig/field_config.h"
#include "core/fieldconfig/reducers.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace sg::ui::paint {

OptionDescriptor selectOption(const QString& path, const QString& name, const QString& category,
    const QString& defaultValue, const QStringList& choices, const QString& description)
{
    OptionDescriptor d;
    d.path = path;
    d.name = name;
    d.category = category;
    d.editor = OptionDescriptor::Editor::Select;
    d.defaultValue = defaultValue;
    d.choices = choices;
    d.description = description;
    return d;
}

OptionDescriptor option(const QString& path, const QString& name, const QString& category,
    OptionDescriptor::Editor editor, const QJsonValue& defaultValue, const QString& description)
{
    OptionDescriptor d;
    d.path = path;
    d.name = name;
    d.category = category;
    d.editor = editor;
    d.defaultValue = defaultValue;
    d.description = description;
    return d;
}

std::vector<OptionDescriptor> standardFieldOptions(const QString& defaultColorMode)
{
    using E = OptionDescriptor::Editor;
    const QString std = u"Standard options"_s;
    const QString calculated = u"Leave empty to calculate based on all values"_s;
    return {
        option(u"fieldConfig.defaults.unit"_s, u"Unit"_s, std, E::Unit),
        option(u"fieldConfig.defaults.min"_s, u"Min"_s, std, E::Number, {}, calculated),
        option(u"fieldConfig.defaults.max"_s, u"Max"_s, std, E::Number, {}, calculated),
        option(u"fieldConfig.defaults.decimals"_s, u"Decimals"_s, std, E::Number),
        option(u"fieldConfig.defaults.displayName"_s, u"Display name"_s, std, E::Text, {},
            u"Change the field or series name"_s),
        option(u"fieldConfig.defaults.noValue"_s, u"No value"_s, std, E::Text, {},
            u"What to show when there is no value"_s),
        selectOption(u"fieldConfig.defaults.color.mode"_s, u"Color scheme"_s, std, defaultColorMode,
            fieldconfig::colorModeIds()),
        option(u"fieldConfig.defaults.thresholds"_s, u"Thresholds"_s, u"Thresholds"_s, E::Thresholds),
        option(u"fieldConfig.defaults.mappings"_s, u"Value mappings"_s, u"Value mappings"_s, E::Mappings,
            QJsonArray()),
    };
}

QJsonObject pluginFieldDefaults(const QString& colorMode)
{
    const QJsonArray steps { QJsonObject { { u"color"_s, u"green"_s }, { u"value"_s, QJsonValue() } },
        QJsonObject { { u"color"_s, u"red"_s }, { u"value"_s, 80 } } };
    return QJsonObject {
        { u"thresholds"_s, QJsonObject { { u"mode"_s, u"absolute"_s }, { u"steps"_s, steps } } },
        { u"color"_s, QJsonObject { { u"mode"_s, colorMode } } },
        { u"mappings"_s, QJsonArray() },
    };
}

QJsonObject effectiveFieldConfig(const dashboards::Panel& panel, const QString& colorMode)
{
    QJsonObject fieldConfig = panel.fieldConfig();
    fieldConfig.insert(u"defaults"_s, fieldconfig::mergeDefaults(pluginFieldDefaults(colorMode), panel.fieldDefaults()));
    return fieldConfig;
}

QJsonObject defaultReduceOptions()
{
    return QJsonObject { { u"values"_s, false }, { u"calcs"_s, QJsonArray { u"lastNotNull"_s } },
        { u"fields"_s, QString() } };
}

std::vector<OptionDescriptor> reduceOptionDescriptors()
{
    using E = OptionDescriptor::Editor;
    QStringList calcs;
    for (const auto& r : fieldconfig::reducerList())
        calcs << r.id;
    const QString values = u"Value options"_s;
    return {
        option(u"options.reduceOptions.values"_s, u"Show"_s, values, E::Bool, false,
            u"Calculate a single value per column or series, or show each row"_s),
        selectOption(u"options.reduceOptions.calcs"_s, u"Calculation"_s, values, u"lastNotNull"_s, calcs,
            u"Choose a reducer function / calculation"_s),
        option(u"options.reduceOptions.limit"_s, u"Limit"_s, values, E::Number, {}, u"Max number of rows to display"_s),
        option(u"options.reduceOptions.fields"_s, u"Fields"_s, values, E::Text, QString(),
            u"Select the fields that should be included in the panel"_s),
    };
}

OptionDescriptor orientationOption(const QString& category)
{
    return selectOption(u"options.orientation"_s, u"Orientation"_s, category, u"auto"_s,
        { u"auto"_s, u"horizontal"_s, u"vertical"_s });
}

std::vector<OptionDescriptor> valuePanelOptions(const std::vector<OptionDescriptor>& own)
{
    std::vector<OptionDescriptor> out = reduceOptionDescriptors();
    out.insert(out.end(), own.begin(), own.end());
    const auto standard = standardFieldOptions(u"thresholds"_s);
    out.insert(out.end(), standard.begin(), standard.end());
    return out;
}

QJsonObject defaultLegendOptions()
{
    return QJsonObject { { u"showLegend"_s, true }, { u"displayMode"_s, u"list"_s }, { u"placement"_s, u"bottom"_s } };
}

OptionDescriptor legendVisibilityOption()
{
    return option(u"options.legend.showLegend"_s, u"Visibility"_s, u"Legend"_s, OptionDescriptor::Editor::Bool, true);
}

QJsonObject defaultTooltipOptions()
{
    return QJsonObject { { u"mode"_s, u"single"_s }, { u"sort"_s, u"none"_s } };
}

} // namespace sg::ui::paint
