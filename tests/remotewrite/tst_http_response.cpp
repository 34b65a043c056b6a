// The remote-write sender's HTTP/1.1 response reader on bytes as a remote may send them, whole and a byte at a time:
// framing by Content-Length, chunks and connection close; interim 1xx answers; Retry-After; and what a broken or
// hostile remote sends (a negative or huge chunk size, a bad Content-Length, an endless head or body) refused or
// bounded instead of looping, overflowing or filling memory.
#include "core/remotewrite/http_response.h"

#include <QDateTime>
#include <QTest>

#include <limits>

using namespace sg;
using namespace sg::remotewrite;
using namespace Qt::StringLiterals;

namespace {

/// Reads one response from `bytes` handed over `piece` bytes at a time; `rest` gets what was left unread.
HttpResponse readIn(const QByteArray& bytes, qsizetype piece, QByteArray* rest = nullptr)
{
    QByteArray in;
    qsizetype at = 0;
    const auto r = readHttpResponse(in, [&] {
        if (at >= bytes.size())
            return false;
        in += bytes.mid(at, piece);
        at += piece;
        return true;
    });
    if (rest)
        *rest = in + bytes.mid(at);
    return r;
}

} // namespace

class TestHttpResponse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void framing_data();
    void framing();
    void refused_data();
    void refused();
    void boundsWhatIsKept();
    void retryAfter();
};

void TestHttpResponse::framing_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("close");
    QTest::addColumn<QByteArray>("rest");
    const QByteArray next = "HTTP/1.1 204 No Content\r\n\r\n";
    QTest::addRow("204 without length") << "HTTP/1.1 204 No Content\r\nDate: x\r\n\r\n" + next << 204 << QByteArray()
                                        << false << next;
    QTest::addRow("content-length") << "HTTP/1.1 400 Bad Request\r\nContent-Length: 5\r\n\r\nbad x" + next << 400
                                    << QByteArray("bad x") << false << next;
    QTest::addRow("chunked, extensions and trailers")
        << "HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n4;name=v\r\nout \r\nA\r\nof "
           "memory.\r\n0\r\nX-T: 1\r\n\r\n"
            + next
        << 500 << QByteArray("out of memory.") << false << next;
    QTest::addRow("bare LF lines") << "HTTP/1.1 200 OK\nContent-Length: 2\n\nok" + next << 200 << QByteArray("ok")
                                   << false << next;
    QTest::addRow("100 Continue first") << "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
            + next << 200 << QByteArray()
                                        << false << next;
    QTest::addRow("connection close") << QByteArray(
        "HTTP/1.1 503 Unavailable\r\nConnection: close\r\nContent-Length: 4\r\n\r\nbusy")
                                      << 503 << QByteArray("busy") << true << QByteArray();
    QTest::addRow("no length: until the connection closes")
        << QByteArray("HTTP/1.0 429 Too Many Requests\r\n\r\nslow down") << 429 << QByteArray("slow down") << true
        << QByteArray();
}

void TestHttpResponse::framing()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, close);
    QFETCH(QByteArray, rest);
    for (const qsizetype piece : { qsizetype(1), qsizetype(7), bytes.size() }) {
        QByteArray left;
        const HttpResponse r = readIn(bytes, piece, &left);
        QVERIFY2(r.error.empty(), r.error.c_str());
        QCOMPARE(r.status, status);
        QCOMPARE(r.body, body);
        QCOMPARE(r.close, close);
        QCOMPARE(left, rest);
    }
}

