#include "datasources.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sg::dashboards {

DatasourceKind kindOfPluginId(const QString& pluginId)
{
    if (pluginId == u"prometheus")
        return DatasourceKind::Prometheus;
    if (pluginId == u"loki")
        return DatasourceKind::Loki;
    return DatasourceKind::Unknown;
}

DatasourceRegistry DatasourceRegistry::embedded()
{
    DatasourceRegistry r;
    r.add({ u"sightglass-prometheus"_s, u"Prometheus"_s, u"prometheus"_s, true });
    r.add({ u"sightglass-loki"_s, u"Loki"_s, u"loki"_s, false });
    return r;
}

DatasourceRegistry DatasourceRegistry::withRemotes(const std::vector<DatasourceInfo>& remotes)
{
    DatasourceRegistry r = embedded();
    const bool remoteDefault = std::any_of(remotes.begin(), remotes.end(), [](const DatasourceInfo& d) { return d.isDefault; });
    if (remoteDefault)
        for (DatasourceInfo& d : r.m_list)
            d.isDefault = false;
    bool defaultTaken = false;
    for (DatasourceInfo d : remotes) {
        d.isDefault = d.isDefault && !defaultTaken; // Grafana has one default
        defaultTaken = defaultTaken || d.isDefault;
        r.add(std::move(d));
    }
    return r;
}

void DatasourceRegistry::add(DatasourceInfo info) { m_list.push_back(std::move(info)); }

const DatasourceInfo* DatasourceRegistry::byUid(const QString& uid) const
{
    for (const DatasourceInfo& d : m_list)
        if (d.uid == uid)
            return &d;
    return nullptr;
}

const DatasourceInfo* DatasourceRegistry::byName(const QString& name) const
{
    for (const DatasourceInfo& d : m_list)
        if (d.name == name)
            return &d;
    return nullptr;
}

const DatasourceInfo* DatasourceRegistry::defaultOf(const QString& type) const
{
    const DatasourceInfo* first = nullptr;
    for (const DatasourceInfo& d : m_list) {
        if (d.type != type)
            continue;
        if (d.isDefault)
            return &d;
        if (!first)
            first = &d;
    }
    return first;
}

const DatasourceInfo* DatasourceRegistry::defaultDatasource() const
{
    for (const DatasourceInfo& d : m_list)
        if (d.isDefault)
            return &d;
    return m_list.empty() ? nullptr : &m_list.front();
}

namespace {

/// "$ds", "${ds}", "${ds:raw}", "[[ds]]" -> "ds"; else empty.
QString variableName(const QString& uid)
{
    static const QRegularExpression re(uR"(^\$\{(\w+)(?::\w+)?\}$|^\$(\w+)$|^\[\[(\w+)\]\]$)"_s);
    const auto m = re.match(uid);
    if (!m.hasMatch())
        return {};
    for (int i = 1; i <= 3; ++i)
        if (!m.captured(i).isEmpty())
            return m.captured(i);
    return {};
}

/// A LogQL query starts with a stream selector or an aggregation over one; PromQL never has `{` first nor `|=`.
bool looksLikeLogql(const QString& expr)
{
    static const QRegularExpression re(uR"((^\s*\{)|\|=|\|~|!=\s*"|\|\s*(json|logfmt|pattern|regexp|unpack|line_format|label_format)\b|_over_time\s*\(\s*\{)"_s);
    return re.match(expr).hasMatch();
}

const DatasourceInfo* resolveUid(const QString& uid, const QString& type, const Dashboard& dashboard,
    const DatasourceRegistry& registry, int depth)
{
    if (depth > 4)
        return nullptr;
    if (uid.isEmpty() || uid == u"default")
        return type.isEmpty() ? nullptr : registry.defaultOf(type);
    if (const DatasourceInfo* d = registry.byUid(uid))
        return d;
    if (const DatasourceInfo* d = registry.byName(uid))
        return d;
    const QString var = variableName(uid);
    if (!var.isEmpty()) {
        // A `${DS_X}` sharing input: its plugin id.
        for (const QJsonValue& in : dashboard.root().value(u"__inputs").toArray()) {
            const QJsonObject o = in.toObject();
            if (o.value(u"name").toString() == var)
                return registry.defaultOf(o.value(u"pluginId").toString());
        }
        // A datasource variable: its current value (a uid or a name), else its plugin type (`query`).
        for (const Variable& v : dashboard.variables()) {
            if (v.name() != var || v.type() != u"datasource")
                continue;
            const QStringList current = v.currentValues();
            if (!current.isEmpty() && !variableName(current.front()).size()) {
                const QString c = current.front();
                if (const DatasourceInfo* d = registry.byUid(c))
                    return d;
                if (const DatasourceInfo* d = registry.byName(c))
                    return d;
            }
            return registry.defaultOf(v.queryText());
        }
    }
    // Unknown uid (a datasource of the Grafana the file came from): the type decides.
    return type.isEmpty() ? nullptr : registry.defaultOf(type);
}

} // namespace

const DatasourceInfo* resolveDatasource(const DatasourceRef& targetRef, const DatasourceRef& panelRef,
    const Dashboard& dashboard, const DatasourceRegistry& registry, const QString& exprHint)
{
    const bool panelMixed = panelRef.uid == u"-- Mixed --" || panelRef.type == u"datasource";
    DatasourceRef ref = targetRef;
    if (ref.isEmpty() || (ref.uid.isEmpty() && ref.type.isEmpty()))
        ref = panelMixed ? DatasourceRef {} : panelRef;
    if (ref.type == u"datasource" || ref.uid == u"-- Mixed --")
        ref = {};
    // A datasource of a type none of ours has (CloudWatch, Elasticsearch, ...): not ours to run.
    if (!ref.type.isEmpty() && !registry.defaultOf(ref.type) && !registry.byUid(ref.uid))
        return nullptr;
    if (const DatasourceInfo* d = resolveUid(ref.uid, ref.type, dashboard, registry, 0))
        return d;
    if (!exprHint.isEmpty())
        return registry.defaultOf(looksLikeLogql(exprHint) ? u"loki"_s : u"prometheus"_s);
    return registry.defaultDatasource();
}

} // namespace sg::dashboards
