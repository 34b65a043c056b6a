#include "annotations.h"

#include "core/dashboards/datasources.h"
#include "core/templating/duration.h"
#include "core/query/frames.h"
#include "query_client.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sg::services {

namespace {

/// The values of the `keys` labels that `labels` has, in the order of the keys.
QStringList tagValues(const QStringList& keys, const Labels& labels)
{
    QStringList tags;
    for (const QString& key : keys)
        if (const auto v = labels.get(key.toStdString()); !v.empty())
            tags << QString::fromStdString(std::string(v));
    return tags;
}

} // namespace

dashboards::Panel AnnotationQuery::asPanel() const
{
    const bool logs = kind == Kind::Logs;
    QJsonObject target { { u"refId"_s, u"Anno"_s }, { u"expr"_s, expr }, { u"datasource"_s, datasource.toJson() } };
    if (logs)
        target.insert(u"maxLines"_s, maxLines);
    return dashboards::Panel(QJsonObject { { u"type"_s, logs ? u"logs"_s : u"timeseries"_s },
        { u"datasource"_s, datasource.toJson() }, { u"targets"_s, QJsonArray { target } } });
}

std::vector<AnnotationQuery> annotationQueries(const dashboards::Dashboard& dashboard,
    const dashboards::DatasourceRegistry& registry)
{
    std::vector<AnnotationQuery> out;
    for (const QJsonValue& value : dashboard.annotations()) {
        const QJsonObject a = value.toObject();
        if (a.value(u"builtIn").toInt() == 1 || !a.value(u"enable").toBool(true))
            continue;
        AnnotationQuery q;
        q.datasource = dashboards::DatasourceRef::fromJson(a.value(u"datasource"));
        // Older dashboards keep the query at the top; newer ones in `target`.
        const QJsonObject target = a.value(u"target").toObject();
        q.expr = a.value(u"expr").toString();
        if (q.expr.trimmed().isEmpty())
            q.expr = target.value(u"expr").toString();
        if (q.expr.trimmed().isEmpty())
            continue;
        const dashboards::DatasourceInfo* ds = dashboards::resolveDatasource(q.datasource, {}, dashboard, registry, q.expr);
        if (!ds || (ds->kind() != dashboards::DatasourceKind::Loki && ds->kind() != dashboards::DatasourceKind::Prometheus))
            continue;
        q.kind = ds->kind() == dashboards::DatasourceKind::Loki ? AnnotationQuery::Kind::Logs : AnnotationQuery::Kind::Metrics;
        q.name = a.value(u"name").toString();
        if (a.contains(u"iconColor"_s))
            q.iconColor = a.value(u"iconColor").toString();
        q.titleFormat = a.value(u"titleFormat").toString();
        q.textFormat = a.value(u"textFormat").toString();
        for (const QString& key : a.value(u"tagKeys").toString().split(u',', Qt::SkipEmptyParts))
            q.tagKeys << key.trimmed();
        const int maxLines = a.value(u"maxLines").toInt(target.value(u"maxLines").toInt(0));
        if (maxLines > 0)
            q.maxLines = std::min(maxLines, 5000);
        // Grafana's Prometheus annotations: `step` (default 60s), at the top or in `target`.
        const QString step = a.value(u"step").toString(target.value(u"step").toString());
        if (const auto ms = templating::parseInterval(step); !step.trimmed().isEmpty() && ms.ok() && *ms > 0)
            q.stepMs = *ms;
        q.useValueForTime = a.value(u"useValueForTime").toBool(target.value(u"useValueForTime").toBool());
        q.hidden = a.value(u"hide").toBool();
        out.push_back(std::move(q));
    }
    return out;
}

std::vector<AnnotationQuery> logAnnotationQueries(const dashboards::Dashboard& dashboard,
    const dashboards::DatasourceRegistry& registry)
{
    std::vector<AnnotationQuery> out = annotationQueries(dashboard, registry);
    std::erase_if(out, [](const AnnotationQuery& q) { return q.kind != AnnotationQuery::Kind::Logs; });
    return out;
}

std::vector<query::Annotation> annotationsFromLogs(const AnnotationQuery& q, const std::vector<query::LogRow>& lines)
{
    std::vector<query::Annotation> out;
    out.reserve(lines.size());
    for (const query::LogRow& row : lines) {
        const Labels labels = query::toLabels(row.labels);
        query::Annotation a;
        a.timeMs = row.timeNs / 1'000'000;
        a.title = q.titleFormat.isEmpty() ? QString() : applyLegendFormat(q.titleFormat, labels);
        a.text = q.textFormat.isEmpty() ? row.line : applyLegendFormat(q.textFormat, labels);
        // Without tagKeys, every label's value (as Grafana's Loki datasource).
        if (q.tagKeys.isEmpty()) {
            for (const auto& [name, value] : row.labels)
                a.tags << value;
        } else {
            a.tags = tagValues(q.tagKeys, labels);
        }
        a.color = q.iconColor;
        a.source = q.name;
        out.push_back(std::move(a));
    }
    return out;
}

std::vector<query::Annotation> annotationsFromSeries(const AnnotationQuery& q, const std::vector<query::SeriesFrame>& series)
{
    std::vector<query::Annotation> out;
    for (const query::SeriesFrame& frame : series) {
        const Labels labels = query::toLabels(frame.labels);
        query::Annotation region;
        // An empty format gives no title or text (applyLegendFormat would print the label set).
        region.title = q.titleFormat.isEmpty() ? QString() : applyLegendFormat(q.titleFormat, labels);
        region.text = q.textFormat.isEmpty() ? QString() : applyLegendFormat(q.textFormat, labels);
        region.tags = tagValues(q.tagKeys, labels);
        region.color = q.iconColor;
        region.source = q.name;
        bool open = false;
        for (std::size_t i = 0; i < frame.values.size() && i < frame.timesMs.size(); ++i) {
            const double v = frame.values[i];
            qint64 t = frame.timesMs[i];
            if (q.useValueForTime) {
                if (!std::isfinite(v))
                    continue;
                t = qint64(std::floor(v));
            } else if (!(v > 0)) {
                continue; // Grafana's "active" points: a value above zero (NaN, zero and below are not)
            }
            // A point within a step of the open region's end extends it; a later one starts the next region.
            if (open && region.timeEndMs + q.stepMs >= t) {
                region.timeEndMs = t;
                continue;
            }
            if (open)
                out.push_back(region);
            region.timeMs = region.timeEndMs = t;
            open = true;
        }
        if (open)
            out.push_back(std::move(region));
    }
    std::stable_sort(out.begin(), out.end(),
        [](const query::Annotation& a, const query::Annotation& b) { return a.timeMs < b.timeMs; });
    return out;
}

} // namespace sg::services
