#include "what_changed_view.h"

#include "core/patterns/pattern_query.h"
#include "ui/logs/log_level.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <set>

namespace sg::ui {

namespace {

/// Paints a row's bucket counts (Qt::UserRole of the trend column) as a line scaled to the cell.
class SparklineDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyledItemDelegate::paint(painter, option, index);
        const QVariantList buckets = index.data(Qt::UserRole).toList();
        if (buckets.size() < 2)
            return;
        double peak = 0;
        for (const auto& b : buckets)
            peak = std::max(peak, b.toDouble());
        if (peak <= 0)
            return;
        const QRectF r = QRectF(option.rect).adjusted(3, 3, -3, -3);
        QPainterPath path;
        for (qsizetype i = 0; i < buckets.size(); ++i) {
            const QPointF p(r.left() + r.width() * double(i) / double(buckets.size() - 1),
                r.bottom() - r.height() * buckets[i].toDouble() / peak);
            if (i == 0)
                path.moveTo(p);
            else
                path.lineTo(p);
        }
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(option.palette.color(QPalette::Highlight), 1.5));
        painter->drawPath(path);
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem&, const QModelIndex&) const override { return { 120, 20 }; }
};

} // namespace

patterns::TimeWindow baselineFor(BaselineKind kind, patterns::TimeWindow spike)
{
    return kind == BaselineKind::DayEarlier ? patterns::dayEarlierBaseline(spike) : patterns::precedingBaseline(spike);
}

void PatternChangesModel::setChanges(std::vector<patterns::PatternChange> changes)
{
    beginResetModel();
    m_changes = std::move(changes);
    rebuildShown();
    endResetModel();
}

void PatternChangesModel::setLevelFilter(const QString& level)
{
    beginResetModel();
    m_level = level;
    rebuildShown();
    endResetModel();
}

void PatternChangesModel::rebuildShown()
{
    m_shown.clear();
    for (std::size_t i = 0; i < m_changes.size(); ++i)
        if (m_level.isEmpty() || QString::fromStdString(m_changes[i].level) == m_level)
            m_shown.push_back(i);
}

QStringList PatternChangesModel::levels() const
{
    std::set<LogLevel> present;
    for (const auto& c : m_changes)
        present.insert(parseLogLevel(c.level));
    QStringList out;
    for (LogLevel level : AllLogLevels)
        if (present.count(level))
            out.append(QString::fromLatin1(logs::detectedLevelName(level)));
    return out;
}

const patterns::PatternChange* PatternChangesModel::changeAt(int row) const
{
    return row >= 0 && row < int(m_shown.size()) ? &m_changes[m_shown[std::size_t(row)]] : nullptr;
}

int PatternChangesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_shown.size());
}

int PatternChangesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString PatternChangesModel::changeText(const patterns::PatternChange& c)
{
    if (c.baselineCount == 0)
        return c.count == 0 ? QString() : QStringLiteral("new");
    if (c.count == 0)
        return QStringLiteral("gone");
    return QStringLiteral("×%1").arg(c.rate / c.baselineRate, 0, 'f', 1);
}

QVariant PatternChangesModel::data(const QModelIndex& index, int role) const
{
    const auto* c = index.isValid() ? changeAt(index.row()) : nullptr;
    if (!c)
        return {};
    const int column = index.column();
    if (role == Qt::DisplayRole) {
        switch (column) {
        case LevelColumn:
            return QString::fromStdString(c->level);
        case PatternColumn:
            return QString::fromStdString(c->pattern);
        case CountColumn:
            return QVariant::fromValue<qulonglong>(c->count);
        case BaselineColumn:
            return QVariant::fromValue<qulonglong>(c->baselineCount);
        case ChangeColumn:
            return changeText(*c);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        QStringList lines;
        for (const auto& s : c->samples)
            lines << QString::fromStdString(s).toHtmlEscaped();
        return QStringLiteral("<p><b>%1</b> lines/s in the spike, <b>%2</b> in the baseline (score %3)</p><pre>%4</pre>")
            .arg(c->rate, 0, 'g', 3)
            .arg(c->baselineRate, 0, 'g', 3)
            .arg(c->score, 0, 'f', 2)
            .arg(lines.join(QLatin1Char('\n')));
    }
    // The level as the log list colours it.
    if (role == Qt::ForegroundRole && column == LevelColumn)
        return logLevelColor(parseLogLevel(c->level));
    if (role == Qt::TextAlignmentRole && column != PatternColumn && column != LevelColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::UserRole && column == ChangeColumn)
        return c->score;
    if (role == Qt::UserRole && column == TrendColumn) {
        QVariantList buckets;
        buckets.reserve(qsizetype(c->buckets.size()));
        for (auto b : c->buckets)
            buckets.append(b);
        return buckets;
    }
    return {};
}

QVariant PatternChangesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case LevelColumn:
        return tr("Level");
    case PatternColumn:
        return tr("Pattern");
    case CountColumn:
        return tr("Spike");
    case BaselineColumn:
        return tr("Baseline");
    case ChangeColumn:
        return tr("Change");
    case TrendColumn:
        return tr("In the spike");
    default:
        return {};
    }
}

