#include "option_editors.h"

#include "json_path.h"

#include "core/fieldconfig/colors.h"
#include "core/units/units.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDoubleValidator>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QMouseEvent>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui::editor {

namespace {

QJsonValue numberFromText(const QString& text)
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
    if (v.isDouble())
        return fieldconfig::jsNumberToString(v.toDouble());
    if (v.isString())
        return v.toString();
    return {};
}

QWidget* selectEditor(const OptionDescriptor& option, const QJsonValue& current, CommitFn commit, QWidget* parent)
{
    auto* combo = new QComboBox(parent);
    // Some selects hold a one-element array (reduceOptions.calcs): read and write the first element.
    const bool array = current.isArray() || option.defaultValue.isArray()
        || option.path.endsWith(u".calcs"_s);
    const QJsonValue effective = current.isUndefined() ? option.defaultValue : current;
    const QString value = effective.isArray() ? effective.toArray().first().toString() : effective.toString();
    combo->addItems(option.choices);
    if (!value.isEmpty() && !option.choices.contains(value))
        combo->addItem(value);
    combo->setCurrentIndex(std::max(0, int(combo->findText(value))));
    if (value.isEmpty() && !option.choices.isEmpty() && option.defaultValue.isUndefined())
        combo->setCurrentIndex(-1);
    QObject::connect(combo, &QComboBox::currentTextChanged, combo, [commit, array](const QString& text) {
        commit(array ? QJsonValue(QJsonArray { text }) : QJsonValue(text));
    });
    return combo;
}

} // namespace

QWidget* createOptionEditor(const OptionDescriptor& option, const QJsonValue& current, CommitFn commit,
    QWidget* parent)
{
    using E = OptionDescriptor::Editor;
    const QJsonValue effective = current.isUndefined() ? option.defaultValue : current;
    switch (option.editor) {
    case E::Text: {
        auto* edit = new QLineEdit(effective.toString(), parent);
        if (option.defaultValue.isString() && !option.defaultValue.toString().isEmpty())
            edit->setPlaceholderText(option.defaultValue.toString());
        QObject::connect(edit, &QLineEdit::textEdited, edit, [commit](const QString& text) {
            commit(text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text));
        });
        return edit;
    }
    case E::Number: {
        auto* edit = new QLineEdit(numberText(current), parent);
        edit->setPlaceholderText(option.defaultValue.isDouble() ? numberText(option.defaultValue) : u"auto"_s);
        auto* validator = new QDoubleValidator(edit);
        validator->setLocale(QLocale::c());
        edit->setValidator(validator);
        QObject::connect(edit, &QLineEdit::textEdited, edit,
            [commit](const QString& text) { commit(numberFromText(text)); });
        return edit;
    }
    case E::Bool: {
        auto* box = new QCheckBox(parent);
        box->setChecked(effective.toBool());
        QObject::connect(box, &QCheckBox::toggled, box, [commit](bool on) { commit(on); });
        return box;
    }
    case E::Select:
        return selectEditor(option, current, commit, parent);
    case E::Unit: {
        auto* picker = new UnitPicker(effective.toString(), parent);
        QObject::connect(picker, &UnitPicker::unitChanged, picker, [commit](const QString& unit) {
            commit(unit.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(unit));
        });
        return picker;
    }
    case E::Color: {
        auto* field = new ColorField(effective.toString(), parent);
        QObject::connect(field, &ColorField::colorChanged, field, [commit](const QString& c) {
            commit(c.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(c));
        });
        return field;
    }
    case E::Thresholds: {
        QJsonObject t = current.toObject();
        if (!current.isObject())
            t = QJsonObject { { u"mode"_s, u"absolute"_s },
                { u"steps"_s, QJsonArray { QJsonObject { { u"color"_s, u"green"_s }, { u"value"_s, QJsonValue() } },
                                  QJsonObject { { u"color"_s, u"red"_s }, { u"value"_s, 80 } } } } };
        auto* editor = new ThresholdsEditor(t, parent);
        QObject::connect(editor, &ThresholdsEditor::thresholdsChanged, editor,
            [commit](const QJsonObject& json) { commit(json); });
        return editor;
    }
    case E::Mappings: {
        auto* editor = new MappingsEditor(current.toArray(), parent);
        QObject::connect(editor, &MappingsEditor::mappingsChanged, editor,
            [commit](const QJsonArray& json) { commit(json); });
        return editor;
    }
    case E::Json: {
        auto* editor = new JsonValueEdit(current, parent);
        QObject::connect(editor, &JsonValueEdit::valueChanged, editor, [commit](const QJsonValue& v) { commit(v); });
        return editor;
    }
    }
    return new QWidget(parent);
}

