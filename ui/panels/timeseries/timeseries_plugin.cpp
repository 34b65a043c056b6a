#include "timeseries_plugin.h"

#include "timeseries_view.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

class TimeSeriesPlugin : public PanelPlugin
{
public:
    QString id() const override { return u"timeseries"_s; }
    QString name() const override { return u"Time series"_s; }
    QJsonObject defaultOptions() const override
    {
        return QJsonObject {
            { u"legend"_s,
                QJsonObject { { u"displayMode"_s, u"list"_s }, { u"placement"_s, u"bottom"_s },
                    { u"showLegend"_s, true }, { u"calcs"_s, QJsonArray {} } } },
            { u"tooltip"_s, QJsonObject { { u"mode"_s, u"single"_s }, { u"sort"_s, u"none"_s } } },
        };
    }
    std::vector<OptionDescriptor> optionDescriptors() const override
    {
        using E = OptionDescriptor::Editor;
        const QString legend = u"Legend"_s;
        const QString tooltip = u"Tooltip"_s;
        const QString graph = u"Graph styles"_s;
        const QString axis = u"Axis"_s;
        const QString standard = u"Standard options"_s;
        const QString c = u"fieldConfig.defaults.custom."_s;
        return {
            { u"options.legend.showLegend"_s, u"Visibility"_s, legend, E::Bool, true, {}, {} },
            { u"options.legend.displayMode"_s, u"Mode"_s, legend, E::Select, u"list"_s, { u"list"_s, u"table"_s }, {} },
            { u"options.legend.placement"_s, u"Placement"_s, legend, E::Select, u"bottom"_s,
                { u"bottom"_s, u"right"_s }, {} },
            { u"options.legend.calcs"_s, u"Values"_s, legend, E::Json, QJsonArray {}, {},
                u"Reducer ids: lastNotNull, min, max, mean, sum, count, range, delta, ..."_s },
            { u"options.tooltip.mode"_s, u"Tooltip mode"_s, tooltip, E::Select, u"single"_s,
                { u"single"_s, u"multi"_s, u"none"_s }, {} },
            { u"options.tooltip.sort"_s, u"Values sort order"_s, tooltip, E::Select, u"none"_s,
                { u"none"_s, u"asc"_s, u"desc"_s }, {} },
            { c + u"drawStyle"_s, u"Style"_s, graph, E::Select, u"line"_s, { u"line"_s, u"bars"_s, u"points"_s }, {} },
            { c + u"lineInterpolation"_s, u"Line interpolation"_s, graph, E::Select, u"linear"_s,
                { u"linear"_s, u"smooth"_s, u"stepBefore"_s, u"stepAfter"_s }, {} },
            { c + u"lineWidth"_s, u"Line width"_s, graph, E::Number, 1, {}, {} },
            { c + u"fillOpacity"_s, u"Fill opacity"_s, graph, E::Number, 0, {}, {} },
            { c + u"gradientMode"_s, u"Gradient mode"_s, graph, E::Select, u"none"_s,
                { u"none"_s, u"opacity"_s, u"hue"_s, u"scheme"_s }, {} },
            { c + u"showPoints"_s, u"Show points"_s, graph, E::Select, u"auto"_s,
                { u"auto"_s, u"always"_s, u"never"_s }, {} },
            { c + u"pointSize"_s, u"Point size"_s, graph, E::Number, 5, {}, {} },
            { c + u"spanNulls"_s, u"Connect null values"_s, graph, E::Json, false, {},
                u"false, true, or a threshold in ms"_s },
            { c + u"stacking.mode"_s, u"Stack series"_s, graph, E::Select, u"none"_s,
                { u"none"_s, u"normal"_s, u"percent"_s }, {} },
            { c + u"barAlignment"_s, u"Bar alignment"_s, graph, E::Select, 0, { u"-1"_s, u"0"_s, u"1"_s }, {} },
            { c + u"axisPlacement"_s, u"Placement"_s, axis, E::Select, u"auto"_s,
                { u"auto"_s, u"left"_s, u"right"_s, u"hidden"_s }, {} },
            { c + u"axisLabel"_s, u"Label"_s, axis, E::Text, QString(), {}, {} },
            { c + u"axisSoftMin"_s, u"Soft min"_s, axis, E::Number, QJsonValue(), {}, {} },
            { c + u"axisSoftMax"_s, u"Soft max"_s, axis, E::Number, QJsonValue(), {}, {} },
            { c + u"scaleDistribution.type"_s, u"Scale"_s, axis, E::Select, u"linear"_s, { u"linear"_s, u"log"_s }, {} },
            { c + u"scaleDistribution.log"_s, u"Log base"_s, axis, E::Select, 2, { u"2"_s, u"10"_s }, {} },
            { c + u"thresholdsStyle.mode"_s, u"Show thresholds"_s, u"Thresholds"_s, E::Select, u"off"_s,
                { u"off"_s, u"line"_s, u"dashed"_s, u"area"_s, u"line+area"_s, u"dashed+area"_s }, {} },
            { u"fieldConfig.defaults.unit"_s, u"Unit"_s, standard, E::Unit, QString(), {}, {} },
            { u"fieldConfig.defaults.min"_s, u"Min"_s, standard, E::Number, QJsonValue(), {}, {} },
            { u"fieldConfig.defaults.max"_s, u"Max"_s, standard, E::Number, QJsonValue(), {}, {} },
            { u"fieldConfig.defaults.decimals"_s, u"Decimals"_s, standard, E::Number, QJsonValue(), {}, {} },
            { u"fieldConfig.defaults.displayName"_s, u"Display name"_s, standard, E::Text, QString(), {}, {} },
            { u"fieldConfig.defaults.color.mode"_s, u"Color scheme"_s, standard, E::Select, u"palette-classic"_s,
                { u"palette-classic"_s, u"palette-classic-by-name"_s, u"fixed"_s, u"shades"_s, u"thresholds"_s,
                    u"continuous-GrYlRd"_s, u"continuous-BlPu"_s },
                {} },
            { u"fieldConfig.defaults.thresholds"_s, u"Thresholds"_s, u"Thresholds"_s, E::Thresholds, QJsonValue(), {},
                {} },
            { u"fieldConfig.defaults.mappings"_s, u"Value mappings"_s, u"Value mappings"_s, E::Mappings, QJsonArray {},
                {}, {} },
        };
    }
    PanelView* createView(QWidget* parent) const override { return new timeseries::TimeSeriesView(parent); }
};

} // namespace

std::unique_ptr<PanelPlugin> makeTimeSeriesPlugin() { return std::make_unique<TimeSeriesPlugin>(); }

} // namespace sg::ui
