#include "dashboard_view.h"

#include "dashboard_model.h"
#include "annotation_runner.h"
#include "panel_frame.h"

#include "core/dashboards/layout.h"

#include <QMouseEvent>
#include <QResizeEvent>
#include <QScrollBar>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {
constexpr int RowPx = dashboards::GridCellHeight + dashboards::GridCellVMargin;

} // namespace

DashboardView::DashboardView(DashboardModel* model, services::QueryClient* client, QWidget* parent)
    : QScrollArea(parent)
    , m_model(model)
    , m_client(client)
{
    setObjectName(u"dashboardView"_s);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_content = new QWidget;
    m_content->setObjectName(u"dashboardContent"_s);
    setWidget(m_content);
    setWidgetResizable(false);
    m_annotations = new AnnotationRunner(client, this);
    connect(m_annotations, &AnnotationRunner::ready, this, [this](const std::vector<query::Annotation>& annotations) {
        for (PanelFrame* f : m_frames)
            f->setAnnotations(annotations);
        Q_EMIT annotationsReady(int(annotations.size()));
    });
    connect(m_model, &DashboardModel::changed, this, &DashboardView::rebuild);
    connect(m_model, &DashboardModel::layoutChanged, this, &DashboardView::relayout);
    connect(m_model, &DashboardModel::panelChanged, this, [this](int id) {
        for (PanelFrame* f : m_frames) {
            if (f->panelId() != id)
                continue;
            if (const dashboards::Panel* p = m_model->dashboard().panelById(id)) {
                f->setPanel(*p);
                if (m_hasContext)
                    f->setStale(true);
            }
        }
        refreshVisible();
    });
    rebuild();
}

PanelFrame* DashboardView::frameById(int panelId) const
{
    for (PanelFrame* f : m_frames)
        if (f->panelId() == panelId)
            return f;
    return nullptr;
}

PanelFrame* DashboardView::frameByTitle(const QString& title) const
{
    for (PanelFrame* f : m_frames)
        if (f->panel().title() == title)
            return f;
    return nullptr;
}

void DashboardView::rebuild()
{
    // Later, not now: a row header's click or a frame's menu may be what asked for the rebuild.
    for (Item& item : m_items) {
        if (!item.widget)
            continue;
        item.widget->disconnect();
        item.widget->hide();
        item.widget->deleteLater();
    }
    m_items.clear();
    m_frames.clear();
    m_rows.clear();
    const dashboards::Dashboard& d = m_model->dashboard();
    const QList<templating::Variable> vars = m_hasContext ? m_context.variables : dashboards::templatingVariables(d);

    // Grafana's repeats (panels and rows), then shown in reading order with the grid's vertical compaction;
    // layoutItems() keeps that order.
    std::vector<Item> items;
    for (dashboards::GridItem& g : dashboards::expandRepeats(d, vars))
        items.push_back({ std::move(g), nullptr });
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
        return a.grid.pos.y != b.grid.pos.y ? a.grid.pos.y < b.grid.pos.y : a.grid.pos.x < b.grid.pos.x;
    });
    placeItems(items);

    for (Item& item : items) {
        const dashboards::Panel* p = d.panelById(item.grid.panelId);
        if (!p)
            continue;
        if (p->isRow()) {
            // A repeated row's title names its value ("Host $host" → "Host a").
            templating::InterpolationContext titleCtx;
            titleCtx.variables = vars;
            titleCtx.scoped = item.grid.scoped;
            auto* header = new RowHeader(*p, templating::interpolateString(p->title(), titleCtx), m_content);
            connect(header, &RowHeader::toggleRequested, m_model, &DashboardModel::toggleRow);
            item.widget = header;
            m_rows.push_back(header);
        } else {
            auto* frame = new PanelFrame(*p, m_client, m_content);
            frame->setTimeZone(m_context.time.timeZone);
            connect(frame, &PanelFrame::seriesClicked, this, &DashboardView::seriesClicked);
            connect(frame, &PanelFrame::rangeSelected, this, &DashboardView::rangeSelected);
            connect(frame, &PanelFrame::logsRangeSelected, this, &DashboardView::logsRangeSelected);
            connect(frame, &PanelFrame::whatChangedRangeSelected, this, &DashboardView::whatChangedRangeSelected);
            connect(frame, &PanelFrame::editRequested, this, &DashboardView::editRequested);
            connect(frame, &PanelFrame::inspectRequested, this, &DashboardView::inspectRequested);
            connect(frame, &PanelFrame::exportRequested, this, &DashboardView::exportRequested);
            connect(frame, &PanelFrame::linkActivated, this, &DashboardView::linkActivated);
            connect(frame, &PanelFrame::optionsEdited, this, [this](int id, const QJsonObject& options) {
                if (const dashboards::Panel* panel = m_model->dashboard().panelById(id)) {
                    dashboards::Panel edited = *panel;
                    edited.setOptions(options);
                    m_model->setPanel(id, edited, tr("Sort the legend"));
                }
            });
            connect(frame, &PanelFrame::duplicateRequested, m_model, &DashboardModel::duplicatePanel);
            connect(frame, &PanelFrame::removeRequested, m_model, &DashboardModel::removePanel);
            connect(frame, &PanelFrame::refreshed, this, &DashboardView::checkAllRefreshed);
            // Grafana's shared crosshair (graphTooltip 1) and shared tooltip (2).
            connect(frame, &PanelFrame::hoverTimeChanged, this, [this, frame](qint64 t) {
                const int mode = m_model->dashboard().graphTooltip();
                if (mode == 0)
                    return;
                for (PanelFrame* other : m_frames)
                    if (other != frame)
                        other->view()->setSharedHover(t, mode == 2);
                Q_EMIT sharedHoverChanged(frame, t);
            });
            frame->setAnnotations(m_annotations->annotations());
            frame->installEventFilter(this);
            frame->view()->installEventFilter(this);
            item.widget = frame;
            m_frames.push_back(frame);
            Q_EMIT frameAdded(frame);
        }
        item.widget->show();
    }
    m_items = std::move(items);
    layoutItems();
    refreshVisible();
}

