#include "variable_query.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::templating {

namespace {

// isFilterDefined: blank and "{}" (spaces ignored) count as no filter.
bool isFilterDefined(const QString& filter)
{
    if (filter.isEmpty())
        return false;
    QString compact = filter;
    compact.remove(u' ');
    return compact != u"{}";
}

QString ensureBraces(const QString& selector)
{
    const QString trimmed = selector.trimmed();
    if (trimmed.isEmpty() || trimmed == u"{}" || trimmed.startsWith(u'{'))
        return trimmed;
    return u'{' + trimmed + u'}';
}

Error storedError(const QString& what)
{
    return Error { ErrorCode::Parse, what.toStdString(), SourceRange {} };
}

// promQueryModeller.renderQuery for a metric with label filters.
QString renderSelector(const QString& metric, const QJsonArray& filters)
{
    QString labels;
    for (const QJsonValue& f : filters) {
        const QJsonObject o = f.toObject();
        if (!labels.isEmpty())
            labels += u", "_s;
        labels += o.value(u"label"_s).toString() + o.value(u"op"_s).toString() + u'"' + o.value(u"value"_s).toString()
            + u'"';
    }
    return metric + (labels.isEmpty() ? QString() : u'{' + labels + u'}');
}

} // namespace

PrometheusVariableQuery parsePrometheusVariableQuery(QStringView queryView)
{
    const QString query = queryView.toString();
    PrometheusVariableQuery out;
    if (query.isEmpty())
        return out;

    static const QRegularExpression labelNamesWithMatch(u"^label_names\\((.+)\\)\\s*$"_s);
    static const QRegularExpression labelNames(u"^label_names\\(\\)\\s*$"_s);
    static const QRegularExpression labelValues(u"^label_values\\((?:(.+),\\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\\)\\s*$"_s);
    static const QRegularExpression metricNames(u"^metrics\\((.+)\\)\\s*$"_s);
    static const QRegularExpression queryResult(u"^query_result\\((.+)\\)\\s*$"_s);

    if (const auto m = labelNamesWithMatch.match(query); m.hasMatch()) {
        out.type = PromVariableQueryType::LabelNames;
        out.selector = u"{__name__=~\".*"_s + m.captured(1) + u".*\"}"_s;
        return out;
    }
    if (labelNames.match(query).hasMatch()) {
        out.type = PromVariableQueryType::LabelNames;
        return out;
    }
    if (const auto m = labelValues.match(query); m.hasMatch()) {
        out.type = PromVariableQueryType::LabelValues;
        out.label = m.captured(2);
        if (isFilterDefined(m.captured(1)))
            out.selector = m.captured(1);
        return out;
    }
    if (const auto m = metricNames.match(query); m.hasMatch()) {
        out.type = PromVariableQueryType::MetricNames;
        out.regex = m.captured(1);
        return out;
    }
    if (const auto m = queryResult.match(query); m.hasMatch()) {
        out.type = PromVariableQueryType::QueryResult;
        out.expr = m.captured(1);
        return out;
    }
    if (query == u"label_values()" || query == u"metrics()" || query == u"query_result()")
        return out;
    out.type = PromVariableQueryType::SeriesQuery;
    out.selector = query;
    return out;
}

