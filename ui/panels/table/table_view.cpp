#include "table_view.h"

#include "ui/panels/common/panel_options.h"
#include "ui/panels/common/panel_paint.h"

#include "core/fieldconfig/colors.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

// Sorts nulls first ascending (as Grafana's table does) and compares numbers as numbers.
class TableSortProxy : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override
    {
        const QVariant a = left.data(TableModel::SortRole);
        const QVariant b = right.data(TableModel::SortRole);
        if (!a.isValid() || !b.isValid())
            return !a.isValid() && b.isValid();
        if (a.typeId() == QMetaType::QString || b.typeId() == QMetaType::QString)
            return QString::localeAwareCompare(a.toString(), b.toString()) < 0;
        return a.toDouble() < b.toDouble();
    }
};

// Paints a cell as Grafana's table does: the cell colour (color-background) across the cell, the text padded and
// elided, a weak line under each row. Style sheets would drop the model's BackgroundRole, so cells paint here.
class TableCellDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* p, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        p->save();
        const QVariant bg = index.data(Qt::BackgroundRole);
        if (bg.canConvert<QColor>() && bg.value<QColor>().isValid())
            p->fillRect(option.rect, bg.value<QColor>());
        else if (option.state & QStyle::State_MouseOver)
            p->fillRect(option.rect, QColor(204, 204, 220, 12));
        const QVariant fg = index.data(Qt::ForegroundRole);
        p->setPen(fg.canConvert<QColor>() && fg.value<QColor>().isValid() ? fg.value<QColor>() : paint::textPrimary());
        p->setFont(option.font);
        const QRect textRect = option.rect.adjusted(8, 0, -8, 0);
        const auto align = index.data(Qt::TextAlignmentRole).value<Qt::Alignment>();
        const QString text = option.fontMetrics.elidedText(index.data().toString(), Qt::ElideRight, textRect.width());
        p->drawText(textRect, int(align ? align : (Qt::AlignLeft | Qt::AlignVCenter)), text);
        p->setPen(paint::borderWeak());
        p->drawLine(option.rect.bottomLeft(), option.rect.bottomRight());
        p->restore();
    }
};

int rowHeightFor(const QString& cellHeight)
{
    if (cellHeight == u"md")
        return 42;
    if (cellHeight == u"lg")
        return 48;
    return 36;
}

} // namespace

TableView::TableView(QWidget* parent)
    : PanelView(parent)
    , m_model(new TableModel(this))
    , m_proxy(new TableSortProxy(this))
    , m_table(new QTableView(this))
    , m_selector(new QComboBox(this))
    , m_empty(new QLabel(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(TableModel::SortRole);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // data order until a header is clicked
    m_table->setShowGrid(false);
    m_table->setItemDelegate(new TableCellDelegate(m_table));
    m_table->setFocusPolicy(Qt::NoFocus);
    m_table->setMouseTracking(true);
    m_table->setAlternatingRowColors(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setFrameShape(QFrame::NoFrame);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Grafana's dark table: panel background, weak row borders, blue sortable headers.
    m_table->setStyleSheet(
        u"QTableView { background: #181b1f; color: rgb(204, 204, 220); border: 0;"
        " selection-background-color: rgba(204, 204, 220, 0.08); selection-color: rgb(204, 204, 220); }"
        "QHeaderView::section { background: #181b1f; color: #6e9fff; border: 0;"
        " border-bottom: 1px solid rgba(204, 204, 220, 0.12); padding: 4px 6px; font-weight: 500; }"
        "QTableCornerButton::section { background: #181b1f; border: 0; }"_s);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setStyleSheet(u"color: rgba(204, 204, 220, 0.65);"_s);
    m_empty->hide();
    m_selector->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_empty, 1);
    layout->addWidget(m_selector);

    connect(m_table, &QTableView::clicked, this, &TableView::cellClicked);
    connect(m_selector, &QComboBox::activated, this, [this](int index) {
        m_frameIndex = index;
        rebuild();
    });
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, paint::panelBackground());
    setPalette(pal);
}

void TableView::setPanel(const dashboards::Panel& panel)
{
    m_options = panel.options();
    m_transformations = panel.json().value(u"transformations").toArray();
    m_fieldConfig = paint::effectiveFieldConfig(panel, u"thresholds"_s);
    m_table->horizontalHeader()->setVisible(m_options.value(u"showHeader").toBool(true));
    m_table->verticalHeader()->setDefaultSectionSize(rowHeightFor(m_options.value(u"cellHeight").toString()));
    m_sortApplied = false;
    rebuild();
}

