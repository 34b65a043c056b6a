// Hand-written protobuf encoding of the Remote Write 1.0 messages (field numbers of prometheus/prompb).
#include "write_request.h"

#include <snappy.h>

#include <algorithm>
#include <cstring>

namespace sg::remotewrite {

namespace {

std::size_t uvarintSize(std::uint64_t v)
{
    std::size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        ++n;
    }
    return n;
}

/// Writes `v` as a varint at `p`; returns the end.
char* putUvarint(char* p, std::uint64_t v)
{
    while (v >= 0x80) {
        *p++ = char(std::uint8_t(v) | 0x80);
        v >>= 7;
    }
    *p++ = char(v);
    return p;
}

void putUvarint(std::string& out, std::uint64_t v)
{
    while (v >= 0x80) {
        out.push_back(char(std::uint8_t(v) | 0x80));
        v >>= 7;
    }
    out.push_back(char(v));
}

void putBytesField(std::string& out, std::uint8_t tag, std::string_view bytes)
{
    out.push_back(char(tag));
    putUvarint(out, bytes.size());
    out.append(bytes);
}

/// Bytes of an encoded `Sample { double value = 1; int64 timestamp = 2; }`.
std::size_t sampleSize(TimestampMs t)
{
    return 1 + 8 + 1 + uvarintSize(std::uint64_t(t));
}

constexpr std::uint8_t TagTimeseries = (1 << 3) | 2;
constexpr std::uint8_t TagMetadata = (3 << 3) | 2;
constexpr std::uint8_t TagLabel = (1 << 3) | 2;
constexpr std::uint8_t TagName = (1 << 3) | 2;
constexpr std::uint8_t TagValue = (2 << 3) | 2;
constexpr std::uint8_t TagSample = (2 << 3) | 2;
constexpr std::uint8_t TagSampleValue = (1 << 3) | 1;
constexpr std::uint8_t TagSampleTimestamp = (2 << 3) | 0;

} // namespace

std::string encodeSeriesLabels(const Labels& labels)
{
    std::string out;
    std::string label;
    for (const auto& l : labels) {
        label.clear();
        putBytesField(label, TagName, l.name);
        putBytesField(label, TagValue, l.value);
        putBytesField(out, TagLabel, label);
    }
    return out;
}

char* ByteBuffer::room(std::size_t n)
{
    if (m_size + n > m_capacity) {
        const std::size_t capacity = std::max(m_size + n, m_capacity + m_capacity / 2);
        auto bytes = std::make_unique_for_overwrite<char[]>(capacity);
        if (m_size > 0)
            std::memcpy(bytes.get(), m_bytes.get(), m_size);
        m_bytes = std::move(bytes);
        m_capacity = capacity;
    }
    return m_bytes.get() + m_size;
}

namespace detail {

std::size_t sampleFieldBytes(TimestampMs t)
{
    const std::size_t s = sampleSize(t);
    return 1 + uvarintSize(s) + s;
}

char* beginTimeSeries(char* p, const std::string& labels, std::size_t samplesBytes)
{
    *p++ = char(TagTimeseries);
    p = putUvarint(p, labels.size() + samplesBytes);
    std::memcpy(p, labels.data(), labels.size());
    return p + labels.size();
}

char* appendSample(char* p, TimestampMs t, double v)
{
    // Sample { double value = 1; int64 timestamp = 2; }: at most 1 + 1 + 1 + 8 + 1 + 10 bytes
    *p++ = char(TagSample);
    *p++ = char(sampleSize(t)); // at most 20: one byte
    *p++ = char(TagSampleValue);
    std::memcpy(p, &v, 8);
    p += 8;
    *p++ = char(TagSampleTimestamp);
    return putUvarint(p, std::uint64_t(t));
}

} // namespace detail

void encodeMetadataRequest(std::span<const scrape::MetricMetadata> metadata, std::string& out)
{
    out.clear();
    std::string entry;
    for (const auto& m : metadata) {
        entry.clear();
        // prometheus.MetricMetadata.MetricType: UNKNOWN 0, COUNTER 1, GAUGE 2, HISTOGRAM 3, GAUGEHISTOGRAM 4, SUMMARY 5
        int type = 0;
        switch (m.type) {
        case scrape::MetricType::Untyped: type = 0; break;
        case scrape::MetricType::Counter: type = 1; break;
        case scrape::MetricType::Gauge: type = 2; break;
        case scrape::MetricType::Histogram: type = 3; break;
        case scrape::MetricType::GaugeHistogram: type = 4; break;
        case scrape::MetricType::Summary: type = 5; break;
        }
        if (type != 0) {
            entry.push_back(char((1 << 3) | 0));
            putUvarint(entry, std::uint64_t(type));
        }
        putBytesField(entry, (2 << 3) | 2, m.name);
        if (!m.help.empty())
            putBytesField(entry, (4 << 3) | 2, m.help);
        if (!m.unit.empty())
            putBytesField(entry, (5 << 3) | 2, m.unit);
        putBytesField(out, TagMetadata, entry);
    }
}

void snappyCompress(std::string_view raw, ByteBuffer& out)
{
    out.clear();
    char* p = out.room(snappy::MaxCompressedLength(raw.size()));
    std::size_t n = 0;
    snappy::RawCompress(raw.data(), raw.size(), p, &n);
    out.end(p + n);
}

} // namespace sg::remotewrite
