// `sightglass dashboard convert|check`: Grafana dashboard files from the command line.
//
// convert imports a file (any schema version, the API wrapper, a shared export), migrates it as the workbench does
// on open, and writes the current schema, as is or "for sharing externally". check plans every panel query as a
// refresh would (variables at their current or placeholder values, built-ins over a fixed now-6h..now), parses the
// result with the PromQL or LogQL parser, and reports errors at their line:column in the text the user wrote.
// The output format is documented in docs/dashboards.md; other tools read it, so keep it stable.
#include "commands.h"

#include "core/dashboards/dashboard_json.h"
#include "core/dashboards/panel_queries.h"
#include "core/logql/parser.h"
#include "core/promql/parser.h"
#include "core/templating/variable_options.h"
#include "core/templating/variable_query.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>

namespace sg::app {

using namespace Qt::StringLiterals;
using dashboards::Dashboard;
using dashboards::DatasourceKind;
using dashboards::DatasourceRef;
using dashboards::Panel;

namespace {

constexpr const char* ConvertUsage = "usage: sightglass dashboard convert IN.json --out OUT.json [--for-sharing]\n";
constexpr const char* CheckUsage = "usage: sightglass dashboard check FILE...\n";

/// The clock of `check`: a fixed instant, so the interpolated values do not depend on when it runs.
constexpr TimestampMs CheckNowMs = 1'700'000'000'000;
const QString CheckFrom = u"now-6h"_s;
const QString CheckTo = u"now"_s;
/// The value of a variable that has neither a current value nor options (a query variable before its refresh).
const QString PlaceholderValue = u"x"_s;

void printLine(std::FILE* stream, const QString& line)
{
    const QByteArray utf8 = line.toUtf8();
    std::fwrite(utf8.constData(), 1, std::size_t(utf8.size()), stream);
    std::fputc('\n', stream);
}

int usage(const char* text)
{
    std::fputs(text, stderr);
    return 2;
}

int help(const char* text)
{
    std::fputs(text, stdout);
    return 0;
}

// --- convert ---

int runConvert(const QStringList& args)
{
    QString in;
    QString out;
    bool forSharing = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args[i] == u"--out" && i + 1 < args.size())
            out = args[++i];
        else if (args[i] == u"--for-sharing")
            forSharing = true;
        else if (args[i] == u"--help" || args[i] == u"-h")
            return help(ConvertUsage);
        else if (args[i].startsWith(u"--") || !in.isEmpty())
            return usage(ConvertUsage);
        else
            in = args[i];
    }
    if (in.isEmpty() || out.isEmpty())
        return usage(ConvertUsage);

    dashboards::ImportReport report;
    auto imported = dashboards::importDashboardFile(in, &report);
    if (!imported.ok()) {
        // The message starts with the file name and says line and column for JSON errors.
        printLine(stderr, u"dashboard convert: "_s + QString::fromStdString(imported.error().message));
        return 1;
    }
    if (report.fromSchemaVersion != dashboards::CurrentSchemaVersion)
        printLine(stderr,
            u"%1: schemaVersion %2 -> %3"_s.arg(in)
                .arg(report.fromSchemaVersion)
                .arg(dashboards::CurrentSchemaVersion));
    for (const QString& m : report.migrations)
        printLine(stderr, in + u": "_s + m);

    const QByteArray json = forSharing
        ? QJsonDocument(dashboards::exportForSharing(*imported, dashboards::DatasourceRegistry::embedded()))
              .toJson(QJsonDocument::Indented)
        : dashboards::exportDashboard(*imported);
    if (out == u"-") {
        std::fwrite(json.constData(), 1, std::size_t(json.size()), stdout);
        return 0;
    }
    QSaveFile file(out);
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit()) {
        printLine(stderr, u"dashboard convert: %1: %2"_s.arg(out, file.errorString()));
        return 1;
    }
    return 0;
}

// --- check: positions ---

