#include "api_common.h"

#include "core/common/duration_limits.h"
#include "core/common/saturating.h"

#include <snappy.h>

#include <QDateTime>
#include <QRegularExpression>
#include <QUrl>

#include <charconv>
#include <cmath>
#include <limits>

namespace sg::api {

std::string ApiRequest::param(const std::string& name) const
{
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
}

std::vector<std::string> ApiRequest::all(const std::string& name) const
{
    std::vector<std::string> out;
    auto [b, e] = params.equal_range(name);
    for (auto it = b; it != e; ++it)
        out.push_back(it->second);
    return out;
}

std::string ApiRequest::header(const std::string& name) const
{
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

namespace {
std::string formDecode(std::string_view s)
{
    QByteArray bytes(s.data(), qsizetype(s.size()));
    bytes.replace('+', ' ');
    return QByteArray::fromPercentEncoding(bytes).toStdString();
}

Error badTime(const std::string& text)
{
    return Error { ErrorCode::BadData, "cannot parse \"" + text + "\" to a valid timestamp", {} };
}

/// RFC 3339 with up to nine fractional digits, as Unix seconds and the nanoseconds after them.
struct Rfc3339Time
{
    std::int64_t seconds = 0;
    std::int64_t nanos = 0;
};

std::optional<Rfc3339Time> parseRfc3339(const std::string& text)
{
    static const QRegularExpression re(QStringLiteral(
        R"(^(\d{4}-\d\d-\d\d)[Tt ](\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?([Zz]|[+-]\d\d:\d\d)$)"));
    const auto m = re.match(QString::fromStdString(text));
    if (!m.hasMatch())
        return std::nullopt;
    QString base = m.captured(1) + u'T' + m.captured(2);
    const QString zone = m.captured(4);
    base += (zone == u"Z" || zone == u"z") ? QStringLiteral("Z") : zone;
    const QDateTime dt = QDateTime::fromString(base, Qt::ISODate);
    if (!dt.isValid())
        return std::nullopt;
    QString frac = m.captured(3);
    while (frac.size() < 9)
        frac += u'0';
    return Rfc3339Time { dt.toSecsSinceEpoch(), frac.toLongLong() };
}

std::optional<double> parseDouble(const std::string& text)
{
    if (text.empty())
        return std::nullopt;
    bool ok = false;
    const double v = QByteArray::fromStdString(text).toDouble(&ok);
    if (!ok)
        return std::nullopt;
    return v;
}
}

void parseFormEncoded(std::string_view text, std::multimap<std::string, std::string>& out)
{
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t amp = text.find('&', pos);
        if (amp == std::string_view::npos)
            amp = text.size();
        const std::string_view pair = text.substr(pos, amp - pos);
        if (!pair.empty()) {
            const std::size_t eq = pair.find('=');
            if (eq == std::string_view::npos)
                out.emplace(formDecode(pair), std::string());
            else
                out.emplace(formDecode(pair.substr(0, eq)), formDecode(pair.substr(eq + 1)));
        }
        pos = amp + 1;
    }
}

Result<TimestampMs> parsePrometheusTime(const std::string& text)
{
    if (auto v = parseDouble(text); v && std::isfinite(*v)) {
        const double ms = std::round(*v * 1000.0);
        if (ms < double(MinTimeMs) || ms > double(MaxTimeMs))
            return badTime(text);
        return TimestampMs(ms);
    }
    if (auto t = parseRfc3339(text)) // as Prometheus' timestamp.FromTime: years 0-9999 all fit in milliseconds
        return TimestampMs(t->seconds * 1000 + t->nanos / 1'000'000);
    // Prometheus' own spelling of its minimum and maximum times, as clients send them back.
    if (text == "-292273086-05-16T16:47:06Z")
        return MinTimeMs;
    if (text == "292277025-08-18T07:12:54.999999999Z")
        return MaxTimeMs;
    return badTime(text);
}

Result<DurationMs> parseDurationParam(const std::string& text)
{
    if (auto v = parseDouble(text)) {
        // Prometheus holds durations as int64 nanoseconds
        const double ms = *v * 1000.0;
        if (!std::isfinite(ms) || std::abs(*v) * 1e9 > 9.223372036854775807e18)
            return Error { ErrorCode::BadData, "cannot parse \"" + text + "\" to a valid duration. It overflows int64", {} };
        return DurationMs(std::round(ms));
    }
    static const QRegularExpression re(QStringLiteral(R"(^((\d+)y)?((\d+)w)?((\d+)d)?((\d+)h)?((\d+)m)?((\d+)s)?((\d+)ms)?$)"));
    const auto m = re.match(QString::fromStdString(text));
    if (text.empty() || !m.hasMatch())
        return Error { ErrorCode::BadData, "cannot parse \"" + text + "\" to a valid duration", {} };
    static constexpr DurationMs units[] = { 365LL * 86400'000, 7LL * 86400'000, 86400'000, 3600'000, 60'000, 1000, 1 };
    DurationMs total = 0;
    for (int i = 0; i < 7; ++i) {
        const QString digits = m.captured(2 + 2 * i);
        if (digits.isEmpty())
            continue;
        bool ok = false;
        const qlonglong n = digits.toLongLong(&ok);
        DurationMs part = 0;
        if (!ok || __builtin_mul_overflow(DurationMs(n), units[i], &part) || __builtin_add_overflow(total, part, &total)
            || total > MaxDurationMs)
            return Error { ErrorCode::BadData, "cannot parse \"" + text + "\" to a valid duration", {} };
    }
    return total;
}

Result<TimestampNs> parseLokiTime(const std::string& text)
{
    if (text.find('.') != std::string::npos) {
        if (auto v = parseDouble(text); v && std::isfinite(*v)) {
            double secs = 0;
            double frac = std::modf(*v, &secs);
            frac = std::round(frac * 1000.0) / 1000.0;
            // past the years 1678-2262 that int64 nanoseconds hold: the nearest end of that span
            if (std::abs(secs) >= 9.2e9)
                return secs < 0 ? std::numeric_limits<TimestampNs>::min() : std::numeric_limits<TimestampNs>::max();
            return TimestampNs(secs) * 1'000'000'000 + TimestampNs(frac * 1e9);
        }
    }
    std::int64_t n = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec == std::errc() && ptr == text.data() + text.size() && !text.empty()) {
        const std::size_t digits = text.size() - (text[0] == '-' ? 1 : 0);
        if (digits > 10)
            return n;
        // seconds: 10 digits reach the year 2286, past what int64 nanoseconds hold; the nearest end of that span
        return saturatingMul(n, 1'000'000'000);
    }
    // past the years 1678-2262 that int64 nanoseconds hold (found by fuzzing): the nearest end of that span
    if (auto t = parseRfc3339(text))
        return saturatingAdd(saturatingMul(t->seconds, 1'000'000'000), t->nanos);
    return Error { ErrorCode::BadData, "cannot parse \"" + text + "\" to a valid timestamp", {} };
}

std::optional<std::string> snappyDecode(const QByteArray& body, std::size_t maxDecodedBytes, std::string& out)
{
    std::size_t length = 0;
    if (!snappy::GetUncompressedLength(body.constData(), std::size_t(body.size()), &length))
        return "snappy: corrupt input";
    if (length > maxDecodedBytes)
        return "decompressed size " + std::to_string(length) + " exceeds the limit of " + std::to_string(maxDecodedBytes)
            + " bytes";
    if (!snappy::Uncompress(body.constData(), std::size_t(body.size()), &out))
        return "snappy: corrupt input";
    return std::nullopt;
}

} // namespace sg::api
