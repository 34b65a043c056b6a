#include "panel_queries.h"

#include "adhoc_filters.h"

#include "core/templating/duration.h"
#include "core/templating/interval.h"
#include "core/templating/time_options.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sg::dashboards {

namespace {

templating::VariableType variableType(const QString& type)
{
    using T = templating::VariableType;
    if (type == u"query")
        return T::Query;
    if (type == u"custom")
        return T::Custom;
    if (type == u"constant")
        return T::Constant;
    if (type == u"textbox")
        return T::TextBox;
    if (type == u"interval")
        return T::Interval;
    if (type == u"datasource")
        return T::Datasource;
    return T::Other;
}

QString display(qint64 ms) { return templating::formatInterval(ms); }

} // namespace

QList<templating::Variable> templatingVariables(const Dashboard& dashboard)
{
    QList<templating::Variable> out;
    for (const Variable& v : dashboard.variables()) {
        templating::Variable t;
        t.name = v.name();
        t.type = variableType(v.type());
        t.multi = v.multi();
        t.includeAll = v.includeAll();
        t.defaultToAll = v.includeAll();
        const QJsonValue allValue = v.json.value(u"allValue");
        t.allValue = allValue.isString() ? allValue.toString() : QString();
        t.current = v.currentValues();
        t.currentText = v.currentTexts();
        for (const QJsonValue& o : v.json.value(u"options").toArray()) {
            const QJsonObject opt = o.toObject();
            const QString value = opt.value(u"value").isString() ? opt.value(u"value").toString()
                                                                : opt.value(u"value").toVariant().toString();
            if (value == templating::AllVariableValue)
                continue;
            t.options.push_back({ opt.value(u"text").toVariant().toString(), value });
        }
        if (t.type == templating::VariableType::Constant && t.current.isEmpty())
            t.current = { v.queryText() };
        if (t.type == templating::VariableType::TextBox && t.current.isEmpty())
            t.current = { v.queryText() };
        if (t.type == templating::VariableType::Custom && t.options.isEmpty()) {
            // A custom variable's options are its query, even when the file omits them.
            const QStringList parts = v.queryText().split(u',', Qt::SkipEmptyParts);
            for (const QString& p : parts)
                t.options.push_back({ p.trimmed(), p.trimmed() });
        }
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<qint64> rangeWindowsMs(const QString& expr)
{
    static const QRegularExpression re(uR"(\[\s*((?:\d+(?:ms|[smhdwy]))+)\s*(?:\:[^\]]*)?\])"_s);
    std::vector<qint64> out;
    auto it = re.globalMatch(expr);
    while (it.hasNext()) {
        const auto m = it.next();
        auto ms = templating::parseGoInterval(m.captured(1));
        if (ms.ok())
            out.push_back(*ms / 1'000'000);
    }
    return out;
}

PanelQueryPlan planPanelQueries(const Panel& panel, const Dashboard& dashboard, const DatasourceRegistry& datasources,
    const PanelQueryContext& context)
{
    PanelQueryPlan plan;
    templating::InterpolationContext base;
    base.variables = context.variables;
    base.scoped = context.scoped;
    base.timeZone = context.time.timeZone;

    auto range = templating::resolveRange(context.from, context.to, context.nowMs, context.time);
    if (!range.ok()) {
        plan.error = QString::fromStdString(range.error().message);
        return plan;
    }
    plan.fromMs = range->fromMs;
    plan.toMs = range->toMs;

    // Panel time overrides, as Grafana's applyPanelTimeOverrides: "Relative time" then "Time shift".
    const QString timeFrom = templating::interpolateString(panel.timeFrom(), base).trimmed();
    if (!timeFrom.isEmpty()) {
        const templating::TextRange info = templating::describeTextRange(timeFrom);
        if (info.invalid) {
            plan.timeInfo = u"invalid time override"_s;
        } else {
            auto r = templating::resolveRange(info.option.from, info.option.to, context.nowMs, context.time);
            if (r.ok()) {
                plan.fromMs = r->fromMs;
                plan.toMs = r->toMs;
                plan.timeInfo = info.option.display;
            }
        }
    }
    const QString timeShift = templating::interpolateString(panel.timeShift(), base).trimmed();
    if (!timeShift.isEmpty()) {
        auto shift = templating::parseInterval(timeShift);
        if (!shift.ok()) {
            plan.timeInfo = (plan.timeInfo.isEmpty() ? QString() : plan.timeInfo + u" "_s) + u"invalid timeshift"_s;
        } else {
            plan.fromMs -= *shift;
            plan.toMs -= *shift;
            plan.timeInfo = (plan.timeInfo.isEmpty() ? QString() : plan.timeInfo + u" "_s) + u"timeshift -"_s + timeShift;
        }
    }

    // $__interval: the panel's resolution (max data points, else its width) with its min interval (else the
    // datasource's scrape interval), as Grafana's frontend computes it.
    const double resolution = panel.maxDataPoints() > 0 ? panel.maxDataPoints() : std::max(1, context.widthPx);
    const QString panelMinInterval = templating::interpolateString(panel.minInterval(), base).trimmed();
    const QString scrape = context.scrapeInterval.isEmpty() ? u"15s"_s : context.scrapeInterval;
    auto interval = templating::calculateInterval(plan.fromMs, plan.toMs, resolution,
        panelMinInterval.isEmpty() ? QStringView(scrape) : QStringView(panelMinInterval));
    if (!interval.ok()) {
        plan.error = u"min interval: "_s + QString::fromStdString(interval.error().message);
        return plan;
    }
    plan.intervalMs = interval->intervalMs;
    plan.interval = interval->interval;

    for (const Target& target : panel.targets()) {
        if (target.hidden())
            continue;
        PlannedQuery q;
        q.refId = target.refId().isEmpty() ? u"A"_s : target.refId();
        q.rawExpr = target.expr();
        if (const DatasourceInfo* ds = resolveDatasource(target.datasource(), panel.datasource(), dashboard, datasources, q.rawExpr))
            q.datasource = *ds;
        q.maxLines = target.maxLines() > 0 ? target.maxLines() : 1000;
        const DatasourceKind kind = q.datasource ? q.datasource->kind() : DatasourceKind::Unknown;
        if (kind == DatasourceKind::Unknown) {
            q.error = u"no datasource for this query (%1)"_s.arg(target.datasource().uid);
            plan.queries.push_back(std::move(q));
            continue;
        }
        templating::InterpolationContext ctx = base;
        templating::addRangeBuiltins(ctx, plan.fromMs, plan.toMs);
        templating::addIntervalBuiltins(ctx, *interval);
        const QString minStep = templating::interpolateString(target.interval(), base).trimmed();
        if (kind == DatasourceKind::Prometheus) {
            ctx.language = templating::QueryLanguage::Prometheus;
            q.kind = target.instant() ? PlannedKind::Instant : PlannedKind::Range;
            templating::PrometheusStepRequest req;
            req.fromMs = plan.fromMs;
            req.toMs = plan.toMs;
            req.maxDataPoints = qint64(resolution);
            req.intervalMs = interval->intervalMs;
            req.queryInterval = minStep;
            req.scrapeInterval = scrape;
            req.intervalFactor = target.json.value(u"intervalFactor").toInt(1);
            auto step = templating::prometheusStep(req);
            if (!step.ok()) {
                q.error = u"min step: "_s + QString::fromStdString(step.error().message);
                plan.queries.push_back(std::move(q));
                continue;
            }
            templating::addPrometheusBuiltins(ctx, *step);
            q.stepMs = step->stepMs;
        } else {
            ctx.language = templating::QueryLanguage::Loki;
            const bool logsPanel = panel.type() == u"logs";
            q.kind = logsPanel ? PlannedKind::Logs : target.instant() ? PlannedKind::Instant : PlannedKind::Range;
            templating::LokiStepRequest req;
            req.fromMs = plan.fromMs;
            req.toMs = plan.toMs;
            req.intervalMs = interval->intervalMs;
            req.resolution = target.json.value(u"resolution").toInt(1);
            req.step = target.json.value(u"step").toString();
            req.queryType = q.kind == PlannedKind::Instant ? templating::LokiQueryType::Instant
                                                           : templating::LokiQueryType::Range;
            auto step = templating::lokiStep(req);
            if (!step.ok()) {
                q.error = u"step: "_s + QString::fromStdString(step.error().message);
                plan.queries.push_back(std::move(q));
                continue;
            }
            templating::addLokiBuiltins(ctx, *step);
            q.stepMs = step->stepMs;
        }
        q.interp = templating::interpolate(q.rawExpr, ctx);
        q.expr = q.interp.text;
        // Ad hoc filters of this datasource go into every selector (after interpolation, as in Grafana). A query
        // that does not parse runs as written and reports its own error.
        if (auto filtered = applyAdhocFilters(q.expr, kind, adhocFiltersFor(dashboard, datasources, *q.datasource));
            filtered.ok())
            q.expr = *filtered;
        templating::InterpolationContext legendCtx = base;
        q.legendFormat = templating::interpolateString(target.legendFormat(), legendCtx);
        q.fromMs = plan.fromMs;
        q.toMs = plan.toMs;
        if (q.kind == PlannedKind::Range && q.stepMs > 0) {
            const templating::AlignedRange aligned = templating::alignRange(plan.fromMs, plan.toMs, q.stepMs);
            q.fromMs = aligned.startMs;
            q.toMs = aligned.endMs;
            for (qint64 window : rangeWindowsMs(q.expr)) {
                if (templating::windowSkipsSamples(window, q.stepMs)) {
                    q.warnings.push_back(u"%1: the range window [%2] is shorter than the step %3: samples between "
                                         u"steps are not evaluated; use [$__rate_interval] or a min step of %2"_s
                                             .arg(q.refId, display(window), display(q.stepMs)));
                    break;
                }
            }
        }
        plan.queries.push_back(std::move(q));
    }
    return plan;
}

} // namespace sg::dashboards
