// The panel-type changes Grafana makes when it loads a retired Angular panel: graph -> timeseries (flotToGraphOptions),
// singlestat -> stat or gauge (sharedSingleStatPanelChangedHandler), table-old -> table (the table panel's
// migrateFromAngular), text2 -> text. Keys the new type does not use are dropped, as Grafana's panel change drops them;
// everything else (id, gridPos, targets, links, repeat, transparent, datasource, ...) is kept as it was.
#include "dashboard_json.h"

#include "core/units/units.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sg::dashboards {

namespace {

/// Keys every panel keeps through a type change (Grafana's PanelModel "mustKeepProps" and the common props).
const QStringList& keptPanelKeys()
{
    static const QStringList keys {
        u"id"_s, u"gridPos"_s, u"type"_s, u"title"_s, u"description"_s, u"datasource"_s, u"targets"_s, u"links"_s,
        u"repeat"_s, u"repeatDirection"_s, u"repeatPanelId"_s, u"maxPerRow"_s, u"transparent"_s, u"interval"_s,
        u"maxDataPoints"_s, u"timeFrom"_s, u"timeShift"_s, u"hideTimeOverride"_s, u"transformations"_s,
        u"libraryPanel"_s, u"pluginVersion"_s, u"cacheTimeout"_s, u"queryCachingTTL"_s, u"alert"_s,
        u"collapsed"_s, u"panels"_s, u"scopedVars"_s, u"fieldConfig"_s, u"options"_s,
    };
    return keys;
}

QJsonObject keepCommon(const QJsonObject& old)
{
    QJsonObject p;
    for (const QString& k : keptPanelKeys())
        if (old.contains(k) && k != u"fieldConfig" && k != u"options")
            p.insert(k, old.value(k));
    return p;
}

QJsonValue validNumber(const QJsonValue& v)
{
    if (auto d = jsonNumber(v))
        return *d;
    return QJsonValue::Undefined;
}

void insertIfDefined(QJsonObject& o, const QString& key, const QJsonValue& v)
{
    if (!v.isUndefined() && !v.isNull())
        o.insert(key, v);
}

/// Grafana's field reducer ids, with the aliases legacy panels used.
QString reducerId(const QString& legacy)
{
    static const QHash<QString, QString> aliases {
        { u"avg"_s, u"mean"_s }, { u"current"_s, u"lastNotNull"_s }, { u"total"_s, u"sum"_s },
        { u"last_time"_s, u"lastNotNull"_s }, { u"diff"_s, u"diff"_s },
    };
    static const QStringList ids { u"lastNotNull"_s, u"last"_s, u"firstNotNull"_s, u"first"_s, u"min"_s, u"max"_s,
        u"mean"_s, u"sum"_s, u"count"_s, u"range"_s, u"delta"_s, u"step"_s, u"diff"_s, u"logmin"_s, u"allIsZero"_s,
        u"allIsNull"_s, u"changeCount"_s, u"distinctCount"_s, u"diffperc"_s, u"allValues"_s, u"uniqueValues"_s,
        u"median"_s, u"variance"_s, u"stdDev"_s };
    if (aliases.contains(legacy))
        return aliases.value(legacy);
    return ids.contains(legacy) ? legacy : QString();
}

QJsonObject fieldConfigFromOldAxis(const QJsonObject& axis)
{
    if (axis.isEmpty())
        return {};
    QJsonObject custom { { u"axisPlacement"_s, axis.value(u"show").toBool() ? u"auto"_s : u"hidden"_s } };
    if (!axis.value(u"label").toString().isEmpty())
        custom.insert(u"axisLabel"_s, axis.value(u"label"));
    const int log = jsonInt(axis.value(u"logBase"));
    if (log == 2 || log == 10)
        custom.insert(u"scaleDistribution"_s, QJsonObject { { u"type"_s, u"log"_s }, { u"log"_s, log } });
    QJsonObject fc;
    if (axis.value(u"format").isString())
        fc.insert(u"unit"_s, units::migrateLegacyUnit(axis.value(u"format").toString()));
    insertIfDefined(fc, u"decimals"_s, validNumber(axis.value(u"decimals")));
    insertIfDefined(fc, u"min"_s, validNumber(axis.value(u"min")));
    insertIfDefined(fc, u"max"_s, validNumber(axis.value(u"max")));
    fc.insert(u"custom"_s, custom);
    return fc;
}

QString thresholdColor(const QJsonObject& t)
{
    const QString mode = t.value(u"colorMode").toString();
    if (mode == u"warning")
        return u"orange"_s;
    if (mode == u"custom") {
        const QString c = t.value(u"fillColor").toString();
        return c.isEmpty() ? t.value(u"lineColor").toString() : c;
    }
    return u"red"_s;
}

QJsonObject step(double value, const QString& color)
{
    QJsonObject s { { u"color"_s, color } };
    s.insert(u"value"_s, std::isinf(value) ? QJsonValue(QJsonValue::Null) : QJsonValue(value));
    return s;
}

/// Legacy graph (`y_formats`, `grid.leftMin`, ...) before schema 12 kept its axes elsewhere.
QJsonArray legacyYAxes(const QJsonObject& g)
{
    if (g.value(u"yaxes").isArray())
        return g.value(u"yaxes").toArray();
    const QJsonObject grid = g.value(u"grid").toObject();
    QJsonArray formats = g.value(u"y_formats").toArray();
    if (g.contains(u"y_format"))
        formats = { g.value(u"y_format"), g.value(u"y2_format") };
    if (formats.isEmpty() && grid.isEmpty())
        return {};
    const bool show = g.value(u"y-axis").toBool(true);
    QJsonObject left { { u"show"_s, show }, { u"format"_s, formats.at(0) } };
    QJsonObject right { { u"show"_s, show }, { u"format"_s, formats.at(1) } };
    insertIfDefined(left, u"min"_s, grid.contains(u"leftMin") ? grid.value(u"leftMin") : grid.value(u"min"));
    insertIfDefined(left, u"max"_s, grid.contains(u"leftMax") ? grid.value(u"leftMax") : grid.value(u"max"));
    insertIfDefined(left, u"logBase"_s, grid.value(u"leftLogBase"));
    insertIfDefined(left, u"label"_s, g.value(u"leftYAxisLabel"));
    insertIfDefined(right, u"min"_s, grid.value(u"rightMin"));
    insertIfDefined(right, u"max"_s, grid.value(u"rightMax"));
    insertIfDefined(right, u"logBase"_s, grid.value(u"rightLogBase"));
    insertIfDefined(right, u"label"_s, g.value(u"rightYAxisLabel"));
    return { left, right };
}

/// Legacy graph thresholds: `thresholds[]` or, before schema 13, `grid.threshold1/2`.
QJsonArray legacyGraphThresholds(const QJsonObject& g)
{
    if (g.value(u"thresholds").isArray())
        return g.value(u"thresholds").toArray();
    const QJsonObject grid = g.value(u"grid").toObject();
    QJsonArray out;
    const bool line = grid.value(u"thresholdLine").toBool();
    auto make = [&](const QString& v, const QString& c) -> QJsonObject {
        QJsonObject t { { u"value"_s, grid.value(v) }, { u"colorMode"_s, u"custom"_s } };
        t.insert(line ? u"line"_s : u"fill"_s, true);
        t.insert(line ? u"lineColor"_s : u"fillColor"_s, grid.value(c));
        return t;
    };
    const bool has1 = grid.value(u"threshold1").isDouble();
    const bool has2 = grid.value(u"threshold2").isDouble();
    if (!has1)
        return out;
    QJsonObject t1 = make(u"threshold1"_s, u"threshold1Color"_s);
    if (has2) {
        QJsonObject t2 = make(u"threshold2"_s, u"threshold2Color"_s);
        const QString op = grid.value(u"threshold1").toDouble() > grid.value(u"threshold2").toDouble() ? u"lt"_s : u"gt"_s;
        t1.insert(u"op"_s, op);
        t2.insert(u"op"_s, op);
        out = { t1, t2 };
    } else {
        t1.insert(u"op"_s, u"gt"_s);
        out = { t1 };
    }
    return out;
}

QJsonObject graphToTimeseries(const QJsonObject& g, ImportReport* report)
{
    QJsonObject p = keepCommon(g);
    p.insert(u"type"_s, u"timeseries"_s);
    const QJsonArray yaxes = legacyYAxes(g);
    const QJsonObject oldFc = g.value(u"fieldConfig").toObject();
    QJsonObject y1 = fieldConfigFromOldAxis(yaxes.at(0).toObject());
    {
        QJsonObject merged = oldFc.value(u"defaults").toObject();
        for (auto it = y1.begin(); it != y1.end(); ++it)
            merged.insert(it.key(), it.value());
        y1 = merged;
    }
    QJsonArray overrides = oldFc.value(u"overrides").toArray();

    const bool dashes = g.value(u"dashes").toBool();
    const QJsonArray dash { jsonNumber(g.value(u"dashLength")).value_or(10), jsonNumber(g.value(u"spaceLength")).value_or(10) };

    const QJsonObject aliasColors = g.value(u"aliasColors").toObject();
    for (auto it = aliasColors.begin(); it != aliasColors.end(); ++it) {
        if (it.value().toString().isEmpty())
            continue;
        overrides.append(QJsonObject {
            { u"matcher"_s, QJsonObject { { u"id"_s, u"byName"_s }, { u"options"_s, it.key() } } },
            { u"properties"_s,
                QJsonArray { QJsonObject { { u"id"_s, u"color"_s },
                    { u"value"_s, QJsonObject { { u"mode"_s, u"fixed"_s }, { u"fixedColor"_s, it.value() } } } } } } });
    }

    bool hasFillBelowTo = false;
    for (const QJsonValue& sv : g.value(u"seriesOverrides").toArray()) {
        const QJsonObject so = sv.toObject();
        const QString alias = so.value(u"alias").toString();
        if (alias.isEmpty())
            continue;
        const bool isRegex = alias.size() > 1 && alias.startsWith(u'/') && alias.endsWith(u'/');
        QJsonArray props;
        auto prop = [&props](const QString& id, const QJsonValue& v) { props.append(QJsonObject { { u"id"_s, id }, { u"value"_s, v } }); };
        std::optional<QJsonObject> dashOverride;
        // JSON objects lose their key order here; take the keys in the order Grafana's override editor adds them.
        static const QStringList keyOrder { u"yaxis"_s, u"fill"_s, u"fillBelowTo"_s, u"fillGradient"_s, u"points"_s,
            u"bars"_s, u"lines"_s, u"linewidth"_s, u"pointradius"_s, u"dashes"_s, u"dashLength"_s, u"spaceLength"_s,
            u"stack"_s, u"color"_s, u"transform"_s };
        for (const QString& k : keyOrder) {
            if (!so.contains(k))
                continue;
            const QJsonValue v = so.value(k);
            if (k == u"yaxis") {
                if (jsonNumber(v).value_or(1) == 2) {
                    const QJsonObject y2 = fieldConfigFromOldAxis(yaxes.at(1).toObject());
                    for (auto y = y2.begin(); y != y2.end(); ++y)
                        if (y.key() != u"custom" && y1.value(y.key()) != y.value())
                            prop(y.key(), y.value());
                    const QJsonObject c1 = y1.value(u"custom").toObject();
                    const QJsonObject c2 = y2.value(u"custom").toObject();
                    for (auto y = c2.begin(); y != c2.end(); ++y)
                        if (y.key() != u"axisPlacement" && c1.value(y.key()) != y.value())
                            prop(u"custom."_s + y.key(), y.value());
                    // The second axis is the right one (hidden when the old right axis was).
                    prop(u"custom.axisPlacement"_s, c2.value(u"axisPlacement").toString() == u"hidden" ? u"hidden"_s : u"right"_s);
                }
            } else if (k == u"fill") {
                prop(u"custom.fillOpacity"_s, v.toDouble() * 10);
            } else if (k == u"fillBelowTo") {
                hasFillBelowTo = true;
                prop(u"custom.fillBelowTo"_s, v);
            } else if (k == u"fillGradient") {
                if (v.toDouble() > 0) {
                    prop(u"custom.fillGradient"_s, u"opacity"_s);
                    prop(u"custom.fillOpacity"_s, v.toDouble() * 10);
                }
            } else if (k == u"points") {
                prop(u"custom.showPoints"_s, v.toBool() ? u"always"_s : u"never"_s);
            } else if (k == u"bars") {
                if (v.toBool()) {
                    prop(u"custom.drawStyle"_s, u"bars"_s);
                    prop(u"custom.fillOpacity"_s, 100);
                } else {
                    prop(u"custom.drawStyle"_s, u"line"_s);
                }
            } else if (k == u"lines") {
                if (!v.toBool())
                    prop(u"custom.lineWidth"_s, 0);
            } else if (k == u"linewidth") {
                prop(u"custom.lineWidth"_s, v);
            } else if (k == u"pointradius") {
                prop(u"custom.pointSize"_s, 2 + v.toDouble() * 2);
            } else if (k == u"dashLength" || k == u"spaceLength" || k == u"dashes") {
                if (!dashOverride)
                    dashOverride = QJsonObject { { u"fill"_s, dashes ? u"dash"_s : u"solid"_s }, { u"dash"_s, dash } };
                QJsonArray d = dashOverride->value(u"dash").toArray();
                if (k == u"dashLength")
                    d[0] = v;
                else if (k == u"spaceLength")
                    d[1] = v;
                else
                    dashOverride->insert(u"fill"_s, v.toBool() ? u"dash"_s : u"solid"_s);
                dashOverride->insert(u"dash"_s, d);
            } else if (k == u"stack") {
                prop(u"custom.stacking"_s, QJsonObject { { u"mode"_s, u"normal"_s }, { u"group"_s, v } });
            } else if (k == u"color") {
                prop(u"color"_s, QJsonObject { { u"fixedColor"_s, v }, { u"mode"_s, u"fixed"_s } });
            } else if (k == u"transform" && v.toString() == u"negative-Y") {
                prop(u"custom.transform"_s, u"negative-Y"_s);
            }
        }
        if (dashOverride)
            prop(u"custom.lineStyle"_s, *dashOverride);
        if (!props.isEmpty())
            overrides.append(QJsonObject {
                { u"matcher"_s, QJsonObject { { u"id"_s, isRegex ? u"byRegexp"_s : u"byName"_s }, { u"options"_s, alias } } },
                { u"properties"_s, props } });
    }

    QJsonObject graph = y1.value(u"custom").toObject();
    const bool bars = g.value(u"bars").toBool();
    const bool lines = g.value(u"lines").toBool(true);
    const QString drawStyle = bars ? u"bars"_s : lines ? u"line"_s : u"points"_s;
    graph.insert(u"drawStyle"_s, drawStyle);
    if (g.value(u"points").toBool()) {
        graph.insert(u"showPoints"_s, u"always"_s);
        if (auto r = jsonNumber(g.value(u"pointradius")))
            graph.insert(u"pointSize"_s, 2 + *r * 2);
    } else if (drawStyle != u"points") {
        graph.insert(u"showPoints"_s, u"never"_s);
    }
    graph.insert(u"lineWidth"_s, jsonNumber(g.value(u"linewidth")).value_or(1));
    if (dashes)
        graph.insert(u"lineStyle"_s, QJsonObject { { u"fill"_s, u"dash"_s }, { u"dash"_s, dash } });
    if (hasFillBelowTo)
        graph.insert(u"fillOpacity"_s, 35);
    else if (auto f = jsonNumber(g.value(u"fill")))
        graph.insert(u"fillOpacity"_s, *f * 10);
    if (auto fg = jsonNumber(g.value(u"fillGradient")); fg && *fg > 0) {
        graph.insert(u"gradientMode"_s, u"opacity"_s);
        graph.insert(u"fillOpacity"_s, *fg * 10);
    }
    const QString nullPointMode = g.value(u"nullPointMode").toString();
    graph.insert(u"spanNulls"_s, nullPointMode == u"connected");
    if (g.value(u"steppedLine").toBool())
        graph.insert(u"lineInterpolation"_s, u"stepAfter"_s);
    if (drawStyle == u"bars")
        graph.insert(u"fillOpacity"_s, 100);
    if (g.value(u"stack").toBool()) {
        const bool percent = g.value(u"percentage").toBool();
        graph.insert(u"stacking"_s, QJsonObject { { u"mode"_s, percent ? u"percent"_s : u"normal"_s }, { u"group"_s, u"A"_s } });
    }
    y1.insert(u"custom"_s, graph);
    if (!nullPointMode.isEmpty())
        y1.insert(u"nullValueMode"_s, nullPointMode);
    if (g.contains(u"decimals") && !y1.contains(u"decimals"))
        insertIfDefined(y1, u"decimals"_s, validNumber(g.value(u"decimals")));

    QJsonObject legend { { u"displayMode"_s, u"list"_s }, { u"placement"_s, u"bottom"_s }, { u"calcs"_s, QJsonArray {} },
        { u"showLegend"_s, true } };
    const QJsonObject oldLegend = g.value(u"legend").toObject();
    if (!oldLegend.isEmpty()) {
        if (oldLegend.value(u"show").toBool(true)) {
            legend.insert(u"displayMode"_s, oldLegend.value(u"alignAsTable").toBool() ? u"table"_s : u"list"_s);
        } else {
            legend.insert(u"showLegend"_s, false);
        }
        if (oldLegend.value(u"rightSide").toBool())
            legend.insert(u"placement"_s, u"right"_s);
        if (oldLegend.value(u"values").toBool()) {
            QJsonArray calcs;
            for (auto it = oldLegend.begin(); it != oldLegend.end(); ++it) {
                if (!it.value().toBool())
                    continue;
                const QString id = reducerId(it.key());
                if (!id.isEmpty() && !calcs.contains(id))
                    calcs.append(id);
            }
            legend.insert(u"calcs"_s, calcs);
        }
    }
    const QJsonObject tooltipOld = g.value(u"tooltip").toObject();
    QJsonObject tooltip { { u"mode"_s, tooltipOld.value(u"shared").toBool() ? u"multi"_s : u"single"_s } };
    const QString sort = tooltipOld.value(u"sort").toInt() == 1 ? u"asc"_s : tooltipOld.value(u"sort").toInt() == 2 ? u"desc"_s : u"none"_s;
    tooltip.insert(u"sort"_s, sort);
    p.insert(u"options"_s, QJsonObject { { u"legend"_s, legend }, { u"tooltip"_s, tooltip } });

    QJsonArray thresholds = legacyGraphThresholds(g);
    if (!thresholds.isEmpty()) {
        std::vector<QJsonObject> sorted;
        for (const QJsonValue& t : thresholds)
            sorted.push_back(t.toObject());
        std::stable_sort(sorted.begin(), sorted.end(),
            [](const QJsonObject& a, const QJsonObject& b) { return a.value(u"value").toDouble() < b.value(u"value").toDouble(); });
        QJsonArray steps;
        bool area = false, line = false;
        const double minusInf = -std::numeric_limits<double>::infinity();
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            const QJsonObject& t = sorted[i];
            const QJsonObject* next = i + 1 < sorted.size() ? &sorted[i + 1] : nullptr;
            area = area || t.value(u"fill").toBool();
            line = line || t.value(u"line").toBool();
            const double value = t.value(u"value").toDouble();
            const QString op = t.value(u"op").toString();
            if (op == u"gt")
                steps.append(step(value, thresholdColor(t)));
            if (op == u"lt") {
                if (steps.isEmpty())
                    steps.append(step(minusInf, thresholdColor(t)));
                if (next && next->value(u"op").toString() == u"gt" && next->value(u"value").toDouble() > value)
                    steps.append(step(value, u"transparent"_s));
                else if (next && next->value(u"op").toString() == u"lt")
                    steps.append(step(value, thresholdColor(*next)));
                else
                    steps.append(step(value, u"transparent"_s));
            }
        }
        if (!steps.isEmpty() && !steps.first().toObject().value(u"value").isNull())
            steps.prepend(step(minusInf, u"transparent"_s));
        QString mode = area ? u"area"_s : u"line"_s;
        if (line && area)
            mode = u"line+area"_s;
        graph.insert(u"thresholdsStyle"_s, QJsonObject { { u"mode"_s, mode } });
        y1.insert(u"custom"_s, graph);
        y1.insert(u"thresholds"_s, QJsonObject { { u"mode"_s, u"absolute"_s }, { u"steps"_s, steps } });
    }
    p.insert(u"fieldConfig"_s, QJsonObject { { u"defaults"_s, y1 }, { u"overrides"_s, overrides } });
    if (report)
        report->migrations.push_back(u"panel %1: graph -> timeseries"_s.arg(g.value(u"id").toInt()));
    return p;
}

