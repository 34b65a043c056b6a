#include "timeseries_options.h"

#include "core/fieldconfig/reducers.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace sg::ui::timeseries {

namespace {

std::optional<double> number(const QJsonValue& v)
{
    if (v.isDouble())
        return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().toDouble(&ok);
        if (ok)
            return d;
    }
    return std::nullopt;
}

} // namespace

SeriesStyle SeriesStyle::fromCustom(const QJsonObject& c)
{
    SeriesStyle s;
    const QString draw = c.value(u"drawStyle").toString();
    if (draw == u"bars")
        s.drawStyle = DrawStyle::Bars;
    else if (draw == u"points")
        s.drawStyle = DrawStyle::Points;
    s.lineWidth = std::max(0.0, number(c.value(u"lineWidth")).value_or(1));
    const QString interp = c.value(u"lineInterpolation").toString();
    if (interp == u"smooth")
        s.interpolation = LineInterpolation::Smooth;
    else if (interp == u"stepBefore")
        s.interpolation = LineInterpolation::StepBefore;
    else if (interp == u"stepAfter")
        s.interpolation = LineInterpolation::StepAfter;
    const QJsonObject lineStyle = c.value(u"lineStyle").toObject();
    const QString fill = lineStyle.value(u"fill").toString();
    if (fill == u"dash" || fill == u"dot") {
        for (const QJsonValue& d : lineStyle.value(u"dash").toArray())
            s.dash.push_back(std::max(0.5, d.toDouble()));
        if (s.dash.empty())
            s.dash = fill == u"dot" ? std::vector<double> { 0, 10 } : std::vector<double> { 10, 10 };
        s.dots = fill == u"dot";
    }
    s.fillOpacity = std::clamp(number(c.value(u"fillOpacity")).value_or(0), 0.0, 100.0);
    const QString gradient = c.value(u"gradientMode").toString();
    if (gradient == u"opacity")
        s.gradientMode = GradientMode::Opacity;
    else if (gradient == u"hue")
        s.gradientMode = GradientMode::Hue;
    else if (gradient == u"scheme")
        s.gradientMode = GradientMode::Scheme;
    const QString points = c.value(u"showPoints").toString();
    if (points == u"always")
        s.showPoints = ShowPoints::Always;
    else if (points == u"never")
        s.showPoints = ShowPoints::Never;
    s.pointSize = std::max(1.0, number(c.value(u"pointSize")).value_or(5));
    const QJsonValue span = c.value(u"spanNulls");
    if (span.isBool())
        s.spanNullsMs = span.toBool() ? std::numeric_limits<double>::infinity() : 0;
    else if (const auto ms = number(span))
        s.spanNullsMs = std::max(0.0, *ms);
    const QJsonObject stacking = c.value(u"stacking").toObject();
    const QString stackMode = stacking.value(u"mode").toString();
    if (stackMode == u"normal")
        s.stacking = StackMode::Normal;
    else if (stackMode == u"percent")
        s.stacking = StackMode::Percent;
    if (const QString g = stacking.value(u"group").toString(); !g.isEmpty())
        s.stackGroup = g;
    const QString placement = c.value(u"axisPlacement").toString();
    if (placement == u"left")
        s.axisPlacement = AxisPlacement::Left;
    else if (placement == u"right")
        s.axisPlacement = AxisPlacement::Right;
    else if (placement == u"hidden")
        s.axisPlacement = AxisPlacement::Hidden;
    s.axisLabel = c.value(u"axisLabel").toString();
    s.softMin = number(c.value(u"axisSoftMin"));
    s.softMax = number(c.value(u"axisSoftMax"));
    s.axisCenteredZero = c.value(u"axisCenteredZero").toBool();
    const QJsonObject scale = c.value(u"scaleDistribution").toObject();
    if (scale.value(u"type").toString() == u"log") {
        s.log = true;
        s.logBase = number(scale.value(u"log")).value_or(2);
        if (s.logBase != 2 && s.logBase != 10)
            s.logBase = 10;
    }
    const QString thresholds = c.value(u"thresholdsStyle").toObject().value(u"mode").toString();
    if (thresholds == u"line")
        s.thresholdsStyle = ThresholdsStyle::Line;
    else if (thresholds == u"dashed")
        s.thresholdsStyle = ThresholdsStyle::Dashed;
    else if (thresholds == u"area")
        s.thresholdsStyle = ThresholdsStyle::Area;
    else if (thresholds == u"line+area")
        s.thresholdsStyle = ThresholdsStyle::LineAndArea;
    else if (thresholds == u"dashed+area")
        s.thresholdsStyle = ThresholdsStyle::DashedAndArea;
    s.negativeY = c.value(u"transform").toString() == u"negative-Y";
    const QJsonObject hide = c.value(u"hideFrom").toObject();
    s.hideLegend = hide.value(u"legend").toBool();
    s.hideTooltip = hide.value(u"tooltip").toBool();
    s.hideViz = hide.value(u"viz").toBool();
    s.barAlignment = std::clamp(int(number(c.value(u"barAlignment")).value_or(0)), -1, 1);
    s.barWidthFactor = std::clamp(number(c.value(u"barWidthFactor")).value_or(0.6), 0.05, 1.0);
    return s;
}

