// `sightglass bench-dashboard`: an 8-panel dashboard over the persistent store (1,000 series x 24 h by default):
// "time range changed" to "all panels painted", hover and drag-zoom frame times, and importing + painting the
// largest shared dashboard. Offscreen; figures printed, one per line.
#include "core/datadir/layout.h"
#include "bench_data.h"
#include "commands.h"

#include "core/common/time.h"
#include "core/correlation/label_mapping.h"
#include "core/dashboards/dashboard_json.h"
#include "core/services/query_client.h"
#include "core/tsdb/store.h"
#include "core/logstore/memory_log_store.h"
#include "ui/dashboard/dashboard_model.h"
#include "ui/export/dashboard_renderer.h"
#include "ui/correlation/label_bridge_state.h"
#include "ui/correlation/log_lens.h"
#include "ui/dashboard/dashboard_view.h"
#include "ui/dashboard/panel_frame.h"
#include "ui/logs/log_lines_model.h"
#include "ui/theme.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QMouseEvent>
#include <QProcess>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace sg::app {

namespace {

QString option(const QStringList& args, const QString& name, const QString& fallback = {})
{
    const auto i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args[i + 1] : fallback;
}

QJsonObject panel(int id, const QString& type, const QString& title, int x, int y, int w, int h, const QString& expr,
    const QString& legend, const QString& unit, bool instant = false, const QString& format = {})
{
    QJsonObject target { { u"refId"_s, u"A"_s }, { u"expr"_s, expr }, { u"legendFormat"_s, legend } };
    if (instant) {
        target.insert(u"instant"_s, true);
        target.insert(u"range"_s, false);
    }
    if (!format.isEmpty())
        target.insert(u"format"_s, format);
    return QJsonObject { { u"id"_s, id }, { u"type"_s, type }, { u"title"_s, title },
        { u"gridPos"_s, QJsonObject { { u"x"_s, x }, { u"y"_s, y }, { u"w"_s, w }, { u"h"_s, h } } },
        { u"datasource"_s, QJsonObject { { u"type"_s, u"prometheus"_s }, { u"uid"_s, u"sightglass-prometheus"_s } } },
        { u"targets"_s, QJsonArray { target } },
        { u"fieldConfig"_s, QJsonObject { { u"defaults"_s, QJsonObject { { u"unit"_s, unit } } }, { u"overrides"_s, QJsonArray {} } } } };
}

/// The benchmark's dashboard: the queries of a typical service dashboard, and one panel drawing every CPU series.
dashboards::Dashboard benchDashboard()
{
    QJsonArray panels {
        panel(1, u"timeseries"_s, u"Requests by code"_s, 0, 0, 12, 8,
            u"sum by (code) (rate(http_requests_total[$__rate_interval]))"_s, u"{{code}}"_s, u"reqps"_s),
        panel(2, u"timeseries"_s, u"Requests by job"_s, 12, 0, 12, 8,
            u"sum by (job) (rate(http_requests_total[$__rate_interval]))"_s, u"{{job}}"_s, u"reqps"_s),
        panel(3, u"timeseries"_s, u"p99 latency"_s, 0, 8, 12, 8,
            u"histogram_quantile(0.99, sum by (le, job) (rate(http_request_duration_seconds_bucket[$__rate_interval])))"_s,
            u"{{job}}"_s, u"s"_s),
        panel(4, u"stat"_s, u"Total rate"_s, 12, 8, 6, 4, u"sum(rate(http_requests_total[$__rate_interval]))"_s, {}, u"reqps"_s),
        panel(5, u"bargauge"_s, u"Rate by job"_s, 18, 8, 6, 4, u"sum by (job) (rate(http_requests_total[$__rate_interval]))"_s,
            u"{{job}}"_s, u"reqps"_s),
        panel(6, u"table"_s, u"Top instances"_s, 12, 12, 12, 4,
            u"topk(10, sum by (instance) (rate(http_requests_total[5m])))"_s, {}, u"reqps"_s, true, u"table"_s),
        panel(7, u"timeseries"_s, u"CPU (every series)"_s, 0, 16, 12, 9,
            u"rate(node_cpu_seconds_total{mode!=\"idle\"}[$__rate_interval])"_s, {}, u"percentunit"_s),
        panel(8, u"heatmap"_s, u"Latency buckets"_s, 12, 16, 12, 9,
            u"sum by (le) (rate(http_request_duration_seconds_bucket[$__rate_interval]))"_s, u"{{le}}"_s, u"s"_s, false,
            u"heatmap"_s),
    };
    return *dashboards::importDashboard(QJsonObject { { u"title"_s, u"Benchmark"_s }, { u"uid"_s, u"bench"_s },
        { u"schemaVersion"_s, dashboards::CurrentSchemaVersion }, { u"panels"_s, panels } });
}

/// Waits asleep in the event loop, as the window's UI thread does, so it takes no core from the query pool while the
/// panels' queries run; `done` is checked every millisecond.
bool waitForPanels(const std::function<bool()>& done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    return ui::waitUntil(done, clock, timeoutMs, 1);
}

int usage()
{
    std::fprintf(stderr, "usage: sightglass bench-dashboard --data-dir DIR [--series 1000] [--hours 24] [--runs 15] "
                         "[--dashboard FILE.json] [--no-results-cache]\n");
    return 2;
}

} // namespace

