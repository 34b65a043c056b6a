#pragma once

#include "core/query/frame.h"

#include <QStringList>
#include <QWidget>

class QLineEdit;
class QListWidget;
class QListWidgetItem;

namespace sg::ui::editor {

/// Panel types that suit `data`, best first, as Grafana's suggestions rank them: log rows → logs (then table);
/// series with an `le` label → heatmap; one series → stat, gauge; several → time series, bar gauge, table; no
/// numbers at all → table. Only registered types are returned.
QStringList suggestVisualizations(const query::PanelData& data);

/// The visualization picker: every registered panel type by name (filtered by a search field) and the
/// suggestions for the preview's data. A click asks for the type.
class VisualizationPicker : public QWidget
{
    Q_OBJECT
public:
    explicit VisualizationPicker(QWidget* parent = nullptr);

    void setCurrent(const QString& pluginId);
    void setSuggestions(const QStringList& pluginIds);
    QStringList suggestions() const;

    QLineEdit* searchField() const { return m_search; }
    QListWidget* allList() const { return m_all; }
    QListWidget* suggestionList() const { return m_suggested; }
    /// The item of `pluginId` in the full list, or nullptr.
    QListWidgetItem* itemFor(const QString& pluginId) const;

Q_SIGNALS:
    void typeChosen(const QString& pluginId);

private:
    QLineEdit* m_search = nullptr;
    QListWidget* m_all = nullptr;
    QListWidget* m_suggested = nullptr;
};

} // namespace sg::ui::editor
