#include "heatmap_plugin.h"

#include "heatmap_view.h"

#include "core/fieldconfig/field_color.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

class HeatmapPlugin : public PanelPlugin
{
public:
    QString id() const override { return u"heatmap"_s; }
    QString name() const override { return u"Heatmap"_s; }

    QJsonObject defaultOptions() const override
    {
        // Grafana's heatmap panel defaults (panelcfg).
        return QJsonObject {
            { u"calculate"_s, false },
            { u"yAxis"_s, QJsonObject { { u"axisPlacement"_s, u"left"_s }, { u"reverse"_s, false } } },
            { u"rowsFrame"_s, QJsonObject { { u"layout"_s, u"auto"_s } } },
            { u"color"_s,
                QJsonObject { { u"mode"_s, u"scheme"_s }, { u"scheme"_s, u"Oranges"_s }, { u"fill"_s, u"dark-orange"_s },
                    { u"scale"_s, u"exponential"_s }, { u"exponent"_s, 0.5 }, { u"steps"_s, 64 },
                    { u"reverse"_s, false } } },
            { u"cellGap"_s, 1 },
            { u"filterValues"_s, QJsonObject { { u"le"_s, 1e-9 } } },
            { u"showValue"_s, u"auto"_s },
            { u"tooltip"_s, QJsonObject { { u"mode"_s, u"single"_s }, { u"yHistogram"_s, false } } },
            { u"legend"_s, QJsonObject { { u"show"_s, true } } },
            { u"exemplars"_s, QJsonObject { { u"color"_s, u"rgba(255,0,255,0.7)"_s } } },
            { u"selectionMode"_s, u"x"_s },
        };
    }

    std::vector<OptionDescriptor> optionDescriptors() const override
    {
        using E = OptionDescriptor::Editor;
        QStringList schemes;
        for (const auto& s : fieldconfig::chromaticSchemes())
            schemes << QString::fromLatin1(s.name);
        const QString calc = u"Calculate from data"_s;
        const QString colors = u"Colors"_s;
        return {
            { u"options.calculate"_s, u"Calculate from data"_s, calc, E::Bool, false, {},
                u"Bucket the series' values here instead of reading buckets from the data"_s },
            { u"options.calculation.xBuckets.mode"_s, u"X bucket mode"_s, calc, E::Select, u"size"_s,
                { u"size"_s, u"count"_s }, {} },
            { u"options.calculation.xBuckets.value"_s, u"X bucket"_s, calc, E::Text, QString(), {},
                u"A duration (size) or a number of buckets (count); empty: automatic"_s },
            { u"options.calculation.yBuckets.mode"_s, u"Y bucket mode"_s, calc, E::Select, u"size"_s,
                { u"size"_s, u"count"_s }, {} },
            { u"options.calculation.yBuckets.value"_s, u"Y bucket"_s, calc, E::Text, QString(), {},
                u"A bucket size or count; with a log scale, splits per power"_s },
            { u"options.calculation.yBuckets.scale.type"_s, u"Y bucket scale"_s, calc, E::Select, u"linear"_s,
                { u"linear"_s, u"log"_s }, {} },
            { u"options.calculation.yBuckets.scale.log"_s, u"Log base"_s, calc, E::Select, 2, { u"2"_s, u"10"_s },
                {} },
            { u"options.color.mode"_s, u"Mode"_s, colors, E::Select, u"scheme"_s, { u"scheme"_s, u"opacity"_s }, {} },
            { u"options.color.scheme"_s, u"Scheme"_s, colors, E::Select, u"Oranges"_s, schemes, {} },
            { u"options.color.fill"_s, u"Color"_s, colors, E::Color, u"dark-orange"_s, {}, u"Opacity mode"_s },
            { u"options.color.scale"_s, u"Scale"_s, colors, E::Select, u"exponential"_s,
                { u"linear"_s, u"exponential"_s }, u"Opacity mode"_s },
            { u"options.color.exponent"_s, u"Exponent"_s, colors, E::Number, 0.5, {}, u"Opacity mode"_s },
            { u"options.color.steps"_s, u"Steps"_s, colors, E::Number, 64, {}, {} },
            { u"options.color.reverse"_s, u"Reverse"_s, colors, E::Bool, false, {}, {} },
            { u"options.color.min"_s, u"Start color from value"_s, colors, E::Number, QJsonValue(), {}, {} },
            { u"options.color.max"_s, u"End color from value"_s, colors, E::Number, QJsonValue(), {}, {} },
            { u"options.yAxis.unit"_s, u"Unit"_s, u"Y Axis"_s, E::Unit, QString(), {}, {} },
            { u"options.yAxis.decimals"_s, u"Decimals"_s, u"Y Axis"_s, E::Number, QJsonValue(), {}, {} },
            { u"options.cellGap"_s, u"Cell gap"_s, u"Cell display"_s, E::Number, 1, {}, {} },
            { u"options.filterValues.le"_s, u"Hide cells with values <="_s, u"Cell display"_s, E::Number, 1e-9, {},
                {} },
            { u"options.legend.show"_s, u"Show legend"_s, u"Legend"_s, E::Bool, true, {}, {} },
        };
    }

    PanelView* createView(QWidget* parent) const override { return new heatmap::HeatmapView(parent); }
};

} // namespace

std::unique_ptr<PanelPlugin> makeHeatmapPlugin() { return std::make_unique<HeatmapPlugin>(); }

} // namespace sg::ui
