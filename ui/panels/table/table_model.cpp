#include "table_model.h"

#include "ui/panels/common/panel_paint.h"

namespace sg::ui {

void TableModel::setTable(TableData table)
{
    beginResetModel();
    m_table = std::move(table);
    endResetModel();
}

int TableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_table.rows.size());
}

int TableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_table.columns.size());
}

QVariant TableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& row = m_table.rows[std::size_t(index.row())];
    if (std::size_t(index.column()) >= row.size())
        return {};
    const TableCell& cell = row[std::size_t(index.column())];
    const TableColumn& col = m_table.columns[std::size_t(index.column())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return cell.text;
    case SortRole:
        return cell.sortKey;
    case ValueColorRole:
        return cell.color;
    case Qt::BackgroundRole:
        if (cell.color.isValid() && col.cellType.startsWith(QStringLiteral("color-background"))) {
            if (col.cellType == QStringLiteral("color-background-solid"))
                return cell.color;
            // Grafana's gradient cell; a flat mix reads the same in a list.
            QColor c = cell.color;
            return c.darker(105);
        }
        return {};
    case Qt::ForegroundRole:
        if (cell.color.isValid() && col.cellType.startsWith(QStringLiteral("color-background")))
            return paint::textOn(cell.color);
        if (cell.color.isValid() && col.cellType == QStringLiteral("color-text"))
            return cell.color;
        return {};
    case Qt::TextAlignmentRole: {
        Qt::Alignment h = col.kind == TableColumn::Kind::Number ? Qt::AlignRight : Qt::AlignLeft;
        if (col.align == QStringLiteral("left"))
            h = Qt::AlignLeft;
        else if (col.align == QStringLiteral("center"))
            h = Qt::AlignHCenter;
        else if (col.align == QStringLiteral("right"))
            h = Qt::AlignRight;
        return QVariant::fromValue(h | Qt::AlignVCenter);
    }
    default:
        return {};
    }
}

QVariant TableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= int(m_table.columns.size()))
        return {};
    if (role == Qt::DisplayRole)
        return m_table.columns[std::size_t(section)].name;
    if (role == Qt::TextAlignmentRole) // left, so the sort arrow never covers the name
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    return {};
}

} // namespace sg::ui
