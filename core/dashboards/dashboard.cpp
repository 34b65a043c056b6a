#include "dashboard.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sg::dashboards {

std::optional<double> jsonNumber(const QJsonValue& v)
{
    if (v.isDouble())
        return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().trimmed().toDouble(&ok);
        if (ok)
            return d;
    }
    return std::nullopt;
}

int jsonInt(const QJsonValue& v, int fallback)
{
    const auto d = jsonNumber(v);
    if (!d || std::isnan(*d))
        return fallback;
    // saturated: a number past int (found by fuzzing: "schemaVersion": 7e108) converted directly is undefined
    return int(std::clamp(*d, double(std::numeric_limits<int>::min()), double(std::numeric_limits<int>::max())));
}

// --- DatasourceRef ---

DatasourceRef DatasourceRef::fromJson(const QJsonValue& v)
{
    if (v.isString())
        return { {}, v.toString() }; // a legacy name, or a variable such as "$datasource"
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        return { o.value(u"type").toString(), o.value(u"uid").toString() };
    }
    return {};
}

QJsonValue DatasourceRef::toJson() const
{
    if (isEmpty())
        return QJsonValue::Null;
    QJsonObject o;
    if (!type.isEmpty())
        o.insert(u"type"_s, type);
    if (!uid.isEmpty())
        o.insert(u"uid"_s, uid);
    return o;
}

// --- Target ---

QString Target::refId() const { return json.value(u"refId").toString(); }
QString Target::expr() const { return json.value(u"expr").toString(); }
QString Target::legendFormat() const { return json.value(u"legendFormat").toString(); }
DatasourceRef Target::datasource() const { return DatasourceRef::fromJson(json.value(u"datasource")); }
bool Target::hidden() const { return json.value(u"hide").toBool(); }
QString Target::interval() const { return json.value(u"interval").toString(); }
int Target::maxLines() const { return jsonInt(json.value(u"maxLines")); }
QString Target::format() const { return json.value(u"format").toString(); }

bool Target::instant() const
{
    if (json.value(u"queryType").toString() == u"instant")
        return true;
    const bool instantFlag = json.value(u"instant").toBool();
    const bool rangeFlag = json.value(u"range").toBool(!instantFlag);
    return instantFlag && !rangeFlag;
}

// --- Panel ---

int Panel::id() const { return jsonInt(m_json.value(u"id")); }
void Panel::setId(int id) { m_json.insert(u"id"_s, id); }
QString Panel::type() const { return m_json.value(u"type").toString(); }
void Panel::setType(const QString& type) { m_json.insert(u"type"_s, type); }
QString Panel::title() const { return m_json.value(u"title").toString(); }
void Panel::setTitle(const QString& title) { m_json.insert(u"title"_s, title); }
DatasourceRef Panel::datasource() const { return DatasourceRef::fromJson(m_json.value(u"datasource")); }

GridPos Panel::gridPos() const
{
    const QJsonObject g = m_json.value(u"gridPos").toObject();
    return { jsonInt(g.value(u"x")), jsonInt(g.value(u"y")), jsonInt(g.value(u"w"), 12), jsonInt(g.value(u"h"), 8) };
}

void Panel::setGridPos(const GridPos& pos)
{
    QJsonObject g = m_json.value(u"gridPos").toObject(); // keeps e.g. "static"
    g.insert(u"x"_s, pos.x);
    g.insert(u"y"_s, pos.y);
    g.insert(u"w"_s, pos.w);
    g.insert(u"h"_s, pos.h);
    m_json.insert(u"gridPos"_s, g);
}

std::vector<Target> Panel::targets() const
{
    std::vector<Target> out;
    for (const QJsonValue& t : m_json.value(u"targets").toArray())
        out.push_back({ t.toObject() });
    return out;
}

void Panel::setTargets(const std::vector<Target>& targets)
{
    QJsonArray a;
    for (const Target& t : targets)
        a.append(t.json);
    m_json.insert(u"targets"_s, a);
}

QString Panel::minInterval() const { return m_json.value(u"interval").toString(); }
int Panel::maxDataPoints() const { return jsonInt(m_json.value(u"maxDataPoints")); }
QString Panel::timeFrom() const { return m_json.value(u"timeFrom").toString(); }
QString Panel::timeShift() const { return m_json.value(u"timeShift").toString(); }
bool Panel::transparent() const { return m_json.value(u"transparent").toBool(); }
QString Panel::repeat() const { return m_json.value(u"repeat").toString(); }
QString Panel::repeatDirection() const
{
    const QString d = m_json.value(u"repeatDirection").toString();
    return d.isEmpty() ? u"h"_s : d;
}
int Panel::maxPerRow() const { return jsonInt(m_json.value(u"maxPerRow")); }
bool Panel::collapsed() const { return m_json.value(u"collapsed").toBool(); }
void Panel::setCollapsed(bool collapsed) { m_json.insert(u"collapsed"_s, collapsed); }

std::vector<Panel> Panel::rowPanels() const
{
    std::vector<Panel> out;
    for (const QJsonValue& p : m_json.value(u"panels").toArray())
        out.emplace_back(p.toObject());
    return out;
}

void Panel::setRowPanels(const std::vector<Panel>& panels)
{
    QJsonArray a;
    for (const Panel& p : panels)
        a.append(p.json());
    m_json.insert(u"panels"_s, a);
}

// --- Variable ---

