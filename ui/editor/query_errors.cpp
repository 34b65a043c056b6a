#include "query_errors.h"

#include "core/logql/parser.h"
#include "core/promql/parser.h"
#include "ui/widgets/query_editor.h"

using namespace Qt::StringLiterals;

namespace sg::ui::editor {

RowError locateRowError(const QString& panelError, const dashboards::PanelQueryPlan& plan)
{
    RowError out;
    out.message = panelError;
    const qsizetype colon = panelError.indexOf(u": "_s);
    if (colon <= 0)
        return out;
    const QString refId = panelError.left(colon);
    const auto q = std::find_if(
        plan.queries.begin(), plan.queries.end(), [&](const dashboards::PlannedQuery& p) { return p.refId == refId; });
    if (q == plan.queries.end())
        return out;
    out.refId = refId;
    out.message = panelError.mid(colon + 2);
    if (!q->datasource || !q->error.isEmpty())
        return out;
    const QByteArray utf8 = q->expr.toUtf8();
    const std::string_view text(utf8.constData(), std::size_t(utf8.size()));
    const bool loki = q->datasource->kind() == dashboards::DatasourceKind::Loki;
    std::optional<Error> error;
    if (loki) {
        if (auto r = logql::parseQuery(text); !r.ok())
            error = r.error();
    } else if (auto r = promql::parse(text); !r.ok()) {
        error = r.error();
    }
    if (!error || error->code != ErrorCode::Parse)
        return out;
    // Bytes of the interpolated text → characters → characters of the raw text → bytes of the raw text.
    const SourceRange chars = q->interp.toOriginal(QueryEditor::toCharRange(q->expr, error->where));
    const QString& raw = q->rawExpr;
    auto toBytes = [&raw](int chars) { return int(raw.left(std::clamp(chars, 0, int(raw.size()))).toUtf8().size()); };
    error->where = { toBytes(chars.begin), toBytes(chars.end) };
    out.parse = error;
    return out;
}

} // namespace sg::ui::editor
