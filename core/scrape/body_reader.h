#pragma once

// Internal to sg_scrape: a scrape response body collected under the body size limit.

#include <QString>
#include <QtGlobal>

#include <memory>
#include <string>

namespace sg::scrape {

/// Collects a response body piece by piece under a byte limit. A gzip body is inflated as it arrives and the
/// limit applies to the inflated bytes, so neither a large body nor a gzip bomb is ever held much past the
/// limit: feed() refuses the piece that crosses it and the caller aborts the download.
class BodyReader
{
public:
    /// `expectedBytes`: the Content-Length of an identity body, to reserve once (ignored past the limit).
    BodyReader(qint64 limit, bool gzip, qint64 expectedBytes = -1);
    ~BodyReader();
    BodyReader(const BodyReader&) = delete;
    BodyReader& operator=(const BodyReader&) = delete;

    /// Adds received bytes (compressed ones for gzip); false, with error(), once the body passes the limit or
    /// the gzip data is corrupt. Nothing is added after a failure.
    bool feed(const char* data, qint64 size);
    /// The body has ended; false, with error(), when a gzip stream stopped before its end.
    bool finish();
    bool failed() const { return !m_error.isEmpty(); }
    const QString& error() const { return m_error; }
    /// The body so far (inflated), moved out.
    std::string take() { return std::move(m_body); }
    bool isGzip() const { return bool(m_inflater); }

private:
    struct Inflater;
    bool fail(QString error);

    qint64 m_limit;
    std::string m_body;
    QString m_error;
    std::unique_ptr<Inflater> m_inflater;
};

} // namespace sg::scrape
