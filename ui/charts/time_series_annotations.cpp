// TimeSeriesPanel's annotations: markers drawn by the shared helpers over the chart's viewport, with their tooltip.
#include "time_series_panel.h"

#include "annotation_marks.h"

#include <QChart>
#include <QChartView>
#include <QPainter>
#include <QToolTip>

namespace sg::ui {
namespace {

/// A transparent layer over the chart's viewport that paints what it is given.
class MarkerLayer : public QWidget
{
public:
    MarkerLayer(QWidget* parent, std::function<void(QPainter&)> paint)
        : QWidget(parent)
        , m_paint(std::move(paint))
    {
        setObjectName(QStringLiteral("annotationMarkers"));
        setAttribute(Qt::WA_TransparentForMouseEvents);
        setAttribute(Qt::WA_NoSystemBackground);
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        m_paint(p);
    }

private:
    std::function<void(QPainter&)> m_paint;
};

} // namespace

void TimeSeriesPanel::setAnnotations(std::vector<query::Annotation> annotations)
{
    m_annotations = std::move(annotations);
    if (!m_markers)
        m_markers = new MarkerLayer(m_view->viewport(), [this](QPainter& p) {
            paintAnnotationMarkers(p, plotInViewport(), m_annotations, annotationX());
        });
    m_markers->setGeometry(m_view->viewport()->rect());
    m_markers->setVisible(!m_annotations.empty());
    m_markers->raise();
    m_markers->update();
}

QRectF TimeSeriesPanel::plotInViewport() const
{
    const QRectF plot = m_chart->plotArea();
    return QRectF(m_view->mapFromScene(m_chart->mapToScene(plot.topLeft())),
        m_view->mapFromScene(m_chart->mapToScene(plot.bottomRight())));
}

std::function<std::optional<double>(qint64)> TimeSeriesPanel::annotationX() const
{
    const QRectF plot = plotInViewport();
    return [plot, from = m_from, to = m_to](qint64 t) -> std::optional<double> {
        if (to <= from || t < from || t > to)
            return std::nullopt;
        return plot.left() + double(t - from) * plot.width() / double(to - from);
    };
}

int TimeSeriesPanel::annotationCount() const
{
    const auto x = annotationX();
    return int(std::count_if(m_annotations.begin(), m_annotations.end(), [&](const query::Annotation& a) { return x(a.timeMs).has_value(); }));
}

QRect TimeSeriesPanel::annotationMarkerRect(int index) const
{
    if (index < 0 || index >= int(m_annotations.size()))
        return {};
    const auto x = annotationX()(m_annotations[std::size_t(index)].timeMs);
    return x ? ui::annotationMarkerRect(*x, plotInViewport()) : QRect();
}

QStringList TimeSeriesPanel::annotationTooltipAt(const QPoint& viewportPos) const
{
    const int i = annotationNear(m_annotations, viewportPos, plotInViewport(), annotationX());
    return i < 0 ? QStringList() : annotationTooltipLines(m_annotations[std::size_t(i)], QTimeZone::systemTimeZone());
}

bool TimeSeriesPanel::showAnnotationTooltip(const QPoint& viewportPos)
{
    const QStringList lines = annotationTooltipAt(viewportPos);
    if (lines.isEmpty())
        return false;
    QString html = QStringLiteral("<b>%1</b>").arg(lines.first().toHtmlEscaped());
    for (qsizetype i = 1; i < lines.size(); ++i)
        html += QStringLiteral("<br>") + lines[i].toHtmlEscaped();
    QToolTip::showText(m_view->viewport()->mapToGlobal(viewportPos + QPoint(16, 16)), html, m_view->viewport());
    return true;
}

} // namespace sg::ui
