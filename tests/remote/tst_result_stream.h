#pragma once

#include <QObject>

class TestResultStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void elementsHandedOutInAnyPieces();
    void scalarResultKeptWhole();
    void documentWithoutResultKeptWhole();
    void streamedDecodeEqualsWholeDecode_data();
    void streamedDecodeEqualsWholeDecode();
    void malformedElementIsFoundByItsDecoder();
    void dataAfterANulByteIsRefused();
};
