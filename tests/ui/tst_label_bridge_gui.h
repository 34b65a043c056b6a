#pragma once

#include "requests_store.h"

#include <QObject>

// Declared apart from its definitions: moc reads this header, not the JSON fixtures in the .cpp.
class TestLabelBridgeGui : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void badgeCountsMatchingStreams();
    void badgeOpensItsLogs();
    void pointClickUsesMappedLabels();
    void shiftDragOpensRangeLogs();
    void plainDragStillZooms();
    void exploreShiftDragOpensRangeLogs();
    void rateByLevelFillsAndRunsMetrics();
    void metricPanelsOfALogQuery();
    void mappingEditorSavesUserEntries();
    void lensFollowsTheCrosshair();
    void annotationsMarkErrorLines();
    void cleanupTestCase();

private:
    bool openSettled();

    sg::testing::RequestsWindow m_world;
    QTemporaryDir m_dataDir;
};
