#include "panel_frame.h"

#include "panel_query_runner.h"
#include "ui/panels/common/placeholder_view.h"
#include "ui/panels/registry.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMouseEvent>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sg::ui {

PanelFrame::PanelFrame(const dashboards::Panel& panel, services::QueryClient* client, QWidget* parent)
    : QFrame(parent)
    , m_panel(panel)
    , m_client(client)
{
    setObjectName(u"panelFrame"_s);
    setAttribute(Qt::WA_StyledBackground);
    m_runner = new PanelQueryRunner(client, this);
    connect(m_runner, &PanelQueryRunner::started, this, [this] {
        m_loading = true;
        m_loadingLabel->show();
    });
    connect(m_runner, &PanelQueryRunner::finished, this, &PanelFrame::onData);

    m_title = new QLabel(this);
    m_title->setObjectName(u"panelTitle"_s);
    m_timeInfo = new QLabel(this);
    m_timeInfo->setObjectName(u"panelTimeInfo"_s);
    m_timeInfo->hide();
    m_badge = new QLabel(this);
    m_badge->setObjectName(u"panelBadge"_s);
    m_badge->hide();
    m_loadingLabel = new QLabel(tr("Loading…"), this);
    m_loadingLabel->setObjectName(u"panelLoading"_s);
    m_loadingLabel->hide();
    m_menuButton = new QToolButton(this);
    m_menuButton->setObjectName(u"panelMenuButton"_s);
    m_menuButton->setText(u"⋮"_s);
    m_menuButton->setAutoRaise(true);
    m_menuButton->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_menuButton);
    menu->addAction(tr("View"), this, [this] { Q_EMIT viewRequested(panelId()); });
    menu->addAction(tr("Edit"), this, [this] { Q_EMIT editRequested(panelId()); })->setShortcut(u"e"_s);
    menu->addAction(tr("Inspect"), this, [this] { Q_EMIT inspectRequested(panelId()); })->setShortcut(u"i"_s);
    menu->addAction(tr("Export as PNG…"), this, [this] { Q_EMIT exportRequested(panelId(), false); });
    menu->addAction(tr("Export as SVG…"), this, [this] { Q_EMIT exportRequested(panelId(), true); });
    menu->addSeparator();
    menu->addAction(tr("Duplicate"), this, [this] { Q_EMIT duplicateRequested(panelId()); });
    menu->addAction(tr("Remove"), this, [this] { Q_EMIT removeRequested(panelId()); });
    m_menuButton->setMenu(menu);
    m_linksButton = new QToolButton(this);
    m_linksButton->setObjectName(u"panelLinksButton"_s);
    m_linksButton->setText(u"🔗"_s);
    m_linksButton->setToolTip(tr("Panel links"));
    m_linksButton->setAutoRaise(true);
    m_linksButton->setPopupMode(QToolButton::InstantPopup);
    m_linksButton->setMenu(new QMenu(m_linksButton));
    m_linksButton->hide();

    auto* titleBar = new QHBoxLayout;
    titleBar->setContentsMargins(8, 2, 2, 0);
    titleBar->setSpacing(6);
    titleBar->addWidget(m_badge);
    titleBar->addWidget(m_title, 1);
    titleBar->addWidget(m_loadingLabel);
    titleBar->addWidget(m_timeInfo);
    titleBar->addWidget(m_linksButton);
    titleBar->addWidget(m_menuButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(1, 1, 1, 4);
    layout->setSpacing(0);
    layout->addLayout(titleBar);
    createView();
    setPanel(panel);
}

PanelFrame::~PanelFrame() = default;

const dashboards::PanelQueryPlan& PanelFrame::lastPlan() const { return m_runner->lastPlan(); }

void PanelFrame::createView()
{
    if (m_view) {
        m_view->deleteLater();
        m_view = nullptr;
    }
    const PanelPlugin* plugin = PanelRegistry::instance().find(m_panel.type());
    m_view = plugin ? plugin->createView(this) : new PlaceholderView(this);
    m_renderedAs = plugin ? plugin->id() : u"placeholder"_s;
    m_view->setObjectName(u"panelView"_s);
    m_view->setTimeZone(m_timeZone);
    m_view->setAnnotations(m_annotations);
    static_cast<QVBoxLayout*>(layout())->insertWidget(1, m_view, 3); // under the title bar, above any dock
    connect(m_view, &PanelView::dataClicked, this, &PanelFrame::showDataLinks);
    connect(m_view, &PanelView::seriesClicked, this, &PanelFrame::onSeriesClicked);
    connect(m_view, &PanelView::rangeSelected, this, &PanelFrame::rangeSelected);
    connect(m_view, &PanelView::logsRangeSelected, this,
        [this](qint64 from, qint64 to) { Q_EMIT logsRangeSelected(panelId(), from, to); });
    connect(m_view, &PanelView::whatChangedRangeSelected, this,
        [this](qint64 from, qint64 to) { Q_EMIT whatChangedRangeSelected(panelId(), from, to); });
    connect(m_view, &PanelView::optionsChanged, this,
        [this](const QJsonObject& options) { Q_EMIT optionsEdited(panelId(), options); });
    connect(m_view, &PanelView::hoverTimeChanged, this, &PanelFrame::hoverTimeChanged);
}