/// The UTF-16 index in `text` of a byte offset in its UTF-8 form (the parsers count bytes).
int utf16Index(const QString& text, int byteOffset)
{
    const QByteArray utf8 = text.toUtf8();
    const int bytes = std::clamp(byteOffset, 0, int(utf8.size()));
    return int(QString::fromUtf8(utf8.constData(), bytes).size());
}

/// "line:column" of a UTF-16 index in `text`, both 1-based; columns count characters.
QString lineColumn(const QString& text, int index)
{
    int line = 1;
    int column = 1;
    for (int i = 0; i < index && i < text.size(); ++i) {
        if (text[i] == u'\n') {
            ++line;
            column = 1;
        } else if (!text[i].isLowSurrogate()) {
            ++column;
        }
    }
    return u"%1:%2"_s.arg(line).arg(column);
}

/// A parse failure: the message without the parser's own position, and where it is in the parsed text (UTF-16).
struct ParseProblem
{
    int position = 0;
    QString message;
};

ParseProblem problemOf(const QString& text, const Error& error)
{
    static const QRegularExpression logqlPrefix(uR"(^parse error at line \d+, col \d+: )"_s);
    QString message = QString::fromStdString(error.message);
    message.remove(logqlPrefix);
    return ParseProblem { utf16Index(text, error.where.begin), message };
}

enum class ParseAs { Promql, PromqlSelector, Logql };

/// Parses `text`; nullopt when it parses (as a series selector, for PromqlSelector).
std::optional<ParseProblem> parseQuery(const QString& text, ParseAs as)
{
    const QByteArray utf8 = text.toUtf8();
    const std::string_view view(utf8.constData(), std::size_t(utf8.size()));
    if (as == ParseAs::Logql) {
        auto r = logql::parseQuery(view);
        return r.ok() ? std::nullopt : std::optional(problemOf(text, r.error()));
    }
    auto r = promql::parse(view);
    if (!r.ok())
        return problemOf(text, r.error());
    if (as == ParseAs::PromqlSelector && (*r)->kind != promql::NodeKind::VectorSelector)
        return ParseProblem { 0,
            u"expected a series selector, got %1"_s.arg(QString::fromUtf8(promql::typeDocName((*r)->type))) };
    return std::nullopt;
}

// --- check: one file ---

bool isCheckedType(const QString& pluginType)
{
    return pluginType.isEmpty() || pluginType == u"prometheus" || pluginType == u"loki" || pluginType == u"datasource";
}

QString quoted(QString s)
{
    return u"\""_s + s.replace(u"\""_s, u"\\\""_s) + u"\""_s;
}

class DashboardChecker
{
public:
    explicit DashboardChecker(const QString& file)
        : m_file(file)
        , m_registry(dashboards::DatasourceRegistry::embedded())
    {
    }

