#include "log_details.h"

#include "log_fields.h"
#include "log_lines_model.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <map>

using namespace Qt::StringLiterals;

namespace sg::ui {
namespace {
constexpr int FieldRole = Qt::UserRole + 1; // int: index into the item's fields list

QString sourceTitle(logql::FieldSource source)
{
    switch (source) {
    case logql::FieldSource::StreamLabel:
        return QObject::tr("Stream labels");
    case logql::FieldSource::Metadata:
        return QObject::tr("Structured metadata");
    case logql::FieldSource::Parsed:
        break;
    }
    return QObject::tr("Fields");
}

/// The value of `field` on the line in `row`, or null when the line does not have it.
std::optional<QString> valueOn(const LogLinesModel& model, int row, const LogField& field)
{
    const std::string name = field.name.toStdString();
    switch (field.source) {
    case logql::FieldSource::StreamLabel: {
        const Labels& labels = model.streamAt(row).labels;
        if (!labels.has(name))
            return std::nullopt;
        return QString::fromStdString(std::string(labels.get(name)));
    }
    case logql::FieldSource::Metadata:
        for (const auto& m : model.entryAt(row).metadata)
            if (m.name == name)
                return QString::fromStdString(m.value);
        return std::nullopt;
    case logql::FieldSource::Parsed:
        for (const auto& [k, v] : parseLineFields(model.entryAt(row).line).fields)
            if (k == name)
                return QString::fromStdString(v);
        return std::nullopt;
    }
    return std::nullopt;
}

QToolButton* fieldButton(const QString& objectName, const QString& text, const QString& tip, QWidget* parent)
{
    auto* b = new QToolButton(parent);
    b->setObjectName(objectName);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    b->setFixedSize(22, 20);
    return b;
}
} // namespace

std::vector<LogField> logFields(const LogLinesModel& model, int row, QString* format)
{
    std::vector<LogField> out;
    for (const Label& l : model.streamAt(row).labels)
        out.push_back({ logql::FieldSource::StreamLabel, QString::fromStdString(l.name), QString::fromStdString(l.value) });
    for (const Label& m : model.entryAt(row).metadata)
        out.push_back({ logql::FieldSource::Metadata, QString::fromStdString(m.name), QString::fromStdString(m.value) });
    const ParsedLine parsed = parseLineFields(model.entryAt(row).line);
    const QString parser = QString::fromLatin1(parsedFormatName(parsed.format));
    for (const auto& [k, v] : parsed.fields)
        out.push_back({ logql::FieldSource::Parsed, QString::fromStdString(k), QString::fromStdString(v), parser });
    if (format)
        *format = QString::fromLatin1(parsedFormatName(parsed.format));
    return out;
}

std::vector<FieldValueCount> fieldStats(const LogLinesModel& model, const LogField& field, int limit)
{
    std::map<QString, int> counts;
    int total = 0;
    for (int r = 0; r < model.rowCount(); ++r) {
        if (auto v = valueOn(model, r, field)) {
            ++counts[*v];
            ++total;
        }
    }
    std::vector<FieldValueCount> out;
    for (const auto& [value, count] : counts)
        out.push_back({ value, count, total ? 100.0 * count / total : 0.0 });
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
    if (int(out.size()) > limit)
        out.resize(std::size_t(limit));
    return out;
}

LogDetails::LogDetails(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"logDetails"_s);
    m_line = new QLabel(this);
    m_line->setObjectName(u"logDetailsLine"_s);
    m_line->setWordWrap(true);
    m_line->setTextFormat(Qt::PlainText);
    m_line->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_line->setStyleSheet(u"font-family: monospace; color: #d8d9da; padding: 4px;"_s);

