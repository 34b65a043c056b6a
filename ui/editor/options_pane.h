#pragma once

#include "core/dashboards/dashboard.h"
#include "ui/panels/panel_plugin.h"

#include <QHash>
#include <QWidget>

#include <vector>

class QLineEdit;
class QTabWidget;
class QVBoxLayout;

namespace sg::ui::editor {

class OverridesEditor;

/// The options every panel type has besides its plugin's: panel options (title, description, transparent, links),
/// query options, repeat options, and for panels with data the standard field options, thresholds and value
/// mappings. `plugin` may be null (an unknown type). A plugin's own descriptor of a standard path wins (its
/// default).
std::vector<OptionDescriptor> editorOptions(const PanelPlugin* plugin, const QStringList& variableNames);

/// The options pane: the options of the panel's type grouped by category, each with the editor for its kind, a
/// search box filtering them by name, and the field overrides on a second tab. Edits are reported by path; the
/// editor dialog writes them into its working copy.
class OptionsPane : public QWidget
{
    Q_OBJECT
public:
    explicit OptionsPane(QWidget* parent = nullptr);

    /// Rebuilds the editors for `panel` (after a visualization change, or at start).
    void setPanel(const dashboards::Panel& panel, const PanelPlugin* plugin, const QStringList& variableNames);

    QLineEdit* searchField() const { return m_search; }
    /// Shows only the options whose name (or description, or category) contains `text`.
    void setFilter(const QString& text);
    /// The editor widget of the option at `path`, or nullptr.
    QWidget* editorFor(const QString& path) const { return m_editors.value(path); }
    /// Names of the options currently shown (search applied).
    QStringList visibleOptionNames() const;
    QStringList categories() const;
    OverridesEditor* overridesEditor() const { return m_overrides; }
    QTabWidget* tabs() const { return m_tabs; }

Q_SIGNALS:
    /// An option was edited: the new value at `path` (null: remove the key).
    void valueChanged(const QString& path, const QJsonValue& value);

private:
    struct Section
    {
        QString category;
        QWidget* header = nullptr;
        QWidget* body = nullptr;
        std::vector<std::pair<QWidget*, OptionDescriptor>> rows;
    };
    QLineEdit* m_search = nullptr;
    QTabWidget* m_tabs = nullptr;
    QWidget* m_content = nullptr;
    QVBoxLayout* m_contentLayout = nullptr;
    QWidget* m_overridesHost = nullptr;
    OverridesEditor* m_overrides = nullptr;
    std::vector<Section> m_sections;
    QHash<QString, QWidget*> m_editors;
};

} // namespace sg::ui::editor