    /// Checks the file; prints one line per problem and the summary. False when something did not parse.
    bool run()
    {
        auto imported = dashboards::importDashboardFile(m_file);
        if (!imported.ok()) {
            ++m_errors;
            // importDashboardFile's messages already start with the file name.
            printLine(stdout, QString::fromStdString(imported.error().message));
        } else {
            m_dashboard = std::move(imported.value());
            m_context.from = CheckFrom;
            m_context.to = CheckTo;
            m_context.nowMs = CheckNowMs;
            m_context.variables = checkVariables();
            for (const Panel& panel : m_dashboard.allPanels())
                if (!panel.isRow())
                    checkPanel(panel);
            for (const dashboards::Variable& v : m_dashboard.variables())
                if (v.type() == u"query")
                    checkVariable(v);
            checkAnnotations();
        }
        printLine(stdout, u"%1: %2 queries checked, %3 errors"_s.arg(m_file).arg(m_checked).arg(m_errors));
        return m_errors == 0;
    }

private:
    /// The dashboard's variables with a value each: the current one, else the first option, else a placeholder
    /// that keeps a query parseable; interval variables on Auto get the interval Auto picks for the range.
    QList<templating::Variable> checkVariables() const
    {
        QList<templating::Variable> vars = dashboards::templatingVariables(m_dashboard);
        const std::vector<dashboards::Variable> json = m_dashboard.variables();
        const auto range = templating::resolveRange(CheckFrom, CheckTo, CheckNowMs);
        for (qsizetype i = 0; i < vars.size() && i < qsizetype(json.size()); ++i) {
            templating::Variable& v = vars[i];
            if (v.type == templating::VariableType::Interval) {
                if (v.options.isEmpty())
                    v.options = templating::intervalVariableOptions(json[size_t(i)].queryText(), false);
                if (v.autoValue.isEmpty() && range.ok()) {
                    const auto autoValue = templating::intervalVariableAuto(range->fromMs, range->toMs);
                    v.autoValue = autoValue.ok() ? *autoValue : u"1m"_s;
                }
            }
            const bool needsValue = v.type == templating::VariableType::Query
                || v.type == templating::VariableType::Custom || v.type == templating::VariableType::Interval;
            if (!needsValue)
                continue;
            const bool customAll = v.hasAllValue() && !v.allValue.isEmpty();
            if (v.options.isEmpty() && !customAll) // All without options would insert nothing
                v.options.push_back({ PlaceholderValue, PlaceholderValue });
            const bool noCurrent
                = std::all_of(v.current.cbegin(), v.current.cend(), [](const QString& s) { return s.isEmpty(); });
            if (noCurrent && !v.hasAllValue()) {
                v.current = { v.options.first().value };
                v.currentText = { v.options.first().text };
            }
        }
        return vars;
    }

    void report(const QString& where, const QString& problem)
    {
        printLine(stdout, m_file + u": "_s + where + u": "_s + problem);
    }

    void skip(const QString& where, const QString& reason) { report(where, u"skipped: "_s + reason); }

    /// Parses one planned query and reports an error at its position in the query as written.
    void checkPlanned(const QString& where, const dashboards::PlannedQuery& q)
    {
        ++m_checked;
        if (!q.error.isEmpty()) {
            ++m_errors;
            report(where, q.error);
            return;
        }
        const bool loki = q.datasource->kind() == DatasourceKind::Loki;
        if (auto problem = parseQuery(q.expr, loki ? ParseAs::Logql : ParseAs::Promql)) {
            ++m_errors;
            report(where,
                lineColumn(q.rawExpr, q.interp.toOriginal(problem->position)) + u": parse error: "_s
                    + problem->message);
        }
    }

    /// Plans `panel`'s targets as a refresh would and checks them; `where` names a target for the output.
    void checkTargets(const Panel& panel, const std::function<QString(const QString& refId)>& where)
    {
        const bool mixed = panel.datasource().uid == u"-- Mixed --";
        std::vector<dashboards::Target> checked;
        for (const dashboards::Target& t : panel.targets()) {
            if (t.hidden())
                continue;
            const DatasourceRef ref = t.datasource().isEmpty() && !mixed ? panel.datasource() : t.datasource();
            const QString refId = t.refId().isEmpty() ? u"A"_s : t.refId();
            if (!isCheckedType(ref.type))
                skip(where(refId), u"datasource type %1 is not Prometheus or Loki"_s.arg(quoted(ref.type)));
            else if (!t.json.contains(u"expr"))
                skip(where(refId), u"no expr (not a Prometheus or Loki query)"_s);
            else if (!t.expr().trimmed().isEmpty()) // Grafana does not run empty queries
                checked.push_back(t);
        }
        if (checked.empty())
            return;
        Panel copy = panel;
        copy.setTargets(checked);
        const dashboards::PanelQueryPlan plan = dashboards::planPanelQueries(copy, m_dashboard, m_registry, m_context);
        if (!plan.error.isEmpty()) {
            ++m_checked;
            ++m_errors;
            report(where({}), plan.error);
            return;
        }
        for (const dashboards::PlannedQuery& q : plan.queries) {
            if (!q.datasource)
                skip(where(q.refId), q.error);
            else
                checkPlanned(where(q.refId), q);
        }
    }

