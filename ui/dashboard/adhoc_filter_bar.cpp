#include "adhoc_filter_bar.h"

#include "variable_refresher.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace sg::ui {

AdhocFilterBar::AdhocFilterBar(const QString& name, std::vector<LabelFilter> filters,
    services::QueryLanguage language, VariableRefresher* refresher, QWidget* parent)
    : QWidget(parent)
    , m_name(name)
    , m_filters(std::move(filters))
    , m_language(language)
    , m_refresher(refresher)
{
    setObjectName(u"adhoc-"_s + name);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    for (std::size_t i = 0; i < m_filters.size(); ++i) {
        const LabelFilter& f = m_filters[i];
        auto* chip = new QLabel(u"%1 %2 %3"_s.arg(QString::fromStdString(f.name), QString::fromUtf8(matchTypeText(f.type)),
                                    QString::fromStdString(f.value)),
            this);
        chip->setObjectName(u"adhocFilter"_s);
        auto* remove = new QToolButton(this);
        remove->setObjectName(u"adhocRemove"_s);
        remove->setText(u"✕"_s);
        remove->setAutoRaise(true);
        remove->setToolTip(tr("Remove filter"));
        connect(remove, &QToolButton::clicked, this, [this, i] {
            std::vector<LabelFilter> rest = m_filters;
            rest.erase(rest.begin() + qsizetype(i));
            commit(std::move(rest));
        });
        m_remove.push_back(remove);
        layout->addWidget(chip);
        layout->addWidget(remove);
    }
    m_key = new QComboBox(this);
    m_key->setObjectName(u"adhocKey"_s);
    m_key->setEditable(true);
    m_key->setMinimumContentsLength(10);
    m_operator = new QComboBox(this);
    m_operator->setObjectName(u"adhocOperator"_s);
    for (MatchType t : { MatchType::Equal, MatchType::NotEqual, MatchType::Regex, MatchType::NotRegex })
        m_operator->addItem(QString::fromUtf8(matchTypeText(t)), int(t));
    m_value = new QComboBox(this);
    m_value->setObjectName(u"adhocValue"_s);
    m_value->setEditable(true);
    m_value->setMinimumContentsLength(10);
    m_apply = new QToolButton(this);
    m_apply->setObjectName(u"adhocApply"_s);
    m_apply->setText(tr("Add"));
    m_add = new QToolButton(this);
    m_add->setObjectName(u"adhocAdd"_s);
    m_add->setText(u"+"_s);
    m_add->setToolTip(tr("Add a filter"));
    for (QWidget* w : { static_cast<QWidget*>(m_key), static_cast<QWidget*>(m_operator),
             static_cast<QWidget*>(m_value), static_cast<QWidget*>(m_apply), static_cast<QWidget*>(m_add) })
        layout->addWidget(w);
    showEditor(false);

    connect(m_add, &QToolButton::clicked, this, [this] {
        showEditor(true);
        if (services::QueryClient* client = m_refresher->client()) {
            client->labelNames(m_language, this, [this](const QStringList& names) {
                const QString typed = m_key->currentText();
                m_key->clear();
                for (const QString& n : names)
                    if (!n.startsWith(u"__"))
                        m_key->addItem(n);
                m_key->setCurrentText(typed);
            });
        }
    });
    connect(m_key, &QComboBox::currentTextChanged, this, &AdhocFilterBar::loadValues);
    connect(m_apply, &QToolButton::clicked, this, [this] {
        LabelFilter f;
        f.name = m_key->currentText().trimmed().toStdString();
        f.type = MatchType(m_operator->currentData().toInt());
        f.value = m_value->currentText().toStdString();
        if (f.name.empty())
            return;
        std::vector<LabelFilter> more = m_filters;
        more.push_back(std::move(f));
        commit(std::move(more));
    });
}

QToolButton* AdhocFilterBar::removeButton(int index) const
{
    return index >= 0 && index < int(m_remove.size()) ? m_remove[std::size_t(index)] : nullptr;
}

void AdhocFilterBar::showEditor(bool shown)
{
    m_key->setVisible(shown);
    m_operator->setVisible(shown);
    m_value->setVisible(shown);
    m_apply->setVisible(shown);
    m_add->setVisible(!shown);
}

void AdhocFilterBar::loadValues(const QString& key)
{
    services::QueryClient* client = m_refresher->client();
    if (!client || key.trimmed().isEmpty())
        return;
    client->labelValues(m_language, key.trimmed(), this, [this, key](const QStringList& values) {
        if (m_key->currentText() != key)
            return; // another key was chosen meanwhile
        const QString typed = m_value->currentText();
        m_value->clear();
        m_value->addItems(values);
        m_value->setCurrentText(typed);
    });
}

void AdhocFilterBar::commit(std::vector<LabelFilter> filters)
{
    // The bar is rebuilt from the model after this; nothing here may be used afterwards.
    m_refresher->setFilters(m_name, filters);
}

} // namespace sg::ui
