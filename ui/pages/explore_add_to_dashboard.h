#pragma once

#include "core/dashboards/explore_state.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace sg::dashboards {
class DashboardStore;
}

namespace sg::ui {

/// Explore's "Add to dashboard": an existing dashboard of the store or a new one (titled in the dialog) gets a
/// panel for the query on top (a time series for a metric query, a table for an instant or table one, logs for a
/// log query), and is saved.
class AddToDashboardDialog : public QDialog
{
    Q_OBJECT
public:
    AddToDashboardDialog(dashboards::DashboardStore* store, QWidget* parent = nullptr);

    /// The query the dialog adds (the dashboards list is read again); `asAnnotation`: to the dashboard's
    /// `annotations.list` (a log row shown as annotations) instead of as a panel.
    void setQuery(const dashboards::ExploreQuery& query, bool isLogQuery, bool asAnnotation = false);

    QRadioButton* existingChoice() const { return m_existing; }
    QRadioButton* newChoice() const { return m_new; }
    QComboBox* dashboardPicker() const { return m_dashboards; }
    QLineEdit* titleField() const { return m_title; }
    QPushButton* addButton() const { return m_add; }
    QLabel* errorLabel() const { return m_error; }

    /// Adds the panel and saves; the saved dashboard's uid, or an error (also shown in the dialog).
    Result<QString> addToDashboard();

Q_SIGNALS:
    void dashboardSaved(const QString& uid, const QString& title);

private:
    dashboards::DashboardStore* m_store = nullptr;
    dashboards::ExploreQuery m_query;
    bool m_isLogQuery = false;
    bool m_asAnnotation = false;
    QRadioButton* m_existing = nullptr;
    QRadioButton* m_new = nullptr;
    QComboBox* m_dashboards = nullptr;
    QLineEdit* m_title = nullptr;
    QLabel* m_error = nullptr;
    QPushButton* m_add = nullptr;
};

} // namespace sg::ui
