// Explore's "What changed": the log patterns of the logs range against the same length just before.

#include "explore_pane.h"

#include "core/patterns/compare.h"
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

void ExplorePane::showWhatChanged()
{
    const QString query = logsEditor()->text().trimmed();
    if (!m_queries || query.isEmpty())
        return;
    if (!m_whatChangedDialog) {
        m_whatChangedDialog = new QDialog(this);
        m_whatChangedDialog->setObjectName(u"whatChangedDialog"_s);
        m_whatChangedDialog->setWindowTitle(tr("What changed"));
        m_whatChangedDialog->resize(1000, 520);
        auto* status = new QLabel(m_whatChangedDialog);
        status->setObjectName(u"whatChangedStatus"_s);
        auto* view = new WhatChangedView(m_whatChangedDialog);
        auto* layout = new QVBoxLayout(m_whatChangedDialog);
        layout->addWidget(status);
        layout->addWidget(view, 1);
        // A chosen pattern becomes a filter of the logs query, run at once.
        connect(view, &WhatChangedView::queryRequested, this, [this](const QString& q) {
            logsEditor()->setText(q);
            m_whatChangedDialog->hide();
            runLogs();
        });
    }
    auto* view = m_whatChangedDialog->findChild<WhatChangedView*>();
    auto* status = m_whatChangedDialog->findChild<QLabel*>(u"whatChangedStatus"_s);
    view->setQuery(query);
    view->setComparison({});
    const patterns::TimeWindow spike { m_logsRange.minMs * 1'000'000LL, m_logsRange.maxMs * 1'000'000LL };
    const patterns::TimeWindow baseline = patterns::precedingBaseline(spike);
    status->setText(tr("Mining the patterns of %1 in this range and the %2 s before it…")
                        .arg(query)
                        .arg(qint64(spike.seconds())));
    m_whatChangedDialog->show();

    // Mined on the pool (a million lines take a second or two); a newer request cancels this one.
    if (m_whatChangedCancel)
        m_whatChangedCancel->store(true);
    auto cancel = std::make_shared<std::atomic_bool>(false);
    m_whatChangedCancel = cancel;
    QPointer<ExplorePane> self(this);
    const services::QueryClient* client = m_queries;
    QThreadPool::globalInstance()->start([self, client, cancel, spike, baseline, q = query.toStdString()] {
        patterns::CompareOptions options;
        options.limit = 200;
        auto result = std::make_shared<Result<patterns::Comparison>>(
            patterns::comparePatterns(*client, q, spike, baseline, options, cancel.get()));
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
                status->setText(tr("Patterns ranked by how new or how much more frequent they are in this range"));
                dialog->findChild<WhatChangedView*>()->setComparison(**result);
            },
            Qt::QueuedConnection);
    });
}

} // namespace sg::ui
