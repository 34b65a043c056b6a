#include "options_pane.h"

#include "json_path.h"
#include "option_editors.h"
#include "overrides_editor.h"

#include "core/fieldconfig/field_color.h"

#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui::editor {

namespace {

using E = OptionDescriptor::Editor;

OptionDescriptor make(const QString& path, const QString& name, const QString& category, E editor,
    const QJsonValue& def = {}, const QStringList& choices = {}, const QString& description = {})
{
    OptionDescriptor d;
    d.path = path;
    d.name = name;
    d.category = category;
    d.editor = editor;
    d.defaultValue = def.isNull() ? QJsonValue(QJsonValue::Undefined) : def;
    d.choices = choices;
    d.description = description;
    return d;
}

} // namespace

std::vector<OptionDescriptor> editorOptions(const PanelPlugin* plugin, const QStringList& variableNames)
{
    const QString panelCat = QObject::tr("Panel options");
    const QString queryCat = QObject::tr("Query options");
    const QString repeatCat = QObject::tr("Repeat options");
    const QString stdCat = QObject::tr("Standard options");
    std::vector<OptionDescriptor> out {
        make(u"title"_s, QObject::tr("Title"), panelCat, E::Text),
        make(u"description"_s, QObject::tr("Description"), panelCat, E::Text),
        make(u"transparent"_s, QObject::tr("Transparent background"), panelCat, E::Bool, false),
        make(u"links"_s, QObject::tr("Panel links"), panelCat, E::Json, QJsonArray {}),
        make(u"maxDataPoints"_s, QObject::tr("Max data points"), queryCat, E::Number, {}, {},
            QObject::tr("The maximum data points per series (default: the panel's width in pixels)")),
        make(u"interval"_s, QObject::tr("Min interval"), queryCat, E::Text, {}, {},
            QObject::tr("A lower limit for the interval; default: the scrape interval")),
        make(u"timeFrom"_s, QObject::tr("Relative time"), queryCat, E::Text, {}, {},
            QObject::tr("Overrides the dashboard's relative time range, e.g. 1h, now-5m")),
        make(u"timeShift"_s, QObject::tr("Time shift"), queryCat, E::Text, {}, {},
            QObject::tr("Shifts the panel's time range back, e.g. 1d")),
    };
    std::vector<OptionDescriptor> standard;
    const bool hasData = !plugin || plugin->queryKind() != PanelQueryKind::None;
    if (hasData) {
        standard = {
            make(u"fieldConfig.defaults.unit"_s, QObject::tr("Unit"), stdCat, E::Unit),
            make(u"fieldConfig.defaults.min"_s, QObject::tr("Min"), stdCat, E::Number, {}, {},
                QObject::tr("Leave empty to calculate based on all values")),
            make(u"fieldConfig.defaults.max"_s, QObject::tr("Max"), stdCat, E::Number, {}, {},
                QObject::tr("Leave empty to calculate based on all values")),
            make(u"fieldConfig.defaults.decimals"_s, QObject::tr("Decimals"), stdCat, E::Number),
            make(u"fieldConfig.defaults.displayName"_s, QObject::tr("Display name"), stdCat, E::Text, {}, {},
                QObject::tr("Change the field or series name")),
            make(u"fieldConfig.defaults.noValue"_s, QObject::tr("No value"), stdCat, E::Text, {}, {},
                QObject::tr("What to show when there is no value")),
            make(u"fieldConfig.defaults.color.mode"_s, QObject::tr("Color scheme"), stdCat, E::Select,
                u"palette-classic"_s, fieldconfig::colorModeIds()),
            make(u"fieldConfig.defaults.color.fixedColor"_s, QObject::tr("Fixed color"), stdCat, E::Color, {}, {},
                QObject::tr("With the fixed and shades schemes")),
            make(u"fieldConfig.defaults.mappings"_s, QObject::tr("Value mappings"), QObject::tr("Value mappings"),
                E::Mappings, QJsonArray {}),
            make(u"fieldConfig.defaults.thresholds"_s, QObject::tr("Thresholds"), QObject::tr("Thresholds"),
                E::Thresholds),
        };
    }
    const std::vector<OptionDescriptor> own = plugin ? plugin->optionDescriptors() : std::vector<OptionDescriptor> {};
    for (const OptionDescriptor& d : own) {
        const bool isStandard = std::any_of(standard.begin(), standard.end(), [&](const auto& s) { return s.path == d.path; });
        if (!isStandard)
            out.push_back(d);
    }
    for (OptionDescriptor s : standard) {
        for (const OptionDescriptor& d : own)
            if (d.path == s.path) {
                const QString category = s.category;
                s = d;
                s.category = category;
            }
        out.push_back(s);
    }
    QStringList repeatChoices { QString() };
    repeatChoices << variableNames;
    out.push_back(make(u"repeat"_s, QObject::tr("Repeat by variable"), repeatCat, E::Select, {}, repeatChoices,
        QObject::tr("Repeats this panel for each value of the variable")));
    out.push_back(make(u"repeatDirection"_s, QObject::tr("Repeat direction"), repeatCat, E::Select, u"h"_s,
        { u"h"_s, u"v"_s }, QObject::tr("h: horizontal, v: vertical")));
    out.push_back(make(u"maxPerRow"_s, QObject::tr("Max per row"), repeatCat, E::Select, {},
        { QString(), u"2"_s, u"3"_s, u"4"_s, u"6"_s, u"8"_s, u"12"_s }));
    return out;
}

