// The list editors of the options pane: thresholds and value mappings.
#include "option_editors.h"

#include "core/fieldconfig/colors.h"

#include <QComboBox>
#include <QDoubleValidator>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::ui::editor {

namespace {

QToolButton* removeButton(QWidget* parent, const QString& tip)
{
    auto* b = new QToolButton(parent);
    b->setText(u"✕"_s);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    b->setObjectName(u"removeEntry"_s);
    return b;
}

QLineEdit* numberField(const QString& text, const QString& placeholder, QWidget* parent)
{
    auto* edit = new QLineEdit(text, parent);
    edit->setPlaceholderText(placeholder);
    auto* v = new QDoubleValidator(edit);
    v->setLocale(QLocale::c());
    edit->setValidator(v);
    return edit;
}

QJsonValue numberOrNull(const QString& text)
{
    bool ok = false;
    const double v = text.trimmed().toDouble(&ok);
    if (!ok)
        return QJsonValue(QJsonValue::Null);
    if (v == std::floor(v) && std::abs(v) < 1e15)
        return QJsonValue(qint64(v));
    return v;
}

QString numberText(const QJsonValue& v)
{
    return v.isDouble() ? fieldconfig::jsNumberToString(v.toDouble()) : v.toString();
}

QToolButton* addButton(const QString& text, QWidget* parent)
{
    auto* b = new QToolButton(parent);
    b->setText(text);
    b->setObjectName(u"addEntry"_s);
    return b;
}

} // namespace

// --- ThresholdsEditor ---

ThresholdsEditor::ThresholdsEditor(const QJsonObject& thresholds, QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"thresholdsEditor"_s);
    auto* add = addButton(tr("+ Add threshold"), this);
    auto* absolute = new QRadioButton(tr("Absolute"), this);
    auto* percentage = new QRadioButton(tr("Percentage"), this);
    percentage->setObjectName(u"thresholdsPercentage"_s);
    m_percentage = percentage;
    percentage->setChecked(thresholds.value(u"mode") == u"percentage"_s);
    absolute->setChecked(!percentage->isChecked());
    m_list = new QVBoxLayout;
    m_list->setContentsMargins(0, 0, 0, 0);
    m_list->setSpacing(2);
    auto* modes = new QHBoxLayout;
    modes->addWidget(new QLabel(tr("Mode"), this));
    modes->addWidget(absolute);
    modes->addWidget(percentage);
    modes->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(add, 0, Qt::AlignLeft);
    layout->addLayout(m_list);
    layout->addLayout(modes);
    rebuild(thresholds);
    connect(add, &QToolButton::clicked, this, &ThresholdsEditor::addStep);
    connect(percentage, &QRadioButton::toggled, this, &ThresholdsEditor::emitChanged);
}

void ThresholdsEditor::rebuild(const QJsonObject& thresholds)
{
    for (Step& s : m_steps)
        delete s.row;
    m_steps.clear();
    QJsonArray steps = thresholds.value(u"steps").toArray();
    std::vector<QJsonObject> sorted;
    for (const QJsonValue& v : steps)
        sorted.push_back(v.toObject());
    // Base (null value) first, then by value; Grafana lists the highest first, we keep the JSON order: ascending.
    std::stable_sort(sorted.begin(), sorted.end(), [](const QJsonObject& a, const QJsonObject& b) {
        const bool aBase = !a.value(u"value").isDouble();
        const bool bBase = !b.value(u"value").isDouble();
        if (aBase != bBase)
            return aBase;
        return a.value(u"value").toDouble() < b.value(u"value").toDouble();
    });
    if (sorted.empty() || sorted.front().value(u"value").isDouble())
        sorted.insert(sorted.begin(), QJsonObject { { u"color"_s, u"green"_s }, { u"value"_s, QJsonValue() } });
    // Rows are shown highest first, as in Grafana; m_steps keeps ascending order.
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        Step s;
        s.row = new QWidget(this);
        auto* row = new QHBoxLayout(s.row);
        row->setContentsMargins(0, 0, 0, 0);
        s.color = new ColorField(sorted[i].value(u"color").toString(), s.row);
        s.color->setMaximumWidth(120);
        row->addWidget(s.color);
        if (i == 0) {
            row->addWidget(new QLabel(tr("Base"), s.row), 1);
        } else {
            s.value = numberField(numberText(sorted[i].value(u"value")), tr("value"), s.row);
            s.value->setObjectName(u"thresholdValue"_s);
            row->addWidget(s.value, 1);
            QToolButton* remove = removeButton(s.row, tr("Remove threshold"));
            row->addWidget(remove);
            QWidget* key = s.row;
            connect(remove, &QToolButton::clicked, this, [this, key] {
                for (std::size_t j = 0; j < m_steps.size(); ++j)
                    if (m_steps[j].row == key)
                        removeStep(int(j));
            });
            connect(s.value, &QLineEdit::textEdited, this, &ThresholdsEditor::emitChanged);
        }
        connect(s.color, &ColorField::colorChanged, this, &ThresholdsEditor::emitChanged);
        m_list->insertWidget(0, s.row);
        m_steps.push_back(s);
    }
}

