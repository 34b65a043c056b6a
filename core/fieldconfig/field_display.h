#pragma once

#include "display.h"
#include "field_config.h"

#include <QJsonObject>
#include <QStringList>

#include <vector>

namespace sg::fieldconfig {

/// `options.reduceOptions` of stat, gauge and bar gauge panels.
struct ReduceOptions
{
    bool values = false; ///< one entry per row instead of one per calculation
    int limit = 0; ///< with `values`: at most this many (0: Grafana's 25)
    QStringList calcs; ///< reducer ids; empty means "last", as in Grafana
    QString fields; ///< a regex over display names ("/cpu.*/"); empty: every numeric field
    static ReduceOptions fromJson(const QJsonObject& reduceOptions);
};

/// Grafana's DEFAULT_FIELD_DISPLAY_VALUES_LIMIT.
constexpr int DefaultFieldDisplayValuesLimit = 25;

/// One value a stat / gauge / bar gauge shows (Grafana's FieldDisplay).
struct FieldDisplay
{
    QString name; ///< the calculation id, or "No data"
    DisplayValue display; ///< display.title is the series (and calculation) name
    int fieldIndex = -1; ///< index into the fields given, -1 for the no-data entry
    int rowIndex = -1; ///< with `values`: the row
    FieldConfig config; ///< the series' effective config (the defaults for the no-data entry)
    bool noData = false;
};

/// Grafana's getFieldDisplayValues: reduces each field by every calculation (or lists rows with `values`), formats
/// them, and titles them with the `displayName` template or the display name (prefixed by the calculation's name
/// when there are several). Nothing to show gives one "No data" entry whose text is `noValue` or "No data".
std::vector<FieldDisplay> getFieldDisplayValues(const std::vector<Field>& fields,
    const std::vector<query::SeriesFrame>& series, const ReduceOptions& options, const QJsonObject& fieldConfig);

} // namespace sg::fieldconfig
