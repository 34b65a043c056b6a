#pragma once

#include "requests_store.h"

#include <QObject>

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
    sg::testing::RequestsWindow m_world;
};
