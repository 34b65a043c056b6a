#pragma once

#include <QWidget>

class QHBoxLayout;

namespace sg::ui {

class AdhocFilterBar;
class DashboardModel;
class VariableRefresher;

/// The row of variable pickers above the grid: a label and a picker per visible variable (a list with All and
/// multi-selection, or a text box), rebuilt from the model; a choice goes through the refresher.
class VariableBar : public QWidget
{
    Q_OBJECT
public:
    VariableBar(DashboardModel* model, VariableRefresher* refresher, QWidget* parent = nullptr);
    /// The picker of variable `name` (a QComboBox, a QToolButton for multi-value, or a QLineEdit), for tests.
    QWidget* picker(const QString& name) const;
    /// The filters of ad hoc variable `name`, for tests.
    AdhocFilterBar* adhocBar(const QString& name) const;

public Q_SLOTS:
    void rebuild();

private:
    DashboardModel* m_model = nullptr;
    VariableRefresher* m_refresher = nullptr;
    QHBoxLayout* m_layout = nullptr;
    bool m_building = false;
};

} // namespace sg::ui
