#pragma once

#include "core/common/time.h"
#include "core/labels/labels.h"

#include <QString>
#include <QStringList>

namespace sg::ui {

/// Formats a value for display with a Grafana unit id ("reqps", "s", "percentunit", "bytes", "" / "none" /
/// "short"). `decimals` < 0 picks a readable precision.
QString formatValue(double value, const QString& unit, int decimals = -1);

/// Axis tick labels for [min, max]: "nice" tick values (1/2/5 x 10^n steps) and their unit-aware labels.
struct AxisTicks
{
    double min = 0;
    double max = 1;
    double step = 1;
    QList<double> values;
    QStringList labels;
};
AxisTicks niceTicks(double min, double max, const QString& unit, int targetCount = 5);

/// Grafana legend templating: "{{label}}" replaced by the label's value; an empty format prints the
/// labels as `{a="b"}` (with the metric name in front when present).
QString formatLegend(const QString& legendFormat, const Labels& labels);

/// A QDateTime format for axis ticks that suits a range of `span` milliseconds.
QString timeTickFormat(DurationMs span);

/// Time axis ticks at round local times (every 10 s, 1 min, 5 min, 1 h, ...) inside [from, to],
/// about `targetCount` of them, labelled with timeTickFormat().
AxisTicks timeTicks(TimestampMs from, TimestampMs to, int targetCount);

} // namespace sg::ui
