#pragma once

#include "requests_store.h"

#include <QObject>

// Declared apart from its definitions: moc reads this header, not the JSON fixture in the .cpp.
class TestWhatChangedDrag : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void panelDragWhatChangedRanksTheBurstFirst();
    void baselineSwitchesToADayEarlier();
    void exploreGraphDragWhatChanged();
    void exploreGraphDragZooms();
    void rightPaneDragUsesItsOwnSeries();
    void cleanupTestCase();

private:
    sg::testing::RequestsWindow m_world;
    QTemporaryDir m_dataDir;
    qint64 m_burstStart = 0;
    qint64 m_burstEnd = 0;
};
