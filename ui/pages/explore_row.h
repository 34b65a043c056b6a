#pragma once

#include "core/dashboards/datasources.h"
#include "core/dashboards/explore_state.h"
#include "core/services/query_client.h"

#include <QFrame>

class QComboBox;
class QLabel;
class QToolButton;

namespace sg::ui {

class QueryEditor;

/// One query row of an Explore pane, as in Grafana: refId, datasource (PromQL for Prometheus ones, LogQL for Loki
/// ones), Range/Instant, Graph/Table, hide, duplicate, remove, "Add to dashboard", and the query editor.
class ExploreRow : public QFrame
{
    Q_OBJECT
public:
    ExploreRow(const dashboards::DatasourceRegistry& registry, QWidget* parent = nullptr);

    dashboards::ExploreQuery query() const;
    /// Shows `query` (its datasource is added to the picker when the registry does not know it).
    void setQuery(const dashboards::ExploreQuery& query);
    QString refId() const;
    void setRefId(const QString& refId);
    /// Fills the datasource picker again from the registry (it gained remote ones), keeping the selection.
    void reloadDatasources();
    /// Selects the registry's default datasource of `type` ("prometheus", "loki").
    void setDatasourceType(const QString& type);
    /// Selects the registry's datasource `uid`; false (nothing changed) when the registry does not know it.
    bool setDatasourceUid(const QString& uid);

    /// The row's datasource is a Loki one (its editor speaks LogQL).
    bool isLoki() const;
    /// A Loki row whose text is not a metric query (one that does not parse counts as a log query, so that its
    /// error shows over the log lines).
    bool isLogQuery() const;
    bool isHidden() const;
    /// A log query row whose lines become markers on the pane's graph ("Show as annotations") instead of log lines.
    bool showsAsAnnotations() const;
    bool isInstant() const;
    /// Shown in the pane's table: instant queries and those set to Table.
    bool showsAsTable() const;
    /// The request of a metric run: language, kind and `datasourceUid` (set for datasources other than the embedded
    /// ones); the caller fills the range and step.
    services::QueryRequest request() const;

    QueryEditor* editor() const { return m_editor; }
    QComboBox* datasourcePicker() const { return m_datasource; }
    QComboBox* typePicker() const { return m_type; }
    QComboBox* formatPicker() const { return m_format; }
    QToolButton* hideButton() const { return m_hide; }
    QToolButton* duplicateButton() const { return m_duplicate; }
    QToolButton* removeButton() const { return m_remove; }
    QToolButton* addToDashboardButton() const { return m_addToDashboard; }
    QToolButton* annotationsButton() const { return m_annotations; }

Q_SIGNALS:
    void runRequested();
    void changed();
    void duplicateRequested(sg::ui::ExploreRow* row);
    void removeRequested(sg::ui::ExploreRow* row);
    void addToDashboardRequested(sg::ui::ExploreRow* row);

private:
    void onDatasourceChanged();
    void updatePickers();
    QToolButton* addTool(const QString& text, const QString& tip, const QString& name);

    const dashboards::DatasourceRegistry& m_registry;
    QLabel* m_refId = nullptr;
    QComboBox* m_datasource = nullptr;
    QComboBox* m_type = nullptr;
    QComboBox* m_format = nullptr;
    QToolButton* m_hide = nullptr;
    QToolButton* m_duplicate = nullptr;
    QToolButton* m_remove = nullptr;
    QToolButton* m_addToDashboard = nullptr;
    QToolButton* m_annotations = nullptr;
    QueryEditor* m_editor = nullptr;
};

} // namespace sg::ui
