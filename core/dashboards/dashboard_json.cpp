#include "dashboard_json.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

#include <map>

using namespace Qt::StringLiterals;

namespace sg::dashboards {

Result<Dashboard> importDashboard(const QJsonObject& input, ImportReport* report)
{
    QJsonObject json = input;
    // Grafana's HTTP API wraps the model: {"dashboard": {...}, "meta": {...}}.
    if (json.value(u"dashboard").isObject() && !json.contains(u"panels") && !json.contains(u"rows"))
        json = json.value(u"dashboard").toObject();
    if (!json.contains(u"panels") && !json.contains(u"rows") && !json.contains(u"title") && !json.contains(u"schemaVersion"))
        return Error { ErrorCode::BadData, "not a Grafana dashboard: no panels, rows, title or schemaVersion", {} };
    if (json.contains(u"panels") && !json.value(u"panels").isArray())
        return Error { ErrorCode::BadData, "\"panels\" is not an array", {} };
    migrateDashboard(json, report);
    return Dashboard::fromJsonUnmigrated(json);
}

Result<Dashboard> importDashboard(const QByteArray& text, ImportReport* report)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &err);
    if (err.error != QJsonParseError::NoError) {
        // Line and column of the offset, for a person reading the file.
        int line = 1, col = 1;
        for (int i = 0; i < err.offset && i < text.size(); ++i) {
            if (text[i] == '\n') {
                ++line;
                col = 1;
            } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
                ++col; // columns count characters: UTF-8 continuation bytes are part of the one before
            }
        }
        return Error { ErrorCode::Parse,
            QStringLiteral("invalid JSON at line %1, column %2: %3").arg(line).arg(col).arg(err.errorString()).toStdString(),
            { err.offset, err.offset + 1 } };
    }
    if (!doc.isObject())
        return Error { ErrorCode::BadData, "a dashboard is a JSON object", {} };
    return importDashboard(doc.object(), report);
}

Result<Dashboard> importDashboardFile(const QString& path, ImportReport* report)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error { ErrorCode::Io, (path + u": "_s + f.errorString()).toStdString(), {} };
    auto r = importDashboard(f.readAll(), report);
    if (!r.ok()) {
        Error e = r.error();
        e.message = path.toStdString() + ": " + e.message;
        return e;
    }
    return r;
}

QByteArray exportDashboard(const Dashboard& d) { return QJsonDocument(d.toJson()).toJson(QJsonDocument::Indented); }

namespace {

QString pluginName(const QString& id)
{
    static const QHash<QString, QString> names {
        { u"prometheus"_s, u"Prometheus"_s }, { u"loki"_s, u"Loki"_s }, { u"timeseries"_s, u"Time series"_s },
        { u"stat"_s, u"Stat"_s }, { u"gauge"_s, u"Gauge"_s }, { u"bargauge"_s, u"Bar gauge"_s },
        { u"table"_s, u"Table"_s }, { u"logs"_s, u"Logs"_s }, { u"heatmap"_s, u"Heatmap"_s }, { u"text"_s, u"Text"_s },
        { u"barchart"_s, u"Bar chart"_s }, { u"histogram"_s, u"Histogram"_s },
        { u"state-timeline"_s, u"State timeline"_s }, { u"piechart"_s, u"Pie chart"_s },
        { u"status-history"_s, u"Status history"_s }, { u"news"_s, u"News"_s }, { u"dashlist"_s, u"Dashboard list"_s },
    };
    return names.value(id, id);
}

bool isVariableRef(const QString& uid) { return uid.startsWith(u'$') || uid.startsWith(u"[["); }

class SharingExporter
{
public:
    SharingExporter(const Dashboard& d, const DatasourceRegistry& registry)
        : m_dashboard(d)
        , m_registry(registry)
    {
    }

