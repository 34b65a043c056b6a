#pragma once

#include "table_data.h"

#include <QAbstractTableModel>

namespace sg::ui {

/// The table panel's model: adopts a built TableData with a reset. Sorting goes through a proxy on SortRole.
class TableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    /// The raw value of a cell (double, qint64 ms, QString; invalid for null), for sorting.
    static constexpr int SortRole = Qt::UserRole + 1;
    /// The field colour of a cell's value (QColor), whatever the cell type.
    static constexpr int ValueColorRole = Qt::UserRole + 2;

    using QAbstractTableModel::QAbstractTableModel;

    void setTable(TableData table);
    const TableData& table() const { return m_table; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    TableData m_table;
};

} // namespace sg::ui
