#include "http_response.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

#include <algorithm>
#include <limits>
#include <optional>

namespace sg::remotewrite {

namespace {

/// Reads through a response's bytes as they arrive: each step takes what it needs off `in`, asking for more.
class Reader
{
public:
    Reader(QByteArray& in, const std::function<bool()>& more, HttpResponse& r)
        : m_in(in)
        , m_more(more)
        , m_r(r)
    {
    }

    /// The next line (without CRLF; a bare LF also ends it), at most `limit` bytes; nullopt (error or end set).
    std::optional<QByteArray> line(qsizetype limit, const char* what)
    {
        qsizetype from = 0;
        while (true) {
            const qsizetype eol = m_in.indexOf('\n', from);
            if (eol >= 0) {
                QByteArray text = m_in.left(eol);
                if (text.endsWith('\r'))
                    text.chop(1);
                if (text.size() > limit)
                    return fail(std::string(what) + " longer than " + std::to_string(limit) + " bytes");
                m_in.remove(0, eol + 1);
                return text;
            }
            if (m_in.size() > limit + 2)
                return fail(std::string(what) + " longer than " + std::to_string(limit) + " bytes");
            from = m_in.size();
            if (!m_more()) {
                m_r.ended = true;
                return std::nullopt;
            }
        }
    }

    /// Takes `count` bytes (all there are when negative: until the connection closes) into the kept body.
    bool body(qint64 count)
    {
        while (count != 0) {
            if (m_in.isEmpty() && !m_more()) {
                if (count < 0)
                    return true;
                m_r.ended = true;
                return false;
            }
            const qsizetype n = count < 0 ? m_in.size() : qsizetype(std::min<qint64>(count, m_in.size()));
            const qsizetype keep = std::clamp<qsizetype>(MaxKeptBody - m_r.body.size(), 0, n);
            m_r.body.append(m_in.constData(), keep);
            m_in.remove(0, n);
            if (count > 0)
                count -= n;
        }
        return true;
    }

