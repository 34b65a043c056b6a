// The streamed decoding of query answers: the splitter hands out exactly the result's series and streams, whatever
// the pieces the bytes arrive in, and what is decoded from them equals the decoding of the whole answer.
#include "core/remote/remote_decode.h"
#include "core/remote/result_stream.h"
#include "tst_result_stream.h"

#include <QRegularExpression>
#include <QTest>

using namespace sg;
using namespace sg::remote;

namespace {

struct Split
{
    std::vector<std::string> elements;
    std::string rest;
};

/// Feeds `doc` in pieces of `piece` bytes.
Split split(std::string_view doc, std::size_t piece)
{
    Split out;
    ResultStreamSplitter splitter([&](std::string_view e) { out.elements.emplace_back(e); });
    for (std::size_t i = 0; i < doc.size(); i += piece)
        splitter.feed(doc.substr(i, piece));
    out.rest = splitter.rest();
    return out;
}

RemoteAnswer decodeWhole(std::string_view doc, logs::Direction direction)
{
    RemoteAnswer answer;
    decodeEnvelope(doc, [&](JsonCursor& c) { decodeQueryData(c, answer, QStringLiteral("A"), direction); });
    return answer;
}

RemoteAnswer decodeStreamed(std::string_view doc, std::size_t piece, logs::Direction direction)
{
    RemoteAnswer answer;
    std::optional<std::string> elementError;
    ResultStreamSplitter splitter(resultElementDecoder(answer, QStringLiteral("A"), elementError));
    for (std::size_t i = 0; i < doc.size(); i += piece)
        splitter.feed(doc.substr(i, piece));
    decodeEnvelope(splitter.rest(), [&](JsonCursor& c) { decodeQueryData(c, answer, QStringLiteral("A"), direction); });
    if (elementError)
        throw JsonError(*elementError);
    return answer;
}

const std::string Matrix = R"({"status":"success","data":{"resultType":"matrix","result":[
  {"metric":{"__name__":"up","job":"a \"quoted\" [x] {y}"},"values":[[1700000000,"1"],[1700000015,"NaN"]]} ,
  {"metric":{"job":"b\\"},"values":[[1700000000.5,"+Inf"]]}
 ],"stats":{"result":[1,2]}},"warnings":["w1"]})";

const std::string Streams = R"({"status":"success","data":{"resultType":"streams","result":[{"stream":{"app":"x"},
  "values":[["1700000000000000002","line ] two",{"trace_id":"t"}],["1700000000000000000","{line} one"]]},
  {"stream":{"app":"y"},"values":[["1700000000000000001","mid"]]}],"stats":{}}})";

const std::string Scalar = R"({"status":"success","data":{"resultType":"scalar","result":[1700000000,"42"]}})";

} // namespace

void TestResultStream::elementsHandedOutInAnyPieces()
{
    for (std::size_t piece : { std::size_t(1), std::size_t(2), std::size_t(7), std::size_t(64), Matrix.size() }) {
        const Split s = split(Matrix, piece);
        QCOMPARE(s.elements.size(), std::size_t(2));
        QVERIFY(s.elements[0].starts_with("{\"metric\"") && s.elements[0].ends_with("]]}"));
        QVERIFY(s.elements[1].find("b\\\\") != std::string::npos);
        // the envelope is kept with an empty result; a "result" key elsewhere (stats) is left alone
        QVERIFY2(QRegularExpression(QStringLiteral(R"("result":\[\s*\])")).match(QString::fromStdString(s.rest)).hasMatch(),
            s.rest.c_str());
        QVERIFY(s.rest.find("\"stats\":{\"result\":[1,2]}") != std::string::npos);
        QVERIFY(s.rest.find("\"warnings\":[\"w1\"]") != std::string::npos);
        QVERIFY(s.rest.find("metric") == std::string::npos);
    }
}

void TestResultStream::scalarResultKeptWhole()
{
    for (std::size_t piece : { std::size_t(1), std::size_t(5), Scalar.size() }) {
        const Split s = split(Scalar, piece);
        QVERIFY(s.elements.empty());
        QCOMPARE(s.rest, Scalar);
    }
}

