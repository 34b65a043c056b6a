// ExplorePane's log rows shown as annotations: run by the dashboards' AnnotationRunner, drawn on the pane's graph
// (and on the other pane's while their time is synced, through the page).
#include "explore_pane.h"

#include "explore_row.h"

#include "core/services/annotations.h"
#include "ui/charts/time_series_panel.h"
#include "ui/dashboard/annotation_runner.h"
#include "ui/widgets/query_editor.h"

using namespace Qt::StringLiterals;

namespace sg::ui {

QString ExplorePane::annotationColor(int index)
{
    static const QString Colors[] = { u"red"_s, u"orange"_s, u"purple"_s, u"blue"_s, u"yellow"_s };
    return Colors[std::size_t(index) % std::size(Colors)];
}

void ExplorePane::runAnnotations()
{
    if (!m_queries)
        return;
    if (!m_annotationRunner) {
        m_annotationRunner = new AnnotationRunner(m_queries, this);
        connect(m_annotationRunner, &AnnotationRunner::ready, this, [this](const std::vector<query::Annotation>& markers) {
            m_ownAnnotations = markers;
            setForeignAnnotations(m_foreignAnnotations); // redraws own + foreign
            Q_EMIT annotationsChanged(m_ownAnnotations);
        });
    }
    std::vector<services::LogAnnotationQuery> queries;
    for (const ExploreRow* row : m_rows) {
        const QString expr = row->editor()->text().trimmed();
        if (row->isHidden() || !row->showsAsAnnotations() || expr.isEmpty())
            continue;
        services::LogAnnotationQuery q;
        q.name = tr("Explore %1").arg(row->refId());
        q.datasource = { u"loki"_s, row->request().datasourceUid };
        q.expr = expr;
        q.iconColor = annotationColor(int(queries.size()));
        queries.push_back(std::move(q));
    }
    m_annotationRunner->run(queries, m_range.minMs, m_range.maxMs);
}

void ExplorePane::setForeignAnnotations(std::vector<query::Annotation> annotations)
{
    m_foreignAnnotations = std::move(annotations);
    std::vector<query::Annotation> all = m_ownAnnotations;
    all.insert(all.end(), m_foreignAnnotations.begin(), m_foreignAnnotations.end());
    m_chart->setAnnotations(std::move(all));
}

} // namespace sg::ui