/// singlestat `valueMaps`/`rangeMaps` -> value mappings (the current format).
QJsonArray singlestatMappings(const QJsonObject& s)
{
    QJsonArray out;
    QJsonObject valueOptions;
    const int mappingType = s.value(u"mappingType").toInt(1);
    auto specialOrValue = [&](const QJsonObject& m) {
        const QString value = m.value(u"value").toVariant().toString();
        const QJsonObject result { { u"text"_s, m.value(u"text") } };
        if (value == u"null")
            out.append(QJsonObject { { u"type"_s, u"special"_s },
                { u"options"_s, QJsonObject { { u"match"_s, u"null"_s }, { u"result"_s, result } } } });
        else
            valueOptions.insert(value, result);
    };
    if (mappingType == 1)
        for (const QJsonValue& m : s.value(u"valueMaps").toArray())
            specialOrValue(m.toObject());
    if (mappingType == 2)
        for (const QJsonValue& m : s.value(u"rangeMaps").toArray()) {
            const QJsonObject r = m.toObject();
            QJsonObject opts { { u"result"_s, QJsonObject { { u"text"_s, r.value(u"text") } } } };
            insertIfDefined(opts, u"from"_s, validNumber(r.value(u"from")));
            insertIfDefined(opts, u"to"_s, validNumber(r.value(u"to")));
            out.append(QJsonObject { { u"type"_s, u"range"_s }, { u"options"_s, opts } });
        }
    if (!valueOptions.isEmpty())
        out.prepend(QJsonObject { { u"type"_s, u"value"_s }, { u"options"_s, valueOptions } });
    return out;
}

