// Schema migrations, following Grafana's DashboardMigrator step by step (the parts that concern Prometheus and
// Loki dashboards; datasource-specific query rewrites for other datasources are left to those datasources).
#include "dashboard_json.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>

using namespace Qt::StringLiterals;

namespace sg::dashboards {

namespace {

// The id after `id`; ids near int's limit (hostile files) stay there instead of overflowing.
int idAfter(int id) { return id < std::numeric_limits<int>::max() ? id + 1 : id; }


constexpr int DefaultRowHeight = 250;
constexpr int MinPanelHeight = GridCellHeight * 3;
constexpr int DefaultPanelSpan = 4;

using PanelUpgrade = std::function<void(QJsonObject&)>;

int gridHeight(const QJsonValue& v)
{
    int height = DefaultRowHeight;
    if (v.isString())
        height = v.toString().remove(u"px"_s).trimmed().toInt();
    else if (v.isDouble())
        height = jsonInt(v, DefaultRowHeight);
    // bounded (100,000 px) so that the rows' heights summed into grid positions stay far from int's limits
    height = std::clamp(height, MinPanelHeight, 100'000);
    return int(std::ceil(double(height) / (GridCellHeight + GridCellVMargin)));
}

/// Grafana's RowArea: the filled height of each column in a legacy row, to place panels left to right.
struct RowArea
{
    std::vector<int> area;
    int yPos = 0;
    int height = 0;

    RowArea(int h, int rowY)
        : area(GridColumnCount, 0)
        , yPos(rowY)
        , height(h)
    {
    }

    void addPanel(const GridPos& g)
    {
        for (int i = g.x; i < g.x + g.w && i < GridColumnCount; ++i)
            if (!area[i] || g.y + g.h - yPos > area[i])
                area[i] = g.y + g.h - yPos;
    }

    std::optional<std::pair<int, int>> position(int panelWidth, bool callOnce = false)
    {
        std::optional<int> start, end;
        for (int i = GridColumnCount - 1; i >= 0; --i) {
            if (height - area[i] > 0) {
                if (!end) {
                    end = i;
                } else if (i < GridColumnCount - 1 && area[i] <= area[i + 1]) {
                    start = i;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        if (start && end && *end - *start >= panelWidth - 1) {
            const int y = *std::max_element(area.begin() + *start, area.end());
            return std::make_pair(*start, y);
        }
        if (callOnce)
            return std::nullopt;
        yPos += height;
        std::fill(area.begin(), area.end(), 0);
        return position(panelWidth, true);
    }
};

/// Schema 16: the legacy `rows[]` layout becomes `panels[]` with gridPos, plus "row" panels when any row is
/// collapsed, titled or repeated.
void upgradeToGridLayout(QJsonObject& d, ImportReport* report)
{
    const QJsonArray rows = d.value(u"rows").toArray();
    d.remove(u"rows"_s);
    if (rows.isEmpty())
        return;
    QJsonArray panels = d.value(u"panels").toArray();
    int maxId = 0;
    bool showRows = false;
    for (const QJsonValue& r : rows) {
        const QJsonObject row = r.toObject();
        showRows = showRows || row.value(u"collapse").toBool() || row.value(u"showTitle").toBool()
            || (row.value(u"repeat").isString() && !row.value(u"repeat").toString().isEmpty());
        for (const QJsonValue& p : row.value(u"panels").toArray())
            maxId = std::max(maxId, p.toObject().value(u"id").toInt());
    }
    int nextRowId = idAfter(maxId);
    int yPos = 0;
    const int widthFactor = GridColumnCount / 12;
    for (const QJsonValue& r : rows) {
        const QJsonObject row = r.toObject();
        if (!row.value(u"repeatIteration").isNull() && !row.value(u"repeatIteration").isUndefined())
            continue;
        const int rowHeight = gridHeight(row.value(u"height"));
        QJsonObject rowPanel;
        const bool collapsed = row.value(u"collapse").toBool();
        if (showRows) {
            rowPanel.insert(u"id"_s, std::exchange(nextRowId, idAfter(nextRowId)));
            rowPanel.insert(u"type"_s, u"row"_s);
            rowPanel.insert(u"title"_s, row.value(u"title"));
            rowPanel.insert(u"collapsed"_s, collapsed);
            if (row.value(u"repeat").isString())
                rowPanel.insert(u"repeat"_s, row.value(u"repeat"));
            rowPanel.insert(u"gridPos"_s, QJsonObject { { u"x"_s, 0 }, { u"y"_s, yPos }, { u"w"_s, GridColumnCount }, { u"h"_s, rowHeight } });
            ++yPos;
        }
        RowArea rowArea(rowHeight, yPos);
        QJsonArray nested;
        for (const QJsonValue& pv : row.value(u"panels").toArray()) {
            QJsonObject panel = pv.toObject();
            // bounded (found by fuzzing: a span of 4e34 converted to int is undefined): a legacy row has 12 columns,
            // and the widths and positions computed from it stay far from int's limits
            const double span = std::clamp(jsonNumber(panel.value(u"span")).value_or(DefaultPanelSpan), -1000.0, 1000.0);
            if (auto minSpan = jsonNumber(panel.value(u"minSpan")))
                panel.insert(u"minSpan"_s, std::min(double(GridColumnCount), (GridColumnCount / 12.0) * *minSpan));
            const int w = int(std::floor(span == 0 ? DefaultPanelSpan : span)) * widthFactor;
            const int h = panel.contains(u"height") ? gridHeight(panel.value(u"height")) : rowHeight;
            const auto place = rowArea.position(w).value_or(std::make_pair(0, 0));
            yPos = rowArea.yPos;
            const GridPos g { place.first, yPos + place.second, w, h };
            panel.insert(u"gridPos"_s, QJsonObject { { u"x"_s, g.x }, { u"y"_s, g.y }, { u"w"_s, g.w }, { u"h"_s, g.h } });
            rowArea.addPanel(g);
            panel.remove(u"span"_s);
            if (showRows && collapsed)
                nested.append(panel);
            else
                panels.append(panel);
        }
        if (showRows) {
            rowPanel.insert(u"panels"_s, nested);
            panels.append(rowPanel);
        }
        if (!(showRows && collapsed))
            yPos += rowHeight;
    }
    d.insert(u"panels"_s, panels);
    if (report)
        report->migrations.push_back(u"rows[] -> 24-column grid (%1 rows)"_s.arg(rows.size()));
}

QString replaceLegacyLinkVariables(QString text)
{
    static const QRegularExpression re(uR"((\$__series_name)|(__series_name)|(__value_time)|(\$__field_name)|(__field_name))"_s);
    QString out;
    qsizetype last = 0;
    auto it = re.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        out += text.mid(last, m.capturedStart() - last);
        if (!m.captured(1).isEmpty())
            out += u"${__series.name}"_s;
        else if (!m.captured(2).isEmpty())
            out += u"__series.name"_s;
        else if (!m.captured(3).isEmpty())
            out += u"__value.time"_s;
        else if (!m.captured(4).isEmpty())
            out += u"${__field.name}"_s;
        else
            out += u"__field.name"_s;
        last = m.capturedEnd();
    }
    out += text.mid(last);
    return out;
}

/// Schema 19: the old `{dashboard, dashUri, keepTime, includeVars, params}` panel links become data links.
QJsonObject upgradePanelLink(const QJsonObject& link)
{
    QString url = link.value(u"url").toString();
    if (url.isEmpty() && link.contains(u"dashboard")) {
        QString slug = link.value(u"dashboard").toString().toLower();
        slug.replace(QRegularExpression(u"[^\\w ]+"_s), QString()).replace(QRegularExpression(u" +"_s), u"-"_s);
        url = u"dashboard/db/"_s + slug;
    }
    if (url.isEmpty() && link.contains(u"dashUri"))
        url = u"dashboard/"_s + link.value(u"dashUri").toString();
    if (url.isEmpty())
        url = u"/"_s;
    auto append = [&url](const QString& q) {
        if (q.isEmpty())
            return;
        url += (url.contains(u'?') ? u"&"_s : u"?"_s) + q;
    };
    if (link.value(u"keepTime").toBool())
        append(u"$__url_time_range"_s);
    if (link.value(u"includeVars").toBool())
        append(u"$__all_variables"_s);
    append(link.value(u"params").toString());
    QJsonObject out { { u"url"_s, url }, { u"title"_s, link.value(u"title") } };
    if (link.contains(u"targetBlank"))
        out.insert(u"targetBlank"_s, link.value(u"targetBlank"));
    return out;
}

void forEachPanel(QJsonObject& d, const PanelUpgrade& f)
{
    QJsonArray panels = d.value(u"panels").toArray();
    for (qsizetype i = 0; i < panels.size(); ++i) {
        QJsonObject p = panels[i].toObject();
        f(p);
        if (p.value(u"panels").isArray()) {
            QJsonArray nested = p.value(u"panels").toArray();
            for (qsizetype j = 0; j < nested.size(); ++j) {
                QJsonObject n = nested[j].toObject();
                f(n);
                nested[j] = n;
            }
            p.insert(u"panels"_s, nested);
        }
        panels[i] = p;
    }
    d.insert(u"panels"_s, panels);
}

void forEachVariable(QJsonObject& d, const std::function<void(QJsonObject&)>& f)
{
    QJsonObject templating = d.value(u"templating").toObject();
    if (!templating.value(u"list").isArray())
        return;
    QJsonArray list = templating.value(u"list").toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        QJsonObject v = list[i].toObject();
        f(v);
        list[i] = v;
    }
    templating.insert(u"list"_s, list);
    d.insert(u"templating"_s, templating);
}

/// Schema 33/36: a datasource given by name becomes a reference `{uid}` (variables keep their `$name`).
QJsonValue datasourceNameToRef(const QJsonValue& v, bool defaultAsNull)
{
    if (v.isObject())
        return v;
    if (defaultAsNull && (v.isNull() || v.isUndefined() || v.toString() == u"default"))
        return QJsonValue::Null;
    if (v.isNull() || v.isUndefined())
        return QJsonObject {};
    return QJsonObject { { u"uid"_s, v.toString() } };
}

/// Schema 37: one way of hiding the legend.
void normalizeLegend(QJsonObject& panel)
{
    QJsonObject options = panel.value(u"options").toObject();
    if (!options.value(u"legend").isObject())
        return;
    QJsonObject legend = options.value(u"legend").toObject();
    if (legend.value(u"displayMode").toString() == u"hidden" || legend.value(u"showLegend") == QJsonValue(false)) {
        legend.insert(u"displayMode"_s, u"list"_s);
        legend.insert(u"showLegend"_s, false);
    } else {
        legend.insert(u"showLegend"_s, true);
    }
    options.insert(u"legend"_s, legend);
    panel.insert(u"options"_s, options);
}

} // namespace

void migrateDashboard(QJsonObject& d, ImportReport* report)
{
    const int oldVersion = jsonInt(d.value(u"schemaVersion"));
    if (report)
        report->fromSchemaVersion = oldVersion;

    if (oldVersion < 14 && d.contains(u"sharedCrosshair"))
        d.insert(u"graphTooltip"_s, d.value(u"sharedCrosshair").toBool() ? 1 : 0);
    if (oldVersion < 16)
        upgradeToGridLayout(d, report);
    else
        d.remove(u"rows"_s);

    std::vector<PanelUpgrade> upgrades;
    if (oldVersion < 3) {
        int nextId = 1;
        forEachPanel(d, [&](QJsonObject& p) { nextId = std::max(nextId, idAfter(p.value(u"id").toInt())); });
        upgrades.push_back([nextId](QJsonObject& p) mutable {
            if (p.value(u"id").toInt() == 0)
                p.insert(u"id"_s, std::exchange(nextId, idAfter(nextId)));
        });
    }
    if (oldVersion < 7) {
        upgrades.push_back([](QJsonObject& p) {
            QJsonArray targets = p.value(u"targets").toArray();
            QStringList used;
            for (const QJsonValue& t : targets)
                used.push_back(t.toObject().value(u"refId").toString());
            for (qsizetype i = 0; i < targets.size(); ++i) {
                QJsonObject t = targets[i].toObject();
                if (!t.value(u"refId").toString().isEmpty())
                    continue;
                for (char16_t c = u'A'; c <= u'Z'; ++c) {
                    if (!used.contains(QString(QChar(c)))) {
                        t.insert(u"refId"_s, QString(QChar(c)));
                        used.push_back(QString(QChar(c)));
                        break;
                    }
                }
                targets[i] = t;
            }
            if (!targets.isEmpty())
                p.insert(u"targets"_s, targets);
        });
    }
    if (oldVersion < 12) {
        forEachVariable(d, [](QJsonObject& v) {
            v.insert(u"refresh"_s, v.value(u"refresh").toVariant().toBool() ? 1 : 0);
            if (v.value(u"hideVariable").toBool())
                v.insert(u"hide"_s, 2);
            else if (v.value(u"hideLabel").toBool())
                v.insert(u"hide"_s, 1);
        });
    }
    if (oldVersion < 17) {
        upgrades.push_back([](QJsonObject& p) {
            if (auto minSpan = jsonNumber(p.value(u"minSpan")); minSpan && *minSpan > 0) {
                const double max = GridColumnCount / *minSpan;
                const int factors[] = { 1, 2, 3, 4, 6, 8, 12, 24 };
                int best = 1;
                for (int f : factors)
                    if (f <= max)
                        best = f;
                    else
                        break;
                p.insert(u"maxPerRow"_s, best);
            }
            p.remove(u"minSpan"_s);
        });
    }
    if (oldVersion < 19) {
        upgrades.push_back([](QJsonObject& p) {
            if (!p.value(u"links").isArray())
                return;
            QJsonArray links;
            for (const QJsonValue& l : p.value(u"links").toArray())
                links.append(upgradePanelLink(l.toObject()));
            p.insert(u"links"_s, links);
        });
    }
    if (oldVersion < 21) {
        upgrades.push_back([](QJsonObject& p) {
            QJsonObject fc = p.value(u"fieldConfig").toObject();
            QJsonObject defaults = fc.value(u"defaults").toObject();
            if (!defaults.value(u"links").isArray())
                return;
            QJsonArray links = defaults.value(u"links").toArray();
            for (qsizetype i = 0; i < links.size(); ++i) {
                QJsonObject l = links[i].toObject();
                QString url = replaceLegacyLinkVariables(l.value(u"url").toString());
                url.replace(u"__series.labels"_s, u"__field.labels"_s);
                l.insert(u"url"_s, url);
                links[i] = l;
            }
            defaults.insert(u"links"_s, links);
            fc.insert(u"defaults"_s, defaults);
            p.insert(u"fieldConfig"_s, fc);
        });
    }
    if (oldVersion < 24) {
        // Grafana 7 renamed the Angular table (one with `styles`) to table-old.
        upgrades.push_back([](QJsonObject& p) {
            if (p.value(u"type").toString() == u"table" && p.contains(u"styles") && p.value(u"table").toString() != u"table2")
                p.insert(u"type"_s, u"table-old"_s);
        });
    }
    if (oldVersion < 27) {
        forEachVariable(d, [](QJsonObject& v) {
            if (v.value(u"type").toString() != u"constant")
                return;
            const QString q = v.value(u"query").toString();
            const QJsonObject current { { u"selected"_s, true }, { u"text"_s, q }, { u"value"_s, q } };
            v.insert(u"current"_s, current);
            v.insert(u"options"_s, QJsonArray { current });
            if (v.value(u"hide").toInt() == 0 || v.value(u"hide").toInt() == 1)
                v.insert(u"type"_s, u"textbox"_s);
        });
    }
    if (oldVersion < 28) {
        forEachVariable(d, [](QJsonObject& v) {
            for (const auto* key : { "tags", "tagsQuery", "tagValuesQuery", "useTags" })
                v.remove(QString::fromLatin1(key));
        });
    }
    if (oldVersion < 29) {
        forEachVariable(d, [](QJsonObject& v) {
            if (v.value(u"type").toString() != u"query")
                return;
            const int refresh = v.value(u"refresh").toInt();
            if (refresh != 1 && refresh != 2)
                v.insert(u"refresh"_s, 1);
            if (!v.value(u"options").toArray().isEmpty())
                v.insert(u"options"_s, QJsonArray {});
        });
    }
    if (oldVersion < 33) {
        upgrades.push_back([](QJsonObject& p) {
            if (p.contains(u"datasource"))
                p.insert(u"datasource"_s, datasourceNameToRef(p.value(u"datasource"), true));
            if (!p.value(u"targets").isArray())
                return;
            QJsonArray targets = p.value(u"targets").toArray();
            for (qsizetype i = 0; i < targets.size(); ++i) {
                QJsonObject t = targets[i].toObject();
                const QJsonValue ref = datasourceNameToRef(t.value(u"datasource"), true);
                if (!ref.isNull())
                    t.insert(u"datasource"_s, ref);
                targets[i] = t;
            }
            p.insert(u"targets"_s, targets);
        });
    }
    if (oldVersion < 36) {
        QJsonObject annotations = d.value(u"annotations").toObject();
        if (annotations.value(u"list").isArray()) {
            QJsonArray list = annotations.value(u"list").toArray();
            for (qsizetype i = 0; i < list.size(); ++i) {
                QJsonObject a = list[i].toObject();
                a.insert(u"datasource"_s, datasourceNameToRef(a.value(u"datasource"), false));
                list[i] = a;
            }
            annotations.insert(u"list"_s, list);
            d.insert(u"annotations"_s, annotations);
        }
        // A target without a datasource takes the panel's (Grafana fills the default one in).
        upgrades.push_back([](QJsonObject& p) {
            if (!p.value(u"targets").isArray())
                return;
            const QJsonValue panelDs = p.value(u"datasource");
            const bool mixed = panelDs.toObject().value(u"uid").toString() == u"-- Mixed --";
            QJsonArray targets = p.value(u"targets").toArray();
            for (qsizetype i = 0; i < targets.size(); ++i) {
                QJsonObject t = targets[i].toObject();
                const QJsonValue tds = t.value(u"datasource");
                if (!mixed && panelDs.isObject() && (!tds.isObject() || !tds.toObject().contains(u"uid")))
                    t.insert(u"datasource"_s, panelDs);
                targets[i] = t;
            }
            p.insert(u"targets"_s, targets);
        });
    }
    if (oldVersion < 37)
        upgrades.push_back(normalizeLegend);
    if (oldVersion < 38) {
        upgrades.push_back([](QJsonObject& p) {
            if (p.value(u"type").toString() != u"table")
                return;
            QJsonObject fc = p.value(u"fieldConfig").toObject();
            QJsonObject defaults = fc.value(u"defaults").toObject();
            QJsonObject custom = defaults.value(u"custom").toObject();
            auto cellOptions = [](const QString& mode) {
                if (mode == u"color-background")
                    return QJsonObject { { u"type"_s, u"color-background"_s }, { u"mode"_s, u"gradient"_s } };
                if (mode == u"color-background-solid")
                    return QJsonObject { { u"type"_s, u"color-background"_s }, { u"mode"_s, u"basic"_s } };
                if (mode == u"gradient-gauge" || mode == u"lcd-gauge" || mode == u"basic")
                    return QJsonObject { { u"type"_s, u"gauge"_s },
                        { u"mode"_s, mode == u"gradient-gauge" ? u"gradient"_s : mode == u"lcd-gauge" ? u"lcd"_s : u"basic"_s } };
                return QJsonObject { { u"type"_s, mode.isEmpty() ? u"auto"_s : mode } };
            };
            if (custom.contains(u"displayMode")) {
                custom.insert(u"cellOptions"_s, cellOptions(custom.value(u"displayMode").toString()));
                custom.remove(u"displayMode"_s);
                defaults.insert(u"custom"_s, custom);
                fc.insert(u"defaults"_s, defaults);
            }
            QJsonArray overrides = fc.value(u"overrides").toArray();
            for (qsizetype i = 0; i < overrides.size(); ++i) {
                QJsonObject o = overrides[i].toObject();
                QJsonArray props = o.value(u"properties").toArray();
                for (qsizetype j = 0; j < props.size(); ++j) {
                    QJsonObject prop = props[j].toObject();
                    if (prop.value(u"id").toString() == u"custom.displayMode") {
                        prop.insert(u"id"_s, u"custom.cellOptions"_s);
                        prop.insert(u"value"_s, cellOptions(prop.value(u"value").toString()));
                        props[j] = prop;
                    }
                }
                o.insert(u"properties"_s, props);
                overrides[i] = o;
            }
            if (fc.contains(u"overrides"))
                fc.insert(u"overrides"_s, overrides);
            if (p.contains(u"fieldConfig"))
                p.insert(u"fieldConfig"_s, fc);
        });
    }
    if (oldVersion < 40) {
        if (!d.value(u"refresh").isString())
            d.insert(u"refresh"_s, QString());
    }
    if (oldVersion < 41) {
        QJsonObject tp = d.value(u"timepicker").toObject();
        if (tp.contains(u"time_options")) {
            tp.remove(u"time_options"_s);
            d.insert(u"timepicker"_s, tp);
        }
    }
    if (oldVersion < 42) {
        upgrades.push_back([](QJsonObject& p) {
            QJsonObject fc = p.value(u"fieldConfig").toObject();
            if (!fc.value(u"overrides").isArray())
                return;
            QJsonArray overrides = fc.value(u"overrides").toArray();
            for (qsizetype i = 0; i < overrides.size(); ++i) {
                QJsonObject o = overrides[i].toObject();
                QJsonArray props = o.value(u"properties").toArray();
                for (qsizetype j = 0; j < props.size(); ++j) {
                    QJsonObject prop = props[j].toObject();
                    if (prop.value(u"id").toString() != u"custom.hideFrom")
                        continue;
                    QJsonObject value = prop.value(u"value").toObject();
                    if (value.value(u"viz").toBool()) {
                        value.insert(u"tooltip"_s, true);
                        prop.insert(u"value"_s, value);
                        props[j] = prop;
                    }
                }
                o.insert(u"properties"_s, props);
                overrides[i] = o;
            }
            fc.insert(u"overrides"_s, overrides);
            p.insert(u"fieldConfig"_s, fc);
        });
    }

    for (const PanelUpgrade& u : upgrades)
        forEachPanel(d, u);
    if (report && oldVersion < CurrentSchemaVersion) {
        // The schema steps that ran (rows -> grid and panel types are reported where they happen).
        const std::pair<int, const char*> steps[] = { { 7, "query refIds filled in" }, { 12, "variable refresh and hide normalized" },
            { 19, "panel links upgraded to data links" }, { 24, "Angular table renamed table-old" },
            { 27, "visible constant variables became text boxes" }, { 29, "query variables refresh on load, options reset" },
            { 33, "datasource names became references" }, { 36, "targets without a datasource take the panel's" },
            { 37, "legend visibility normalized" }, { 38, "table display mode became cell options" },
            { 40, "refresh normalized to a string" }, { 41, "timepicker.time_options removed" },
            { 42, "hideFrom.viz also hides from tooltips" } };
        for (const auto& [version, text] : steps)
            if (oldVersion < version)
                report->migrations.push_back(u"schema %1: %2"_s.arg(version).arg(QString::fromLatin1(text)));
    }

    // Grafana migrates the retired panel types whatever the schema version.
    forEachPanel(d, [report](QJsonObject& p) { migratePanelType(p, report); });

    // As Grafana's DashboardModel does on load: a panel id used twice gives the later panel a new id.
    {
        int nextId = 1;
        forEachPanel(d, [&](QJsonObject& p) { nextId = std::max(nextId, idAfter(jsonInt(p.value(u"id")))); });
        QSet<int> ids;
        forEachPanel(d, [&](QJsonObject& p) {
            const int id = jsonInt(p.value(u"id"));
            if (id > 0 && !ids.contains(id)) {
                ids.insert(id);
                return;
            }
            if (report)
                report->migrations.push_back(u"panel \"%1\": duplicate or missing id %2 -> %3"_s
                                                 .arg(p.value(u"title").toString())
                                                 .arg(id)
                                                 .arg(nextId));
            p.insert(u"id"_s, nextId);
            ids.insert(std::exchange(nextId, idAfter(nextId)));
        });
    }

    if (oldVersion < CurrentSchemaVersion)
        d.insert(u"schemaVersion"_s, CurrentSchemaVersion);
}

} // namespace sg::dashboards
