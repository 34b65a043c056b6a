#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace sg::query {

/// Label pairs sorted by name (`__name__` included when the series has one).
using LabelPairs = std::vector<std::pair<QString, QString>>;

/// One series of numbers over time: the neutral shape every panel type reads. A null sample is NaN.
struct SeriesFrame
{
    QString refId;
    /// The display name: the target's legend format applied to the labels, or the label set when it has none.
    QString name;
    LabelPairs labels;
    std::vector<qint64> timesMs;
    std::vector<double> values;

    QString label(const QString& key) const
    {
        for (const auto& [k, v] : labels)
            if (k == key)
                return v;
        return {};
    }
};

/// One log line with its stream labels.
struct LogRow
{
    qint64 timeNs = 0;
    QString line;
    LabelPairs labels;
    QString refId;
    LabelPairs metadata; ///< the entry's structured metadata
};

/// What one query cost, for Inspect.
struct QueryStats
{
    QString refId;
    QString expr;       ///< as run, variables interpolated
    qint64 elapsedMs = 0;
    qint64 stepMs = 0;
    qint64 series = 0;
    qint64 points = 0;  ///< samples returned (metric) or lines (logs)
    qint64 stepsCached = 0; ///< range queries: steps taken from the results cache instead of evaluated
};

/// Everything a panel view is given: the answers of all its targets for one time range.
/// A marker on time series panels (a dashboard annotation): a moment with a title, a text and tags.
struct Annotation
{
    qint64 timeMs = 0;
    qint64 timeEndMs = 0; ///< a region's end (Grafana's `timeEnd`); 0 or timeMs: a point
    QString title;
    QString text;
    QStringList tags;
    QString color;  ///< the annotation query's iconColor (a Grafana colour name or #rgb)
    QString source; ///< the annotation query's name
};

struct PanelData
{
    std::vector<SeriesFrame> series;
    std::vector<LogRow> logs; ///< newest first
    QStringList warnings;
    QString error;            ///< the first failing target's message, prefixed "A: "
    std::vector<QueryStats> stats;
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 intervalMs = 0;    ///< the step the range queries ran at ($__interval)
    bool loading = false;

    bool hasData() const { return !series.empty() || !logs.empty(); }
};

constexpr double NullValue = std::numeric_limits<double>::quiet_NaN();
inline bool isNull(double v) { return std::isnan(v); }

} // namespace sg::query

Q_DECLARE_METATYPE(sg::query::PanelData)
