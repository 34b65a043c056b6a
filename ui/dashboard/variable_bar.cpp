#include "variable_bar.h"

#include "adhoc_filter_bar.h"
#include "dashboard_model.h"
#include "variable_refresher.h"

#include "core/dashboards/adhoc_filters.h"
#include "core/dashboards/panel_queries.h"
#include "core/templating/variable.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace sg::ui {

VariableBar::VariableBar(DashboardModel* model, VariableRefresher* refresher, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_refresher(refresher)
{
    setObjectName(u"variableBar"_s);
    m_layout = new QHBoxLayout(this);
    m_layout->setContentsMargins(8, 4, 8, 0);
    m_layout->setSpacing(6);
    connect(m_model, &DashboardModel::changed, this, &VariableBar::rebuild);
    connect(m_model, &DashboardModel::variableChanged, this, [this] {
        if (!m_building)
            rebuild();
    });
    connect(m_refresher, &VariableRefresher::variablesChanged, this, &VariableBar::rebuild);
    rebuild();
}

QWidget* VariableBar::picker(const QString& name) const { return findChild<QWidget*>(u"var-"_s + name); }

AdhocFilterBar* VariableBar::adhocBar(const QString& name) const
{
    // A rebuilt bar deletes its old widgets later: the one not yet scheduled for deletion is the current one.
    const auto bars = findChildren<AdhocFilterBar*>(u"adhoc-"_s + name);
    return bars.isEmpty() ? nullptr : bars.back();
}

void VariableBar::rebuild()
{
    m_building = true;
    while (QLayoutItem* item = m_layout->takeAt(0)) {
        if (item->widget())
            item->widget()->deleteLater();
        delete item;
    }
    const auto vars = m_model->dashboard().variables();
    const QList<templating::Variable> tvars = dashboards::templatingVariables(m_model->dashboard());
    int shown = 0;
    for (std::size_t i = 0; i < vars.size(); ++i) {
        const dashboards::Variable& v = vars[i];
        const templating::Variable& t = tvars[int(i)];
        if (v.hide() == 2 || v.type() == u"constant")
            continue;
        ++shown;
        if (v.hide() != 1) {
            auto* label = new QLabel(v.label().isEmpty() ? v.name() : v.label(), this);
            label->setObjectName(u"variableLabel"_s);
            m_layout->addWidget(label);
        }
        const QString name = v.name();
        if (v.type() == u"adhoc") {
            const dashboards::DatasourceInfo* ds
                = dashboards::resolveDatasource(v.datasource(), {}, m_model->dashboard(), m_refresher->datasources());
            const auto language = ds && ds->kind() == dashboards::DatasourceKind::Loki ? services::QueryLanguage::LogQL
                                                                                       : services::QueryLanguage::PromQL;
            m_layout->addWidget(new AdhocFilterBar(name, dashboards::adhocFilters(v), language, m_refresher, this));
            continue;
        }
        if (v.type() == u"textbox") {
            auto* edit = new QLineEdit(t.current.value(0), this);
            edit->setObjectName(u"var-"_s + name);
            connect(edit, &QLineEdit::editingFinished, this, [this, edit, name] { m_refresher->select(name, { edit->text() }); });
            m_layout->addWidget(edit);
            continue;
        }
        if (t.multi) {
            auto* button = new QToolButton(this);
            button->setObjectName(u"var-"_s + name);
            button->setPopupMode(QToolButton::InstantPopup);
            button->setText(t.hasAllValue() ? templating::AllVariableText.toString() : t.currentText.join(u" + "_s));
            auto* menu = new QMenu(button);
            auto addChoice = [&](const QString& text, const QString& value) {
                QAction* a = menu->addAction(text);
                a->setCheckable(true);
                a->setChecked(t.current.contains(value));
                a->setData(value);
            };
            if (t.includeAll)
                addChoice(templating::AllVariableText.toString(), templating::AllVariableValue.toString());
            for (const auto& o : t.options)
                addChoice(o.text, o.value);
            connect(menu, &QMenu::triggered, this, [this, menu, name](QAction* changed) {
                QStringList values;
                const bool all = changed->data().toString() == templating::AllVariableValue && changed->isChecked();
                for (QAction* a : menu->actions()) {
                    if (all && a != changed)
                        a->setChecked(false);
                    if (!all && a->data().toString() == templating::AllVariableValue && a != changed)
                        a->setChecked(false);
                    if (a->isChecked())
                        values << a->data().toString();
                }
                m_refresher->select(name, values);
            });
            button->setMenu(menu);
            m_layout->addWidget(button);
            continue;
        }
        auto* combo = new QComboBox(this);
        combo->setObjectName(u"var-"_s + name);
        if (t.includeAll)
            combo->addItem(templating::AllVariableText.toString(), templating::AllVariableValue.toString());
        for (const auto& o : t.options)
            combo->addItem(o.text, o.value);
        const int current = combo->findData(t.current.value(0));
        if (current >= 0)
            combo->setCurrentIndex(current);
        else if (!t.current.isEmpty()) {
            combo->addItem(t.currentText.value(0, t.current.value(0)), t.current.value(0));
            combo->setCurrentIndex(combo->count() - 1);
        }
        connect(combo, &QComboBox::activated, this, [this, combo, name](int index) {
            m_refresher->select(name, { combo->itemData(index).toString() });
        });
        m_layout->addWidget(combo);
    }
    m_layout->addStretch(1);
    setVisible(shown > 0);
    m_building = false;
}

} // namespace sg::ui