QJsonObject ThresholdsEditor::thresholds() const
{
    QJsonArray steps;
    for (const Step& s : m_steps) {
        QJsonObject o { { u"color"_s, s.color->color() } };
        o.insert(u"value"_s, s.value ? numberOrNull(s.value->text()) : QJsonValue());
        steps.append(o);
    }
    return QJsonObject { { u"mode"_s,
                             static_cast<QRadioButton*>(m_percentage)->isChecked() ? u"percentage"_s : u"absolute"_s },
        { u"steps"_s, steps } };
}

void ThresholdsEditor::addStep()
{
    // Grafana adds 10 above the highest step, in the next palette colour.
    QJsonObject t = thresholds();
    QJsonArray steps = t.value(u"steps").toArray();
    double top = 0;
    for (const QJsonValue& v : steps)
        if (v.toObject().value(u"value").isDouble())
            top = std::max(top, v.toObject().value(u"value").toDouble());
    const QStringList& palette = fieldconfig::classicPalette();
    steps.append(QJsonObject {
        { u"color"_s, palette.at(qsizetype(steps.size()) % palette.size()) }, { u"value"_s, top + 10 } });
    t.insert(u"steps"_s, steps);
    rebuild(t);
    emitChanged();
}

void ThresholdsEditor::removeStep(int index)
{
    if (index <= 0 || index >= stepCount())
        return;
    QJsonObject t = thresholds();
    QJsonArray steps = t.value(u"steps").toArray();
    steps.removeAt(index);
    t.insert(u"steps"_s, steps);
    // The row holding the clicked button is deleted later, after its signal returns.
    for (Step& s : m_steps) {
        s.row->hide();
        s.row->deleteLater();
        s.row = nullptr;
    }
    m_steps.clear();
    rebuild(t);
    emitChanged();
}

void ThresholdsEditor::emitChanged() { Q_EMIT thresholdsChanged(thresholds()); }

// --- MappingsEditor ---

struct MappingsEditor::Row
{
    QWidget* widget = nullptr;
    QComboBox* type = nullptr;
    QLineEdit* value = nullptr;   ///< value: the value; regex: the pattern
    QLineEdit* from = nullptr;    ///< range
    QLineEdit* to = nullptr;
    QComboBox* special = nullptr; ///< special: null, nan, null+nan, true, false, empty
    QLineEdit* text = nullptr;
    ColorField* color = nullptr;

    void showFields()
    {
        const QString t = type->currentData().toString();
        value->setVisible(t == u"value" || t == u"regex");
        value->setPlaceholderText(t == u"regex" ? QObject::tr("/pattern/") : QObject::tr("value"));
        from->setVisible(t == u"range");
        to->setVisible(t == u"range");
        special->setVisible(t == u"special");
    }