QJsonObject singlestatToStat(const QJsonObject& s, ImportReport* report)
{
    const bool gauge = s.value(u"gauge").toObject().value(u"show").toBool();
    QJsonObject p = keepCommon(s);
    p.insert(u"type"_s, gauge ? u"gauge"_s : u"stat"_s);

    const QString valueName = s.value(u"valueName").toString(u"avg"_s);
    const QString reducer = reducerId(valueName);
    QJsonObject reduce { { u"calcs"_s, QJsonArray { reducer.isEmpty() ? u"mean"_s : reducer } }, { u"values"_s, false },
        { u"fields"_s, QString() } };
    if (!s.value(u"tableColumn").toString().isEmpty())
        reduce.insert(u"fields"_s, u"/^"_s + s.value(u"tableColumn").toString() + u"$/"_s);
    QJsonObject options { { u"reduceOptions"_s, reduce }, { u"orientation"_s, u"horizontal"_s } };

    QJsonObject defaults;
    if (s.value(u"format").isString())
        defaults.insert(u"unit"_s, units::migrateLegacyUnit(s.value(u"format").toString()));
    if (!s.value(u"nullPointMode").toString().isEmpty())
        defaults.insert(u"nullValueMode"_s, s.value(u"nullPointMode"));
    if (!s.value(u"nullText").toString().isEmpty())
        defaults.insert(u"noValue"_s, s.value(u"nullText"));
    insertIfDefined(defaults, u"decimals"_s, validNumber(s.value(u"decimals")));

    const QString thresholdsText = s.value(u"thresholds").toString();
    const QJsonArray colors = s.value(u"colors").toArray();
    if (!colors.isEmpty()) {
        const QStringList levels = thresholdsText.split(u',', Qt::SkipEmptyParts);
        QJsonArray steps;
        for (qsizetype i = 0; i < colors.size(); ++i) {
            if (i == 0) {
                steps.append(QJsonObject { { u"color"_s, colors[i] }, { u"value"_s, QJsonValue::Null } });
            } else if (i - 1 < levels.size()) {
                steps.append(QJsonObject { { u"color"_s, colors[i] }, { u"value"_s, levels[i - 1].trimmed().toDouble() } });
            }
        }
        defaults.insert(u"thresholds"_s, QJsonObject { { u"mode"_s, u"absolute"_s }, { u"steps"_s, steps } });
    }
    const QJsonArray mappings = singlestatMappings(s);
    if (!mappings.isEmpty())
        defaults.insert(u"mappings"_s, mappings);
    if (gauge) {
        const QJsonObject g = s.value(u"gauge").toObject();
        insertIfDefined(defaults, u"min"_s, validNumber(g.value(u"minValue")));
        insertIfDefined(defaults, u"max"_s, validNumber(g.value(u"maxValue")));
        options.insert(u"showThresholdMarkers"_s, g.value(u"thresholdMarkers").toBool(true));
        options.insert(u"showThresholdLabels"_s, g.value(u"thresholdLabels").toBool(false));
    } else {
        const QJsonObject spark = s.value(u"sparkline").toObject();
        const bool sparkline = spark.value(u"show").toBool();
        options.insert(u"graphMode"_s, sparkline ? u"area"_s : u"none"_s);
        if (s.value(u"colorBackground").toBool()) {
            options.insert(u"colorMode"_s, u"background"_s);
        } else if (s.value(u"colorValue").toBool()) {
            options.insert(u"colorMode"_s, u"value"_s);
        } else {
            options.insert(u"colorMode"_s, u"none"_s);
            if (sparkline && !spark.value(u"lineColor").toString().isEmpty())
                defaults.insert(u"color"_s,
                    QJsonObject { { u"mode"_s, u"fixed"_s }, { u"fixedColor"_s, spark.value(u"lineColor") } });
        }
        options.insert(u"justifyMode"_s, u"auto"_s);
        options.insert(u"textMode"_s, valueName == u"name" ? u"name"_s : u"auto"_s);
        if (!s.value(u"prefix").toString().isEmpty() || !s.value(u"postfix").toString().isEmpty()) {
            // Grafana folds prefix/postfix into a custom unit.
            if (defaults.value(u"unit").toString().isEmpty() || defaults.value(u"unit").toString() == u"none") {
                if (!s.value(u"postfix").toString().isEmpty())
                    defaults.insert(u"unit"_s, u"suffix:"_s + s.value(u"postfix").toString());
                else
                    defaults.insert(u"unit"_s, u"prefix:"_s + s.value(u"prefix").toString());
            }
        }
    }
    p.insert(u"options"_s, options);
    p.insert(u"fieldConfig"_s, QJsonObject { { u"defaults"_s, defaults }, { u"overrides"_s, QJsonArray {} } });
    if (report)
        report->migrations.push_back(u"panel %1: singlestat -> %2"_s.arg(s.value(u"id").toInt()).arg(p.value(u"type").toString()));
    return p;
}

