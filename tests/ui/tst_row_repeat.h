#pragma once

#include "app/main_window.h"
#include "core/services/query_client.h"
#include "core/services/query_service.h"

#include <QObject>
#include <QTemporaryDir>

#include <memory>

// Declared apart from its definitions: moc reads this header, not the JSON fixtures in the .cpp.
class TestRowRepeat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void threeValuesThreeRows();
    void collapseAndExpandCopies();
    void cleanupTestCase();

private:
    std::unique_ptr<sg::services::QueryService> m_service;
    std::unique_ptr<sg::services::QueryClient> m_client;
    QTemporaryDir m_dir;
    std::unique_ptr<sg::MainWindow> m_window;
};
