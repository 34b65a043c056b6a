// Explore's "What changed": the log patterns of a window (the logs range, or a range dragged on a graph) for every
// shown log row, against a baseline (the same length just before, or a day earlier).

#include "explore_pane.h"

#include "explore_row.h"

#include "core/patterns/compare.h"
#include "core/patterns/pattern_query.h"
#include "core/services/query_client.h"
#include "ui/patterns/what_changed_view.h"
#include "ui/widgets/query_editor.h"

#include <QCoreApplication>
#include <QDialog>
#include <QLabel>
#include <QPointer>
#include <QThreadPool>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {

QStringList ExplorePane::logQueries() const
{
    QStringList queries;
    for (const ExploreRow* row : m_rows)
        if (!row->isHidden() && row->isLogQuery() && !row->showsAsAnnotations() && !row->editor()->text().trimmed().isEmpty())
            queries.append(row->editor()->text().trimmed());
    return queries;
}

void ExplorePane::ensureWhatChangedDialog()
{
    if (m_whatChangedDialog)
        return;
    m_whatChangedDialog = new QDialog(this);
    m_whatChangedDialog->setObjectName(u"whatChangedDialog"_s);
    m_whatChangedDialog->setWindowTitle(tr("What changed"));
    m_whatChangedDialog->resize(1000, 520);
    auto* status = new QLabel(m_whatChangedDialog);
    status->setObjectName(u"whatChangedStatus"_s);
    status->setWordWrap(true);
    auto* view = new WhatChangedView(m_whatChangedDialog);
    auto* layout = new QVBoxLayout(m_whatChangedDialog);
    layout->addWidget(status);
    layout->addWidget(view, 1);
    // A chosen pattern becomes a stage of every log row it was mined from, run at once.
    connect(view, &WhatChangedView::stageRequested, this, [this](const QString& stage) {
        for (ExploreRow* row : m_rows) {
            const QString text = row->editor()->text().trimmed();
            if (!row->isHidden() && row->isLogQuery() && !row->showsAsAnnotations() && m_whatChangedQueries.contains(text))
                row->editor()->setText(QString::fromStdString(patterns::appendStage(text.toStdString(), stage.toStdString())));
        }
        m_whatChangedDialog->hide();
        runLogs();
    });
    connect(view, &WhatChangedView::baselineChanged, this, &ExplorePane::mineWhatChanged);
}

void ExplorePane::showWhatChanged()
{
    const QStringList queries = logQueries();
    if (!m_queries || queries.isEmpty())
        return;
    m_whatChangedQueries = queries;
    m_whatChangedSpike = m_logsRange;
    ensureWhatChangedDialog();
    m_whatChangedDialog->show();
    mineWhatChanged();
}

void ExplorePane::showWhatChanged(const QString& selector, TimestampMs from, TimestampMs to)
{
    showLogs(selector, from, to);
    showWhatChanged();
}

void ExplorePane::mineWhatChanged()
{
    auto* view = m_whatChangedDialog->findChild<WhatChangedView*>();
    auto* status = m_whatChangedDialog->findChild<QLabel*>(u"whatChangedStatus"_s);
    const QString shown = m_whatChangedQueries.join(u" + "_s);
    // The buttons append their stage to the first query; stageRequested applies it to every mined row.
    view->setQuery(m_whatChangedQueries.value(0));
    view->setComparison({});
    const patterns::TimeWindow spike { m_whatChangedSpike.minMs * 1'000'000LL, m_whatChangedSpike.maxMs * 1'000'000LL };
    const patterns::TimeWindow baseline = baselineFor(view->baseline(), spike);
    status->setText(view->baseline() == BaselineKind::DayEarlier
            ? tr("Mining the patterns of %1 in this range and the same range a day earlier…").arg(shown)
            : tr("Mining the patterns of %1 in this range and the %2 s before it…").arg(shown).arg(qint64(spike.seconds())));

    // Mined on the pool (a million lines take a second or two); a newer request cancels this one.
    if (m_whatChangedCancel)
        m_whatChangedCancel->store(true);
    auto cancel = std::make_shared<std::atomic_bool>(false);
    m_whatChangedCancel = cancel;
    std::vector<std::string> queries;
    for (const QString& q : m_whatChangedQueries)
        queries.push_back(q.toStdString());
    QPointer<ExplorePane> self(this);
    const services::QueryClient* client = m_queries;
    QThreadPool::globalInstance()->start([self, client, cancel, spike, baseline, queries] {
        patterns::CompareOptions options;
        options.limit = 200;
        auto result = std::make_shared<Result<patterns::Comparison>>(
            patterns::comparePatterns(*client, queries, spike, baseline, options, cancel.get()));
        if (cancel->load())
            return;
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, cancel, result] {
                if (!self || cancel->load() || self->m_whatChangedCancel != cancel)
                    return;
                auto* dialog = self->m_whatChangedDialog;
                auto* status = dialog->findChild<QLabel*>(u"whatChangedStatus"_s);
                if (!result->ok()) {
                    status->setText(QString::fromStdString(result->error().message));
                    return;
                }
                status->setText(self->m_whatChangedQueries.size() > 1
                        ? tr("Patterns of the %1 log rows' lines, ranked by how new or how much more frequent they are in this range")
                              .arg(self->m_whatChangedQueries.size())
                        : tr("Patterns ranked by how new or how much more frequent they are in this range"));
                dialog->findChild<WhatChangedView*>()->setComparison(**result);
            },
            Qt::QueuedConnection);
    });
}

} // namespace sg::ui
