#pragma once

#include "table_model.h"
#include "ui/panels/panel_plugin.h"

#include <QJsonArray>
#include <QJsonObject>

class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace sg::ui {

/// Grafana's table panel: a sortable QTableView over TableModel, cells coloured by `custom.cellOptions`, and a
/// series selector for range results.
class TableView : public PanelView
{
    Q_OBJECT
public:
    explicit TableView(QWidget* parent = nullptr);

    void setPanel(const dashboards::Panel& panel) override;
    void setData(const query::PanelData& data) override;
    void setTimeZone(const QString& tz) override;
    QString summary() const override;
    int seriesCount() const override { return int(m_data.series.size()); }

    TableModel* model() const { return m_model; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    QTableView* tableView() const { return m_table; }
    /// The series selector shown for range results with several series.
    QComboBox* selector() const { return m_selector; }

private:
    void rebuild();
    void applySortBy();
    void cellClicked(const QModelIndex& proxyIndex);

    QJsonObject m_options;
    QJsonObject m_fieldConfig;
    QJsonArray m_transformations;
    query::PanelData m_data;
    int m_frameIndex = 0;
    bool m_sortApplied = false; ///< options.sortBy applied to the current panel's first non-empty table
    TableModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QComboBox* m_selector = nullptr;
    QLabel* m_empty = nullptr;
};

} // namespace sg::ui
