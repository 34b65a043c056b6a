#pragma once

#include "core/dashboards/dashboard_store.h"

#include <QWidget>

class QLineEdit;
class QTableWidget;
class QPushButton;

namespace sg::ui {

/// The dashboards list: search by title or tag, open, new, duplicate, rename, delete (undone from the status
/// line), star. Reads and writes the dashboard files through a DashboardStore.
class DashboardsPage : public QWidget
{
    Q_OBJECT
public:
    DashboardsPage(dashboards::DashboardStore* store, QWidget* parent = nullptr);

    QLineEdit* searchBox() const { return m_search; }
    QTableWidget* table() const { return m_table; }
    /// The uid of the selected row, or empty.
    QString selectedUid() const;
    void selectUid(const QString& uid);

public Q_SLOTS:
    void reload();
    void duplicateSelected();
    void renameSelected(const QString& title);
    void deleteSelected();
    void undoDelete();
    void toggleStarSelected();

Q_SIGNALS:
    void openRequested(const QString& uid);
    void newRequested();
    void importRequested();
    /// A line for the status bar ("Deleted X", errors).
    void message(const QString& text);
    /// A dashboard's file was renamed, deleted or restored here (the window updates the open copy).
    void renamed(const QString& uid, const QString& title);
    void deleted(const QString& uid);
    void restored(const QString& uid);

private:
    dashboards::DashboardStore* m_store = nullptr;
    QLineEdit* m_search = nullptr;
    QTableWidget* m_table = nullptr;
    QString m_lastDeleted;
};

} // namespace sg::ui
