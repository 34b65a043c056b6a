#include "panels_sharing.h"

#include "core/promql/label_injection.h"
#include "core/promql/parser.h"

#include <QRegularExpression>

#include <algorithm>
#include <optional>

namespace sg::correlation {
namespace {

bool isLogsDatasource(const dashboards::DatasourceRef& ref) { return ref.type == u"loki"; }

/// `[$__rate_interval]`, `[${interval}:$step]` ... read as a fixed window, so the query parses.
QString withFixedWindows(QString expr)
{
    static const QRegularExpression window(QStringLiteral(R"(\[\s*\$[^\]:]*(:[^\]]*)?\])"));
    return expr.replace(window, QStringLiteral("[5m]"));
}

/// How many matchers of a selector agree with the log labels; none when one contradicts them.
std::optional<int> agreement(const Matchers& matchers, const Labels& logLabels, const LabelMapping& mapping)
{
    int agreeing = 0;
    for (const Matcher& m : matchers) {
        if (m.name().starts_with("__") || m.value().find('$') != std::string::npos)
            continue;
        const auto target = mapping.target(m.name());
        if (!target || !logLabels.has(target->logLabel))
            continue;
        const std::string logValue(logLabels.get(target->logLabel));
        bool ok = m.matches(logValue);
        if (!ok && target->normalize && m.type() == MatchType::Equal)
            ok = normalizeLabelValue(m.value()) == normalizeLabelValue(logValue);
        if (!ok)
            return std::nullopt;
        ++agreeing;
    }
    return agreeing;
}

void collectPanels(const std::vector<dashboards::Panel>& panels, std::vector<const dashboards::Panel*>& out,
    std::vector<dashboards::Panel>& rowPanels)
{
    for (const dashboards::Panel& p : panels) {
        if (p.isRow()) {
            for (dashboards::Panel& inner : p.rowPanels())
                rowPanels.push_back(std::move(inner));
        } else {
            out.push_back(&p);
        }
    }
}

} // namespace

std::vector<PanelMatch> metricPanelsSharing(
    const Labels& logLabels, const dashboards::Dashboard& dashboard, const LabelMapping& mapping)
{
    std::vector<dashboards::Panel> rowPanels;
    std::vector<const dashboards::Panel*> panels;
    collectPanels(dashboard.panels(), panels, rowPanels);
    for (const dashboards::Panel& p : rowPanels)
        panels.push_back(&p);

    std::vector<PanelMatch> out;
    for (const dashboards::Panel* panel : panels) {
        std::optional<int> best;
        for (const dashboards::Target& target : panel->targets()) {
            const dashboards::DatasourceRef ds = target.datasource().isEmpty() ? panel->datasource() : target.datasource();
            if (target.hidden() || isLogsDatasource(ds) || target.expr().trimmed().isEmpty())
                continue;
            auto parsed = promql::parse(withFixedWindows(target.expr()).toStdString());
            if (!parsed.ok())
                continue;
            std::vector<SelectorSite> sites;
            promql::collectSelectors(parsed.value().get(), sites);
            for (const SelectorSite& site : sites) {
                const auto a = agreement(*site.matchers, logLabels, mapping);
                if (a && (!best || *a > *best))
                    best = a;
            }
        }
        if (best)
            out.push_back({ panel->id(), panel->title(), *best });
    }
    std::stable_sort(out.begin(), out.end(), [](const PanelMatch& a, const PanelMatch& b) {
        return a.agreeing != b.agreeing ? a.agreeing > b.agreeing : a.panelId < b.panelId;
    });
    return out;
}

BridgePair bridgePairOf(const dashboards::Dashboard& dashboard, const dashboards::DatasourceRegistry& registry)
{
    BridgePair pair;
    if (const auto* loki = registry.defaultOf(QStringLiteral("loki")))
        pair.logsUid = loki->uid;
    for (const dashboards::Panel& panel : dashboard.allPanels())
        for (const dashboards::Target& target : panel.targets()) {
            const auto* ds = dashboards::resolveDatasource(target.datasource(), panel.datasource(), dashboard, registry, target.expr());
            if (ds && ds->kind() == dashboards::DatasourceKind::Prometheus) {
                pair.metricsUid = ds->uid;
                return pair;
            }
        }
    if (const auto* prometheus = registry.defaultOf(QStringLiteral("prometheus")))
        pair.metricsUid = prometheus->uid;
    return pair;
}

} // namespace sg::correlation
