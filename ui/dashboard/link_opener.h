#pragma once

#include "core/dashboards/url_state.h"

#include <QObject>
#include <QUrl>

#include <functional>

namespace sg::ui {

/// Opens the links of panels: a Grafana-style dashboard link (`/d/<uid>/...?var-x=..&from=..&to=..`) is announced
/// for the window to open from the dashboard store; anything else goes to the URL opener (the desktop's browser by
/// default; tests give their own to capture the URL).
class LinkOpener : public QObject
{
    Q_OBJECT
public:
    using UrlOpener = std::function<void(const QUrl&)>;

    explicit LinkOpener(QObject* parent = nullptr);
    void setUrlOpener(UrlOpener opener) { m_urlOpener = std::move(opener); }

public Q_SLOTS:
    void open(const QString& href, bool targetBlank = false);

Q_SIGNALS:
    void dashboardRequested(const sg::dashboards::DashboardUrl& url);
    /// An Explore link (`sightglass://explore?...`, Grafana's `/explore?...`) for the window's Explore to restore.
    void exploreRequested(const QString& href);
    /// A link neither a dashboard nor a URL the opener can take (a relative path of another Grafana page).
    void unsupportedLink(const QString& href);

private:
    UrlOpener m_urlOpener;
};

} // namespace sg::ui