    void checkPanel(const Panel& panel)
    {
        const QString name = u"panel %1 %2"_s.arg(panel.id()).arg(quoted(panel.title()));
        checkTargets(panel, [&](const QString& refId) { return refId.isEmpty() ? name : name + u" refId "_s + refId; });
    }

    /// Annotation queries run like a panel's target over the dashboard range.
    void checkAnnotations()
    {
        for (const QJsonValue& value : m_dashboard.annotations()) {
            const QJsonObject a = value.toObject();
            const DatasourceRef ref = DatasourceRef::fromJson(a.value(u"datasource"));
            if (a.value(u"builtIn").toInt() == 1 || ref.type == u"datasource" || ref.type == u"grafana"
                || ref.uid == u"-- Grafana --" || a.value(u"expr").toString().trimmed().isEmpty())
                continue;
            const QString where = u"annotation "_s + quoted(a.value(u"name").toString());
            if (!isCheckedType(ref.type)) {
                skip(where, u"datasource type %1 is not Prometheus or Loki"_s.arg(quoted(ref.type)));
                continue;
            }
            QJsonObject target { { u"refId"_s, u"Anno"_s }, { u"expr"_s, a.value(u"expr") } };
            if (a.value(u"step").isString()) // the annotation's min step
                target.insert(u"interval"_s, a.value(u"step"));
            QJsonObject panel { { u"type"_s, u"timeseries"_s }, { u"datasource"_s, a.value(u"datasource") },
                { u"targets"_s, QJsonArray { target } } };
            checkTargets(Panel(panel), [&](const QString&) { return where; });
        }
    }

    void checkVariable(const dashboards::Variable& v)
    {
        const QString where = u"variable "_s + quoted(v.name());
        const DatasourceRef ref = v.datasource();
        if (!isCheckedType(ref.type)) {
            skip(where, u"datasource type %1 is not Prometheus or Loki"_s.arg(quoted(ref.type)));
            return;
        }
        const dashboards::DatasourceInfo* ds = dashboards::resolveDatasource(ref, {}, m_dashboard, m_registry);
        if (!ds || ds->kind() == DatasourceKind::Unknown) {
            skip(where, u"no Prometheus or Loki datasource"_s);
            return;
        }
        const bool loki = ds->kind() == DatasourceKind::Loki;
        const templating::InterpolationContext ctx = variableContext(loki);

        // The query as written: a string, or an object's `query`. Grafana interpolates it, then reads it.
        const QString raw = v.queryText();
        if (!raw.trimmed().isEmpty()) {
            const templating::Interpolated interp = templating::interpolate(raw, ctx);
            const std::optional<QueryPart> part = loki
                ? lokiPart(templating::parseLokiVariableQuery(interp.text))
                : promPart(templating::parsePrometheusVariableQuery(interp.text));
            if (!part)
                return;
            ++m_checked;
            if (auto problem = parseQuery(part->text, part->as)) {
                ++m_errors;
                const qsizetype offset = interp.text.indexOf(part->text);
                const QString position = offset < 0
                    ? QString()
                    : lineColumn(raw, interp.toOriginal(int(offset) + problem->position)) + u": "_s;
                report(where, position + u"parse error: "_s + problem->message);
            }
            return;
        }
        // An object without `query` (Grafana 10+'s editor fields): rebuilt, then its parts interpolated. Errors
        // have no position in the file then; the message quotes the part.
        const QJsonValue stored = v.json.value(u"query");
        if (!stored.isObject())
            return;
        std::optional<QueryPart> part;
        if (loki) {
            auto q = templating::parseStoredLokiVariableQuery(stored);
            if (!q.ok())
                return variableError(where, QString::fromStdString(q.error().message));
            part = lokiPart(*q);
        } else {
            auto q = templating::parseStoredPrometheusVariableQuery(stored);
            if (!q.ok())
                return variableError(where, QString::fromStdString(q.error().message));
            part = promPart(*q);
        }
        if (!part)
            return;
        ++m_checked;
        if (auto problem = parseQuery(templating::interpolateString(part->text, ctx), part->as)) {
            ++m_errors;
            report(where, u"parse error: %1 (in %2)"_s.arg(problem->message, quoted(part->text)));
        }
    }

