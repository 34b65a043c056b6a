#pragma once

#include <QObject>

// Declared apart from its definitions: moc reads this header, not the JSON fixtures in the .cpp.
class TestAdhocFilters : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void planned_data();
    void planned();
    void roundTrip();
};
