#include "dashboard_renderer.h"

#include "svg_export.h"

#include "core/common/time.h"
#include "core/dashboards/layout.h"
#include "core/dashboards/panel_queries.h"
#include "core/dashboards/url_state.h"
#include "ui/dashboard/dashboard_model.h"
#include "ui/dashboard/dashboard_view.h"
#include "ui/dashboard/panel_frame.h"
#include "ui/dashboard/variable_refresher.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace sg::ui {

bool waitUntil(const std::function<bool()>& done, const QElapsedTimer& clock, int timeoutMs, int tickMs)
{
    QEventLoop loop;
    QTimer tick;
    tick.setInterval(tickMs);
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        if (done() || clock.elapsed() > timeoutMs)
            loop.quit();
    });
    tick.start();
    if (!done())
        loop.exec();
    return done();
}

namespace {


} // namespace

RenderResult renderDashboard(const dashboards::Dashboard& input, services::QueryClient* client,
    const RenderOptions& options, const dashboards::DatasourceRegistry& datasources)
{
    RenderResult result;
    dashboards::Dashboard d = input;
    result.title = d.title();
    dashboards::applyVariableValues(d, options.variables);
    if (options.expandRows || options.panelId) {
        std::vector<int> collapsed;
        for (const dashboards::Panel& p : d.panels())
            if (p.isRow() && p.collapsed())
                collapsed.push_back(p.id());
        for (int id : collapsed)
            dashboards::toggleRow(d, id);
    }

    DashboardModel model;
    model.load(d);
    VariableRefresher refresher(&model, client);
    QWidget host;
    host.setAttribute(Qt::WA_DontShowOnScreen);
    DashboardView view(&model, client, &host);
    view.setDatasources(datasources);
    view.setEagerLoading(true);
    view.setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    host.resize(options.size);
    view.resize(options.size);
    host.show();

    const qint64 now = options.nowMs ? options.nowMs : nowMs();
    dashboards::PanelQueryContext context;
    context.from = options.from.isEmpty() ? d.timeFrom() : options.from;
    context.to = options.to.isEmpty() ? d.timeTo() : options.to;
    context.nowMs = now;
    context.time.timeZone = d.timezone() == u"browser" ? QString() : d.timezone();
    context.time.weekStart = templating::parseWeekStart(d.root().value(u"weekStart").toString());
    auto range = templating::resolveRange(context.from, context.to, now, context.time);
    if (!range.ok()) {
        result.error = u"time range: "_s + QString::fromStdString(range.error().message);
        return result;
    }

    QElapsedTimer clock;
    clock.start();
    bool variablesDone = false;
    QObject::connect(&refresher, &VariableRefresher::variablesChanged, &refresher, [&] { variablesDone = true; });
    refresher.refreshAll(range->fromMs, range->toMs);
    waitUntil([&] { return variablesDone || !refresher.isBusy(); }, clock, options.timeoutMs);

    // The whole grid at the asked width; one panel alone at the asked size.
    const int height = options.panelId ? options.size.height() : std::max(options.size.height(), view.contentHeight());
    host.resize(options.size.width(), height);
    view.resize(options.size.width(), height);
    context.variables = dashboards::templatingVariables(model.dashboard());
    view.refresh(context);
    if (!waitUntil([&] { return view.isSettled(); }, clock, options.timeoutMs))
        result.error = u"timed out after %1 ms waiting for panels to answer"_s.arg(options.timeoutMs);
    result.elapsedMs = clock.elapsed();

    for (const dashboards::Panel& p : model.dashboard().panels()) {
        if (p.isRow()) {
            result.panels.push_back({ p.id(), p.type(), p.title(), u"row"_s, 0, 0, {} });
            continue;
        }
        for (PanelFrame* f : view.frames()) {
            if (f->panelId() != p.id())
                continue;
            RenderedPanel r { p.id(), p.type(), p.title(), f->renderedAs(), int(f->lastPlan().queries.size()),
                int(f->data().series.size() + f->data().logs.size()), f->errorText() };
            if (f->renderedAs() == u"placeholder")
                r.queries = 0;
            result.panels.push_back(r);
            break; // a repeated panel reports once
        }
    }
    if (options.panelId) {
        PanelFrame* frame = view.frameById(options.panelId);
        if (!frame) {
            result.error = u"no panel with id %1"_s.arg(options.panelId);
            return result;
        }
        frame->resize(options.size);
        result.image = frame->grab().toImage();
        if (options.svg)
            result.svg = widgetToSvg(frame, frame->panel().title());
    } else {
        result.image = view.widget()->grab().toImage();
        if (options.svg)
            result.svg = widgetToSvg(view.widget(), result.title);
    }
    return result;
}

QJsonObject renderReport(const RenderResult& result)
{
    QJsonArray panels;
    for (const RenderedPanel& p : result.panels) {
        panels.append(QJsonObject { { u"id"_s, p.id }, { u"type"_s, p.type }, { u"title"_s, p.title },
            { u"rendered_as"_s, p.renderedAs }, { u"queries"_s, p.queries }, { u"series"_s, p.series },
            { u"error"_s, p.error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(p.error) } });
    }
    QJsonObject out { { u"title"_s, result.title }, { u"panels"_s, panels } };
    if (!result.error.isEmpty())
        out.insert(u"error"_s, result.error);
    return out;
}

} // namespace sg::ui
