#pragma once

#include "requests_store.h"

#include <QObject>
#include <QUrl>

#include <memory>


// Declared apart from its definitions: moc reads this header, not the JSON fixtures in the .cpp.
class TestPanelLinks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void pointClickOffersFieldLinks();
    void pointClickWithoutLinksOpensLogs();
    void tableCellLinkOpensDashboard();
    void statValueLink();
    void panelHeaderLinks();
    void cleanupTestCase();

private:
    bool openSettled(const QString& uid);

    sg::testing::RequestsWindow m_world;
    QList<QUrl> m_opened;
};
