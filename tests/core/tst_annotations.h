#pragma once

#include <QObject>

// Declared apart from its definitions: moc reads this header, not the JSON fixtures in the .cpp.
class TestAnnotations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsLokiAnnotationQueries();
    void linesBecomeMarkers();
    void readsPrometheusAnnotationQueries();
    void seriesBecomeRegions_data();
    void seriesBecomeRegions();
    void valueForTimeAndFormats();
};
