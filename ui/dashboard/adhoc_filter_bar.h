#pragma once

#include "core/labels/selector_edit.h"
#include "core/services/query_client.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QHBoxLayout;
class QToolButton;

namespace sg::ui {

class VariableRefresher;

/// An ad hoc filter variable in the variable bar, as Grafana shows it: each filter as a chip ("job = api", with a
/// button to remove it) and "+" to add one with a key, an operator and a value. Keys and values are offered from the
/// variable's datasource (label names, then the chosen label's values, through the query client); both pickers also
/// take typed text.
class AdhocFilterBar : public QWidget
{
    Q_OBJECT
public:
    AdhocFilterBar(const QString& name, std::vector<LabelFilter> filters, services::QueryLanguage language,
        VariableRefresher* refresher, QWidget* parent = nullptr);

    QToolButton* addButton() const { return m_add; }
    QComboBox* keyPicker() const { return m_key; }
    QComboBox* operatorPicker() const { return m_operator; }
    QComboBox* valuePicker() const { return m_value; }
    /// Adds the filter the pickers hold.
    QToolButton* applyButton() const { return m_apply; }
    /// The remove button of filter `index`.
    QToolButton* removeButton(int index) const;

private:
    void showEditor(bool shown);
    void loadValues(const QString& key);
    void commit(std::vector<LabelFilter> filters);

    QString m_name;
    std::vector<LabelFilter> m_filters;
    services::QueryLanguage m_language;
    VariableRefresher* m_refresher = nullptr;
    QToolButton* m_add = nullptr;
    QComboBox* m_key = nullptr;
    QComboBox* m_operator = nullptr;
    QComboBox* m_value = nullptr;
    QToolButton* m_apply = nullptr;
    std::vector<QToolButton*> m_remove;
};

} // namespace sg::ui
