#pragma once

#include "core/common/result.h"
#include "core/dashboards/dashboard.h"
#include "core/dashboards/datasources.h"
#include "core/langsvc/language_service.h"

#include <QFrame>

#include <memory>
#include <functional>
#include <utility>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;
class QVBoxLayout;

namespace sg::ui {
class QueryEditor;
}

namespace sg::services {
class QueryClient;
}

namespace sg::ui::editor {

/// The uid Grafana gives a panel whose targets each name their own datasource.
inline constexpr char16_t MixedUid[] = u"-- Mixed --";

/// The refId Grafana gives a new query: the first letter A..Z not used yet, then AA, AB, ...
QString nextRefId(const std::vector<dashboards::Target>& targets);

/// One query of the panel (a target): datasource, query text, legend, range/instant, min interval, hide.
/// Every change is written to the target at once; the preview re-runs for all but the query text, which runs on
/// Ctrl+Enter or when the editor loses focus, as in Grafana.
class QueryRow : public QFrame
{
    Q_OBJECT
public:
    QueryRow(const dashboards::Target& target, const dashboards::DatasourceRegistry& registry,
        const dashboards::DatasourceInfo* effective, QWidget* parent = nullptr);

    /// The target's JSON with this row's values.
    dashboards::Target target() const;
    QString refId() const;
    void setRefId(const QString& refId);
    /// Shows the datasource the row runs against (Loki rows get Loki's query types).
    void setEffectiveDatasource(const dashboards::DatasourceInfo* info);

    QueryEditor* editor() const { return m_editor; }
    QComboBox* datasourcePicker() const { return m_datasource; }
    QComboBox* queryTypePicker() const { return m_queryType; }
    QLineEdit* legendField() const { return m_legend; }
    QLineEdit* intervalField() const { return m_interval; }
    QToolButton* hideButton() const { return m_hide; }

Q_SIGNALS:
    /// A value of the row changed; `rerun`: the preview should run the queries again.
    void changed(bool rerun);
    void runRequested();
    void duplicateRequested(sg::ui::editor::QueryRow* row);
    void removeRequested(sg::ui::editor::QueryRow* row);
    void moveRequested(sg::ui::editor::QueryRow* row, int delta);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void fillQueryTypes();
    QToolButton* addTool(const QString& text, const QString& tip, const QString& name);

    QJsonObject m_json;
    bool m_loki = false;
    QString m_committedText;
    QLabel* m_refId = nullptr;
    QComboBox* m_datasource = nullptr;
    QComboBox* m_queryType = nullptr;
    QueryEditor* m_editor = nullptr;
    QLineEdit* m_legend = nullptr;
    QLineEdit* m_interval = nullptr;
    QToolButton* m_hide = nullptr;
};

/// The query rows of a panel (A, B, ...) with the panel's datasource picker ("-- Mixed --" lets each row name its
/// own) and add / duplicate / remove / move.
class QueryRowsEditor : public QWidget
{
    Q_OBJECT
public:
    QueryRowsEditor(const dashboards::DatasourceRegistry& registry, QWidget* parent = nullptr);

    /// Rebuilds the rows from `panel`'s targets; `dashboard` resolves datasource variables.
    void setPanel(const dashboards::Panel& panel, const dashboards::Dashboard& dashboard);
    /// Writes the rows (targets) and the panel datasource into `panel`.
    void writeTo(dashboards::Panel& panel) const;

    int rowCount() const { return int(m_rows.size()); }
    QueryRow* row(int index) const { return m_rows.at(std::size_t(index)); }
    QueryRow* rowByRefId(const QString& refId) const;
    QComboBox* panelDatasourcePicker() const { return m_panelDatasource; }
    QToolButton* addButton() const { return m_add; }

    /// Where the rows' editors complete metric names, labels and values from (every row, also those added later).
    void setCompletionData(std::shared_ptr<langsvc::CompletionData> data);
    /// The completion data of a datasource (by uid): each row gets that of the datasource it runs against, again
    /// whenever its own or the panel's datasource changes (a remote one completes from the remote). Replaces
    /// setCompletionData.
    using CompletionSource = std::function<std::shared_ptr<langsvc::CompletionData>(const QString& datasourceUid)>;
    void setCompletionSource(CompletionSource source);

    /// Gives each row's editor an Explain pane evaluated through `client` over `range()` (from, to in ms).
    void setExplainClient(const services::QueryClient* client, std::function<std::pair<qint64, qint64>()> range);

    void addQuery();
    void duplicateQuery(int index);
    void removeQuery(int index);
    void moveQuery(int index, int delta);
    void clearErrors();

Q_SIGNALS:
    void changed(bool rerun);
    void runRequested();

private:
    QueryRow* createRow(const dashboards::Target& target, int index);
    void relayoutRows();
    dashboards::DatasourceRef panelRef() const;
    const dashboards::DatasourceInfo* effectiveFor(const dashboards::Target& target) const;
    void onPanelDatasourceChanged();
    void onRowDatasourceChanged(QueryRow* row);
    void applyDatasource(QueryRow* row);

    const dashboards::DatasourceRegistry& m_registry;
    dashboards::Dashboard m_dashboard;
    dashboards::DatasourceRef m_panelRefExtra; ///< a panel datasource not in the registry (a variable), kept
    QComboBox* m_panelDatasource = nullptr;
    QVBoxLayout* m_rowsLayout = nullptr;
    QToolButton* m_add = nullptr;
    std::vector<QueryRow*> m_rows;
    std::shared_ptr<langsvc::CompletionData> m_completionData;
    CompletionSource m_completionSource;
    const services::QueryClient* m_explainClient = nullptr;
    std::function<std::pair<qint64, qint64>()> m_explainRange;
};

/// Fills a datasource combo: the registry's datasources (data: uid, type), `extra` when set and not listed, and
/// "-- Mixed --" when `withMixed`. Selects `current`.
void fillDatasourceCombo(QComboBox* combo, const dashboards::DatasourceRegistry& registry,
    const dashboards::DatasourceRef& current, bool withMixed);
/// The reference the combo's current entry stands for.
dashboards::DatasourceRef datasourceOfCombo(const QComboBox* combo);

} // namespace sg::ui::editor
