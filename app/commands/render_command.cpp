// sightglass render: a dashboard (or one panel) to PNG or SVG, headless, with a JSON report of what each panel showed.
#include "commands.h"

#include "core/dashboards/dashboard_json.h"
#include "core/services/workbench.h"
#include "ui/export/dashboard_renderer.h"
#include "ui/export/svg_export.h"
#include "ui/theme.h"

#include <QApplication>
#include <QFile>
#include <QJsonDocument>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace sg::app {

namespace {

struct RenderArgs
{
    QString dashboard;
    QString out;
    QString report;
    QString dataDir;
    QString datasources;
    bool demo = false;
    ui::RenderOptions options;
};

std::optional<QString> parseRenderArgs(const QStringList& args, RenderArgs& r)
{
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        auto value = [&]() -> std::optional<QString> {
            if (i + 1 >= args.size())
                return std::nullopt;
            return args[++i];
        };
        std::optional<QString> v;
        if (a == u"--out") {
            if (!(v = value()))
                return a + u" needs a value"_s;
            r.out = *v;
            r.options.svg = ui::isSvgPath(r.out); // FILE.svg: vector output, anything else an image by extension
        } else if (a == u"--report") {
            if (!(v = value()))
                return a + u" needs a value"_s;
            r.report = *v;
        } else if (a == u"--size") {
            if (!(v = value()))
                return a + u" needs a value"_s;
            const QStringList parts = v->split(u'x');
            bool okW = false, okH = false;
            if (parts.size() == 2)
                r.options.size = QSize(parts[0].toInt(&okW), parts[1].toInt(&okH));
            if (!okW || !okH || r.options.size.width() < 100 || r.options.size.height() < 100)
                return u"--size takes WIDTHxHEIGHT (each at least 100), got \""_s + *v + u"\""_s;
        } else if (a == u"--from" || a == u"--to") {
            if (!(v = value()))
                return a + u" needs a value"_s;
            (a == u"--from" ? r.options.from : r.options.to) = *v;
        } else if (a == u"--var") {
            if (!(v = value()))
                return a + u" needs NAME=VALUE"_s;
            const qsizetype eq = v->indexOf(u'=');
            if (eq <= 0)
                return u"--var takes NAME=VALUE, got \""_s + *v + u"\""_s;
            r.options.variables.emplace_back(v->left(eq), v->mid(eq + 1));
        } else if (a == u"--data-dir") {
            if (!(v = value()))
                return a + u" needs a value"_s;
            r.dataDir = *v;
        } else if (a == u"--datasources") {
            if (!(v = value()))
                return a + u" needs a value"_s;
            r.datasources = *v;
        } else if (a == u"--demo") {
            r.demo = true;
        } else if (a == u"--panel") {
            if (!(v = value()))
                return a + u" needs a value"_s;
            bool ok = false;
            r.options.panelId = v->toInt(&ok);
            if (!ok || r.options.panelId <= 0)
                return u"--panel takes a panel id, got \""_s + *v + u"\""_s;
        } else if (a == u"--expand-rows") {
            r.options.expandRows = true;
        } else if (a == u"--timeout") {
            if (!(v = value()))
                return a + u" needs seconds"_s;
            r.options.timeoutMs = int(v->toDouble() * 1000);
        } else if (a.startsWith(u"--")) {
            return u"unknown option \""_s + a + u"\""_s;
        } else if (r.dashboard.isEmpty()) {
            r.dashboard = a;
        } else {
            return u"one dashboard file at a time (got \""_s + a + u"\" too)"_s;
        }
    }
    if (r.dashboard.isEmpty())
        return u"render needs a DASHBOARD.json"_s;
    if (r.out.isEmpty() && r.report.isEmpty())
        return u"render needs --out FILE.png or FILE.svg (or --report FILE.json)"_s;
    if (!r.dataDir.isEmpty() && r.demo)
        return u"--data-dir and --demo exclude each other"_s;
    return std::nullopt;
}

} // namespace

int runRender(int& argc, char** argv, const QStringList& args)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    ui::applyDarkTheme(app);
    RenderArgs r;
    if (auto error = parseRenderArgs(args, r)) {
        std::fprintf(stderr, "sightglass render: %s\n", qPrintable(*error));
        return 2;
    }
    dashboards::ImportReport importReport;
    auto dashboard = dashboards::importDashboardFile(r.dashboard, &importReport);
    if (!dashboard.ok()) {
        std::fprintf(stderr, "sightglass render: %s\n", dashboard.error().message.c_str());
        return 1;
    }

    // The data: an existing data dir (read as it is, no demo), or the embedded demo on a fresh temporary dir.
    std::unique_ptr<QTemporaryDir> temp;
    services::WorkbenchOptions options;
    if (!r.dataDir.isEmpty()) {
        options.dataDir = r.dataDir;
        options.demo = false;
    } else {
        temp = std::make_unique<QTemporaryDir>();
        options.dataDir = temp->path();
        options.demo = true;
        options.demoScrapeInterval = 1'000;
    }
    options.datasourcesFile = r.datasources; // remote datasources the dashboard's uids may name
    services::Workbench workbench(options);
    if (auto error = workbench.start()) {
        std::fprintf(stderr, "sightglass render: %s\n", error->message.c_str());
        return 1;
    }
    if (!workbench.isReady()) {
        QEventLoop loop;
        QObject::connect(&workbench, &services::Workbench::ready, &loop, &QEventLoop::quit);
        QTimer::singleShot(60'000, &loop, &QEventLoop::quit);
        loop.exec();
        if (!workbench.isReady()) {
            std::fprintf(stderr, "sightglass render: the workbench did not start within 60 s\n");
            return 1;
        }
    }

    const ui::RenderResult result
        = ui::renderDashboard(*dashboard, workbench.queryClient(), r.options, workbench.datasourceRegistry());
    int rc = 0;
    if (!result.error.isEmpty()) {
        std::fprintf(stderr, "sightglass render: %s\n", qPrintable(result.error));
        rc = 1;
    }
    if (!r.out.isEmpty() && r.options.svg && !result.svg.isEmpty()) {
        QFile f(r.out);
        if (!f.open(QIODevice::WriteOnly) || f.write(result.svg) != result.svg.size()) {
            std::fprintf(stderr, "sightglass render: cannot write %s\n", qPrintable(r.out));
            return 1;
        }
    } else if (!r.out.isEmpty() && !result.image.isNull()) {
        if (!result.image.save(r.out)) {
            std::fprintf(stderr, "sightglass render: cannot write %s\n", qPrintable(r.out));
            return 1;
        }
    }
    if (!r.report.isEmpty()) {
        QFile f(r.report);
        if (!f.open(QIODevice::WriteOnly)
            || f.write(QJsonDocument(ui::renderReport(result)).toJson(QJsonDocument::Indented)) < 0) {
            std::fprintf(stderr, "sightglass render: cannot write %s\n", qPrintable(r.report));
            return 1;
        }
    }
    int errors = 0;
    for (const auto& p : result.panels)
        errors += p.error.isEmpty() ? 0 : 1;
    std::fprintf(stderr, "sightglass render: %s: %zu panels, %d with errors, %lld ms\n", qPrintable(result.title),
        result.panels.size(), errors, static_cast<long long>(result.elapsedMs));
    return rc;
}

} // namespace sg::app