void TestResultStream::documentWithoutResultKeptWhole()
{
    const std::string error = R"({"status":"error","errorType":"bad_data","error":"parse error at char 3"})";
    const Split s = split(error, 3);
    QVERIFY(s.elements.empty());
    QCOMPARE(s.rest, error);
}

void TestResultStream::streamedDecodeEqualsWholeDecode_data()
{
    QTest::addColumn<QByteArray>("doc");
    QTest::addColumn<int>("direction");
    QTest::newRow("matrix") << QByteArray::fromStdString(Matrix) << int(logs::Direction::Forward);
    QTest::newRow("streams forward") << QByteArray::fromStdString(Streams) << int(logs::Direction::Forward);
    QTest::newRow("streams backward") << QByteArray::fromStdString(Streams) << int(logs::Direction::Backward);
    QTest::newRow("scalar") << QByteArray::fromStdString(Scalar) << int(logs::Direction::Forward);
}

void TestResultStream::streamedDecodeEqualsWholeDecode()
{
    QFETCH(QByteArray, doc);
    QFETCH(int, direction);
    const std::string text = doc.toStdString();
    const RemoteAnswer whole = decodeWhole(text, logs::Direction(direction));
    QVERIFY(!whole.series.empty() || !whole.logs.empty());
    for (std::size_t piece : { std::size_t(1), std::size_t(3), std::size_t(100), text.size() }) {
        const RemoteAnswer streamed = decodeStreamed(text, piece, logs::Direction(direction));
        QCOMPARE(streamed.isLogs, whole.isLogs);
        QCOMPARE(streamed.isScalar, whole.isScalar);
        QCOMPARE(streamed.series.size(), whole.series.size());
        for (std::size_t i = 0; i < whole.series.size(); ++i) {
            QCOMPARE(streamed.series[i].labels, whole.series[i].labels);
            QCOMPARE(streamed.series[i].timesMs, whole.series[i].timesMs);
            QCOMPARE(streamed.series[i].values.size(), whole.series[i].values.size());
            for (std::size_t k = 0; k < whole.series[i].values.size(); ++k)
                QVERIFY(streamed.series[i].values[k] == whole.series[i].values[k]
                    || (std::isnan(streamed.series[i].values[k]) && std::isnan(whole.series[i].values[k])));
        }
        QCOMPARE(streamed.logs.size(), whole.logs.size());
        for (std::size_t i = 0; i < whole.logs.size(); ++i) {
            QCOMPARE(streamed.logs[i].timeNs, whole.logs[i].timeNs);
            QCOMPARE(streamed.logs[i].line, whole.logs[i].line);
            QCOMPARE(streamed.logs[i].labels, whole.logs[i].labels);
            QCOMPARE(streamed.logs[i].metadata, whole.logs[i].metadata);
        }
    }
}

void TestResultStream::malformedElementIsFoundByItsDecoder()
{
    const std::string doc = R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"x"]]}]}})";
    bool failed = false;
    ResultStreamSplitter splitter([&](std::string_view e) {
        try {
            JsonCursor c(e);
            RemoteAnswer a;
            decodeResultElement(c, a, QString());
        } catch (const JsonError&) {
            failed = true;
        }
    });
    splitter.feed(doc);
    QVERIFY(failed);
}

// A NUL byte read as the end of the text: `{}`, a NUL, then a whole answer decoded as an empty answer, while the
// streamed decoding handed out the series after it (found by fuzzing, the two decodings compared).
void TestResultStream::dataAfterANulByteIsRefused()
{
    using namespace std::string_literals;
    const std::string doc = "{}\0"s + Matrix;
    QVERIFY_THROWS_EXCEPTION(JsonError, decodeWhole(doc, logs::Direction::Forward));
    QVERIFY_THROWS_EXCEPTION(JsonError, decodeStreamed(doc, 7, logs::Direction::Forward));
    QVERIFY_THROWS_EXCEPTION(JsonError, decodeWhole(Matrix + "\0"s, logs::Direction::Forward));
    QCOMPARE(decodeWhole(Matrix + " \r\n\t", logs::Direction::Forward).series.size(), std::size_t(2));
}

QTEST_GUILESS_MAIN(TestResultStream)
