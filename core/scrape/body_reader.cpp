#include "body_reader.h"

#include <zlib.h>

#include <algorithm>

namespace sg::scrape {

struct BodyReader::Inflater
{
    z_stream zs {};
    bool ok = false;
    bool ended = false; ///< the last member ended and no byte came after it
};

BodyReader::BodyReader(qint64 limit, bool gzip, qint64 expectedBytes)
    : m_limit(limit)
{
    if (gzip) {
        m_inflater = std::make_unique<Inflater>();
        m_inflater->ok = inflateInit2(&m_inflater->zs, 16 + MAX_WBITS) == Z_OK;
        if (!m_inflater->ok)
            m_error = QStringLiteral("gzip: cannot initialise zlib");
    } else if (expectedBytes > 0 && expectedBytes <= limit) {
        m_body.reserve(std::size_t(expectedBytes));
    }
}

BodyReader::~BodyReader()
{
    if (m_inflater && m_inflater->ok)
        inflateEnd(&m_inflater->zs);
}

bool BodyReader::fail(QString error)
{
    m_error = std::move(error);
    m_body = std::string(); // release the memory now: the scrape has failed
    return false;
}

bool BodyReader::feed(const char* data, qint64 size)
{
    if (failed())
        return false;
    if (!m_inflater) {
        if (qint64(m_body.size()) + size > m_limit)
            return fail(QStringLiteral("body size limit exceeded (%1 bytes)").arg(m_limit));
        m_body.append(data, std::size_t(size));
        return true;
    }
    z_stream& zs = m_inflater->zs;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
    zs.avail_in = uInt(size);
    char buffer[64 * 1024];
    while (true) {
        if (m_inflater->ended) {
            if (zs.avail_in == 0)
                break;
            // another gzip member follows (concatenated members are one body, as Go's gzip reader reads them)
            inflateReset(&zs);
            m_inflater->ended = false;
        }
        zs.next_out = reinterpret_cast<Bytef*>(buffer);
        zs.avail_out = sizeof buffer;
        const int rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
            return fail(QStringLiteral("gzip: %1").arg(QString::fromLatin1(zs.msg ? zs.msg : "corrupt data")));
        const std::size_t produced = sizeof buffer - zs.avail_out;
        if (qint64(m_body.size() + produced) > m_limit)
            return fail(QStringLiteral("body size limit exceeded (%1 bytes uncompressed)").arg(m_limit));
        m_body.append(buffer, produced);
        if (rc == Z_STREAM_END)
            m_inflater->ended = true;
        else if (zs.avail_out != 0)
            break; // the input is used up (output space left over, or no progress possible without more)
    }
    return true;
}

bool BodyReader::finish()
{
    if (failed())
        return false;
    if (m_inflater && !m_inflater->ended)
        return fail(QStringLiteral("gzip: truncated data"));
    return true;
}

} // namespace sg::scrape
