// The HTTP/1.1 response parser of the Docker API client and the remote-write sender on bytes as a peer may send
// them, whole and a byte at a time: framing by Content-Length, chunks and connection close; interim 1xx answers;
// a following response left unread; and what a broken or hostile peer sends (a negative or huge chunk size, a bad
// Content-Length, an endless line or head) refused or bounded instead of looping or filling memory.
#include "core/common/http_response_parser.h"

#include <QTest>

using namespace sg;

namespace {

struct Parsed
{
    HttpResponseParser parser;
    std::string body;
    std::string rest; ///< what followed the response
};

/// Feeds `bytes` in pieces of `piece` bytes; at their end the connection closes (`eof`).
Parsed parse(const std::string& bytes, std::size_t piece, bool eof = true)
{
    Parsed p;
    for (std::size_t at = 0; at < bytes.size(); at += piece) {
        std::size_t used = 0;
        const std::string_view next = std::string_view(bytes).substr(at, piece);
        if (!p.parser.feed(next, p.body, &used))
            return p;
        if (p.parser.state() == HttpResponseParser::State::Done) {
            p.rest = std::string(next.substr(used)) + bytes.substr(std::min(bytes.size(), at + piece));
            return p;
        }
    }
    if (eof)
        p.parser.finishAtEof();
    return p;
}

} // namespace

class TestHttpResponseParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void framing_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("rest");
        const QByteArray next = "HTTP/1.1 204 No Content\r\n\r\n";
        QTest::addRow("204 without length")
            << "HTTP/1.1 204 No Content\r\nDate: x\r\n\r\n" + next << 204 << QByteArray() << next;
        QTest::addRow("content-length") << "HTTP/1.1 400 Bad Request\r\nContent-Length: 5\r\n\r\nbad x" + next << 400
                                        << QByteArray("bad x") << next;
        QTest::addRow("chunked, extensions and trailers")
            << "HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n4;name=v\r\nout \r\nA\r\nof "
               "memory.\r\n0\r\nX-T: 1\r\n\r\n"
                + next
            << 500 << QByteArray("out of memory.") << next;
        QTest::addRow("bare LF lines") << "HTTP/1.1 200 OK\nContent-Length: 2\n\nok" + next << 200 << QByteArray("ok")
                                       << next;
        QTest::addRow("100 Continue first")
            << "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" + next << 200 << QByteArray()
            << next;
        QTest::addRow("no length: until the connection closes")
            << QByteArray("HTTP/1.0 429 Too Many Requests\r\n\r\nslow down") << 429 << QByteArray("slow down")
            << QByteArray();
    }
    void framing()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, rest);
        for (const std::size_t piece : { std::size_t(1), std::size_t(7), std::size_t(bytes.size()) }) {
            const Parsed p = parse(bytes.toStdString(), piece);
            QVERIFY2(p.parser.error().empty(), p.parser.error().c_str());
            QCOMPARE(p.parser.state(), HttpResponseParser::State::Done);
            QCOMPARE(p.parser.status(), status);
            QCOMPARE(QByteArray::fromStdString(p.body), body);
            QCOMPARE(QByteArray::fromStdString(p.rest), rest);
        }
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("error");
        QTest::addRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n")
                                  << QStringLiteral("invalid status line \"SSH-2.0");
        QTest::addRow("status not three digits")
            << QByteArray("HTTP/1.1 2000 OK\r\n\r\n") << QStringLiteral("invalid status line");
        QTest::addRow("status out of range")
            << QByteArray("HTTP/1.1 000 Zero\r\n\r\n") << QStringLiteral("invalid status line");
        // a negative chunk size, one past int64, a chunk longer than its size
        QTest::addRow("negative chunk size")
            << QByteArray("HTTP/1.1 500 x\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\nxx\r\n0\r\n\r\n")
            << QStringLiteral("invalid chunk size \"-1\"");
        QTest::addRow("chunk size past uint64")
            << QByteArray("HTTP/1.1 500 x\r\nTransfer-Encoding: chunked\r\n\r\n1ffffffffffffffff\r\nxx\r\n")
            << QStringLiteral("invalid chunk size");
        QTest::addRow("chunk longer than its size")
            << QByteArray("HTTP/1.1 500 x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nxx\r\n0\r\n\r\n")
            << QStringLiteral("chunk data longer than its size");
        QTest::addRow("negative content-length") << QByteArray("HTTP/1.1 400 x\r\nContent-Length: -5\r\n\r\nabc")
                                                 << QStringLiteral("invalid Content-Length \"-5\"");
        QTest::addRow("line past 64 KiB") << "HTTP/1.1 200 OK\r\nX: " + QByteArray(70'000, 'a') + "\r\n\r\n"
                                          << QStringLiteral("response line too long");
        QByteArray manyHeaders = "HTTP/1.1 200 OK\r\n";
        for (int i = 0; i < 6'000; ++i)
            manyHeaders += "X-Header-Number: " + QByteArray::number(i) + " with some text after it\r\n";
        QTest::addRow("head past 256 KiB") << manyHeaders << QStringLiteral("response head too long");
        QByteArray endlessInterim;
        for (int i = 0; i < 20'000; ++i)
            endlessInterim += "HTTP/1.1 100 Continue\r\n\r\n";
        QTest::addRow("endless interim answers") << endlessInterim << QStringLiteral("response head too long");
        QTest::addRow("cut in the head") << QByteArray("HTTP/1.1 200 OK\r\nContent-Le")
                                         << QStringLiteral("connection closed before a response");
        QTest::addRow("cut in the body") << QByteArray("HTTP/1.1 400 x\r\nContent-Length: 10\r\n\r\nabc")
                                         << QStringLiteral("connection closed in the middle of the body");
        QTest::addRow("cut in a chunk") << QByteArray("HTTP/1.1 400 x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc")
                                        << QStringLiteral("connection closed in the middle of the body");
    }
    void refused()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, error);
        for (const std::size_t piece : { std::size_t(1), std::size_t(1000), std::size_t(bytes.size()) }) {
            const Parsed p = parse(bytes.toStdString(), piece);
            QCOMPARE(p.parser.state(), HttpResponseParser::State::Failed);
            QVERIFY2(QString::fromStdString(p.parser.error()).startsWith(error), p.parser.error().c_str());
        }
    }

    void repeatedHeadersJoined()
    {
        const Parsed p = parse("HTTP/1.1 200 OK\r\nVia: a\r\nvia: b\r\nContent-Length: 0\r\n\r\n", 5);
        QCOMPARE(p.parser.header("via"), std::string("a, b"));
    }
};

QTEST_GUILESS_MAIN(TestHttpResponseParser)
#include "tst_http_response_parser.moc"
