#include "gui.h"

#include "app/main_window.h"
#include "core/remotewrite/remote_storage.h"
#include "core/services/datasource_files.h"
#include "core/services/workbench.h"
#include "ui/dashboard/dashboard_view.h"
#include "ui/pages/datasources_page.h"
#include "ui/pages/explore_page.h"
#include "ui/pages/targets_page.h"
#include "ui/query_editor/query_history.h"
#include "ui/theme.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QIcon>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>
#include <memory>

namespace sg::app {

using namespace Qt::StringLiterals;

int runGui(int& argc, char** argv, const CommandLine& cl)
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    const bool screenshot = cl.command == Command::Screenshot;
    if (screenshot && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"sightglass"_s);
    QApplication::setApplicationVersion(QString::fromLatin1(SIGHTGLASS_VERSION));
    ui::applyDarkTheme(app);
    QApplication::setWindowIcon(QIcon(u":/sightglass/icons/sightglass.svg"_s));

    services::WorkbenchOptions options;
    options.dataDir = cl.dataDir.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) : cl.dataDir;
    options.configFile = cl.configFile;
    // Without --datasources, what the Data sources page saved last time (in the config dir) is read.
    const QString savedDatasources = services::defaultDatasourcesFile();
    options.datasourcesFile = cl.datasourcesFile.isEmpty() && QFileInfo::exists(savedDatasources) ? savedDatasources
                                                                                                  : cl.datasourcesFile;
    options.promtailConfig = cl.promtailConfig;
    options.demo = cl.demo;
    options.apiListen = cl.apiListen;
    options.retention = cl.retention;
    options.webConfigFile = cl.webConfigFile;
    options.lockHolder = screenshot ? u"sightglass screenshot"_s : u"sightglass (workbench window)"_s;
    services::Workbench workbench(options);
    if (auto error = workbench.start()) {
        const auto message = QString::fromStdString(error->toString());
        std::fprintf(stderr, "sightglass: %s\n", qPrintable(message));
        if (!screenshot)
            QMessageBox::critical(nullptr, u"Sightglass"_s, message);
        return 1;
    }

    // Query history sits beside the stores, so each data dir (and every test's temporary one) keeps its own.
    const QString historyFile = workbench.dataDir().isEmpty() ? QString() : workbench.dataDir() + u"/query-history.json"_s;
    ui::QueryHistory history(historyFile);
    ui::QueryHistory::setShared(&history);
    MainWindow window(workbench.queryClient(), workbench.dashboardsDir());
    window.setScrapeManager(workbench.scrapeManager());
    window.setDatasources(workbench.datasourceRegistry());
    window.datasourcesPage()->loadFiles(options.configFile, options.datasourcesFile, savedDatasources);
    if (auto* targets = window.findChild<ui::TargetsPage*>())
        targets->setRemoteWriteSource([&workbench] {
            QStringList lines;
            for (const auto& queue : workbench.remoteWriteStatus())
                lines << QString::fromStdString(remotewrite::describeQueue(queue));
            return lines;
        });
    window.setStorage([&workbench](bool withDiskBytes) { return workbench.storageHealth(withDiskBytes); },
        workbench.dataDir(), workbench.startNotes());
    QObject::connect(&workbench, &services::Workbench::storageChanged, &window, &MainWindow::updateStorage);
    window.resize(screenshot ? cl.screenshotSize : QSize(1600, 1000));
    window.show();
    // The first refresh waits for the demo's history, so the first screen is already full. Start-up time is
    // measured until every panel has shown its answer to that refresh.
    auto reported = std::make_shared<bool>(false);
    QObject::connect(window.dashboardView(), &ui::DashboardView::allRefreshed, &window, [&window, &sinceStart, reported] {
        if (*reported)
            return;
        *reported = true;
        window.repaint();
        std::fprintf(stderr, "sightglass: first dashboard painted %lld ms after start\n",
            static_cast<long long>(sinceStart.elapsed()));
    });
    auto firstOpen = [&window, &workbench, &cl] {
        bool opened = false;
        if (!cl.dashboardFile.isEmpty())
            opened = window.openFile(cl.dashboardFile);
        if (!opened)
            window.openDashboard(workbench.defaultDashboardUid());
        if (!cl.exploreLink.isEmpty()) {
            window.tabs()->setCurrentWidget(window.explorePage());
            window.explorePage()->openLink(cl.exploreLink);
        }
    };
    QObject::connect(&workbench, &services::Workbench::ready, &window, firstOpen);
    if (workbench.isReady())
        firstOpen();

    if (!screenshot)
        return app.exec();

    int rc = 0;
    QTimer::singleShot(static_cast<int>(cl.screenshotAfterSeconds * 1000), &window, [&] {
        const QPixmap pixmap = window.grab();
        if (!pixmap.save(cl.screenshotOut)) {
            std::fprintf(stderr, "sightglass: cannot write %s\n", qPrintable(cl.screenshotOut));
            rc = 1;
        } else {
            std::fprintf(stdout, "%s\n", qPrintable(cl.screenshotOut));
        }
        app.quit();
    });
    app.exec();
    return rc;
}

} // namespace sg::app
