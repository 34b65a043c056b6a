#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <vector>

namespace sg::fieldconfig {

/// How a reducer treats null samples (NaN in a SeriesFrame): Grafana's `nullValueMode` field config.
enum class NullValueMode {
    Ignore, ///< "connected" (Grafana's default): nulls are skipped
    Null, ///< "null": nulls take part (count, changeCount, distinctCount see them)
    AsZero, ///< "null as zero"
};

/// Parses `nullValueMode` ("connected", "null", "null as zero"); anything else is Ignore.
NullValueMode nullValueModeFromString(QStringView mode);

/// One entry of Grafana's reducer registry (fieldReducer.ts).
struct ReducerInfo
{
    QString id; ///< "lastNotNull", "mean", "p95", ...
    QString name; ///< "Last *", "Mean", "95th %", ...
    QString description;
    bool standard = false; ///< computed by the single standard pass
    bool preservesUnits = true; ///< false for count-like reducers (count, distinctCount, diffperc, ...)
    bool isBoolean = false; ///< allIsNull, allIsZero: 1 is true, 0 false
};

/// Every reducer in Grafana's order (p1..p99 included).
const std::vector<ReducerInfo>& reducerList();
/// The registry entry of `id` (aliases "current", "avg", "total" resolve); nullptr when unknown.
const ReducerInfo* reducerInfo(QStringView id);
/// The canonical id of `id`: "current" → "lastNotNull", "avg" → "mean", "total" → "sum"; unknown ids unchanged.
QString canonicalReducerId(QStringView id);

/// Reduces `values` (NaN = null) with the reducer `id` exactly as Grafana's reduceField does. The result is NaN
/// where Grafana gives null; booleans are 1 / 0. An empty input gives the reducer's `emptyInputResult` (sum and
/// count 0, allIsNull 1, allIsZero 0), an unknown id NaN. Quirks kept: `logmin` stays DBL_MAX when no value is
/// above zero, `diffperc` is 0 (not null) when it cannot be computed, `step` is the smallest difference between
/// consecutive non-null values, `delta` does not count the rise right after a counter reset.
double reduce(QStringView id, const std::vector<double>& values, NullValueMode mode = NullValueMode::Ignore);

/// Reduces with several reducers at once (one standard pass shared), in the order of `ids`.
std::vector<double> reduce(
    const QStringList& ids, const std::vector<double>& values, NullValueMode mode = NullValueMode::Ignore);

} // namespace sg::fieldconfig
