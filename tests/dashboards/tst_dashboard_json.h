#pragma once

#include <QObject>

// Declared apart from its definitions: moc reads this header, not the JSON fixtures in the .cpp.
class TestDashboardJson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void panelMigrations_data();
    void panelMigrations();
    void legacyRowsBecomeGrid();
    void legacyYFormatsAndGridThresholds();
    void datasourceNamesBecomeRefs();
    void variablesMigrate();
    void currentSchemaIsKeptVerbatim();
    void apiWrapperAndErrors();
    void hostileNumbersImport();
    void resolvesDatasources_data();
    void resolvesDatasources();
    void exportsForSharing();
};