    /// Replaces the datasource of `obj` (a panel, target, variable or annotation) by `${DS_X}`.
    void templateize(QJsonObject& obj, const DatasourceRef& fallback, const QString& exprHint)
    {
        const QJsonValue v = obj.value(u"datasource");
        DatasourceRef ref = DatasourceRef::fromJson(v);
        if (v.isUndefined() || v.isNull()) {
            if (fallback.isEmpty())
                return;
            ref = fallback;
        }
        if (ref.uid == u"-- Mixed --" || ref.uid == u"-- Grafana --" || ref.uid == u"-- Dashboard --"
            || ref.type == u"datasource" || ref.type == u"grafana")
            return;
        if (isVariableRef(ref.uid)) {
            // A datasource variable, or an input already: require its plugin.
            for (const Variable& var : m_dashboard.variables())
                if (ref.uid.contains(var.name()) && var.type() == u"datasource")
                    requireDatasource(var.queryText());
            for (const QJsonValue& in : m_dashboard.root().value(u"__inputs").toArray()) {
                const QJsonObject o = in.toObject();
                if (ref.uid == u"${"_s + o.value(u"name").toString() + u"}"_s) {
                    m_inputs.emplace(o.value(u"name").toString(), o);
                    requireDatasource(o.value(u"pluginId").toString());
                }
            }
            return;
        }
        const DatasourceInfo* ds = resolveDatasource(ref, {}, m_dashboard, m_registry, exprHint);
        if (!ds)
            return;
        QString name = ds->name;
        if (const qsizetype space = name.indexOf(u' '); space >= 0)
            name[space] = u'_'; // Grafana replaces the first space only
        const QString refName = u"DS_"_s + name.toUpper();
        m_inputs.emplace(refName,
            QJsonObject { { u"name"_s, refName }, { u"label"_s, ds->name }, { u"description"_s, QString() },
                { u"type"_s, u"datasource"_s }, { u"pluginId"_s, ds->type }, { u"pluginName"_s, pluginName(ds->type) } });
        requireDatasource(ds->type);
        obj.insert(u"datasource"_s, QJsonObject { { u"type"_s, ds->type }, { u"uid"_s, u"${"_s + refName + u"}"_s } });
    }

    void requireDatasource(const QString& type)
    {
        if (type.isEmpty())
            return;
        m_requires.emplace(u"datasource"_s + type,
            QJsonObject { { u"type"_s, u"datasource"_s }, { u"id"_s, type }, { u"name"_s, pluginName(type) }, { u"version"_s, u"1.0.0"_s } });
    }

    void processPanel(QJsonObject& p)
    {
        const DatasourceRef panelDs = DatasourceRef::fromJson(p.value(u"datasource"));
        QString hint;
        QJsonArray targets = p.value(u"targets").toArray();
        for (const QJsonValue& t : targets)
            hint = t.toObject().value(u"expr").toString();
        if (p.contains(u"datasource") && !p.value(u"datasource").isNull())
            templateize(p, {}, hint);
        for (qsizetype i = 0; i < targets.size(); ++i) {
            QJsonObject t = targets[i].toObject();
            if (t.contains(u"datasource") && !t.value(u"datasource").isNull())
                templateize(t, panelDs, t.value(u"expr").toString());
            targets[i] = t;
        }
        if (p.contains(u"targets"))
            p.insert(u"targets"_s, targets);
        const QString type = p.value(u"type").toString();
        if (!type.isEmpty() && type != u"row")
            m_requires.emplace(u"panel"_s + type,
                QJsonObject { { u"type"_s, u"panel"_s }, { u"id"_s, type }, { u"name"_s, pluginName(type) }, { u"version"_s, QString() } });
        if (p.value(u"panels").isArray()) {
            QJsonArray nested = p.value(u"panels").toArray();
            for (qsizetype i = 0; i < nested.size(); ++i) {
                QJsonObject n = nested[i].toObject();
                processPanel(n);
                nested[i] = n;
            }
            p.insert(u"panels"_s, nested);
        }
    }