void TableView::setData(const query::PanelData& data)
{
    m_data = data;
    rebuild();
}

void TableView::setTimeZone(const QString& tz)
{
    PanelView::setTimeZone(tz);
    rebuild();
}

void TableView::rebuild()
{
    TableInput input { m_fieldConfig, m_transformations, m_options, m_timeZone };
    TableData t = buildTable(m_data.series, input, m_frameIndex);
    m_frameIndex = t.frameIndex;
    const QStringList names = t.frameNames;
    m_model->setTable(std::move(t));
    for (int c = 0; c < int(m_model->table().columns.size()); ++c) {
        const auto& col = m_model->table().columns[std::size_t(c)];
        m_table->setColumnHidden(c, col.hidden);
        if (col.width > 0)
            m_table->setColumnWidth(c, col.width);
        else if (m_model->rowCount() > 0) {
            m_table->resizeColumnToContents(c);
            m_table->setColumnWidth(c, std::max(80, m_table->columnWidth(c) + 16));
        }
    }
    m_selector->blockSignals(true);
    m_selector->clear();
    m_selector->addItems(names);
    m_selector->setCurrentIndex(m_frameIndex);
    m_selector->blockSignals(false);
    m_selector->setVisible(names.size() > 1);

    const bool empty = m_model->rowCount() == 0;
    if (empty) {
        const QString noValue = m_fieldConfig.value(u"defaults").toObject().value(u"noValue").toString();
        m_empty->setText(!m_data.error.isEmpty() ? m_data.error : noValue.isEmpty() ? u"No data"_s : noValue);
    }
    m_empty->setVisible(empty);
    m_table->setVisible(!empty);
    if (!m_sortApplied && !empty)
        applySortBy();
}

void TableView::applySortBy()
{
    // options.sortBy: [{displayName, desc}] is the initial sort.
    const QJsonArray sortBy = m_options.value(u"sortBy").toArray();
    m_sortApplied = true;
    if (sortBy.isEmpty())
        return;
    const QJsonObject first = sortBy.first().toObject();
    const QString name = first.value(u"displayName").toString();
    for (int c = 0; c < m_model->columnCount(); ++c)
        if (m_model->headerData(c, Qt::Horizontal).toString() == name) {
            m_table->sortByColumn(c, first.value(u"desc").toBool() ? Qt::DescendingOrder : Qt::AscendingOrder);
            return;
        }
}

QString TableView::summary() const
{
    const int rows = m_model->rowCount();
    QString s = rows == 1 ? u"1 row"_s : u"%1 rows"_s.arg(rows);
    if (m_selector->count() > 1)
        s += u" (series %1 of %2)"_s.arg(m_frameIndex + 1).arg(m_selector->count());
    return s;
}

void TableView::cellClicked(const QModelIndex& proxyIndex)
{
    // A cell offers its column's data links (defaults, or an override matching the column by name), with the row's
    // cells as `${__data.fields.<column>}`.
    const QModelIndex index = m_proxy->mapToSource(proxyIndex);
    const TableData& table = m_model->table();
    if (!index.isValid() || index.row() >= int(table.rows.size()) || index.column() >= int(table.columns.size()))
        return;
    const std::vector<TableCell>& row = table.rows[std::size_t(index.row())];
    const TableCell& cell = row[std::size_t(index.column())];
    query::SeriesFrame column;
    column.name = table.columns[std::size_t(index.column())].name;
    DataClick click;
    click.links = fieldconfig::fieldLinks(m_fieldConfig, column);
    click.origin.fieldName = column.name;
    if (cell.sortKey.typeId() == QMetaType::Double)
        click.origin.value = cell.sortKey.toDouble();
    else
        click.origin.rawText = cell.sortKey.toString();
    if (cell.sortKey.typeId() == QMetaType::LongLong)
        click.origin.timeMs = cell.sortKey.toLongLong();
    click.origin.valueText = cell.text;
    for (std::size_t c = 0; c < table.columns.size() && c < row.size(); ++c) {
        const QVariant& key = row[c].sortKey;
        click.origin.rowFields.emplace_back(table.columns[c].name,
            key.typeId() == QMetaType::Double ? fieldconfig::jsNumberToString(key.toDouble()) : key.toString());
    }
    click.globalPos = m_table->viewport()->mapToGlobal(m_table->visualRect(proxyIndex).center());
    Q_EMIT dataClicked(click);
}

} // namespace sg::ui
