#pragma once

#include "core/common/time.h"
#include "core/labels/labels.h"

#include <QString>
#include <QStringList>

namespace sg::ui {

/// The LogQL query a click on a metric series opens: `baseSelector` narrowed by `name="value"` matchers for
/// the series' labels that the log store also knows (`logLabelNames`). `__name__` and other `__`-labels are
/// never added, nor a name the base selector already constrains. A pipeline after the selector is kept.
/// An empty base yields a bare selector of the shared labels (or "" when there are none).
QString logsSelectorFor(const QString& baseSelector, const Labels& seriesLabels, const QStringList& logLabelNames);

/// The window of logs around a click at `clickMs` on a graph with `step`: [t - max(2m, step), t + step].
TimeRange logsWindowFor(qint64 clickMs, DurationMs step);

/// Label names constrained by the first `{...}` of a LogQL/PromQL selector.
QStringList selectorLabelNames(const QString& selector);

} // namespace sg::ui