    QJsonObject run()
    {
        QJsonObject out = m_dashboard.toJson();
        QJsonArray panels = out.value(u"panels").toArray();
        for (qsizetype i = 0; i < panels.size(); ++i) {
            QJsonObject p = panels[i].toObject();
            processPanel(p);
            panels[i] = p;
        }
        out.insert(u"panels"_s, panels);

        QJsonObject templating = out.value(u"templating").toObject();
        QJsonArray vars = templating.value(u"list").toArray();
        std::vector<QJsonObject> constants;
        for (qsizetype i = 0; i < vars.size(); ++i) {
            QJsonObject v = vars[i].toObject();
            const QString type = v.value(u"type").toString();
            if (type == u"query") {
                templateize(v, {}, v.value(u"query").toString());
                v.insert(u"options"_s, QJsonArray {});
                v.insert(u"current"_s, QJsonObject {});
                if (v.value(u"refresh").toInt() == 0)
                    v.insert(u"refresh"_s, 1);
            } else if (type == u"constant") {
                const QString refName = u"VAR_"_s + v.value(u"name").toString().toUpper();
                const QString value = v.value(u"query").toString();
                constants.push_back(QJsonObject { { u"name"_s, refName }, { u"type"_s, u"constant"_s },
                    { u"label"_s, v.value(u"label").toString(v.value(u"name").toString()) }, { u"value"_s, value },
                    { u"description"_s, QString() } });
                v.insert(u"query"_s, u"${"_s + refName + u"}"_s);
                const QJsonObject option { { u"text"_s, value }, { u"value"_s, value }, { u"selected"_s, true } };
                v.insert(u"current"_s, option);
                v.insert(u"options"_s, QJsonArray { option });
            } else if (type == u"datasource") {
                requireDatasource(v.value(u"query").toString());
            }
            vars[i] = v;
        }
        if (out.contains(u"templating")) {
            templating.insert(u"list"_s, vars);
            out.insert(u"templating"_s, templating);
        }

        QJsonObject annotations = out.value(u"annotations").toObject();
        if (annotations.value(u"list").isArray()) {
            QJsonArray list = annotations.value(u"list").toArray();
            for (qsizetype i = 0; i < list.size(); ++i) {
                QJsonObject a = list[i].toObject();
                if (!a.value(u"builtIn").toInt())
                    templateize(a, {}, a.value(u"expr").toString());
                list[i] = a;
            }
            annotations.insert(u"list"_s, list);
            out.insert(u"annotations"_s, annotations);
        }

        QJsonArray inputs;
        for (const auto& [name, in] : m_inputs)
            inputs.append(in);
        for (const QJsonObject& c : constants)
            inputs.append(c);
        QJsonArray requires_ { QJsonObject { { u"type"_s, u"grafana"_s }, { u"id"_s, u"grafana"_s },
            { u"name"_s, u"Grafana"_s }, { u"version"_s, u"12.0.0"_s } } };
        std::map<QString, QJsonObject> byId; // Grafana sorts __requires by id
        for (const auto& [key, r] : m_requires)
            byId.emplace(r.value(u"id").toString() + u"\x01"_s + key, r);
        for (const auto& [id, r] : byId)
            requires_.append(r);
        out.insert(u"__inputs"_s, inputs);
        out.insert(u"__elements"_s, QJsonObject {});
        out.insert(u"__requires"_s, requires_);
        out.insert(u"id"_s, QJsonValue::Null);
        return out;
    }

private:
    const Dashboard& m_dashboard;
    const DatasourceRegistry& m_registry;
    std::map<QString, QJsonObject> m_inputs;
    std::map<QString, QJsonObject> m_requires;
};

} // namespace

QJsonObject exportForSharing(const Dashboard& d, const DatasourceRegistry& datasources)
{
    return SharingExporter(d, datasources).run();
}

} // namespace sg::dashboards