    QJsonObject toJson(int index) const
    {
        QJsonObject result;
        if (!text->text().isEmpty())
            result.insert(u"text"_s, text->text());
        if (!color->color().isEmpty())
            result.insert(u"color"_s, color->color());
        result.insert(u"index"_s, index);
        const QString t = type->currentData().toString();
        QJsonObject options;
        if (t == u"value") {
            options.insert(value->text(), result);
        } else if (t == u"range") {
            options.insert(u"from"_s, numberOrNull(from->text()));
            options.insert(u"to"_s, numberOrNull(to->text()));
            options.insert(u"result"_s, result);
        } else if (t == u"regex") {
            options.insert(u"pattern"_s, value->text());
            options.insert(u"result"_s, result);
        } else {
            options.insert(u"match"_s, special->currentData().toString());
            options.insert(u"result"_s, result);
        }
        return QJsonObject { { u"type"_s, t }, { u"options"_s, options } };
    }
};

MappingsEditor::MappingsEditor(const QJsonArray& mappings, QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"mappingsEditor"_s);
    m_list = new QVBoxLayout;
    m_list->setContentsMargins(0, 0, 0, 0);
    m_list->setSpacing(2);
    auto* add = addButton(tr("+ Add value mapping"), this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_list);
    layout->addWidget(add, 0, Qt::AlignLeft);
    connect(add, &QToolButton::clicked, this, [this] {
        addRow();
        emitChanged();
    });
    // A value mapping with several values becomes one row per value, as in Grafana's editor.
    for (const QJsonValue& m : mappings) {
        const QJsonObject o = m.toObject();
        const QString type = o.value(u"type").toString();
        const QJsonObject options = o.value(u"options").toObject();
        if (type == u"value") {
            for (auto it = options.begin(); it != options.end(); ++it)
                addRowFrom(type, QJsonObject { { u"value"_s, it.key() } }, it.value().toObject());
        } else if (type == u"range" || type == u"regex" || type == u"special") {
            addRowFrom(type, options, options.value(u"result").toObject());
        }
    }
}

void MappingsEditor::addRow(const QString& type) { addRowFrom(type, {}, {}); }

void MappingsEditor::addRowFrom(const QString& type, const QJsonObject& match, const QJsonObject& result)
{
    auto row = std::make_shared<Row>();
    row->widget = new QWidget(this);
    row->widget->setObjectName(u"mappingRow"_s);
    row->type = new QComboBox(row->widget);
    row->type->setObjectName(u"mappingType"_s);
    row->type->addItem(tr("Value"), u"value"_s);
    row->type->addItem(tr("Range"), u"range"_s);
    row->type->addItem(tr("Regex"), u"regex"_s);
    row->type->addItem(tr("Special"), u"special"_s);
    row->type->setCurrentIndex(std::max(0, int(row->type->findData(type))));
    row->value = new QLineEdit(type == u"regex" ? match.value(u"pattern").toString() : match.value(u"value").toString(),
        row->widget);
    row->value->setObjectName(u"mappingValue"_s);
    row->from = numberField(numberText(match.value(u"from")), tr("from"), row->widget);
    row->to = numberField(numberText(match.value(u"to")), tr("to"), row->widget);
    row->special = new QComboBox(row->widget);
    const std::pair<QString, QString> specials[] = { { u"null"_s, tr("Null") }, { u"nan"_s, tr("NaN") },
        { u"null+nan"_s, tr("Null + NaN") }, { u"true"_s, tr("True") }, { u"false"_s, tr("False") },
        { u"empty"_s, tr("Empty") } };
    for (const auto& [id, name] : specials)
        row->special->addItem(name, id);
    row->special->setCurrentIndex(std::max(0, int(row->special->findData(match.value(u"match").toString()))));
    row->text = new QLineEdit(result.value(u"text").toString(), row->widget);
    row->text->setObjectName(u"mappingText"_s);
    row->text->setPlaceholderText(tr("display text"));
    row->color = new ColorField(result.value(u"color").toString(), row->widget);
    row->color->setMaximumWidth(110);
    QToolButton* remove = removeButton(row->widget, tr("Remove mapping"));

    auto* layout = new QHBoxLayout(row->widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(3);
    layout->addWidget(row->type);
    layout->addWidget(row->value, 1);
    layout->addWidget(row->from, 1);
    layout->addWidget(row->to, 1);
    layout->addWidget(row->special, 1);
    layout->addWidget(new QLabel(u"→"_s, row->widget));
    layout->addWidget(row->text, 1);
    layout->addWidget(row->color);
    layout->addWidget(remove);
    row->showFields();
    m_list->addWidget(row->widget);
    m_rows.push_back(row);

    Row* raw = row.get();
    connect(row->type, &QComboBox::currentIndexChanged, this, [this, raw] {
        raw->showFields();
        emitChanged();
    });
    for (QLineEdit* e : { row->value, row->from, row->to, row->text })
        connect(e, &QLineEdit::textEdited, this, &MappingsEditor::emitChanged);
    connect(row->special, &QComboBox::currentIndexChanged, this, &MappingsEditor::emitChanged);
    connect(row->color, &ColorField::colorChanged, this, &MappingsEditor::emitChanged);
    connect(remove, &QToolButton::clicked, this, [this, raw] {
        auto it = std::find_if(m_rows.begin(), m_rows.end(), [raw](const auto& r) { return r.get() == raw; });
        if (it == m_rows.end())
            return;
        (*it)->widget->hide();
        (*it)->widget->deleteLater();
        m_rows.erase(it);
        emitChanged();
    });
}

QJsonArray MappingsEditor::mappings() const
{
    QJsonArray out;
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        out.append(m_rows[i]->toJson(int(i)));
    return out;
}

void MappingsEditor::emitChanged() { Q_EMIT mappingsChanged(mappings()); }

} // namespace sg::ui::editor