OptionsPane::OptionsPane(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"optionsPane"_s);
    m_search = new QLineEdit(this);
    m_search->setObjectName(u"optionsSearch"_s);
    m_search->setPlaceholderText(tr("Search options"));
    m_search->setClearButtonEnabled(true);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"optionsTabs"_s);
    auto* scroll = new QScrollArea(m_tabs);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_content = new QWidget(scroll);
    m_contentLayout = new QVBoxLayout(m_content);
    m_contentLayout->setContentsMargins(4, 4, 4, 4);
    m_contentLayout->setSpacing(2);
    m_contentLayout->addStretch(1);
    scroll->setWidget(m_content);
    auto* overridesScroll = new QScrollArea(m_tabs);
    overridesScroll->setWidgetResizable(true);
    overridesScroll->setFrameShape(QFrame::NoFrame);
    m_overridesHost = new QWidget(overridesScroll);
    new QVBoxLayout(m_overridesHost);
    overridesScroll->setWidget(m_overridesHost);
    m_tabs->addTab(scroll, tr("All"));
    m_tabs->addTab(overridesScroll, tr("Overrides"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addWidget(m_tabs, 1);
    connect(m_search, &QLineEdit::textChanged, this, &OptionsPane::setFilter);
}

void OptionsPane::setPanel(const dashboards::Panel& panel, const PanelPlugin* plugin, const QStringList& variableNames)
{
    for (Section& s : m_sections) {
        delete s.header;
        delete s.body;
    }
    m_sections.clear();
    m_editors.clear();
    const QJsonObject& json = panel.json();
    for (const OptionDescriptor& d : editorOptions(plugin, variableNames)) {
        auto it = std::find_if(m_sections.begin(), m_sections.end(), [&](const Section& s) { return s.category == d.category; });
        if (it == m_sections.end()) {
            Section s;
            s.category = d.category;
            auto* header = new QToolButton(m_content);
            header->setObjectName(u"optionsCategory"_s);
            header->setText(d.category);
            header->setCheckable(true);
            header->setChecked(true);
            header->setArrowType(Qt::DownArrow);
            header->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
            header->setAutoRaise(true);
            header->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
            header->setStyleSheet(u"QToolButton { font-weight: bold; text-align: left; padding: 4px; }"_s);
            s.header = header;
            s.body = new QWidget(m_content);
            auto* bodyLayout = new QVBoxLayout(s.body);
            bodyLayout->setContentsMargins(14, 0, 4, 8);
            bodyLayout->setSpacing(6);
            QWidget* body = s.body;
            connect(header, &QToolButton::toggled, body, [header, body](bool on) {
                header->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
                body->setVisible(on);
            });
            m_contentLayout->insertWidget(m_contentLayout->count() - 1, s.header);
            m_contentLayout->insertWidget(m_contentLayout->count() - 1, s.body);
            m_sections.push_back(s);
            it = m_sections.end() - 1;
        }
        auto* row = new QWidget(it->body);
        row->setObjectName(u"option:"_s + d.path);
        auto* rowLayout = new QVBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        rowLayout->setSpacing(2);
        auto* label = new QLabel(d.name, row);
        label->setToolTip(d.description);
        rowLayout->addWidget(label);
        if (!d.description.isEmpty()) {
            auto* desc = new QLabel(d.description, row);
            desc->setWordWrap(true);
            desc->setStyleSheet(u"color: palette(placeholder-text); font-size: 11px;"_s);
            rowLayout->addWidget(desc);
        }
        const QString path = d.path;
        auto commit = [this, path](const QJsonValue& v) { Q_EMIT valueChanged(path, v); };
        QWidget* editor = nullptr;
        if (d.path == u"links") {
            auto* links = new LinksEditor(json.value(u"links").toArray(), row);
            connect(links, &LinksEditor::linksChanged, this,
                [commit](const QJsonArray& a) { commit(a.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(a)); });
            editor = links;
        } else {
            QJsonValue current = valueAt(json, d.path);
            if (d.path == u"maxPerRow" && current.isDouble())
                current = QString::number(current.toInt());
            CommitFn fn = commit;
            if (d.path == u"maxPerRow")
                fn = [commit](const QJsonValue& v) {
                    const int n = v.toString().toInt();
                    commit(n > 0 ? QJsonValue(n) : QJsonValue(QJsonValue::Null));
                };
            else if (d.path == u"repeat")
                fn = [commit](const QJsonValue& v) {
                    commit(v.toString().isEmpty() ? QJsonValue(QJsonValue::Null) : v);
                };
            editor = createOptionEditor(d, current, fn, row);
        }
        editor->setObjectName(u"editor:"_s + d.path);
        rowLayout->addWidget(editor);
        it->body->layout()->addWidget(row);
        it->rows.emplace_back(row, d);
        m_editors.insert(d.path, editor);
    }

    delete m_overrides;
    m_overrides = new OverridesEditor(panel.fieldConfig().value(u"overrides").toArray(), m_overridesHost);
    m_overridesHost->layout()->addWidget(m_overrides);
    connect(m_overrides, &OverridesEditor::overridesChanged, this,
        [this](const QJsonArray& a) { Q_EMIT valueChanged(u"fieldConfig.overrides"_s, a); });
    setFilter(m_search->text());
}

void OptionsPane::setFilter(const QString& text)
{
    const QString needle = text.trimmed();
    for (Section& s : m_sections) {
        const bool categoryMatches = s.category.contains(needle, Qt::CaseInsensitive);
        int shown = 0;
        for (auto& [row, d] : s.rows) {
            const bool match = needle.isEmpty() || categoryMatches || d.name.contains(needle, Qt::CaseInsensitive)
                || d.description.contains(needle, Qt::CaseInsensitive);
            row->setVisible(match);
            shown += match ? 1 : 0;
        }
        s.header->setVisible(shown > 0);
        auto* header = static_cast<QToolButton*>(s.header);
        if (!needle.isEmpty() && shown > 0)
            header->setChecked(true);
        s.body->setVisible(shown > 0 && header->isChecked());
    }
}

QStringList OptionsPane::visibleOptionNames() const
{
    QStringList out;
    for (const Section& s : m_sections)
        for (const auto& [row, d] : s.rows)
            if (!s.header->isHidden() && !row->isHidden())
                out << d.name;
    return out;
}

QStringList OptionsPane::categories() const
{
    QStringList out;
    for (const Section& s : m_sections)
        out << s.category;
    return out;
}

} // namespace sg::ui::editor