Result<PrometheusVariableQuery> parseStoredPrometheusVariableQuery(const QJsonValue& stored)
{
    if (stored.isUndefined() || stored.isNull())
        return PrometheusVariableQuery {};
    if (stored.isString())
        return parsePrometheusVariableQuery(stored.toString());
    if (!stored.isObject())
        return storedError(u"a Prometheus variable query is a string or an object"_s);

    const QJsonObject o = stored.toObject();
    const QString query = o.value(u"query"_s).toString();
    if (!query.isEmpty())
        return parsePrometheusVariableQuery(query);
    if (!o.contains(u"qryType"_s))
        return PrometheusVariableQuery {};

    // migrateVariableEditorBackToVariableSupport
    QString text;
    switch (o.value(u"qryType"_s).toInt(-1)) {
    case 0: {
        const QString match = o.value(u"match"_s).toString();
        text = match.isEmpty() ? u"label_names()"_s : u"label_names("_s + match + u')';
        break;
    }
    case 1: {
        const QString metric = o.value(u"metric"_s).toString();
        const QJsonArray filters = o.value(u"labelFilters"_s).toArray();
        const QString label = o.value(u"label"_s).toString();
        if (!metric.isEmpty() || !filters.isEmpty())
            text = u"label_values("_s + renderSelector(metric, filters) + u',' + label + u')';
        else
            text = u"label_values("_s + label + u')';
        break;
    }
    case 2:
        text = u"metrics("_s + o.value(u"metric"_s).toString() + u')';
        break;
    case 3: {
        QString varQuery = o.value(u"varQuery"_s).toString();
        static const QRegularExpression lineBreaks(u"[\\r\\n]+"_s);
        varQuery.remove(lineBreaks);
        text = u"query_result("_s + varQuery + u')';
        break;
    }
    case 4:
        text = o.value(u"seriesQuery"_s).toString();
        break;
    case 5:
        text = o.value(u"classicQuery"_s).toString();
        break;
    default:
        return storedError(
            u"unknown Prometheus variable qryType %1"_s.arg(o.value(u"qryType"_s).toVariant().toString()));
    }
    return parsePrometheusVariableQuery(text);
}

QString formatQueryResultSample(const QString& metricName, const QList<std::pair<QString, QString>>& labels,
    const QString& value, double timestampSeconds)
{
    QStringList pairs;
    for (const auto& [k, v] : labels) {
        if (k != u"__name__")
            pairs << k + u"=\""_s + v + u'"';
    }
    const double ms = timestampSeconds * 1000;
    const QString time = ms == std::floor(ms) && std::abs(ms) < 1e15
        ? QString::number(qint64(ms))
        : QString::number(ms, 'f', QLocale::FloatingPointShortest);
    return metricName + u'{' + pairs.join(u',') + u"} "_s + value + u' ' + time;
}

LokiVariableQuery parseLokiVariableQuery(QStringView queryView)
{
    const QString query = queryView.toString();
    static const QRegularExpression labelNames(u"^label_names\\(\\)\\s*$"_s);
    static const QRegularExpression labelValues(u"^label_values\\((?:(.+),\\s*)?([a-zA-Z_$][a-zA-Z0-9_]*)\\)\\s*$"_s);
    LokiVariableQuery out;
    if (labelNames.match(query).hasMatch()) {
        out.type = LokiVariableQueryType::LabelNames;
        return out;
    }
    if (const auto m = labelValues.match(query); m.hasMatch()) {
        out.type = LokiVariableQueryType::LabelValues;
        out.label = m.captured(2);
        if (m.hasCaptured(1))
            out.stream = ensureBraces(m.captured(1));
    }
    return out;
}

Result<LokiVariableQuery> parseStoredLokiVariableQuery(const QJsonValue& stored)
{
    if (stored.isUndefined() || stored.isNull())
        return LokiVariableQuery {};
    if (stored.isString())
        return parseLokiVariableQuery(stored.toString());
    if (!stored.isObject())
        return storedError(u"a Loki variable query is a string or an object"_s);
    const QJsonObject o = stored.toObject();
    LokiVariableQuery out;
    switch (o.value(u"type"_s).toInt(-1)) {
    case 0:
        out.type = LokiVariableQueryType::LabelNames;
        break;
    case 1:
        out.type = LokiVariableQueryType::LabelValues;
        out.label = o.value(u"label"_s).toString();
        out.stream = ensureBraces(o.value(u"stream"_s).toString());
        if (out.label.isEmpty())
            out.type = LokiVariableQueryType::None; // Grafana returns no values without a label
        break;
    default:
        return storedError(u"unknown Loki variable query type"_s);
    }
    return out;
}

} // namespace sg::templating