void TestHttpResponse::refused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error"); // empty: the connection ended first
    QTest::addRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH\r\n\r\n") << u"status line \"SSH-2.0-OpenSSH\""_s;
    QTest::addRow("status out of range") << QByteArray("HTTP/1.1 999 Nine\r\n\r\n") << u"status line"_s;
    QTest::addRow("status not three digits") << QByteArray("HTTP/1.1 2000 OK\r\n\r\n") << u"status line"_s;
    // a negative chunk size made the reader append the rest of the buffer forever; a huge one overflowed the sum
    QTest::addRow("negative chunk size") << QByteArray(
        "HTTP/1.1 500 x\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\nxx\r\n0\r\n\r\n")
                                         << u"chunk size \"-1\""_s;
    QTest::addRow("chunk size past int64")
        << QByteArray("HTTP/1.1 500 x\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\nxx\r\n")
        << u"chunk size"_s;
    QTest::addRow("chunk longer than its size")
        << QByteArray("HTTP/1.1 500 x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nxx\r\n0\r\n\r\n")
        << u"a chunk longer than its size"_s;
    QTest::addRow("negative content-length")
        << QByteArray("HTTP/1.1 400 x\r\nContent-Length: -5\r\n\r\nabc") << u"Content-Length \"-5\""_s;
    QTest::addRow("content-length not a number")
        << QByteArray("HTTP/1.1 400 x\r\nContent-Length: 5x\r\n\r\nabc") << u"Content-Length"_s;
    QTest::addRow("head past 64 KiB") << "HTTP/1.1 200 OK\r\nX: " + QByteArray(70'000, 'a') + "\r\n\r\n"
                                      << u"the head longer than"_s;
    QTest::addRow("endless status line") << QByteArray(70'000, 'H') << u"the status line longer than"_s;
    QTest::addRow("cut in the head") << QByteArray("HTTP/1.1 200 OK\r\nContent-Le") << QString();
    QTest::addRow("cut in the body") << QByteArray("HTTP/1.1 400 x\r\nContent-Length: 10\r\n\r\nabc") << QString();
    QTest::addRow("cut in a chunk") << QByteArray("HTTP/1.1 400 x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc")
                                    << QString();
    QTest::addRow("nothing") << QByteArray() << QString();
}

void TestHttpResponse::refused()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    for (const qsizetype piece : { qsizetype(1), qsizetype(1000), std::max<qsizetype>(1, bytes.size()) }) {
        const HttpResponse r = readIn(bytes, piece);
        QCOMPARE(r.status, 0);
        if (error.isEmpty()) {
            QVERIFY2(r.error.empty(), r.error.c_str());
            QVERIFY(r.ended);
        } else {
            QVERIFY2(QString::fromStdString(r.error).startsWith(u"malformed HTTP response: "_s), r.error.c_str());
            QVERIFY2(QString::fromStdString(r.error).contains(error), r.error.c_str());
        }
    }
}

void TestHttpResponse::boundsWhatIsKept()
{
    // a 10 MB body is read through (the connection stays usable) and only its first 64 KiB are kept
    const QByteArray big(10'000'000, 'x');
    const QByteArray next = "HTTP/1.1 204 No Content\r\n\r\n";
    QByteArray rest;
    HttpResponse r = readIn("HTTP/1.1 413 Too Large\r\nContent-Length: 10000000\r\n\r\n" + big + next, 65'536, &rest);
    QCOMPARE(r.status, 413);
    QCOMPARE(r.body.size(), MaxKeptBody);
    QCOMPARE(rest, next);
    r = readIn("HTTP/1.1 413 Too Large\r\nTransfer-Encoding: chunked\r\n\r\n989680\r\n" + big + "\r\n0\r\n\r\n" + next,
        65'536, &rest);
    QCOMPARE(r.status, 413);
    QCOMPARE(r.body.size(), MaxKeptBody);
    QCOMPARE(rest, next);
}

void TestHttpResponse::retryAfter()
{
    QCOMPARE(readIn("HTTP/1.1 429 x\r\nRetry-After: 7\r\nContent-Length: 0\r\n\r\n", 3).retryAfter, 7'000);
    QCOMPARE(parseRetryAfter(" 0 "), 0);
    QCOMPARE(parseRetryAfter("-3"), -1);
    QCOMPARE(parseRetryAfter("soon"), -1);
    // seconds past int64 milliseconds overflowed; they are as good as forever
    QCOMPARE(parseRetryAfter("9223372036854775807"), std::numeric_limits<qint64>::max());
    const QByteArray inAMinute
        = QDateTime::currentDateTimeUtc().addSecs(60).toString(u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s).toLatin1();
    const DurationMs ms = parseRetryAfter(inAMinute);
    QVERIFY2(ms > 55'000 && ms <= 60'000, QByteArray::number(ms).constData());
    // HTTP-dates all end "GMT", which Qt's RFC 2822 reading refuses: dates were never read. The obsolete forms too.
    QCOMPARE(parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT"), 0); // past: now
    const QDateTime later = QDateTime::currentDateTimeUtc().addSecs(120);
    const DurationMs rfc850 = parseRetryAfter(later.toString(u"dddd, dd-MMM-yy HH:mm:ss 'GMT'"_s).toLatin1());
    QVERIFY2(rfc850 > 115'000 && rfc850 <= 120'000, QByteArray::number(rfc850).constData());
    const DurationMs asctime = parseRetryAfter(later.toString(u"ddd MMM d HH:mm:ss yyyy"_s).toLatin1());
    QVERIFY2(asctime > 115'000 && asctime <= 120'000, QByteArray::number(asctime).constData());
}

QTEST_GUILESS_MAIN(TestHttpResponse)
#include "tst_http_response.moc"
