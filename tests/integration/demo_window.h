#pragma once

// The GUI tests' common start: the embedded demo in a data dir, and the workbench window over it.
#include "app/main_window.h"
#include "core/services/workbench.h"
#include "ui/theme.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTest>

#include <memory>

/// Starts a demo Workbench (demo scrapes every second) on `dataDir` and waits until it is ready; false on failure.
inline bool startDemoWorkbench(const QString& dataDir, std::unique_ptr<sg::services::Workbench>& workbench)
{
    sg::ui::applyDarkTheme(*qApp);
    sg::services::WorkbenchOptions options;
    options.dataDir = dataDir;
    options.demoScrapeInterval = 1'000;
    workbench = std::make_unique<sg::services::Workbench>(options);
    QSignalSpy ready(workbench.get(), &sg::services::Workbench::ready);
    if (workbench->start())
        return false;
    return ready.wait(20'000) || workbench->isReady();
}

/// A 1400x900 main window over `workbench`, shown and exposed; false when it never got exposed.
inline bool showMainWindow(sg::services::Workbench& workbench, std::unique_ptr<sg::MainWindow>& window)
{
    window = std::make_unique<sg::MainWindow>(workbench.queryClient(), workbench.dashboardsDir());
    window->resize(1400, 900);
    window->show();
    return QTest::qWaitForWindowExposed(window.get());
}