LegendOptions LegendOptions::fromJson(const QJsonObject& legend)
{
    LegendOptions o;
    const QString mode = legend.value(u"displayMode").toString();
    o.show = legend.value(u"showLegend").toBool(true) && mode != u"hidden";
    o.table = mode == u"table";
    o.right = legend.value(u"placement").toString() == u"right";
    for (const QJsonValue& c : legend.value(u"calcs").toArray())
        if (const QString id = c.toString(); !id.isEmpty())
            o.calcs << fieldconfig::canonicalReducerId(id);
    o.sortBy = legend.value(u"sortBy").toString();
    o.sortDesc = legend.value(u"sortDesc").toBool();
    o.width = legend.value(u"width").toDouble();
    return o;
}

TooltipOptions TooltipOptions::fromJson(const QJsonObject& tooltip)
{
    TooltipOptions o;
    const QString mode = tooltip.value(u"mode").toString();
    if (mode == u"multi")
        o.mode = Mode::Multi;
    else if (mode == u"none" || mode == u"hidden")
        o.mode = Mode::None;
    const QString sort = tooltip.value(u"sort").toString();
    if (sort == u"asc")
        o.sort = Sort::Asc;
    else if (sort == u"desc")
        o.sort = Sort::Desc;
    return o;
}

QJsonObject pluginFieldDefaults()
{
    const QJsonObject custom {
        { u"drawStyle"_s, u"line"_s },
        { u"lineInterpolation"_s, u"linear"_s },
        { u"lineWidth"_s, 1 },
        { u"fillOpacity"_s, 0 },
        { u"gradientMode"_s, u"none"_s },
        { u"showPoints"_s, u"auto"_s },
        { u"pointSize"_s, 5 },
        { u"spanNulls"_s, false },
        { u"stacking"_s, QJsonObject { { u"mode"_s, u"none"_s }, { u"group"_s, u"A"_s } } },
        { u"axisPlacement"_s, u"auto"_s },
        { u"axisLabel"_s, QString() },
        { u"scaleDistribution"_s, QJsonObject { { u"type"_s, u"linear"_s } } },
        { u"barAlignment"_s, 0 },
        { u"barWidthFactor"_s, 0.6 },
        { u"thresholdsStyle"_s, QJsonObject { { u"mode"_s, u"off"_s } } },
        { u"hideFrom"_s, QJsonObject { { u"legend"_s, false }, { u"tooltip"_s, false }, { u"viz"_s, false } } },
    };
    const QJsonObject thresholds {
        { u"mode"_s, u"absolute"_s },
        { u"steps"_s,
            QJsonArray { QJsonObject { { u"color"_s, u"green"_s }, { u"value"_s, QJsonValue::Null } },
                QJsonObject { { u"color"_s, u"red"_s }, { u"value"_s, 80 } } } },
    };
    return QJsonObject {
        { u"color"_s, QJsonObject { { u"mode"_s, u"palette-classic"_s } } },
        { u"custom"_s, custom },
        { u"mappings"_s, QJsonArray {} },
        { u"thresholds"_s, thresholds },
    };
}

QJsonObject toggleLegendSort(const QJsonObject& legend, const QString& key)
{
    QJsonObject out = legend;
    const QString sortBy = legend.value(u"sortBy").toString();
    // sortDesc is undefined for a column not sorted yet; a column sorted ascending stops sorting.
    const QJsonValue sortDesc = sortBy == key ? legend.value(u"sortDesc") : QJsonValue(QJsonValue::Undefined);
    if (sortDesc.isBool() && !sortDesc.toBool()) {
        out.remove(u"sortBy"_s);
        out.remove(u"sortDesc"_s);
        return out;
    }
    out.insert(u"sortBy"_s, key);
    out.insert(u"sortDesc"_s, !sortDesc.toBool());
    return out;
}

} // namespace sg::ui::timeseries
