#include "link_opener.h"

#include "core/dashboards/explore_state.h"

#include <QDesktopServices>

namespace sg::ui {

LinkOpener::LinkOpener(QObject* parent)
    : QObject(parent)
    , m_urlOpener([](const QUrl& url) { QDesktopServices::openUrl(url); })
{
}

void LinkOpener::open(const QString& href, bool targetBlank)
{
    // A desktop window has no tabs: targetBlank links open the same way.
    Q_UNUSED(targetBlank);
    if (const auto dashboard = dashboards::parseDashboardUrl(href)) {
        Q_EMIT dashboardRequested(*dashboard);
        return;
    }
    if (dashboards::isExploreLink(href)) {
        Q_EMIT exploreRequested(href);
        return;
    }
    const QUrl url = QUrl::fromUserInput(href.trimmed());
    if (href.trimmed().startsWith(u'/') || !url.isValid() || url.scheme().isEmpty()) {
        Q_EMIT unsupportedLink(href);
        return;
    }
    m_urlOpener(url);
}

} // namespace sg::ui