QJsonObject tableOldToTable(const QJsonObject& t, ImportReport* report)
{
    QJsonObject p = keepCommon(t);
    p.insert(u"type"_s, u"table"_s);
    QJsonObject defaults;
    QJsonArray overrides;
    auto styleProps = [](const QJsonObject& style) {
        QJsonArray props;
        auto prop = [&props](const QString& id, const QJsonValue& v) { props.append(QJsonObject { { u"id"_s, id }, { u"value"_s, v } }); };
        if (!style.value(u"alias").toString().isEmpty())
            prop(u"displayName"_s, style.value(u"alias"));
        const QString type = style.value(u"type").toString();
        if (type == u"hidden")
            prop(u"custom.hidden"_s, true);
        if (type == u"date")
            prop(u"unit"_s, u"time: "_s + style.value(u"dateFormat").toString(u"YYYY-MM-DD HH:mm:ss"_s));
        if (type == u"number" && style.value(u"unit").isString())
            prop(u"unit"_s, units::migrateLegacyUnit(style.value(u"unit").toString()));
        if (style.contains(u"decimals") && !style.value(u"decimals").isNull())
            prop(u"decimals"_s, style.value(u"decimals"));
        if (!style.value(u"align").toString().isEmpty())
            prop(u"custom.align"_s, style.value(u"align").toString() == u"auto"_s ? QJsonValue::Null : style.value(u"align"));
        const QString colorMode = style.value(u"colorMode").toString();
        if (colorMode == u"cell")
            prop(u"custom.cellOptions"_s, QJsonObject { { u"type"_s, u"color-background"_s } });
        else if (colorMode == u"value")
            prop(u"custom.cellOptions"_s, QJsonObject { { u"type"_s, u"color-text"_s } });
        const QJsonArray levels = style.value(u"thresholds").toArray();
        const QJsonArray colors = style.value(u"colors").toArray();
        if (!levels.isEmpty() && !colors.isEmpty()) {
            QJsonArray steps { QJsonObject { { u"color"_s, colors[0] }, { u"value"_s, QJsonValue::Null } } };
            for (qsizetype i = 0; i < levels.size() && i + 1 < colors.size(); ++i)
                steps.append(QJsonObject { { u"color"_s, colors[i + 1] }, { u"value"_s, validNumber(levels[i]) } });
            prop(u"thresholds"_s, QJsonObject { { u"mode"_s, u"absolute"_s }, { u"steps"_s, steps } });
        }
        if (style.value(u"link").toBool()) {
            QJsonObject link { { u"title"_s, style.value(u"linkTooltip") }, { u"url"_s, style.value(u"linkUrl") } };
            if (style.value(u"linkTargetBlank").toBool())
                link.insert(u"targetBlank"_s, true);
            prop(u"links"_s, QJsonArray { link });
        }
        return props;
    };
    for (const QJsonValue& sv : t.value(u"styles").toArray()) {
        const QJsonObject style = sv.toObject();
        const QString pattern = style.value(u"pattern").toString();
        const QJsonArray props = styleProps(style);
        if (pattern == u"/.*/") {
            for (const QJsonValue& pv : props) {
                const QJsonObject prop = pv.toObject();
                QString id = prop.value(u"id").toString();
                if (id.startsWith(u"custom.")) {
                    QJsonObject custom = defaults.value(u"custom").toObject();
                    custom.insert(id.mid(7), prop.value(u"value"));
                    defaults.insert(u"custom"_s, custom);
                } else {
                    defaults.insert(id, prop.value(u"value"));
                }
            }
            continue;
        }
        if (props.isEmpty())
            continue;
        const bool regex = pattern.size() > 1 && pattern.startsWith(u'/') && pattern.endsWith(u'/');
        overrides.append(QJsonObject {
            { u"matcher"_s, QJsonObject { { u"id"_s, regex ? u"byRegexp"_s : u"byName"_s }, { u"options"_s, pattern } } },
            { u"properties"_s, props } });
    }
    QJsonArray transformations = t.value(u"transformations").toArray();
    const QString transform = t.value(u"transform").toString();
    if (transform == u"timeseries_aggregations") {
        QJsonArray calcs;
        for (const QJsonValue& c : t.value(u"columns").toArray()) {
            const QString id = reducerId(c.toObject().value(u"value").toString());
            if (!id.isEmpty())
                calcs.append(id);
        }
        transformations.append(QJsonObject { { u"id"_s, u"reduce"_s },
            { u"options"_s, QJsonObject { { u"reducers"_s, calcs }, { u"includeTimeField"_s, false } } } });
    } else if (transform == u"timeseries_to_rows") {
        transformations.append(QJsonObject { { u"id"_s, u"seriesToRows"_s }, { u"options"_s, QJsonObject {} } });
    } else if (transform == u"table" || transform == u"timeseries_to_columns") {
        transformations.append(QJsonObject { { u"id"_s, u"merge"_s }, { u"options"_s, QJsonObject {} } });
    }
    if (!transformations.isEmpty())
        p.insert(u"transformations"_s, transformations);
    QJsonObject options { { u"showHeader"_s, t.value(u"showHeader").toBool(true) } };
    if (t.value(u"sort").isObject()) {
        const QJsonObject sort = t.value(u"sort").toObject();
        if (sort.value(u"col").isDouble())
            options.insert(u"sortBy"_s, QJsonArray { QJsonObject { { u"displayName"_s, u""_s }, { u"desc"_s, sort.value(u"desc").toBool() } } });
    }
    p.insert(u"options"_s, options);
    p.insert(u"fieldConfig"_s, QJsonObject { { u"defaults"_s, defaults }, { u"overrides"_s, overrides } });
    if (report)
        report->migrations.push_back(u"panel %1: table-old -> table"_s.arg(t.value(u"id").toInt()));
    return p;
}

} // namespace

void migratePanelType(QJsonObject& panel, ImportReport* report)
{
    const QString type = panel.value(u"type").toString();
    if (type == u"graph")
        panel = graphToTimeseries(panel, report);
    else if (type == u"singlestat" || type == u"grafana-singlestat-panel")
        panel = singlestatToStat(panel, report);
    else if (type == u"table-old")
        panel = tableOldToTable(panel, report);
    else if (type == u"text2") {
        panel.insert(u"type"_s, u"text"_s);
        QJsonObject options = panel.value(u"options").toObject();
        options.remove(u"angular"_s);
        panel.insert(u"options"_s, options);
    } else if (type == u"text" && panel.contains(u"content") && !panel.value(u"options").toObject().contains(u"content")) {
        // The Angular text panel kept `mode` and `content` at the top level.
        QJsonObject options = panel.value(u"options").toObject();
        options.insert(u"mode"_s, panel.value(u"mode").toString(u"markdown"_s));
        options.insert(u"content"_s, panel.value(u"content"));
        panel.remove(u"content"_s);
        panel.remove(u"mode"_s);
        panel.insert(u"options"_s, options);
    }
}

} // namespace sg::dashboards
