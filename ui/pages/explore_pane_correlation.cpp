// ExplorePane's correlation tools: the log row filled from a click, the metric row from a panel or Rate by level,
// a log line's context.
#include "explore_pane.h"

#include "explore_row.h"

#include "core/correlation/log_selector.h"
#include "core/logql/query_language.h"
#include "core/query/frames.h"
#include "ui/logs/log_context.h"
#include "ui/logs/log_lines_model.h"
#include "ui/logs/logs_panel.h"
#include "ui/widgets/query_editor.h"

#include <QLabel>

using namespace Qt::StringLiterals;

namespace sg::ui {

void ExplorePane::showLogs(const QString& selector, TimestampMs from, TimestampMs to, const QString& datasourceUid)
{
    if (!datasourceUid.isEmpty())
        logsRow()->setDatasourceUid(datasourceUid);
    logsEditor()->setText(selector);
    setLogsRange({ from, to });
    runLogs();
}

void ExplorePane::showMetrics(const QString& query)
{
    ExploreRow* row = metricsRow();
    const bool logql = logql::guessQueryLanguage(query.toStdString()) == logql::QueryLanguage::LogQL;
    if (row->isLoki() != logql)
        row->setDatasourceType(logql ? u"loki"_s : u"prometheus"_s);
    row->editor()->setText(query);
    runMetrics();
}

bool ExplorePane::showRateByLevel()
{
    const auto rate = correlation::logRateQuery(logsEditor()->text().toStdString());
    if (!rate.ok()) {
        m_logs->setError(tr("Rate by level needs a log query: %1").arg(QString::fromStdString(rate.error().message)));
        return false;
    }
    ExploreRow* row = metricsRow();
    row->setDatasourceType(u"loki"_s);
    row->editor()->setText(QString::fromStdString(rate.value()));
    runMetrics();
    return true;
}

void ExplorePane::showLogContext(int row)
{
    const LogLinesModel* model = m_logs->model();
    if (!m_queries || row < 0 || row >= model->rowCount())
        return;
    auto fetch = [this](const QString& selector, qint64 fromMs, qint64 toMs, int limit, logs::Direction direction,
                     std::function<void(std::vector<logs::Stream>)> done) {
        m_queries->submit(logRequest(selector, fromMs, toMs, direction, limit), this, [done = std::move(done)](const services::QueryResponse& r) {
            done(r.error ? std::vector<logs::Stream> {} : query::toStreams(r.logs));
        });
    };
    auto* dialog = new LogContextDialog(model->streamAt(row).labels, model->entryAt(row), fetch, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

} // namespace sg::ui
