#include "variable_refresher.h"

#include "dashboard_model.h"

#include "core/services/query_client.h"
#include "core/templating/variable_options.h"
#include "core/templating/variable_query.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace sg::ui {

namespace {

QJsonObject currentJson(const templating::Selection& s, bool multi)
{
    if (multi)
        return { { u"value"_s, QJsonArray::fromStringList(s.values) }, { u"text"_s, QJsonArray::fromStringList(s.texts) },
            { u"selected"_s, true } };
    return { { u"value"_s, s.values.value(0) }, { u"text"_s, s.texts.value(0) }, { u"selected"_s, true } };
}

QJsonArray optionsJson(const QList<templating::VariableOption>& options, const templating::Selection& s, bool includeAll)
{
    QJsonArray out;
    if (includeAll)
        out.append(QJsonObject { { u"text"_s, templating::AllVariableText.toString() },
            { u"value"_s, templating::AllVariableValue.toString() },
            { u"selected"_s, s.values.contains(templating::AllVariableValue.toString()) } });
    for (const auto& o : options)
        out.append(QJsonObject { { u"text"_s, o.text }, { u"value"_s, o.value }, { u"selected"_s, s.values.contains(o.value) } });
    return out;
}

/// The distinct values of `label` in label sets.
QList<templating::MetricFindValue> valuesOf(const std::vector<query::LabelPairs>& sets, const QString& label)
{
    QList<templating::MetricFindValue> out;
    QSet<QString> seen;
    for (const auto& set : sets)
        for (const auto& [k, v] : set)
            if (k == label && !seen.contains(v)) {
                seen.insert(v);
                out.push_back({ v, std::nullopt });
            }
    return out;
}

} // namespace

VariableRefresher::VariableRefresher(DashboardModel* model, services::QueryClient* client, QObject* parent)
    : QObject(parent)
    , m_model(model)
    , m_client(client)
{
}

void VariableRefresher::refreshAll(qint64 fromMs, qint64 toMs, bool timeChanged)
{
    m_fromMs = fromMs;
    m_toMs = toMs;
    ++m_generation;
    refreshFrom(0, {}, true, timeChanged);
}

void VariableRefresher::select(const QString& name, const QStringList& values)
{
    const auto vars = m_model->dashboard().variables();
    const QList<templating::Variable> tvars = dashboards::templatingVariables(m_model->dashboard());
    for (int i = 0; i < int(vars.size()); ++i) {
        if (vars[i].name() != name)
            continue;
        templating::Variable v = tvars[i];
        QStringList texts;
        for (const QString& value : values) {
            QString text = value == templating::AllVariableValue ? templating::AllVariableText.toString() : value;
            for (const auto& o : v.options)
                if (o.value == value)
                    text = o.text;
            texts << text;
        }
        const templating::Selection s { values, texts };
        m_model->setVariableState(name, currentJson(s, v.multi), optionsJson(v.options, s, v.includeAll));
        ++m_generation;
        refreshFrom(i + 1, { name }, false, false);
        return;
    }
}

void VariableRefresher::setFilters(const QString& name, const std::vector<LabelFilter>& filters)
{
    m_model->setAdhocFilters(name, filters);
    Q_EMIT variablesChanged();
}