    /// The text of a variable query that goes to the parser, and how it is parsed.
    struct QueryPart
    {
        QString text;
        ParseAs as = ParseAs::Promql;
    };

    /// label_values' selector and a series query must be series selectors; query_result's expression any PromQL.
    /// label_names(), metrics(regex) and an empty label_values selector have nothing to parse.
    static std::optional<QueryPart> promPart(const templating::PrometheusVariableQuery& q)
    {
        using T = templating::PromVariableQueryType;
        if ((q.type == T::LabelValues && !q.selector.trimmed().isEmpty() && q.selector.trimmed() != u"{}")
            || q.type == T::SeriesQuery)
            return QueryPart { q.selector, ParseAs::PromqlSelector };
        if (q.type == T::QueryResult)
            return QueryPart { q.expr, ParseAs::Promql };
        return std::nullopt;
    }

    static std::optional<QueryPart> lokiPart(const templating::LokiVariableQuery& q)
    {
        if (q.type == templating::LokiVariableQueryType::LabelValues && !q.stream.isEmpty())
            return QueryPart { q.stream, ParseAs::Logql };
        return std::nullopt;
    }

    /// Variable queries see the range built-ins and a one-minute `$__interval` / `$__rate_interval`.
    templating::InterpolationContext variableContext(bool loki) const
    {
        templating::InterpolationContext ctx;
        ctx.variables = m_context.variables;
        ctx.language = loki ? templating::QueryLanguage::Loki : templating::QueryLanguage::Prometheus;
        if (const auto range = templating::resolveRange(CheckFrom, CheckTo, CheckNowMs); range.ok())
            templating::addRangeBuiltins(ctx, range->fromMs, range->toMs);
        templating::addIntervalBuiltins(ctx, { 60'000, u"1m"_s });
        ctx.scoped.insert(u"__rate_interval"_s, { u"1m"_s, {} });
        ctx.scoped.insert(u"__rate_interval_ms"_s, { u"60000"_s, {} });
        return ctx;
    }

    void variableError(const QString& where, const QString& message)
    {
        ++m_checked;
        ++m_errors;
        report(where, message);
    }

    QString m_file;
    dashboards::DatasourceRegistry m_registry;
    Dashboard m_dashboard;
    dashboards::PanelQueryContext m_context;
    int m_checked = 0;
    int m_errors = 0;
};

int runCheck(const QStringList& args)
{
    QStringList files;
    for (const QString& a : args) {
        if (a == u"--help" || a == u"-h")
            return help(CheckUsage);
        if (a.startsWith(u"--"))
            return usage(CheckUsage);
        files << a;
    }
    if (files.isEmpty())
        return usage(CheckUsage);
    bool ok = true;
    for (const QString& f : files)
        ok = DashboardChecker(f).run() && ok;
    return ok ? 0 : 1;
}

} // namespace

int runDashboard(int& argc, char** argv, const QStringList& args)
{
    QCoreApplication app(argc, argv);
    const QString verb = args.value(0);
    if (verb == u"convert")
        return runConvert(args.mid(1));
    if (verb == u"check")
        return runCheck(args.mid(1));
    if (verb == u"--help" || verb == u"-h") {
        std::fputs(ConvertUsage, stdout);
        std::fputs(CheckUsage, stdout);
        return 0;
    }
    std::fputs(ConvertUsage, stderr);
    std::fputs(CheckUsage, stderr);
    return 2;
}

} // namespace sg::app
