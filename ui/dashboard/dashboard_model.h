#pragma once

#include "core/dashboards/dashboard.h"
#include "core/labels/selector_edit.h"

#include <QObject>
#include <QUndoStack>

namespace sg::ui {

/// The open dashboard: the only copy of its JSON, with undo/redo. Widgets never keep their own copy: they read
/// from here and change it through the edit methods, each one an undoable step. Lives on the UI thread.
class DashboardModel : public QObject
{
    Q_OBJECT
public:
    explicit DashboardModel(QObject* parent = nullptr);

    /// Replaces the dashboard (a file opened or imported): clears the undo history, marks it clean.
    void load(dashboards::Dashboard dashboard, QString filePath = {});
    const dashboards::Dashboard& dashboard() const { return m_dashboard; }
    /// Where Ctrl+S writes (a dashboard file); empty for a new, unsaved dashboard.
    const QString& filePath() const { return m_filePath; }
    void setFilePath(const QString& path) { m_filePath = path; }

    QUndoStack* undoStack() { return &m_undo; }
    /// True when the dashboard differs from what was loaded or last saved.
    bool isDirty() const { return !m_undo.isClean(); }
    void markSaved() { m_undo.setClean(); }

    /// Replaces panel `id`'s JSON (an edit in the panel editor, Inspect's JSON tab, ...).
    void setPanel(int id, const dashboards::Panel& panel, const QString& what = {});
    int addPanel(const dashboards::Panel& panel);
    int duplicatePanel(int id);
    void removePanel(int id);
    void movePanel(int id, const dashboards::GridPos& pos);
    void toggleRow(int id);
    void setTitle(const QString& title);
    /// Any other change: the whole dashboard after it (settings, JSON model edits).
    void replace(const dashboards::Dashboard& dashboard, const QString& what);

    /// View state that is saved but not undone, as in Grafana: a variable's current selection and options.
    void setVariableState(const QString& name, const QJsonObject& current, const QJsonArray& options);
    /// An ad hoc variable's filters (view state, saved with the dashboard, not an undo step).
    void setAdhocFilters(const QString& name, const std::vector<LabelFilter>& filters);

Q_SIGNALS:
    /// The dashboard changed (an edit, undo or redo): views rebuild from dashboard().
    void changed();
    /// Only grid positions changed (a move or resize): views move their panels without running them again.
    void layoutChanged();
    /// Only panel `id`'s JSON changed.
    void panelChanged(int id);
    /// A variable's value changed: panels that use it re-run.
    void variableChanged(const QString& name);
    void dirtyChanged(bool dirty);
    void loaded();

private:
    friend class SnapshotCommand;
    void apply(const dashboards::Dashboard& d, int onlyPanel);
    void push(dashboards::Dashboard after, const QString& what, int onlyPanel = 0, int mergeId = -1);

    dashboards::Dashboard m_dashboard;
    QString m_filePath;
    QUndoStack m_undo;
};

} // namespace sg::ui
