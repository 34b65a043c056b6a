#include "annotations.h"

#include "core/dashboards/datasources.h"
#include "core/query/frames.h"
#include "query_client.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sg::services {

dashboards::Panel LogAnnotationQuery::asPanel() const
{
    const QJsonObject target { { u"refId"_s, u"Anno"_s }, { u"expr"_s, expr }, { u"maxLines"_s, maxLines },
        { u"datasource"_s, datasource.toJson() } };
    return dashboards::Panel(QJsonObject { { u"type"_s, u"logs"_s }, { u"datasource"_s, datasource.toJson() },
        { u"targets"_s, QJsonArray { target } } });
}

std::vector<LogAnnotationQuery> logAnnotationQueries(const dashboards::Dashboard& dashboard,
    const dashboards::DatasourceRegistry& registry)
{
    std::vector<LogAnnotationQuery> out;
    for (const QJsonValue& value : dashboard.annotations()) {
        const QJsonObject a = value.toObject();
        if (a.value(u"builtIn").toInt() == 1 || !a.value(u"enable").toBool(true))
            continue;
        LogAnnotationQuery q;
        q.datasource = dashboards::DatasourceRef::fromJson(a.value(u"datasource"));
        // Older dashboards keep the query at the top; newer ones in `target`.
        q.expr = a.value(u"expr").toString();
        if (q.expr.trimmed().isEmpty())
            q.expr = a.value(u"target").toObject().value(u"expr").toString();
        if (q.expr.trimmed().isEmpty())
            continue;
        const dashboards::DatasourceInfo* ds = dashboards::resolveDatasource(q.datasource, {}, dashboard, registry, q.expr);
        if (!ds || ds->kind() != dashboards::DatasourceKind::Loki)
            continue;
        q.name = a.value(u"name").toString();
        if (a.contains(u"iconColor"_s))
            q.iconColor = a.value(u"iconColor").toString();
        q.titleFormat = a.value(u"titleFormat").toString();
        q.textFormat = a.value(u"textFormat").toString();
        for (const QString& key : a.value(u"tagKeys").toString().split(u',', Qt::SkipEmptyParts))
            q.tagKeys << key.trimmed();
        const int maxLines = a.value(u"maxLines").toInt(a.value(u"target").toObject().value(u"maxLines").toInt(0));
        if (maxLines > 0)
            q.maxLines = std::min(maxLines, 5000);
        q.hidden = a.value(u"hide").toBool();
        out.push_back(std::move(q));
    }
    return out;
}

std::vector<query::Annotation> annotationsFromLogs(const LogAnnotationQuery& q, const std::vector<query::LogRow>& lines)
{
    std::vector<query::Annotation> out;
    out.reserve(lines.size());
    for (const query::LogRow& row : lines) {
        const Labels labels = query::toLabels(row.labels);
        query::Annotation a;
        a.timeMs = row.timeNs / 1'000'000;
        a.title = q.titleFormat.isEmpty() ? QString() : applyLegendFormat(q.titleFormat, labels);
        a.text = q.textFormat.isEmpty() ? row.line : applyLegendFormat(q.textFormat, labels);
        // The values of tagKeys' labels; without tagKeys, every label's value (as Grafana's Loki datasource).
        if (q.tagKeys.isEmpty()) {
            for (const auto& [name, value] : row.labels)
                a.tags << value;
        } else {
            for (const QString& key : q.tagKeys)
                if (const auto v = labels.get(key.toStdString()); !v.empty())
                    a.tags << QString::fromStdString(std::string(v));
        }
        a.color = q.iconColor;
        a.source = q.name;
        out.push_back(std::move(a));
    }
    return out;
}

} // namespace sg::services
