#pragma once

#include "ui/panels/panel_plugin.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QWidget>

#include <functional>

class QButtonGroup;
class QLineEdit;
class QTreeWidget;
class QVBoxLayout;

namespace sg::ui::editor {

/// Writes an option's new value (null removes it) into the working copy.
using CommitFn = std::function<void(const QJsonValue&)>;

/// The editor widget of one option: a line edit, number field, check box, combo, unit picker, colour, thresholds
/// list, value mappings list or raw JSON, by the descriptor's kind. `current` is the value in the panel JSON
/// (undefined: the plugin default applies).
QWidget* createOptionEditor(const OptionDescriptor& option, const QJsonValue& current, CommitFn commit,
    QWidget* parent);

/// Grafana's unit picker: the catalogue by category with a search field; Enter on a text that names no unit sets
/// it as a custom unit (a suffix), as Grafana does.
class UnitPicker : public QWidget
{
    Q_OBJECT
public:
    explicit UnitPicker(const QString& unit, QWidget* parent = nullptr);
    QString unit() const { return m_unit; }
    void setUnit(const QString& unit);
    QLineEdit* searchField() const { return m_search; }
    QTreeWidget* tree() const { return m_tree; }
    /// Shows the units whose name, id or category contains `text` (categories expanded while searching).
    void filter(const QString& text);

Q_SIGNALS:
    void unitChanged(const QString& unit);

private:
    void choose(const QString& unit);
    QString m_unit;
    QLineEdit* m_search = nullptr;
    QTreeWidget* m_tree = nullptr;
};

/// A colour: a swatch that opens a colour dialog and the colour's text (a Grafana name or hex).
class ColorField : public QWidget
{
    Q_OBJECT
public:
    explicit ColorField(const QString& color, QWidget* parent = nullptr);
    QString color() const;
    void setColor(const QString& color);
    QLineEdit* textField() const { return m_text; }

Q_SIGNALS:
    void colorChanged(const QString& color);

private:
    void updateSwatch();
    QWidget* m_swatch = nullptr;
    QLineEdit* m_text = nullptr;
};

/// `fieldConfig.defaults.thresholds`: absolute / percentage, and steps (value and colour) with the base step
/// first; add and remove.
class ThresholdsEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ThresholdsEditor(const QJsonObject& thresholds, QWidget* parent = nullptr);
    QJsonObject thresholds() const;
    int stepCount() const { return int(m_steps.size()); }
    void addStep();
    void removeStep(int index);

Q_SIGNALS:
    void thresholdsChanged(const QJsonObject& thresholds);

private:
    struct Step
    {
        QWidget* row = nullptr;
        QLineEdit* value = nullptr; ///< nullptr for the base step
        ColorField* color = nullptr;
    };
    void rebuild(const QJsonObject& thresholds);
    void emitChanged();
    QWidget* m_percentage = nullptr;
    QVBoxLayout* m_list = nullptr;
    std::vector<Step> m_steps;
    QJsonObject m_json;
};

/// `fieldConfig.defaults.mappings`: one row per mapping (value, range, regex or special match → display text
/// and colour); add and remove.
class MappingsEditor : public QWidget
{
    Q_OBJECT
public:
    explicit MappingsEditor(const QJsonArray& mappings, QWidget* parent = nullptr);
    QJsonArray mappings() const;
    int rowCount() const { return int(m_rows.size()); }
    /// Adds a row of type "value", "range", "regex" or "special".
    void addRow(const QString& type = QStringLiteral("value"));

Q_SIGNALS:
    void mappingsChanged(const QJsonArray& mappings);

private:
    struct Row;
    void addRowFrom(const QString& type, const QJsonObject& match, const QJsonObject& result);
    void emitChanged();
    QVBoxLayout* m_list = nullptr;
    std::vector<std::shared_ptr<Row>> m_rows;
};

/// Panel links: title and URL per row; add and remove.
class LinksEditor : public QWidget
{
    Q_OBJECT
public:
    explicit LinksEditor(const QJsonArray& links, QWidget* parent = nullptr);
    QJsonArray links() const;
    int rowCount() const { return int(m_rows.size()); }
    void addRow(const QJsonObject& link = {});

Q_SIGNALS:
    void linksChanged(const QJsonArray& links);

private:
    struct Row
    {
        QWidget* widget = nullptr;
        QLineEdit* title = nullptr;
        QLineEdit* url = nullptr;
        QJsonObject json; ///< the other keys (targetBlank, ...), kept
    };
    QVBoxLayout* m_list = nullptr;
    std::vector<Row> m_rows;
};

/// Raw JSON of one option, applied while it parses; an invalid text gets a red border.
class JsonValueEdit : public QWidget
{
    Q_OBJECT
public:
    explicit JsonValueEdit(const QJsonValue& value, QWidget* parent = nullptr);
    QLineEdit* field() const { return m_field; }
    bool isValid() const { return m_valid; }

Q_SIGNALS:
    void valueChanged(const QJsonValue& value);

private:
    QLineEdit* m_field = nullptr;
    bool m_valid = true;
};

} // namespace sg::ui::editor