void DashboardView::relayout()
{
    // Repeated panels, or panels that are gone, need frames made again; a plain move keeps every frame and its data.
    const dashboards::Dashboard& d = m_model->dashboard();
    for (const Item& item : m_items)
        if (item.grid.repeatIndex > 0 || item.grid.rowRepeatIndex > 0 || !d.panelById(item.grid.panelId)) {
            rebuild();
            return;
        }
    for (Item& item : m_items) {
        const dashboards::Panel* p = d.panelById(item.grid.panelId);
        if (!p->repeat().isEmpty()) { // repeats are laid out by rebuild()
            rebuild();
            return;
        }
        item.grid.pos = p->gridPos();
    }
    placeItems(m_items);
    layoutItems();
    refreshVisible();
}

void DashboardView::placeItems(std::vector<Item>& items)
{
    std::vector<dashboards::GridPos> positions;
    positions.reserve(items.size());
    for (const Item& item : items)
        positions.push_back(item.grid.pos);
    positions = dashboards::placeInReadingOrder(positions);
    for (std::size_t i = 0; i < items.size(); ++i)
        items[i].grid.pos = positions[i];
}

QRect DashboardView::geometryOf(const dashboards::GridPos& pos) const
{
    const int width = viewport()->width();
    const double col = double(width - 2 * Margin + Gap) / dashboards::GridColumnCount;
    const int x = Margin + int(pos.x * col);
    const int w = int((pos.x + pos.w) * col) - int(pos.x * col) - Gap;
    return QRect(x, Margin + pos.y * RowPx, std::max(20, w), std::max(20, pos.h * RowPx - Gap));
}

int DashboardView::contentHeight() const
{
    int bottom = 0;
    for (const Item& item : m_items)
        bottom = std::max(bottom, item.grid.pos.y + item.grid.pos.h);
    return Margin * 2 + bottom * RowPx;
}

void DashboardView::layoutItems()
{
    m_content->resize(viewport()->width(), std::max(contentHeight(), viewport()->height()));
    for (const Item& item : m_items) {
        if (!item.widget)
            continue;
        QRect r = geometryOf(item.grid.pos);
        if (qobject_cast<RowHeader*>(item.widget))
            r.setHeight(dashboards::GridCellHeight);
        item.widget->setGeometry(r);
    }
}

void DashboardView::resizeEvent(QResizeEvent* event)
{
    QScrollArea::resizeEvent(event);
    layoutItems();
    refreshVisible();
}

void DashboardView::scrollContentsBy(int dx, int dy)
{
    QScrollArea::scrollContentsBy(dx, dy);
    refreshVisible();
}

void DashboardView::refresh(const dashboards::PanelQueryContext& context)
{
    const bool variablesChanged = !m_hasContext || context.variables.size() != m_context.variables.size();
    m_context = context;
    m_hasContext = true;
    if (m_client)
        m_annotations->run(m_model->dashboard(), m_datasources, context);
    bool repeats = false;
    for (const auto& p : m_model->dashboard().panels())
        repeats = repeats || !p.repeat().isEmpty();
    if (repeats || variablesChanged) {
        rebuild(); // repeated panels follow the variables; new frames run from rebuild()
        return;
    }
    for (PanelFrame* f : m_frames)
        f->setStale(true);
    refreshVisible();
}