void VariableRefresher::refreshFrom(int index, const QSet<QString>& changed, bool all, bool timeChanged)
{
    const auto vars = m_model->dashboard().variables();
    for (; index < int(vars.size()); ++index) {
        const dashboards::Variable& v = vars[index];
        const QString type = v.type();
        const QStringList refs = templating::referencedVariables(v.queryText());
        bool dependsOnChanged = false;
        for (const QString& r : refs)
            dependsOnChanged = dependsOnChanged || changed.contains(r);
        const int refreshMode = v.json.value(u"refresh").toInt(1);
        const bool wanted = dependsOnChanged || (all && (!timeChanged || refreshMode == 2));
        if (!wanted)
            continue;
        if (type == u"query" && m_client) {
            // Interpolate the query with the variables before it, then run it.
            templating::InterpolationContext ctx;
            ctx.variables = dashboards::templatingVariables(m_model->dashboard());
            templating::addRangeBuiltins(ctx, m_fromMs, m_toMs);
            const dashboards::DatasourceInfo* ds
                = dashboards::resolveDatasource(v.datasource(), {}, m_model->dashboard(), m_datasources, v.queryText());
            const bool loki = ds && ds->kind() == dashboards::DatasourceKind::Loki;
            const QString uid = ds ? ds->uid : QString(); // a remote datasource's uid routes the lookups there
            ctx.language = loki ? templating::QueryLanguage::Loki : templating::QueryLanguage::Prometheus;
            const quint64 generation = m_generation;
            auto done = [this, index, changed, all, timeChanged, generation](
                            const QList<templating::MetricFindValue>& found, const QString& error) {
                if (generation != m_generation)
                    return;
                --m_busy;
                finishOne(index, found, error, changed, all, timeChanged);
            };
            ++m_busy;
            if (loki) {
                const auto q = templating::parseLokiVariableQuery(templating::interpolateString(v.queryText(), ctx));
                if (q.type == templating::LokiVariableQueryType::LabelNames) {
                    m_client->labelNames(uid, services::QueryLanguage::LogQL, this, [done](const QStringList& names) {
                        QList<templating::MetricFindValue> found;
                        for (const QString& n : names)
                            found.push_back({ n, std::nullopt });
                        done(found, {});
                    });
                } else {
                    m_client->labelValues(uid, services::QueryLanguage::LogQL, q.label, this, [done](const QStringList& values) {
                        QList<templating::MetricFindValue> found;
                        for (const QString& n : values)
                            found.push_back({ n, std::nullopt });
                        done(found, {});
                    });
                }
                return;
            }
            auto parsed = templating::parseStoredPrometheusVariableQuery(v.json.value(u"query"));
            if (!parsed.ok()) {
                --m_busy;
                finishOne(index, {}, QString::fromStdString(parsed.error().message), changed, all, timeChanged);
                return;
            }
            templating::PrometheusVariableQuery q = *parsed;
            q.selector = templating::interpolateString(q.selector, ctx);
            q.expr = templating::interpolateString(q.expr, ctx);
            q.regex = templating::interpolateString(q.regex, ctx);
            using T = templating::PromVariableQueryType;
            switch (q.type) {
            case T::LabelNames:
                if (q.selector.isEmpty()) {
                    m_client->labelNames(uid, services::QueryLanguage::PromQL, this, [done](const QStringList& names) {
                        QList<templating::MetricFindValue> found;
                        for (const QString& n : names)
                            found.push_back({ n, std::nullopt });
                        done(found, {});
                    });
                } else {
                    m_client->series(uid, q.selector, m_fromMs, m_toMs, this, [done](const std::vector<query::LabelPairs>& sets, const QString& e) {
                        QList<templating::MetricFindValue> found;
                        QSet<QString> seen;
                        for (const auto& set : sets)
                            for (const auto& kv : set)
                                if (!seen.contains(kv.first)) {
                                    seen.insert(kv.first);
                                    found.push_back({ kv.first, std::nullopt });
                                }
                        done(found, e);
                    });
                }
                return;
            case T::LabelValues:
                if (q.selector.isEmpty() || q.selector == u"{}") {
                    m_client->labelValues(uid, services::QueryLanguage::PromQL, q.label, this, [done](const QStringList& values) {
                        QList<templating::MetricFindValue> found;
                        for (const QString& n : values)
                            found.push_back({ n, std::nullopt });
                        done(found, {});
                    });
                } else {
                    m_client->series(uid, q.selector, m_fromMs, m_toMs, this,
                        [done, label = q.label](const std::vector<query::LabelPairs>& sets, const QString& e) { done(valuesOf(sets, label), e); });
                }
                return;
            case T::MetricNames:
                m_client->labelValues(uid, services::QueryLanguage::PromQL, u"__name__"_s, this, [done, regex = q.regex](const QStringList& names) {
                    QList<templating::MetricFindValue> found;
                    const QRegularExpression re(regex);
                    for (const QString& n : names)
                        if (regex.isEmpty() || re.match(n).hasMatch())
                            found.push_back({ n, std::nullopt });
                    done(found, {});
                });
                return;
            case T::QueryResult: {
                services::QueryRequest r;
                r.kind = services::QueryKind::Instant;
                r.datasourceUid = uid;
                r.expr = q.expr;
                r.fromMs = m_fromMs;
                r.toMs = m_toMs;
                m_client->submit(r, this, [done](const services::QueryResponse& resp) {
                    QList<templating::MetricFindValue> found;
                    for (const auto& s : resp.series) {
                        QString name;
                        QList<std::pair<QString, QString>> labels;
                        for (const auto& [k, val] : s.labels) {
                            if (k == u"__name__")
                                name = val;
                            else
                                labels.push_back({ k, val });
                        }
                        found.push_back({ templating::formatQueryResultSample(name, labels,
                                              QString::number(s.values.empty() ? 0 : s.values.front(), 'g', 17),
                                              s.timesMs.empty() ? 0 : s.timesMs.front() / 1000.0),
                            std::nullopt });
                    }
                    done(found, resp.error ? QString::fromStdString(resp.error->message) : QString());
                });
                return;
            }
            case T::SeriesQuery:
                m_client->series(uid, q.selector, m_fromMs, m_toMs, this, [done](const std::vector<query::LabelPairs>& sets, const QString& e) {
                    QList<templating::MetricFindValue> found;
                    for (const auto& set : sets) {
                        QString text;
                        for (const auto& [k, val] : set)
                            if (k == u"__name__")
                                text = val;
                        QStringList parts;
                        for (const auto& [k, val] : set)
                            if (k != u"__name__")
                                parts << k + u"=\""_s + val + u"\""_s;
                        found.push_back({ text + u"{"_s + parts.join(u',') + u"}"_s, std::nullopt });
                    }
                    done(found, e);
                });
                return;
            case T::None:
                --m_busy;
                finishOne(index, {}, {}, changed, all, timeChanged);
                return;
            }
            return;
        }
        // Static kinds: options from their definition.
        QList<templating::VariableOption> options;
        if (type == u"custom")
            options = templating::parseCustomOptions(v.queryText());
        else if (type == u"interval")
            options = templating::intervalVariableOptions(v.queryText(), v.json.value(u"auto").toBool());
        else if (type == u"constant" || type == u"textbox")
            options = templating::constantOptions(v.queryText());
        else if (type == u"datasource") {
            // Grafana's datasource variable: every datasource of the plugin type in `query`, by name, valued by uid,
            // filtered by the variable's regex on the name.
            const QRegularExpression filter(v.json.value(u"regex").toString().remove(QRegularExpression(u"^/|/[a-z]*$"_s)));
            for (const dashboards::DatasourceInfo& ds : m_datasources.all())
                if (ds.type == v.queryText() && (filter.pattern().isEmpty() || filter.match(ds.name).hasMatch()))
                    options.push_back({ ds.name, ds.uid });
            // A current value naming a datasource (by name, or Grafana's "default") selects it by uid.
            const QList<templating::Variable> tvars = dashboards::templatingVariables(m_model->dashboard());
            templating::Variable t = tvars[index];
            for (QString& value : t.current) {
                for (const auto& o : options)
                    if (value == o.text)
                        value = o.value;
                if (value == u"default" && !options.isEmpty()) {
                    const dashboards::DatasourceInfo* def = m_datasources.defaultOf(v.queryText());
                    value = def ? def->uid : options.front().value;
                }
            }
            const templating::Selection s = templating::selectCurrent(t, options);
            m_model->setVariableState(v.name(), currentJson(s, v.multi()), optionsJson(options, s, v.includeAll()));
            continue;
        } else
            continue; // ad hoc filter variables keep their state
        const QList<templating::Variable> tvars = dashboards::templatingVariables(m_model->dashboard());
        templating::Selection s;
        if (type == u"textbox" && !tvars[index].current.isEmpty())
            s = { tvars[index].current, tvars[index].current };
        else
            s = templating::selectCurrent(tvars[index], options);
        m_model->setVariableState(v.name(), currentJson(s, v.multi()), optionsJson(options, s, v.includeAll()));
    }
    if (m_busy == 0)
        Q_EMIT variablesChanged();
}

void VariableRefresher::finishOne(int index, const QList<templating::MetricFindValue>& found, const QString& error,
    const QSet<QString>& changed, bool all, bool timeChanged)
{
    const auto vars = m_model->dashboard().variables();
    if (index >= int(vars.size()))
        return;
    const dashboards::Variable& v = vars[index];
    auto options = templating::metricNamesToOptions(found, v.json.value(u"regex").toString(),
        templating::VariableSort(v.json.value(u"sort").toInt()));
    QList<templating::VariableOption> list = options.ok() ? *options : QList<templating::VariableOption> {};
    Q_UNUSED(error);
    const QList<templating::Variable> tvars = dashboards::templatingVariables(m_model->dashboard());
    const templating::Selection s = templating::selectCurrent(tvars[index], list);
    m_model->setVariableState(v.name(), currentJson(s, v.multi()), optionsJson(list, s, v.includeAll()));
    QSet<QString> next = changed;
    next.insert(v.name());
    refreshFrom(index + 1, next, all, timeChanged);
}

} // namespace sg::ui
