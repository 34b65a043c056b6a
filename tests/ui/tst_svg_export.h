#pragma once

#include "requests_store.h"

#include <QObject>

// Declared apart from its definitions: moc reads this header, not the JSON fixtures in the .cpp.
class TestSvgExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void renderedDashboardIsVector();
    void panelMenuExportsSvg();
    void fileMenuExportsDashboardSvg();
    void cleanupTestCase();

private:
    sg::testing::RequestsWindow m_world;
};
