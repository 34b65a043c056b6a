#pragma once

// A Workbench serving the HTTP APIs on a free loopback port, without the demo, for API tests.
#include "core/services/workbench.h"

#include <QTest>

#include <memory>

namespace sg::testing {

/// Starts a Workbench listening on 127.0.0.1:<free port>; null (after a test failure message) when it cannot start.
inline std::unique_ptr<services::Workbench> startApiWorkbench()
{
    services::WorkbenchOptions options;
    options.demo = false;
    options.selfScrapeInterval = 3600'000;
    options.apiListen = QStringLiteral("127.0.0.1:0");
    auto workbench = std::make_unique<services::Workbench>(options);
    if (auto error = workbench->start()) {
        QTest::qFail(("the workbench did not start: " + error->message).c_str(), __FILE__, __LINE__);
        return nullptr;
    }
    return workbench;
}

} // namespace sg::testing