    auto* copy = new QPushButton(tr("Copy line"), this);
    copy->setObjectName(u"logDetailsCopy"_s);
    auto* context = new QPushButton(tr("Show context"), this);
    context->setObjectName(u"logDetailsContext"_s);
    auto* close = new QToolButton(this);
    close->setObjectName(u"logDetailsClose"_s);
    close->setText(u"✕"_s);
    close->setAutoRaise(true);
    connect(copy, &QPushButton::clicked, this, [this] {
        if (m_model && m_row >= 0 && m_row < m_model->rowCount())
            QApplication::clipboard()->setText(QString::fromStdString(m_model->entryAt(m_row).line));
    });
    connect(context, &QPushButton::clicked, this, [this] { Q_EMIT contextRequested(m_row); });
    connect(close, &QToolButton::clicked, this, &LogDetails::closeRequested);

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(u"logDetailsTree"_s);
    m_tree->setColumnCount(3);
    m_tree->setHeaderHidden(true);
    m_tree->setRootIsDecorated(false);
    m_tree->setIndentation(10);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::Fixed);
    m_tree->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_tree->header()->resizeSection(1, 74);
    m_tree->header()->setStretchLastSection(true);

    auto* actions = new QHBoxLayout;
    actions->addWidget(copy);
    actions->addWidget(context);
    actions->addStretch(1);
    actions->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(2);
    layout->addLayout(actions);
    layout->addWidget(m_line);
    layout->addWidget(m_tree, 1);
}

void LogDetails::showLine(const LogLinesModel* model, int row)
{
    m_model = model;
    m_row = row;
    m_tree->clear();
    if (!model || row < 0 || row >= model->rowCount()) {
        m_line->clear();
        return;
    }
    const TimestampNs ts = model->entryAt(row).ts;
    m_line->setText(QDateTime::fromMSecsSinceEpoch(nsToMs(ts)).toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s) + u"  "_s
        + QString::fromStdString(model->entryAt(row).line));
    QString format;
    const auto fields = logFields(*model, row, &format);
    std::map<logql::FieldSource, QTreeWidgetItem*> sections;
    for (const LogField& f : fields) {
        auto& section = sections[f.source];
        if (!section) {
            QString title = sourceTitle(f.source);
            if (f.source == logql::FieldSource::Parsed && !format.isEmpty())
                title += u" ("_s + format + u')';
            section = new QTreeWidgetItem(m_tree, { title });
            section->setFirstColumnSpanned(true);
            QFont bold = section->font(0);
            bold.setBold(true);
            section->setFont(0, bold);
            section->setExpanded(true);
        }
        addField(section, f);
    }
}

QTreeWidgetItem* LogDetails::fieldItem(const QString& name) const
{
    for (int s = 0; s < m_tree->topLevelItemCount(); ++s) {
        QTreeWidgetItem* section = m_tree->topLevelItem(s);
        for (int i = 0; i < section->childCount(); ++i)
            if (section->child(i)->text(0) == name)
                return section->child(i);
    }
    return nullptr;
}

void LogDetails::addField(QTreeWidgetItem* section, const LogField& field)
{
    auto* item = new QTreeWidgetItem(section, { field.name, QString(), field.value });
    item->setToolTip(2, field.value);
    auto* buttons = new QWidget(m_tree);
    auto* row = new QHBoxLayout(buttons);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(1);
    auto* forButton = fieldButton(u"filterFor"_s, u"⊕"_s, tr("Filter for value"), buttons);
    auto* outButton = fieldButton(u"filterOut"_s, u"⊖"_s, tr("Filter out value"), buttons);
    auto* statsButton = fieldButton(u"fieldStats"_s, u"▥"_s, tr("Ad-hoc statistics"), buttons);
    row->addWidget(forButton);
    row->addWidget(outButton);
    row->addWidget(statsButton);
    row->addStretch(1);
    m_tree->setItemWidget(item, 1, buttons);
    auto emitFilter = [this, field](bool exclude) {
        Q_EMIT filterRequested(
            logql::FieldFilter { field.name.toStdString(), field.value.toStdString(), field.source, exclude,
                field.parser.toStdString() });
    };
    connect(forButton, &QToolButton::clicked, this, [emitFilter] { emitFilter(false); });
    connect(outButton, &QToolButton::clicked, this, [emitFilter] { emitFilter(true); });
    connect(statsButton, &QToolButton::clicked, this, [this, item, field] { toggleStats(item, field); });
}

void LogDetails::toggleStats(QTreeWidgetItem* item, const LogField& field)
{
    if (item->childCount() > 0) {
        qDeleteAll(item->takeChildren());
        return;
    }
    if (!m_model)
        return;
    for (const FieldValueCount& c : fieldStats(*m_model, field)) {
        auto* stat = new QTreeWidgetItem(item, { QString(), u"%1%"_s.arg(c.percent, 0, 'f', 1),
            c.value + u"  ("_s + QString::number(c.count) + u')' });
        stat->setForeground(2, QColor(0x8e, 0x8e, 0x9a));
    }
    item->setExpanded(true);
}

} // namespace sg::ui
