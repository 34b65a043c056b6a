// MainWindow's links: panel and data links open a URL, or a dashboard of the library with the link's state.
#include "main_window.h"

#include "ui/dashboard/dashboard_model.h"
#include "ui/dashboard/dashboard_view.h"
#include "ui/dashboard/link_opener.h"
#include "ui/pages/dashboards_page.h"
#include "ui/pages/explore_page.h"

#include <QTabWidget>

namespace sg {

void MainWindow::connectLinks()
{
    m_linkOpener = new ui::LinkOpener(this);
    // Queued: a dashboard link replaces the frames, the menu that was clicked among them.
    connect(m_view, &ui::DashboardView::linkActivated, m_linkOpener, &ui::LinkOpener::open, Qt::QueuedConnection);
    connect(m_linkOpener, &ui::LinkOpener::dashboardRequested, this, &MainWindow::openDashboardUrl);
    connect(m_linkOpener, &ui::LinkOpener::exploreRequested, this, [this](const QString& href) {
        m_tabs->setCurrentWidget(m_explore);
        m_explore->openLink(href);
    });
    m_explore->setDashboardStore(m_store.get());
    connect(m_explore, &ui::ExplorePage::dashboardSaved, m_list, &ui::DashboardsPage::reload);
    connect(m_linkOpener, &ui::LinkOpener::unsupportedLink, this,
        [this](const QString& href) { showMessage(tr("Cannot open %1 here").arg(href)); });
}

bool MainWindow::openDashboardUrl(const dashboards::DashboardUrl& url)
{
    if (!confirmDiscard())
        return false;
    auto d = m_store->load(url.uid);
    if (!d.ok()) {
        showMessage(tr("No dashboard with uid %1 in the library").arg(url.uid));
        return false;
    }
    // The link's state wins over the saved one, as Grafana's URL does.
    dashboards::applyVariableValues(*d, url.variables);
    if (!url.from.isEmpty() && !url.to.isEmpty())
        d->setTime(url.from, url.to);
    m_model->load(std::move(*d), m_store->pathOf(url.uid));
    m_tabs->setCurrentWidget(m_dashboardPage);
    return true;
}

} // namespace sg