namespace sg::ui::editor {

// --- LinksEditor ---

LinksEditor::LinksEditor(const QJsonArray& links, QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"linksEditor"_s);
    m_list = new QVBoxLayout;
    m_list->setContentsMargins(0, 0, 0, 0);
    m_list->setSpacing(2);
    auto* add = addButton(tr("+ Add link"), this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_list);
    layout->addWidget(add, 0, Qt::AlignLeft);
    for (const QJsonValue& v : links)
        addRow(v.toObject());
    connect(add, &QToolButton::clicked, this, [this] {
        addRow();
        Q_EMIT linksChanged(this->links());
    });
}

void LinksEditor::addRow(const QJsonObject& link)
{
    Row row;
    row.json = link;
    row.widget = new QWidget(this);
    row.title = new QLineEdit(link.value(u"title").toString(), row.widget);
    row.title->setPlaceholderText(tr("Title"));
    row.url = new QLineEdit(link.value(u"url").toString(), row.widget);
    row.url->setPlaceholderText(tr("https://…"));
    QToolButton* remove = removeButton(row.widget, tr("Remove link"));
    auto* layout = new QHBoxLayout(row.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(row.title, 1);
    layout->addWidget(row.url, 2);
    layout->addWidget(remove);
    m_list->addWidget(row.widget);
    QWidget* key = row.widget;
    m_rows.push_back(row);
    for (QLineEdit* e : { row.title, row.url })
        connect(e, &QLineEdit::textEdited, this, [this] { Q_EMIT linksChanged(links()); });
    connect(remove, &QToolButton::clicked, this, [this, key] {
        auto it = std::find_if(m_rows.begin(), m_rows.end(), [key](const Row& r) { return r.widget == key; });
        if (it == m_rows.end())
            return;
        key->hide();
        key->deleteLater();
        m_rows.erase(it);
        Q_EMIT linksChanged(links());
    });
}

QJsonArray LinksEditor::links() const
{
    QJsonArray out;
    for (const Row& r : m_rows) {
        QJsonObject o = r.json;
        o.insert(u"title"_s, r.title->text());
        o.insert(u"url"_s, r.url->text());
        out.append(o);
    }
    return out;
}

} // namespace sg::ui::editor