void DashboardView::refreshVisible()
{
    if (!m_hasContext)
        return;
    const QRect visible(0, verticalScrollBar()->value() - viewport()->height() / 2, viewport()->width(),
        viewport()->height() * 2);
    const dashboards::Dashboard& d = m_model->dashboard();
    for (const Item& item : m_items) {
        auto* frame = qobject_cast<PanelFrame*>(item.widget);
        if (!frame || !frame->stale())
            continue;
        if (!m_eager && !visible.intersects(frame->geometry()))
            continue;
        dashboards::PanelQueryContext ctx = m_context;
        for (auto it = item.grid.scoped.begin(); it != item.grid.scoped.end(); ++it)
            ctx.scoped.insert(it.key(), it.value());
        frame->refresh(d, m_datasources, ctx);
    }
}

void DashboardView::setEditMode(bool on)
{
    m_editMode = on;
    for (PanelFrame* f : m_frames)
        f->setProperty("editMode", on);
    m_drag.reset();
}

dashboards::GridPos DashboardView::cellAt(const QPoint& p) const
{
    const double col = double(viewport()->width() - 2 * Margin + Gap) / dashboards::GridColumnCount;
    const int x = std::clamp(int(std::floor((p.x() - Margin) / col)), 0, dashboards::GridColumnCount - 1);
    const int y = std::max(0, (p.y() - Margin) / RowPx);
    return { x, y, 1, 1 };
}

bool DashboardView::eventFilter(QObject* watched, QEvent* event)
{
    // The frame (its title bar) or its view (the lower right corner) starts a drag.
    auto* frame = qobject_cast<PanelFrame*>(watched);
    QWidget* source = frame;
    if (!frame && watched->isWidgetType()) {
        source = static_cast<QWidget*>(watched);
        frame = qobject_cast<PanelFrame*>(source->parentWidget());
    }
    if (!frame || !m_editMode)
        return QScrollArea::eventFilter(watched, event);
    const QEvent::Type type = event->type();
    if (type != QEvent::MouseButtonPress && type != QEvent::MouseMove && type != QEvent::MouseButtonRelease)
        return QScrollArea::eventFilter(watched, event);
    auto* mouse = static_cast<QMouseEvent*>(event);
    const QPoint framePos = source == frame ? mouse->position().toPoint() : source->mapTo(frame, mouse->position().toPoint());
    const QPoint contentPos = frame->mapToParent(framePos);
    switch (type) {
    case QEvent::MouseButtonPress: {
        if (mouse->button() != Qt::LeftButton)
            break;
        const QPoint local = framePos;
        const bool corner = local.x() > frame->width() - 16 && local.y() > frame->height() - 16;
        const bool title = local.y() < 28;
        if (!corner && !title)
            break;
        const dashboards::Panel* p = m_model->dashboard().panelById(frame->panelId());
        if (!p)
            break;
        m_drag = Drag { frame->panelId(), corner, contentPos, p->gridPos() };
        return true;
    }
    case QEvent::MouseMove:
        if (m_drag) {
            // Follow the mouse with the frame itself; the model changes once, on release.
            const QPoint delta = contentPos - m_drag->startPos;
            QRect g = geometryOf(m_drag->startGrid);
            if (m_drag->resize)
                g.setSize(QSize(std::max(60, g.width() + delta.x()), std::max(40, g.height() + delta.y())));
            else
                g.translate(delta);
            frame->setGeometry(g);
            frame->raise();
            return true;
        }
        break;
    case QEvent::MouseButtonRelease:
        if (m_drag) {
            const double col = double(viewport()->width() - 2 * Margin + Gap) / dashboards::GridColumnCount;
            const QPoint delta = contentPos - m_drag->startPos;
            dashboards::GridPos g = m_drag->startGrid;
            const int dx = int(std::lround(delta.x() / col));
            const int dy = int(std::lround(double(delta.y()) / RowPx));
            if (m_drag->resize) {
                g.w = std::max(1, g.w + dx);
                g.h = std::max(1, g.h + dy);
            } else {
                g.x += dx;
                g.y = std::max(0, g.y + dy);
            }
            const int id = m_drag->panelId;
            m_drag.reset();
            if (g == m_model->dashboard().panelById(id)->gridPos())
                layoutItems();
            else
                m_model->movePanel(id, g);
            return true;
        }
        break;
    default:
        break;
    }
    return QScrollArea::eventFilter(watched, event);
}

void DashboardView::checkAllRefreshed()
{
    // Every panel that ran has answered, and none is waiting to run while visible (or at all, when eager).
    const QRect visible(0, verticalScrollBar()->value(), viewport()->width(), viewport()->height());
    for (PanelFrame* f : m_frames) {
        if (f->isLoading())
            return;
        if (f->stale() && (m_eager || visible.intersects(f->geometry())))
            return;
    }
    Q_EMIT allRefreshed();
}

bool DashboardView::isSettled() const
{
    for (PanelFrame* f : m_frames)
        if (f->isLoading() || (m_eager && f->stale()))
            return false;
    return true;
}

} // namespace sg::ui
