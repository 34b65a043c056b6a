#include "explain_view.h"

#include "core/services/query_client.h"

#include <QHeaderView>
#include <QPointer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sg::ui {

namespace {

constexpr int RangeRole = Qt::UserRole + 1;

QString resultText(const langsvc::ExplainEval& e)
{
    if (!e.error.empty())
        return QStringLiteral("error");
    QStringList parts;
    const QString atLeast = e.linesLimited ? QStringLiteral("≥") : QString();
    if (e.stage)
        parts << QStringLiteral("%1 → %2%3 lines").arg(e.stage->linesIn).arg(atLeast).arg(e.stage->linesOut);
    else if (e.lines)
        parts << QStringLiteral("%1%2 lines").arg(atLeast).arg(*e.lines);
    else if (e.series)
        parts << QStringLiteral("%1 series").arg(*e.series);
    if (e.scalar)
        parts << QStringLiteral("scalar %1").arg(*e.scalar);
    if (e.match)
        parts << QStringLiteral("matched %1/%2 ↔ %3/%4")
                     .arg(e.match->first.matched)
                     .arg(e.match->first.series)
                     .arg(e.match->second.matched)
                     .arg(e.match->second.series);
    return parts.join(QStringLiteral(", "));
}

/// The details behind a row's figures: error, samples, unmatched series, fields and errors of a stage.
QString resultTooltip(const langsvc::ExplainEval& e)
{
    QStringList lines;
    if (!e.error.empty())
        lines << QString::fromStdString(e.error);
    for (const auto& s : e.samples)
        lines << QString::fromStdString(s.labels.toString()) + QLatin1Char(' ')
                + (s.line.empty() ? QString::number(s.value) : QString::fromStdString(s.line));
    if (e.match) {
        for (const auto& l : e.match->first.unmatched)
            lines << QStringLiteral("unmatched left: ") + QString::fromStdString(l.toString());
        for (const auto& l : e.match->second.unmatched)
            lines << QStringLiteral("unmatched right: ") + QString::fromStdString(l.toString());
    }
    if (e.stage) {
        for (const auto& f : e.stage->fieldsAdded)
            lines << QStringLiteral("adds field ") + QString::fromStdString(f);
        for (const auto& [error, count] : e.stage->errors)
            lines << QStringLiteral("__error__=%1: %2 lines").arg(QString::fromStdString(error)).arg(count);
    }
    for (const auto& w : e.warnings)
        lines << QStringLiteral("warning: ") + QString::fromStdString(w);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

ExplainView::ExplainView(QWidget* parent)
    : QWidget(parent)
    , m_tree(new QTreeWidget(this))
{
    // One worker: each explain() cancels the last, and the parsers' nesting needs the query stack size.
    m_pool.setMaxThreadCount(1);
    m_pool.setStackSize(services::QueryStackBytes);
    m_tree->setColumnCount(4);
    m_tree->setHeaderLabels({ tr("Expression"), tr("Description"), tr("Series / lines"), tr("Time") });
    m_tree->header()->setSectionResizeMode(ExpressionColumn, QHeaderView::Interactive);
    m_tree->setColumnWidth(ExpressionColumn, 360);
    m_tree->setColumnWidth(DescriptionColumn, 280);
    m_tree->setUniformRowHeights(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree);
    connect(m_tree, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
        const QPoint range = item->data(ExpressionColumn, RangeRole).toPoint();
        Q_EMIT nodeActivated(range.x(), range.y());
    });
}

ExplainView::~ExplainView()
{
    if (m_cancel)
        m_cancel->store(true);
    m_pool.waitForDone();
}

void ExplainView::setQueryClient(const services::QueryClient* client) { m_client = client; }

void ExplainView::explain(logql::QueryLanguage language, const QString& query, qint64 fromMs, qint64 toMs)
{
    if (m_cancel)
        m_cancel->store(true);
    const quint64 generation = ++m_generation;
    langsvc::ExplainOptions options;
    options.range = std::max<qint64>(toMs - fromMs, 60'000);
    auto explained = langsvc::explainQuery(language, query.toStdString(), options);
    if (!explained.ok()) {
        m_tree->clear();
        auto* item = new QTreeWidgetItem(m_tree);
        item->setText(ExpressionColumn, tr("Parse error: %1").arg(QString::fromStdString(explained.error().message)));
        item->setData(ExpressionColumn, RangeRole, QPoint(explained.error().where.begin, explained.error().where.end));
        m_evaluating = false;
        return;
    }
    showTree(*explained);
    if (!m_client) {
        m_evaluating = false;
        return;
    }
    m_evaluating = true;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    auto root = std::make_shared<langsvc::ExplainNode>(std::move(*explained));
    const services::QueryClient* client = m_client;
    QPointer<ExplainView> self(this);
    std::shared_ptr<std::atomic_bool> cancel = m_cancel;
    m_pool.start([self, client, root, cancel, generation, toMs] {
        langsvc::EvalOptions eval;
        eval.at = toMs;
        eval.cancel = cancel.get();
        langsvc::evaluate(*root, *client, eval);
        if (cancel->load() || !self)
            return;
        QMetaObject::invokeMethod(
            self.data(), [self, root, generation] {
                if (self)
                    self->onEvaluated(generation, root);
            },
            Qt::QueuedConnection);
    });
}

void ExplainView::onEvaluated(quint64 generation, const std::shared_ptr<langsvc::ExplainNode>& root)
{
    if (generation != m_generation)
        return; // a newer query is being explained
    m_evaluating = false;
    showTree(*root);
    Q_EMIT evaluated();
}

void ExplainView::showTree(const langsvc::ExplainNode& root)
{
    m_tree->clear();
    addNode(root, nullptr);
    m_tree->expandAll();
}

QTreeWidgetItem* ExplainView::addNode(const langsvc::ExplainNode& node, QTreeWidgetItem* parent)
{
    auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_tree);
    item->setText(ExpressionColumn, QString::fromStdString(node.expr));
    item->setToolTip(ExpressionColumn, QString::fromStdString(node.expr));
    item->setData(ExpressionColumn, RangeRole, QPoint(node.where.begin, node.where.end));
    item->setText(DescriptionColumn, QString::fromStdString(node.description));
    item->setToolTip(DescriptionColumn, QString::fromUtf8(langsvc::explainKindName(node.kind)));
    if (node.eval) {
        item->setText(ResultColumn, resultText(*node.eval));
        item->setToolTip(ResultColumn, resultTooltip(*node.eval));
        item->setText(TimeColumn, QStringLiteral("%1 ms").arg(node.eval->durationMs, 0, 'f', 1));
        if (!node.eval->error.empty())
            item->setForeground(ResultColumn, QBrush(Qt::red));
    }
    for (const auto& child : node.children)
        addNode(child, item);
    return item;
}

} // namespace sg::ui