void PanelFrame::setPanel(const dashboards::Panel& panel)
{
    const bool typeChanged = panel.type() != m_panel.type();
    m_panel = panel;
    if (typeChanged)
        createView();
    m_title->setText(m_panel.title());
    m_title->setToolTip(m_panel.json().value(u"description").toString());
    updatePanelLinks();
    setProperty("transparent", m_panel.transparent());
    style()->unpolish(this);
    style()->polish(this);
    m_view->setPanel(m_panel);
    if (m_refreshed)
        m_view->setData(m_data);
}

void PanelFrame::addHeaderWidget(QWidget* widget)
{
    auto* titleBar = static_cast<QHBoxLayout*>(layout()->itemAt(0)->layout());
    titleBar->insertWidget(titleBar->indexOf(m_title), widget);
}

void PanelFrame::setAnnotations(const std::vector<query::Annotation>& annotations)
{
    m_annotations = annotations;
    if (m_view)
        m_view->setAnnotations(m_annotations);
}

void PanelFrame::addDock(QWidget* widget, int stretch)
{
    static_cast<QVBoxLayout*>(layout())->addWidget(widget, stretch);
}

void PanelFrame::setTimeZone(const QString& tz)
{
    m_timeZone = tz;
    m_view->setTimeZone(tz);
}

void PanelFrame::refresh(const dashboards::Dashboard& dashboard, const dashboards::DatasourceRegistry& datasources,
    dashboards::PanelQueryContext context)
{
    m_stale = false;
    m_context = context;
    context.widthPx = std::max(100, m_view->width());
    m_runner->run(m_panel, dashboard, datasources, context);
    const QString info = m_runner->lastPlan().timeInfo;
    m_timeInfo->setText(info);
    m_timeInfo->setVisible(!info.isEmpty());
    if (m_runner->isRunning()) {
        query::PanelData loading = m_data;
        loading.loading = true;
        m_view->setData(loading);
    }
}

void PanelFrame::onData(const query::PanelData& data)
{
    m_loading = false;
    m_loadingLabel->hide();
    m_data = data;
    m_view->setData(m_data);
    m_refreshed = true;
    updateBadges();
    Q_EMIT refreshed();
}

void PanelFrame::updateBadges()
{
    if (!m_data.error.isEmpty()) {
        m_badge->setText(u"⚠"_s);
        m_badge->setProperty("level", u"error"_s);
        m_badge->setToolTip(m_data.error);
        m_badge->show();
    } else if (!m_data.warnings.isEmpty()) {
        m_badge->setText(u"ⓘ"_s);
        m_badge->setProperty("level", u"warning"_s);
        m_badge->setToolTip(m_data.warnings.join(u'\n'));
        m_badge->show();
    } else {
        m_badge->hide();
    }
    m_badge->style()->unpolish(m_badge);
    m_badge->style()->polish(m_badge);
}

RowHeader::RowHeader(const dashboards::Panel& row, const QString& title, QWidget* parent)
    : QFrame(parent)
    , m_id(row.id())
{
    setObjectName(u"rowHeader"_s);
    setCursor(Qt::PointingHandCursor);
    m_label = new QLabel(this);
    m_label->setObjectName(u"rowTitle"_s);
    const bool collapsed = row.collapsed();
    const int count = int(row.rowPanels().size());
    QString text = (collapsed ? u"▸ "_s : u"▾ "_s) + (title.isEmpty() ? tr("Row title") : title);
    if (collapsed)
        text += count == 1 ? tr("  (1 panel)") : tr("  (%1 panels)").arg(count);
    m_label->setText(text);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->addWidget(m_label, 1);
}

QString RowHeader::titleText() const { return m_label->text(); }

void RowHeader::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        Q_EMIT toggleRequested(m_id);
}

} // namespace sg::ui
