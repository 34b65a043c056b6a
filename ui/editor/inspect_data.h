#pragma once

#include "core/query/frame.h"

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QStringList>

#include <vector>

class QIODevice;

namespace sg::ui::editor {

/// A table of text cells as Inspect → Data shows and downloads it.
struct InspectTable
{
    QStringList headers;
    std::vector<QStringList> rows;
};

/// How to lay the panel's data out.
struct InspectTableOptions
{
    int series = -1;        ///< -1: every series joined by time (one Time column, one column per series)
    bool formatted = false; ///< times as dates and numbers with the field config's unit, decimals and mappings
    QJsonObject fieldConfig; ///< the panel's `fieldConfig` (formatted mode)
    bool utc = false;       ///< formatted times in UTC, else local time
};

/// Series → table. Raw mode writes times as epoch milliseconds and numbers as JavaScript prints them; nulls and
/// times a series has no sample at are empty. Log rows (when there are no series) give Time, Line and Labels.
InspectTable buildInspectTable(const query::PanelData& data, const InspectTableOptions& options);

/// RFC 4180 CSV: a header line, then a line per row; fields with a comma, quote or line break are quoted.
void writeCsv(const InspectTable& table, QIODevice* device);

/// A read-only model over an InspectTable.
class InspectTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;
    void setTable(InspectTable table);
    const InspectTable& table() const { return m_table; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    InspectTable m_table;
};

} // namespace sg::ui::editor
