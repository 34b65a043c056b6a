// PanelFrame's links: the header's panel links and the menu of data links a click on a value opens.
#include "panel_frame.h"

#include "core/templating/time_spec.h"

#include <QMenu>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {
QString linkText(const fieldconfig::ResolvedLink& link) { return link.title.isEmpty() ? link.href : link.title; }
} // namespace

templating::InterpolationContext PanelFrame::linkContext() const
{
    templating::InterpolationContext ctx;
    ctx.variables = m_context.variables;
    ctx.scoped = m_context.scoped;
    ctx.timeZone = m_context.time.timeZone;
    if (const auto range = templating::resolveRange(m_context.from, m_context.to, m_context.nowMs, m_context.time);
        range.ok()) {
        ctx.fromMs = range->fromMs;
        ctx.toMs = range->toMs;
    }
    return ctx;
}

void PanelFrame::updatePanelLinks()
{
    // Grafana's panel header links: resolved when the menu opens, so they follow the range and the variables.
    const auto links = fieldconfig::DataLink::listFromJson(m_panel.json().value(u"links").toArray());
    m_linksButton->setVisible(!links.empty());
    QMenu* menu = m_linksButton->menu();
    menu->disconnect(this);
    connect(menu, &QMenu::aboutToShow, this, [this, menu, links] {
        menu->clear();
        const templating::InterpolationContext ctx = linkContext();
        for (const fieldconfig::DataLink& link : links) {
            const fieldconfig::ResolvedLink resolved = fieldconfig::resolveLink(link, ctx);
            menu->addAction(linkText(resolved), this,
                [this, resolved] { Q_EMIT linkActivated(resolved.href, resolved.targetBlank); });
        }
    });
}

void PanelFrame::showDataLinks(const DataClick& click)
{
    m_clickShowsLinks = false;
    if (click.links.empty())
        return;
    if (m_dataLinkMenu)
        m_dataLinkMenu->deleteLater();
    m_dataLinkMenu = new QMenu(this);
    m_dataLinkMenu->setObjectName(u"dataLinkMenu"_s);
    for (const fieldconfig::ResolvedLink& link : fieldconfig::resolveLinks(click.links, linkContext(), click.origin))
        m_dataLinkMenu->addAction(linkText(link), this, [this, link] { Q_EMIT linkActivated(link.href, link.targetBlank); });
    m_clickShowsLinks = true;
    m_dataLinkMenu->popup(click.globalPos);
}

void PanelFrame::onSeriesClicked(const query::LabelPairs& labels, qint64 timeMs)
{
    if (!m_clickShowsLinks || !m_dataLinkMenu) {
        Q_EMIT seriesClicked(panelId(), labels, timeMs);
        return;
    }
    // The click opened the data link menu: the click-through to logs becomes one of its entries.
    m_clickShowsLinks = false;
    m_dataLinkMenu->addSeparator();
    m_dataLinkMenu->addAction(tr("Show logs"), this, [this, labels, timeMs] { Q_EMIT seriesClicked(panelId(), labels, timeMs); });
}

} // namespace sg::ui