WhatChangedView::WhatChangedView(QWidget* parent)
    : QWidget(parent)
    , m_model(new PatternChangesModel(this))
    , m_table(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_lineFilter(new QPushButton(tr("Add as line filter"), this))
    , m_patternQuery(new QPushButton(tr("Pattern query"), this))
    , m_baseline(new QComboBox(this))
    , m_levels(new QComboBox(this))
{
    m_levels->setObjectName(QStringLiteral("whatChangedLevel"));
    m_levels->setToolTip(tr("Show the patterns of one level (patterns are mined per detected level, as Loki does)"));
    m_levels->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_baseline->setObjectName(QStringLiteral("whatChangedBaseline"));
    m_baseline->addItem(tr("Baseline: the same length before"), int(BaselineKind::Preceding));
    m_baseline->addItem(tr("Baseline: a day earlier"), int(BaselineKind::DayEarlier));
    m_baseline->setToolTip(tr("The window the spike's patterns are compared with"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(PatternChangesModel::PatternColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(PatternChangesModel::LevelColumn, 70);
    m_table->setItemDelegateForColumn(PatternChangesModel::TrendColumn, new SparklineDelegate(m_table));
    m_table->setColumnWidth(PatternChangesModel::TrendColumn, 120);
    m_lineFilter->setToolTip(tr("Keep only the lines of this pattern (|> filter)"));
    m_patternQuery->setToolTip(tr("Extract the pattern's variable parts as labels (| pattern parser)"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_baseline);
    buttons->addWidget(m_levels);
    buttons->addWidget(m_summary, 1);
    buttons->addWidget(m_lineFilter);
    buttons->addWidget(m_patternQuery);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &WhatChangedView::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &WhatChangedView::updateButtons);
    connect(m_lineFilter, &QPushButton::clicked, this, [this] { emitWith(false); });
    connect(m_patternQuery, &QPushButton::clicked, this, [this] { emitWith(true); });
    connect(m_baseline, &QComboBox::activated, this, [this] { Q_EMIT baselineChanged(baseline()); });
    connect(m_levels, &QComboBox::activated, this, [this] { m_model->setLevelFilter(m_levels->currentData().toString()); });
    updateLevels();
    updateButtons();
}

void WhatChangedView::setQuery(const QString& query)
{
    m_query = query;
    updateButtons();
}

void WhatChangedView::setComparison(const patterns::Comparison& comparison)
{
    m_model->setChanges(comparison.changes);
    updateLevels();
    m_summary->setText(tr("%1 patterns from %2 spike and %3 baseline lines")
                           .arg(comparison.changes.size())
                           .arg(comparison.spikeLines)
                           .arg(comparison.baselineLines));
}

void WhatChangedView::updateLevels()
{
    // The filter stays on its level while that level still has patterns (mining again after a baseline switch).
    const QString kept = m_model->levelFilter();
    const QStringList levels = m_model->levels();
    m_levels->clear();
    m_levels->addItem(tr("All levels"), QString());
    for (const QString& level : levels) {
        m_levels->addItem(level, level);
        m_levels->setItemData(m_levels->count() - 1, logLevelColor(parseLogLevel(level.toStdString())), Qt::ForegroundRole);
    }
    const int index = m_levels->findData(kept);
    m_levels->setCurrentIndex(std::max(index, 0));
    if (index < 0 && !kept.isEmpty())
        m_model->setLevelFilter(QString());
}

BaselineKind WhatChangedView::baseline() const
{
    return BaselineKind(m_baseline->currentData().toInt());
}

void WhatChangedView::setBaseline(BaselineKind kind)
{
    m_baseline->setCurrentIndex(m_baseline->findData(int(kind)));
}

void WhatChangedView::updateButtons()
{
    const auto rows = m_table->selectionModel()->selectedRows();
    const bool enabled = !m_query.isEmpty() && rows.size() == 1;
    m_lineFilter->setEnabled(enabled);
    m_patternQuery->setEnabled(enabled);
}

void WhatChangedView::emitWith(bool parser)
{
    const auto rows = m_table->selectionModel()->selectedRows();
    const auto* c = rows.size() == 1 ? m_model->changeAt(rows.first().row()) : nullptr;
    if (!c || m_query.isEmpty())
        return;
    const std::string stage = parser ? patterns::patternToParserQuery(c->pattern) : patterns::patternToLineFilter(c->pattern);
    Q_EMIT stageRequested(QString::fromStdString(stage));
    Q_EMIT queryRequested(QString::fromStdString(patterns::appendStage(m_query.toStdString(), stage)));
}

} // namespace sg::ui
