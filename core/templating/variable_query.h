#pragma once

#include "core/common/result.h"

#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringView>

namespace sg::templating {

/// What a Prometheus query variable asks for (Grafana's PrometheusMetricFindQuery). The caller interpolates the
/// query text first (with QueryLanguage::Prometheus), parses it, runs it against its query client, and turns the
/// answer into options (metricNamesToOptions).
enum class PromVariableQueryType {
    None = -1, ///< empty query, or one of "label_values()", "metrics()", "query_result()": no options
    LabelNames = 0, ///< label_names() → /api/v1/labels; label_names(m) → label names of {__name__=~".*m.*"}
    LabelValues = 1, ///< label_values(label) or label_values(selector, label) → /api/v1/label/<label>/values
    MetricNames = 2, ///< metrics(regex) → metric names matching `regex` (an unanchored JS-style regex)
    QueryResult = 3, ///< query_result(expr) → instant query at the range end; one option per sample
    SeriesQuery = 4, ///< any other text → /api/v1/series with match[]=text; one option per series' metric name
};

/// A parsed Prometheus variable query.
struct PrometheusVariableQuery
{
    PromVariableQueryType type = PromVariableQueryType::None;
    QString label; ///< LabelValues: the label
    QString selector; ///< LabelValues: the optional series selector (empty or "{}" = none); LabelNames with a match:
                      ///< the selector {__name__=~".*<match>.*"}; SeriesQuery: the whole query
    QString regex; ///< MetricNames: the filter
    QString expr; ///< QueryResult: the expression
};

/// Parses the string form ("label_values(up{job=\"x\"}, instance)", "label_names()", "metrics(node_.*)",
/// "query_result(topk(5, up))", or a bare selector), with Grafana's regexes.
PrometheusVariableQuery parsePrometheusVariableQuery(QStringView query);

/// Parses what a dashboard stores in a Prometheus query variable's `query`: a string, or the object Grafana 10+
/// writes (`{"qryType": 1, "query": "label_values(job)", "refId": "PrometheusVariableQueryEditor-VariableQuery"}`,
/// possibly without `query` but with label/metric/labelFilters/varQuery/seriesQuery/match), rebuilt into the string
/// form as Grafana's `migrateVariableEditorBackToVariableSupport` does. Anything else is an error.
Result<PrometheusVariableQuery> parseStoredPrometheusVariableQuery(const QJsonValue& stored);

/// Grafana's text for one `query_result` vector sample: `name{k="v",…} value timestampMs`.
QString formatQueryResultSample(const QString& metricName, const QList<std::pair<QString, QString>>& labels,
    const QString& value, double timestampSeconds);

/// What a Loki query variable asks for (Grafana's LokiVariableQuery; the numbers are what dashboards store).
enum class LokiVariableQueryType {
    None = -1,
    LabelNames = 0, ///< /loki/api/v1/labels
    LabelValues = 1, ///< /loki/api/v1/label/<label>/values, with `query=<stream>` when a stream selector is given
};

struct LokiVariableQuery
{
    LokiVariableQueryType type = LokiVariableQueryType::None;
    QString label;
    QString stream; ///< stream selector, always in braces ("job=\"x\"" becomes "{job=\"x\"}"); empty = none
};

/// Parses "label_names()", "label_values(label)" or "label_values({selector}, label)"; anything else gives None.
LokiVariableQuery parseLokiVariableQuery(QStringView query);

/// Parses a stored Loki variable query: a string, or `{"type": 0|1, "label": "...", "stream": "...", "refId": ...}`.
Result<LokiVariableQuery> parseStoredLokiVariableQuery(const QJsonValue& stored);

} // namespace sg::templating
