#pragma once

#include "core/services/query_client.h"

#include <QObject>

#include <memory>

// Declared apart from its definitions: moc reads this header, not the JSON fixtures in the .cpp.
class TestRemotePanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void mixedPanelComparesEmbeddedAndRemote();
    void remoteErrorNamesTargetAndDatasource();
    void remoteLokiLogsPanel();
    void variableOptionsFromRemote();

private:
    std::unique_ptr<sg::services::QueryClient> m_client;
};
