#pragma once

#include "core/fieldconfig/field_config.h"
#include "core/query/frame.h"

#include <QColor>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <vector>

namespace sg::ui {

/// One cell, formatted once when the table is built.
struct TableCell
{
    QVariant sortKey; ///< the raw value: double, qint64 (time) or QString; invalid for null
    QString text;
    QColor color; ///< the field colour of the value (thresholds, mappings, colour mode)
};

/// One column: its header, kind and how its cells are styled (`custom.cellOptions.type`, `custom.align`).
struct TableColumn
{
    enum class Kind { Time, String, Number };
    QString name;
    Kind kind = Kind::Number;
    QString cellType = QStringLiteral("auto"); ///< auto, color-background, color-background-solid, color-text
    QString align = QStringLiteral("auto"); ///< auto, left, center, right
    int width = 0; ///< custom.width in px, 0: automatic
    bool hidden = false; ///< custom.hidden
};

/// A table ready for the model: columns and rows of cells. Built from panel data by buildTable().
struct TableData
{
    std::vector<TableColumn> columns;
    std::vector<std::vector<TableCell>> rows;
    /// Range results: the names of the series the selector offers (one table each); empty otherwise.
    QStringList frameNames;
    int frameIndex = 0;
};

/// What buildTable reads from the panel.
struct TableInput
{
    QJsonObject fieldConfig; ///< {defaults, overrides}, plugin defaults merged in
    QJsonArray transformations; ///< the panel's `transformations` (reduce is applied)
    QJsonObject options; ///< the panel's `options`
    QString timeZone; ///< "utc", or local time
};

/// Grafana's table for Prometheus-style frames:
///   - a `reduce` transformation (or `options.reduce`) turns each series into a row: Field, the reducer columns,
///     and the labels as columns when `labelsToFields` is set;
///   - otherwise instant results (no series has more than one sample) become one row per label set, with a
///     column per label and a Value column per query ("Value #A" when several queries answer);
///   - otherwise range results show one series at a time (`frameIndex`): Time and the series' values.
TableData buildTable(const std::vector<query::SeriesFrame>& series, const TableInput& input, int frameIndex = 0);

} // namespace sg::ui