    std::nullopt_t fail(std::string why)
    {
        m_r.error = "malformed HTTP response: " + std::move(why);
        return std::nullopt;
    }

private:
    QByteArray& m_in;
    const std::function<bool()>& m_more;
    HttpResponse& m_r;
};

/// A decimal (Content-Length) or hexadecimal (chunk size) count of at most 15 digits: nullopt when malformed.
std::optional<qint64> parseCount(QByteArrayView text, int base)
{
    if (text.isEmpty() || text.size() > 15)
        return std::nullopt;
    qint64 n = 0;
    for (const char c : text) {
        int digit = -1;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (base == 16 && c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (base == 16 && c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        if (digit < 0)
            return std::nullopt;
        n = n * base + digit;
    }
    return n;
}

/// An HTTP-date in any of the three forms RFC 9110 has recipients accept: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37
/// GMT`, which Qt's RFC 2822 parser refuses for its "GMT"), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime
/// (`Sun Nov  6 08:49:37 1994`). Invalid when none fits.
QDateTime parseHttpDate(const QByteArray& value)
{
    const QString text = QString::fromLatin1(value).simplified();
    if (text.endsWith(u" GMT")) {
        QDateTime at = QDateTime::fromString(text.chopped(4) + QStringLiteral(" +0000"), Qt::RFC2822Date);
        if (!at.isValid()) {
            // two digits of year, read as 19yy: the 20yy of them is meant unless it lies more than 50 years ahead
            // (the weekday left out: Qt checks it against 19yy)
            at = QLocale::c().toDateTime(text.chopped(4).section(u' ', 1), QStringLiteral("dd-MMM-yy HH:mm:ss"));
            at.setTimeZone(QTimeZone::utc());
            if (at.isValid() && at.addYears(100) <= QDateTime::currentDateTimeUtc().addYears(50))
                at = at.addYears(100);
        }
        at.setTimeZone(QTimeZone::utc());
        return at;
    }
    QDateTime at = QLocale::c().toDateTime(text.section(u' ', 1), QStringLiteral("MMM d HH:mm:ss yyyy"));
    at.setTimeZone(QTimeZone::utc());
    return at;
}

} // namespace

HttpResponse readHttpResponse(QByteArray& in, const std::function<bool()>& more)
{
    HttpResponse r;
    Reader read(in, more, r);
    int status = 0;
    qint64 length = -1; // none given
    bool chunked = false;
    do { // until a final (not 1xx) response's head
        r = HttpResponse {};
        length = -1;
        chunked = false;
        const auto statusLine = read.line(MaxResponseHead, "the status line");
        if (!statusLine)
            return r;
        // "HTTP/1.1 200 OK": the version, three digits, an optional reason
        const QList<QByteArray> parts = statusLine->split(' ');
        const auto code = parts.size() >= 2 && parts[0].startsWith("HTTP/") && parts[1].size() == 3
            ? parseCount(parts[1], 10)
            : std::nullopt;
        if (!code || *code < 100 || *code > 599) {
            read.fail("status line \"" + statusLine->left(100).toStdString() + "\"");
            return r;
        }
        status = int(*code);
        qsizetype headBytes = statusLine->size();
        while (true) {
            const auto header = read.line(MaxResponseHead - headBytes, "the head");
            if (!header)
                return r;
            headBytes += header->size() + 2;
            if (header->isEmpty())
                break;
            const qsizetype colon = header->indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = header->left(colon).trimmed().toLower();
            const QByteArray value = header->mid(colon + 1).trimmed();
            if (name == "content-length") {
                const auto parsed = parseCount(value, 10);
                length = parsed.value_or(-1);
                if (!parsed) {
                    read.fail("Content-Length \"" + value.left(100).toStdString() + "\"");
                    return r;
                }
            } else if (name == "transfer-encoding" && value.toLower().contains("chunked")) {
                chunked = true;
            } else if (name == "connection" && value.toLower() == "close") {
                r.close = true;
            } else if (name == "retry-after") {
                r.retryAfter = parseRetryAfter(value);
            }
        }
    } while (status < 200 && status != 101); // an interim response: the final one follows
    if (status < 200 || status == 204 || status == 304) {
        r.status = status; // no body, whatever the headers say (Go's servers send a 204 without Content-Length)
        return r;
    }
    if (chunked) {
        while (true) {
            const auto sizeLine = read.line(MaxChunkLine, "a chunk-size line");
            if (!sizeLine)
                return r;
            const auto size = parseCount(sizeLine->split(';').value(0).trimmed(), 16);
            if (!size) {
                read.fail("chunk size \"" + sizeLine->left(100).toStdString() + "\"");
                return r;
            }
            if (*size == 0)
                break;
            if (!read.body(*size))
                return r;
            const auto end = read.line(MaxChunkLine, "a chunk's end"); // CRLF right after the data
            if (!end)
                return r;
            if (!end->isEmpty()) {
                read.fail("a chunk longer than its size");
                return r;
            }
        }
        while (true) { // trailers, up to the empty line
            const auto trailer = read.line(MaxChunkLine, "a trailer");
            if (!trailer)
                return r;
            if (trailer->isEmpty())
                break;
        }
    } else if (length >= 0) {
        if (!read.body(length))
            return r;
    } else {
        read.body(-1);
        r.close = true;
    }
    r.status = status;
    return r;
}

DurationMs parseRetryAfter(const QByteArray& value)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return -1;
    bool ok = false;
    const qint64 seconds = v.toLongLong(&ok);
    if (ok) { // seconds past int64 milliseconds are as good as forever
        if (seconds < 0)
            return -1;
        return seconds > std::numeric_limits<qint64>::max() / 1000 ? std::numeric_limits<qint64>::max()
                                                                   : seconds * 1000;
    }
    const QDateTime at = parseHttpDate(v);
    if (!at.isValid())
        return -1;
    return std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(at));
}

} // namespace sg::remotewrite
