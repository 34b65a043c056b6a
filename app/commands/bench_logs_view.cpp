// `sightglass bench-logs-view`: the log list's speed, offscreen. Opens 100,000 lines (model alone, and the whole
// logs panel with its volume until the first paint), then 1,000,000 lines, and scrolls the list a page at a time,
// rendering the viewport to an image after each step. Figures printed one per line; the last line is the average
// frame time.
#include "commands.h"

#include "ui/logs/log_lines_model.h"
#include "ui/logs/logs_panel.h"
#include "ui/theme.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QListView>
#include <QScrollBar>

#include <algorithm>
#include <cstdio>
#include <random>

using namespace Qt::StringLiterals;

namespace sg::app {
namespace {

QString option(const QStringList& args, const QString& name, const QString& fallback)
{
    const auto i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args[i + 1] : fallback;
}

/// `lines` API-like lines over 20 streams, one a millisecond: logfmt and JSON, levels mostly info.
std::vector<logs::Stream> generateLines(std::size_t lines)
{
    std::mt19937 rng(42);
    std::vector<logs::Stream> streams;
    for (int s = 0; s < 20; ++s)
        streams.push_back({ Labels { { "app", s % 2 ? "api" : "worker" }, { "instance", "host-" + std::to_string(s) } }, {} });
    static const char* Levels[] = { "info", "info", "info", "info", "debug", "warn", "error" };
    static const char* Paths[] = { "/api/users", "/api/orders", "/health", "/api/items/42", "/login" };
    const TimestampNs start = msToNs(1'700'000'000'000);
    for (std::size_t i = 0; i < lines; ++i) {
        const char* level = Levels[rng() % 7];
        const char* path = Paths[rng() % 5];
        const int ms = int(rng() % 900) + 3;
        std::string line = i % 3 == 0
            ? "{\"level\":\"" + std::string(level) + "\",\"method\":\"GET\",\"path\":\"" + path + "\",\"status\":200,\"duration_ms\":"
                + std::to_string(ms) + ",\"msg\":\"request served\"}"
            : "ts=2023-11-14T22:13:20Z level=" + std::string(level) + " method=GET path=" + path + " status=200 duration="
                + std::to_string(ms) + "ms msg=\"request served for user " + std::to_string(rng() % 10000) + "\"";
        streams[i % streams.size()].entries.push_back({ start + TimestampNs(i) * 1'000'000, std::move(line), {} });
    }
    return streams;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

/// The average time to scroll `view` a page and render its viewport, over `frames` frames (wrapping to the top).
double scrollFrameMs(QListView* view, int frames, const QString& png = {})
{
    QImage image(view->viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    QScrollBar* bar = view->verticalScrollBar();
    bar->setValue(0);
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < frames; ++i) {
        const int next = bar->value() + bar->pageStep();
        bar->setValue(next > bar->maximum() ? 0 : next);
        view->viewport()->render(&image);
    }
    const double ms = double(timer.nsecsElapsed()) / 1e6 / frames;
    if (!png.isEmpty())
        image.save(png);
    return ms;
}

} // namespace

int runBenchLogsView(int& argc, char** argv, const QStringList& args)
{
    const std::size_t open = option(args, u"--open"_s, u"100000"_s).toULongLong();
    const std::size_t lines = option(args, u"--lines"_s, u"1000000"_s).toULongLong();
    const int frames = option(args, u"--frames"_s, u"100"_s).toInt();
    const int runs = option(args, u"--runs"_s, u"5"_s).toInt();
    const QString png = option(args, u"--frame-png"_s, {}); // the last scrolled frame, to look at
    QApplication app(argc, argv);
    ui::applyDarkTheme(app);

    const auto small = generateLines(open);
    std::vector<double> modelMs, panelMs;
    for (int r = 0; r < runs; ++r) {
        ui::LogLinesModel model;
        QElapsedTimer t;
        t.start();
        model.setStreams(small, logs::Direction::Backward);
        modelMs.push_back(double(t.nsecsElapsed()) / 1e6);

        ui::LogsPanel panel;
        panel.resize(1400, 900);
        panel.setQueryText(u"{app=\"api\"} |= \"GET\""_s);
        panel.show();
        QApplication::processEvents();
        auto copy = small;
        QImage image(panel.size(), QImage::Format_ARGB32_Premultiplied);
        t.restart();
        panel.setStreams(std::move(copy), logs::Direction::Backward);
        panel.render(&image);
        panelMs.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::printf("model load of %zu lines: %.1f ms (median of %d)\n", open, median(modelMs), runs);
    std::printf("logs panel open of %zu lines to first paint: %.1f ms (median of %d)\n", open, median(panelMs), runs);

    ui::LogsPanel panel;
    panel.resize(1400, 900);
    panel.setQueryText(u"{app=\"api\"} |= \"GET\""_s);
    panel.show();
    QApplication::processEvents();
    QElapsedTimer t;
    t.start();
    panel.setStreams(generateLines(lines), logs::Direction::Backward);
    QApplication::processEvents();
    std::printf("logs panel open of %zu lines (generation included): %.0f ms\n", lines, double(t.nsecsElapsed()) / 1e6);
    const int visible = panel.view()->viewport()->height() / std::max(1, panel.view()->sizeHintForRow(0));
    std::printf("rows per page: %d\n", visible);
    std::printf("scroll frame over %zu lines (page down + render viewport, %d frames): %.2f ms\n", lines, frames,
        scrollFrameMs(panel.view(), frames, png));
    return 0;
}

} // namespace sg::app