int runBenchDashboard(int& argc, char** argv, const QStringList& args)
{
    const QString dataDir = option(args, u"--data-dir"_s);
    const int series = option(args, u"--series"_s, u"1000"_s).toInt();
    const int hours = option(args, u"--hours"_s, u"24"_s).toInt();
    const int runs = std::max(3, option(args, u"--runs"_s, u"15"_s).toInt());
    QString large = option(args, u"--dashboard"_s);
    if (dataDir.isEmpty() || series < 20 || hours < 2)
        return usage();
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    ui::applyDarkTheme(app);

    // 1. The data, once per shape, imported into DIR/metrics as `sightglass import` writes it. DIR is a
    //    benchmark's own folder (kept between runs), never a user's data dir unless --force says so.
    if (auto error = datadir::prepareScratchDir(dataDir, args.contains(u"--force"_s), false)) {
        std::fprintf(stderr, "bench-dashboard: %s\n", error->message.c_str());
        return 1;
    }
    const QString metricsDir = dataDir + u"/metrics"_s;
    const QString tag = u"dashboard %1x%2h"_s.arg(series).arg(hours);
    QFile stamp(dataDir + u"/shape"_s);
    const bool fresh = !stamp.open(QIODevice::ReadOnly) || QString::fromUtf8(stamp.readAll()) != tag;
    stamp.close();
    if (fresh) {
        QDir(metricsDir).removeRecursively();
        const QString omFile = dataDir + u"/bench-dashboard.om"_s;
        auto written = generateOpenMetrics(omFile, series, hours);
        if (!written) {
            std::fprintf(stderr, "bench-dashboard: %s\n", written.error().message.c_str());
            return 1;
        }
        QProcess import;
        // The generated history has fixed timestamps in the past: the data dir keeps it without a time limit.
        import.start(QCoreApplication::applicationFilePath(),
            { u"import"_s, u"openmetrics"_s, omFile, u"--data-dir"_s, dataDir, u"--retention.time"_s, u"0"_s });
        import.waitForFinished(3'600'000);
        if (import.exitStatus() != QProcess::NormalExit || import.exitCode() != 0) {
            std::fprintf(stderr, "bench-dashboard: import failed: %s\n", import.readAllStandardError().constData());
            return 1;
        }
        QFile::remove(omFile);
        if (stamp.open(QIODevice::WriteOnly))
            stamp.write(tag.toUtf8());
        stamp.close();
        std::printf("generated and imported %zu samples (%d series x %d h x 15 s)\n", *written, series, hours);
    }
    tsdb::StoreOptions storeOptions;
    storeOptions.retention = 0; // as the import left the data dir: the fixed past history stays
    auto store = tsdb::Store::open(metricsDir.toStdString(), storeOptions);
    if (!store.ok()) {
        std::fprintf(stderr, "bench-dashboard: %s\n", store.error().message.c_str());
        return 1;
    }
    std::shared_ptr<tsdb::Store> metrics = std::move(*store);
    // The query client as the window has it: with the step-aligned results cache, unless asked to measure without.
    services::QueryClientOptions clientOptions;
    const bool cache = !args.contains(u"--no-results-cache"_s);
    if (!cache)
        clientOptions.cacheBytes = 0;
    // Logs of the generated instances (a line every 17 s each over the range), for the log lens.
    auto logStore = std::make_shared<logs::MemoryLogStore>();
    {
        const qint64 lastMs = (BenchStartSeconds + qint64(hours) * 3600) * 1000;
        logs::PushBatch push;
        for (int i = 0; i < 10; ++i) {
            logs::Stream stream { Labels { { "instance", "10.0.0." + std::to_string(i + 1) + ":9100" }, { "job", "node" } }, {} };
            for (qint64 t = lastMs - qint64(hours) * 3'600'000; t <= lastMs; t += 17'000)
                stream.entries.push_back({ msToNs(t), "level=info msg=\"collected\" duration_ms=" + std::to_string(t % 997), {} });
            push.streams.push_back(std::move(stream));
        }
        logStore->push(push);
    }
    services::QueryClient client(metrics, logStore, clientOptions);

    // 2. The dashboard in a 1600x1000 window.
    ui::DashboardModel model;
    model.load(benchDashboard());
    QWidget host;
    ui::DashboardView view(&model, &client, &host);
    view.setEagerLoading(true);
    host.resize(1600, 1000);
    view.resize(1600, 1000);
    host.show();
    QCoreApplication::processEvents();

    const qint64 end = (BenchStartSeconds + qint64(hours) * 3600) * 1000;
    std::vector<double> changeMs;
    for (int run = 0; run < runs + 1; ++run) {
        // A different 24 h window each run (shifted by a minute), as a time picker change would give.
        dashboards::PanelQueryContext context;
        context.from = QString::number(end - qint64(hours) * 3'600'000 - run * 60'000);
        context.to = QString::number(end - run * 60'000);
        context.nowMs = nowMs();
        QElapsedTimer t;
        t.start();
        view.refresh(context);
        if (!waitForPanels([&] { return view.isSettled(); }, 120'000)) {
            std::fprintf(stderr, "bench-dashboard: panels did not answer within 120 s\n");
            return 1;
        }
        host.repaint();
        if (run > 0) // the first run warms the caches
            changeMs.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    int errors = 0;
    qint64 seriesShown = 0;
    for (ui::PanelFrame* f : view.frames()) {
        errors += f->errorText().isEmpty() ? 0 : 1;
        seriesShown += qint64(f->data().series.size());
        if (!f->errorText().isEmpty())
            std::fprintf(stderr, "panel %d: %s\n", f->panelId(), qPrintable(f->errorText()));
        for (const query::QueryStats& st : f->data().stats)
            std::printf("  panel %d %-24s query %4lld ms, step %llds, %lld series, %lld points, %lld steps cached\n",
                f->panelId(), qPrintable(f->panel().title()), static_cast<long long>(st.elapsedMs),
                static_cast<long long>(st.stepMs / 1000), static_cast<long long>(st.series),
                static_cast<long long>(st.points), static_cast<long long>(st.stepsCached));
    }
    std::printf("dashboard: %zu panels, %lld series drawn, %d panel errors\n", view.frames().size(),
        static_cast<long long>(seriesShown), errors);
    std::printf("time range changed -> all panels painted (%s): median %.1f ms, p95 %.1f ms (%d runs)\n",
        cache ? "results cache on" : "results cache off", median(changeMs), quantile(changeMs, 0.95), runs);

    // 3. Hover and drag-zoom frames on the densest time series panel.
    ui::PanelFrame* dense = view.frameById(7);
    QWidget* target = dense ? dense->view() : nullptr;
    if (target) {
        // The widget under the middle of the view receives the mouse, as it would from the window system.
        QWidget* plot = target->childAt(target->rect().center());
        if (!plot)
            plot = target;
        const QRect r = plot->rect();
        std::vector<double> hover, drag;
        for (int i = 0; i < 200; ++i) {
            const QPointF pos(r.left() + 20 + (r.width() - 40) * (i % 100) / 100.0, r.center().y());
            QMouseEvent move(QEvent::MouseMove, pos, plot->mapToGlobal(pos), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
            QElapsedTimer t;
            t.start();
            QCoreApplication::sendEvent(plot, &move);
            plot->repaint();
            hover.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        const QPointF start(r.left() + r.width() * 0.2, r.center().y());
        QMouseEvent press(QEvent::MouseButtonPress, start, plot->mapToGlobal(start), Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(plot, &press);
        for (int i = 0; i < 100; ++i) {
            const QPointF pos(start.x() + (r.width() * 0.6) * i / 100.0, r.center().y());
            QMouseEvent move(QEvent::MouseMove, pos, plot->mapToGlobal(pos), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
            QElapsedTimer t;
            t.start();
            QCoreApplication::sendEvent(plot, &move);
            plot->repaint();
            drag.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        QMouseEvent release(QEvent::MouseButtonRelease, start, plot->mapToGlobal(start), Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
        QCoreApplication::sendEvent(plot, &release);
        std::printf("hover frame (%lld series): p50 %.2f ms, p95 %.2f ms (%zu moves)\n",
            static_cast<long long>(dense->data().series.size()), median(hover), quantile(hover, 0.95), hover.size());
        std::printf("drag-zoom frame: p50 %.2f ms, p95 %.2f ms (%zu moves)\n", median(drag), quantile(drag, 0.95), drag.size());

        // The log lens under the same panel: each move scrolls it and repaints the panel and the lens.
        ui::LabelBridgeState bridge(&client);
        correlation::LabelMapping mapping;
        mapping.set("instance", { "instance", false });
        mapping.set("cpu", { "", false });
        mapping.set("mode", { "", false });
        bridge.setUserEntries(mapping);
        auto* lens = new ui::LogLens(dense, &bridge, &client);
        QCoreApplication::processEvents();
        if (waitForPanels([&] { return lens->lineCount() > 0; }, 60'000)) {
            std::vector<double> lensMs;
            const QRect shrunk = plot->rect(); // the lens took part of the panel's height
            int followed = 0;
            for (int i = 0; i < 200; ++i) {
                const QPointF pos(shrunk.left() + 20 + (shrunk.width() - 40) * (i % 100) / 100.0, shrunk.center().y());
                QMouseEvent move(QEvent::MouseMove, pos, plot->mapToGlobal(pos), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
                QElapsedTimer t;
                t.start();
                QCoreApplication::sendEvent(plot, &move);
                plot->repaint();
                lens->repaint();
                lensMs.push_back(double(t.nsecsElapsed()) / 1e6);
                followed += lens->currentRow() >= 0 && lens->highlightedLines() > 0 ? 1 : 0;
                if (i % 10 == 9) // the hand rests: the lens loads the window of that moment (not timed)
                    waitForPanels([] { return false; }, 300);
            }
            std::printf("log lens move (%d lines of %lld streams, panel and lens repainted): p50 %.2f ms, p95 %.2f ms "
                        "(%zu moves, resting every 10; %d with highlighted lines)\n",
                lens->lineCount(), static_cast<long long>(lens->model()->streams().size()), median(lensMs),
                quantile(lensMs, 0.95), lensMs.size(), followed);
        } else {
            std::fprintf(stderr, "bench-dashboard: the log lens loaded no lines: %s\n", qPrintable(lens->statusText()));
        }
        delete lens;
    }

    // 4. Import the largest shared dashboard and paint it (every row expanded is not asked: as it opens).
    if (large.isEmpty()) {
        QString biggest;
        qint64 size = 0;
        const QString dir = QCoreApplication::applicationDirPath() + u"/../../../shared/testdata/dashboards"_s;
        for (const QFileInfo& fi : QDir(dir).entryInfoList({ u"*.json"_s }, QDir::Files))
            if (fi.size() > size) {
                size = fi.size();
                biggest = fi.absoluteFilePath();
            }
        large = biggest;
    }
    if (!large.isEmpty()) {
        std::vector<double> importMs;
        std::size_t panels = 0;
        for (int run = 0; run < 5; ++run) {
            QElapsedTimer t;
            t.start();
            auto d = dashboards::importDashboardFile(large);
            if (!d.ok()) {
                std::fprintf(stderr, "bench-dashboard: %s\n", d.error().message.c_str());
                return 1;
            }
            panels = d->allPanels().size();
            ui::DashboardModel bigModel;
            bigModel.load(*d);
            QWidget bigHost;
            ui::DashboardView bigView(&bigModel, &client, &bigHost);
            bigHost.resize(1600, 1000);
            bigView.resize(1600, 1000);
            bigHost.show();
            dashboards::PanelQueryContext context;
            context.from = d->timeFrom();
            context.to = d->timeTo();
            context.nowMs = nowMs();
            bigView.refresh(context);
            waitForPanels([&] { return bigView.isSettled(); }, 60'000);
            bigHost.repaint();
            importMs.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        std::printf("import + paint %s (%zu panels): median %.1f ms (5 runs)\n", qPrintable(QFileInfo(large).fileName()),
            panels, median(importMs));
    }
    return 0;
}

} // namespace sg::app