// --- UnitPicker ---

UnitPicker::UnitPicker(const QString& unit, QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"unitPicker"_s);
    m_search = new QLineEdit(this);
    m_search->setObjectName(u"unitSearch"_s);
    m_search->setClearButtonEnabled(true);
    auto* browse = new QToolButton(this);
    browse->setObjectName(u"unitBrowse"_s);
    browse->setText(u"▾"_s);
    browse->setToolTip(tr("Browse units by category"));
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(u"unitTree"_s);
    m_tree->setHeaderHidden(true);
    m_tree->setColumnCount(1);
    m_tree->setMinimumHeight(180);
    m_tree->hide();

    QHash<QString, QTreeWidgetItem*> categories;
    for (const QString& c : units::categories()) {
        auto* item = new QTreeWidgetItem(m_tree, { c });
        item->setFlags(Qt::ItemIsEnabled);
        categories.insert(c, item);
    }
    for (const units::UnitInfo& u : units::catalogue()) {
        QTreeWidgetItem* parentItem = categories.value(u.category);
        if (!parentItem) {
            parentItem = new QTreeWidgetItem(m_tree, { u.category });
            categories.insert(u.category, parentItem);
        }
        auto* item = new QTreeWidgetItem(parentItem, { u.name });
        item->setData(0, Qt::UserRole, u.id);
        item->setToolTip(0, u.id);
    }

    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(2);
    row->addWidget(m_search, 1);
    row->addWidget(browse);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(row);
    layout->addWidget(m_tree);
    setUnit(unit);

    connect(m_search, &QLineEdit::textEdited, this, [this](const QString& text) {
        filter(text);
        m_tree->setVisible(!text.isEmpty());
    });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        const QString text = m_search->text().trimmed();
        // The first visible match wins; a text that matches nothing becomes a custom unit.
        for (int c = 0; c < m_tree->topLevelItemCount(); ++c) {
            QTreeWidgetItem* cat = m_tree->topLevelItem(c);
            for (int i = 0; !cat->isHidden() && i < cat->childCount(); ++i)
                if (!cat->child(i)->isHidden()) {
                    choose(cat->child(i)->data(0, Qt::UserRole).toString());
                    return;
                }
        }
        choose(text);
    });
    connect(browse, &QToolButton::clicked, this, [this] {
        filter(QString());
        m_tree->setVisible(!m_tree->isVisible());
    });
    connect(m_tree, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
        if (item->parent())
            choose(item->data(0, Qt::UserRole).toString());
        else
            item->setExpanded(!item->isExpanded());
    });
}

void UnitPicker::setUnit(const QString& unit)
{
    m_unit = unit;
    const auto info = units::unitInfo(unit);
    const QString label = info ? info->name : unit;
    m_search->clear();
    m_search->setPlaceholderText(label.isEmpty() ? tr("Choose or type a unit") : label);
    m_search->setToolTip(unit);
}

void UnitPicker::choose(const QString& unit)
{
    setUnit(unit);
    m_tree->hide();
    Q_EMIT unitChanged(unit);
}

