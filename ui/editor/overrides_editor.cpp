#include "overrides_editor.h"

#include "json_path.h"
#include "option_editors.h"

#include <QComboBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui::editor {

struct OverridesEditor::Card
{
    struct Property
    {
        QWidget* widget = nullptr;
        QComboBox* id = nullptr;
        JsonValueEdit* value = nullptr;
    };
    QFrame* frame = nullptr;
    QComboBox* matcher = nullptr;
    QLineEdit* option = nullptr;
    QVBoxLayout* properties = nullptr;
    std::vector<Property> props;
    QJsonObject json;
};

QStringList OverridesEditor::knownPropertyIds()
{
    return { u"unit"_s, u"decimals"_s, u"min"_s, u"max"_s, u"displayName"_s, u"noValue"_s, u"color"_s,
        u"thresholds"_s, u"mappings"_s, u"links"_s, u"custom.lineWidth"_s, u"custom.fillOpacity"_s,
        u"custom.drawStyle"_s, u"custom.axisPlacement"_s, u"custom.hideFrom"_s, u"custom.width"_s,
        u"custom.align"_s };
}

OverridesEditor::OverridesEditor(const QJsonArray& overrides, QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"overridesEditor"_s);
    m_list = new QVBoxLayout;
    m_list->setContentsMargins(0, 0, 0, 0);
    m_list->setSpacing(8);
    auto* add = new QToolButton(this);
    add->setObjectName(u"addOverride"_s);
    add->setText(tr("+ Add field override"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(m_list);
    layout->addWidget(add, 0, Qt::AlignLeft);
    layout->addStretch(1);
    for (const QJsonValue& v : overrides)
        addCard(v.toObject());
    connect(add, &QToolButton::clicked, this, [this] { addOverride(); });
}

void OverridesEditor::addOverride(const QString& matcherId, const QString& option)
{
    addCard(QJsonObject { { u"matcher"_s, QJsonObject { { u"id"_s, matcherId }, { u"options"_s, option } } },
        { u"properties"_s, QJsonArray {} } });
    emitChanged();
}

void OverridesEditor::addCard(const QJsonObject& json)
{
    auto card = std::make_shared<Card>();
    card->json = json;
    card->frame = new QFrame(this);
    card->frame->setObjectName(u"overrideCard"_s);
    card->frame->setFrameShape(QFrame::StyledPanel);
    card->matcher = new QComboBox(card->frame);
    card->matcher->setObjectName(u"overrideMatcher"_s);
    const std::pair<QString, QString> matchers[] = { { u"byName"_s, tr("Fields with name") },
        { u"byRegexp"_s, tr("Fields with name matching regex") }, { u"byFrameRefID"_s, tr("Fields returned by query") },
        { u"byType"_s, tr("Fields with type") } };
    for (const auto& [id, name] : matchers)
        card->matcher->addItem(name, id);
    const QJsonObject matcher = json.value(u"matcher").toObject();
    const QString matcherId = matcher.value(u"id").toString();
    if (card->matcher->findData(matcherId) < 0)
        card->matcher->addItem(matcherId, matcherId);
    card->matcher->setCurrentIndex(card->matcher->findData(matcherId));
    card->option = new QLineEdit(matcher.value(u"options").toString(), card->frame);
    card->option->setObjectName(u"overrideOption"_s);
    card->option->setPlaceholderText(tr("field name, /regex/, refId or type (number, string, time)"));
    auto* remove = new QToolButton(card->frame);
    remove->setText(u"✕"_s);
    remove->setToolTip(tr("Remove override"));
    remove->setAutoRaise(true);
    auto* addProp = new QToolButton(card->frame);
    addProp->setObjectName(u"addOverrideProperty"_s);
    addProp->setText(tr("+ Add override property"));

    auto* head = new QHBoxLayout;
    head->addWidget(card->matcher);
    head->addWidget(card->option, 1);
    head->addWidget(remove);
    card->properties = new QVBoxLayout;
    card->properties->setContentsMargins(12, 0, 0, 0);
    auto* layout = new QVBoxLayout(card->frame);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(head);
    layout->addLayout(card->properties);
    layout->addWidget(addProp, 0, Qt::AlignLeft);
    m_list->addWidget(card->frame);
    m_cards.push_back(card);
    const int index = int(m_cards.size()) - 1;
    for (const QJsonValue& p : json.value(u"properties").toArray())
        addProperty(index, p.toObject().value(u"id").toString(), p.toObject().value(u"value"));

    Card* raw = card.get();
    connect(card->matcher, &QComboBox::currentIndexChanged, this, &OverridesEditor::emitChanged);
    connect(card->option, &QLineEdit::textEdited, this, &OverridesEditor::emitChanged);
    connect(addProp, &QToolButton::clicked, this, [this, raw] {
        for (std::size_t i = 0; i < m_cards.size(); ++i)
            if (m_cards[i].get() == raw) {
                addProperty(int(i));
                emitChanged();
            }
    });
    connect(remove, &QToolButton::clicked, this, [this, raw] {
        auto it = std::find_if(m_cards.begin(), m_cards.end(), [raw](const auto& c) { return c.get() == raw; });
        if (it == m_cards.end())
            return;
        (*it)->frame->hide();
        (*it)->frame->deleteLater();
        m_cards.erase(it);
        emitChanged();
    });
}

void OverridesEditor::addProperty(int index, const QString& id, const QJsonValue& value)
{
    if (index < 0 || index >= overrideCount())
        return;
    Card* card = m_cards[std::size_t(index)].get();
    Card::Property p;
    p.widget = new QWidget(card->frame);
    p.widget->setObjectName(u"overrideProperty"_s);
    p.id = new QComboBox(p.widget);
    p.id->setObjectName(u"overridePropertyId"_s);
    p.id->setEditable(true);
    p.id->addItems(knownPropertyIds());
    p.id->setCurrentText(id);
    p.value = new JsonValueEdit(value, p.widget);
    auto* remove = new QToolButton(p.widget);
    remove->setText(u"✕"_s);
    remove->setAutoRaise(true);
    remove->setToolTip(tr("Remove property"));
    auto* layout = new QHBoxLayout(p.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(p.id);
    layout->addWidget(p.value, 1);
    layout->addWidget(remove);
    card->properties->addWidget(p.widget);
    card->props.push_back(p);
    QWidget* key = p.widget;
    connect(p.id, &QComboBox::currentTextChanged, this, &OverridesEditor::emitChanged);
    connect(p.value, &JsonValueEdit::valueChanged, this, &OverridesEditor::emitChanged);
    connect(remove, &QToolButton::clicked, this, [this, card, key] {
        auto it = std::find_if(card->props.begin(), card->props.end(),
            [key](const Card::Property& q) { return q.widget == key; });
        if (it == card->props.end())
            return;
        key->hide();
        key->deleteLater();
        card->props.erase(it);
        emitChanged();
    });
}

QJsonArray OverridesEditor::overrides() const
{
    QJsonArray out;
    for (const auto& card : m_cards) {
        QJsonObject o = card->json;
        QJsonObject matcher { { u"id"_s, card->matcher->currentData().toString() } };
        if (!card->option->text().isEmpty())
            matcher.insert(u"options"_s, card->option->text());
        o.insert(u"matcher"_s, matcher);
        QJsonArray props;
        for (const auto& p : card->props) {
            QJsonObject prop { { u"id"_s, p.id->currentText().trimmed() } };
            QJsonValue v;
            const QString text = p.value->field()->text();
            if (!text.trimmed().isEmpty() && parseJsonValue(text, &v))
                prop.insert(u"value"_s, v);
            props.append(prop);
        }
        o.insert(u"properties"_s, props);
        out.append(o);
    }
    return out;
}

void OverridesEditor::emitChanged() { Q_EMIT overridesChanged(overrides()); }

} // namespace sg::ui::editor
