#pragma once

#include "requests_store.h"

#include <QObject>

#include <memory>

// Declared apart from its definitions: moc reads this header, not the JSON fixtures in the .cpp.
class TestAdhocFilterBar : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void addFilterWithPickers();
    void regexFilterAndSave();
    void removeFilter();
    void cleanupTestCase();

private:
    sg::testing::RequestsWindow m_world;
};