void UnitPicker::filter(const QString& text)
{
    const QString needle = text.trimmed();
    for (int c = 0; c < m_tree->topLevelItemCount(); ++c) {
        QTreeWidgetItem* cat = m_tree->topLevelItem(c);
        const bool catMatches = !needle.isEmpty() && cat->text(0).contains(needle, Qt::CaseInsensitive);
        int shown = 0;
        for (int i = 0; i < cat->childCount(); ++i) {
            QTreeWidgetItem* item = cat->child(i);
            const bool match = needle.isEmpty() || catMatches || item->text(0).contains(needle, Qt::CaseInsensitive)
                || item->data(0, Qt::UserRole).toString().contains(needle, Qt::CaseInsensitive);
            item->setHidden(!match);
            shown += match ? 1 : 0;
        }
        cat->setHidden(shown == 0);
        cat->setExpanded(!needle.isEmpty());
    }
}

// --- ColorField ---

namespace {
/// A swatch that asks for a colour when clicked.
class Swatch : public QWidget
{
public:
    std::function<void()> clicked;
    using QWidget::QWidget;

protected:
    void mousePressEvent(QMouseEvent* e) override
    {
        if (e->button() == Qt::LeftButton && clicked)
            clicked();
    }
};
} // namespace

ColorField::ColorField(const QString& color, QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"colorField"_s);
    auto* swatch = new Swatch(this);
    swatch->setFixedSize(18, 18);
    swatch->setCursor(Qt::PointingHandCursor);
    swatch->setToolTip(tr("Pick a colour"));
    m_swatch = swatch;
    m_text = new QLineEdit(color, this);
    m_text->setObjectName(u"colorText"_s);
    m_text->setPlaceholderText(tr("name or #hex"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_swatch);
    layout->addWidget(m_text, 1);
    updateSwatch();
    swatch->clicked = [this] {
        const QColor initial(fieldconfig::colorByName(this->color()));
        const QColor c = QColorDialog::getColor(initial, this, tr("Colour"), QColorDialog::ShowAlphaChannel);
        if (c.isValid()) {
            setColor(c.alpha() == 255 ? c.name(QColor::HexRgb) : c.name(QColor::HexArgb));
            Q_EMIT colorChanged(this->color());
        }
    };
    connect(m_text, &QLineEdit::textEdited, this, [this] {
        updateSwatch();
        Q_EMIT colorChanged(this->color());
    });
}

QString ColorField::color() const { return m_text->text().trimmed(); }

void ColorField::setColor(const QString& color)
{
    m_text->setText(color);
    updateSwatch();
}

void ColorField::updateSwatch()
{
    const auto rgba = fieldconfig::parseColor(fieldconfig::colorByName(color()));
    const QString css = rgba ? u"rgba(%1,%2,%3,%4)"_s.arg(rgba->r).arg(rgba->g).arg(rgba->b).arg(rgba->a)
                             : u"transparent"_s;
    m_swatch->setStyleSheet(u"background: %1; border: 1px solid #555; border-radius: 2px;"_s.arg(css));
}

// --- JsonValueEdit ---

JsonValueEdit::JsonValueEdit(const QJsonValue& value, QWidget* parent)
    : QWidget(parent)
{
    m_field = new QLineEdit(value.isUndefined() || value.isNull() ? QString() : compactJson(value), this);
    m_field->setObjectName(u"jsonValue"_s);
    m_field->setPlaceholderText(tr("JSON value"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_field);
    connect(m_field, &QLineEdit::textEdited, this, [this](const QString& text) {
        QJsonValue v;
        QString error;
        m_valid = text.trimmed().isEmpty() || parseJsonValue(text, &v, &error);
        m_field->setStyleSheet(m_valid ? QString() : u"QLineEdit { border: 1px solid #e02f44; }"_s);
        m_field->setToolTip(m_valid ? QString() : error);
        if (m_valid)
            Q_EMIT valueChanged(text.trimmed().isEmpty() ? QJsonValue(QJsonValue::Null) : v);
    });
}

} // namespace sg::ui::editor