QString Variable::name() const { return json.value(u"name").toString(); }
QString Variable::type() const { return json.value(u"type").toString(); }
QString Variable::label() const { return json.value(u"label").toString(); }
int Variable::hide() const { return jsonInt(json.value(u"hide")); }
bool Variable::multi() const { return json.value(u"multi").toBool(); }
bool Variable::includeAll() const { return json.value(u"includeAll").toBool(); }
DatasourceRef Variable::datasource() const { return DatasourceRef::fromJson(json.value(u"datasource")); }

QString Variable::queryText() const
{
    const QJsonValue q = json.value(u"query");
    if (q.isObject())
        return q.toObject().value(u"query").toString();
    return q.toString();
}

namespace {
QStringList stringsOf(const QJsonValue& v)
{
    QStringList out;
    if (v.isArray()) {
        for (const QJsonValue& e : v.toArray())
            out.push_back(e.isString() ? e.toString() : e.toVariant().toString());
    } else if (!v.isUndefined() && !v.isNull()) {
        out.push_back(v.isString() ? v.toString() : v.toVariant().toString());
    }
    return out;
}
} // namespace

QStringList Variable::currentValues() const { return stringsOf(json.value(u"current").toObject().value(u"value")); }
QStringList Variable::currentTexts() const { return stringsOf(json.value(u"current").toObject().value(u"text")); }

// --- Dashboard ---

QString Dashboard::uid() const { return m_root.value(u"uid").toString(); }
void Dashboard::setUid(const QString& uid) { m_root.insert(u"uid"_s, uid); }
QString Dashboard::title() const { return m_root.value(u"title").toString(); }
void Dashboard::setTitle(const QString& title) { m_root.insert(u"title"_s, title); }
int Dashboard::schemaVersion() const { return jsonInt(m_root.value(u"schemaVersion")); }
int Dashboard::version() const { return jsonInt(m_root.value(u"version")); }
int Dashboard::graphTooltip() const { return jsonInt(m_root.value(u"graphTooltip")); }
bool Dashboard::editable() const { return m_root.value(u"editable").toBool(true); }
QString Dashboard::timezone() const { return m_root.value(u"timezone").toString(); }
QJsonArray Dashboard::annotations() const { return m_root.value(u"annotations").toObject().value(u"list").toArray(); }
QJsonArray Dashboard::links() const { return m_root.value(u"links").toArray(); }

QStringList Dashboard::tags() const { return stringsOf(m_root.value(u"tags")); }
void Dashboard::setTags(const QStringList& tags) { m_root.insert(u"tags"_s, QJsonArray::fromStringList(tags)); }

QString Dashboard::timeFrom() const
{
    const QString s = m_root.value(u"time").toObject().value(u"from").toString();
    return s.isEmpty() ? u"now-6h"_s : s;
}

QString Dashboard::timeTo() const
{
    const QString s = m_root.value(u"time").toObject().value(u"to").toString();
    return s.isEmpty() ? u"now"_s : s;
}

void Dashboard::setTime(const QString& from, const QString& to)
{
    QJsonObject t = m_root.value(u"time").toObject();
    t.insert(u"from"_s, from);
    t.insert(u"to"_s, to);
    m_root.insert(u"time"_s, t);
}

QString Dashboard::refresh() const
{
    const QJsonValue r = m_root.value(u"refresh");
    return r.isString() ? r.toString() : QString(); // `false` in old files: no refresh
}

void Dashboard::setRefresh(const QString& refresh) { m_root.insert(u"refresh"_s, refresh); }

std::vector<Variable> Dashboard::variables() const
{
    std::vector<Variable> out;
    for (const QJsonValue& v : m_root.value(u"templating").toObject().value(u"list").toArray())
        out.push_back({ v.toObject() });
    return out;
}

void Dashboard::setVariables(const std::vector<Variable>& vars)
{
    QJsonArray list;
    for (const Variable& v : vars)
        list.append(v.json);
    QJsonObject templating = m_root.value(u"templating").toObject();
    templating.insert(u"list"_s, list);
    m_root.insert(u"templating"_s, templating);
}

std::vector<Panel> Dashboard::allPanels() const
{
    std::vector<Panel> out;
    for (const Panel& p : m_panels) {
        out.push_back(p);
        if (p.isRow())
            for (Panel& c : p.rowPanels())
                out.push_back(std::move(c));
    }
    return out;
}

Panel* Dashboard::panelById(int id)
{
    for (Panel& p : m_panels)
        if (p.id() == id)
            return &p;
    return nullptr;
}

const Panel* Dashboard::panelById(int id) const { return const_cast<Dashboard*>(this)->panelById(id); }

int Dashboard::nextPanelId() const
{
    int maxId = 0;
    for (const Panel& p : m_panels) {
        maxId = std::max(maxId, p.id());
        for (const Panel& c : p.rowPanels())
            maxId = std::max(maxId, c.id());
    }
    return maxId + 1;
}

QJsonObject Dashboard::toJson() const
{
    QJsonObject o = m_root;
    QJsonArray panels;
    for (const Panel& p : m_panels)
        panels.append(p.json());
    o.insert(u"panels"_s, panels);
    return o;
}

Dashboard Dashboard::fromJsonUnmigrated(const QJsonObject& json)
{
    Dashboard d;
    d.m_root = json;
    d.m_root.remove(u"panels"_s);
    for (const QJsonValue& p : json.value(u"panels").toArray())
        d.m_panels.emplace_back(p.toObject());
    return d;
}

} // namespace sg::dashboards
