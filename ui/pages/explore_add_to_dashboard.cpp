#include "explore_add_to_dashboard.h"

#include "explore_pane.h"

#include "core/dashboards/explore_annotation.h"

#include "core/dashboards/dashboard_store.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {

AddToDashboardDialog::AddToDashboardDialog(dashboards::DashboardStore* store, QWidget* parent)
    : QDialog(parent)
    , m_store(store)
{
    setObjectName(u"addToDashboardDialog"_s);
    setWindowTitle(tr("Add panel to dashboard"));
    m_existing = new QRadioButton(tr("Existing dashboard"), this);
    m_existing->setObjectName(u"addToExisting"_s);
    m_new = new QRadioButton(tr("New dashboard"), this);
    m_new->setObjectName(u"addToNew"_s);
    m_dashboards = new QComboBox(this);
    m_dashboards->setObjectName(u"addToDashboardPicker"_s);
    m_title = new QLineEdit(this);
    m_title->setObjectName(u"addToDashboardTitle"_s);
    m_title->setPlaceholderText(tr("New dashboard"));
    m_error = new QLabel(this);
    m_error->setObjectName(u"addToDashboardError"_s);
    m_error->setStyleSheet(u"color: #f2495c;"_s);
    m_error->hide();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_add = buttons->addButton(tr("Add panel"), QDialogButtonBox::AcceptRole);
    m_add->setObjectName(u"addToDashboardAdd"_s);

    auto* form = new QFormLayout;
    form->addRow(m_existing, m_dashboards);
    form->addRow(m_new, m_title);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    connect(m_existing, &QRadioButton::toggled, m_dashboards, &QWidget::setEnabled);
    connect(m_new, &QRadioButton::toggled, m_title, &QWidget::setEnabled);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_add, &QPushButton::clicked, this, [this] {
        if (addToDashboard().ok())
            accept();
    });
}

void AddToDashboardDialog::setQuery(const dashboards::ExploreQuery& query, bool isLogQuery, bool asAnnotation)
{
    m_query = query;
    m_isLogQuery = isLogQuery;
    m_asAnnotation = asAnnotation;
    m_error->hide();
    m_dashboards->clear();
    if (m_store)
        for (const dashboards::DashboardEntry& e : m_store->list())
            m_dashboards->addItem(e.title, e.uid);
    const bool any = m_dashboards->count() > 0;
    m_existing->setEnabled(any);
    (any ? m_existing : m_new)->setChecked(true);
    m_dashboards->setEnabled(any);
    m_title->setEnabled(!any);
    m_title->setText(tr("New dashboard"));
}

Result<QString> AddToDashboardDialog::addToDashboard()
{
    auto fail = [this](const QString& message) -> Result<QString> {
        m_error->setText(message);
        m_error->show();
        return Error { ErrorCode::Io, message.toStdString(), {} };
    };
    if (!m_store)
        return fail(tr("No dashboard library to save into"));
    dashboards::Dashboard dashboard;
    if (m_existing->isChecked()) {
        auto loaded = m_store->load(m_dashboards->currentData().toString());
        if (!loaded.ok())
            return fail(QString::fromStdString(loaded.error().message));
        dashboard = std::move(loaded.value());
    } else {
        dashboard.setTitle(m_title->text().trimmed().isEmpty() ? tr("New dashboard") : m_title->text().trimmed());
    }
    // A log row shown as annotations becomes an annotation query of the dashboard, not a panel.
    if (m_asAnnotation)
        dashboards::addExploreAnnotation(dashboard, m_query, ExplorePane::annotationColor(0));
    else
        dashboards::addExploreQuery(dashboard, m_query, m_isLogQuery);
    auto saved = m_store->save(dashboard);
    if (!saved.ok())
        return fail(QString::fromStdString(saved.error().message));
    Q_EMIT dashboardSaved(saved.value(), dashboard.title());
    return saved.value();
}

} // namespace sg::ui
