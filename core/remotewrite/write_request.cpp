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

void encodeWriteRequest(std::span<OutSample> samples, std::string& out)
{
    out.clear();
    std::stable_sort(samples.begin(), samples.end(), [](const OutSample& a, const OutSample& b) {
        return a.labels < b.labels || (a.labels == b.labels && a.t < b.t);
    });
    std::size_t i = 0;
    while (i < samples.size()) {
        std::size_t j = i;
        std::size_t body = samples[i].labels->size();
        while (j < samples.size() && samples[j].labels == samples[i].labels) {
            const std::size_t s = sampleSize(samples[j].t);
            body += 1 + uvarintSize(s) + s;
            ++j;
        }
        out.push_back(char(TagTimeseries));
        putUvarint(out, body);
        out.append(*samples[i].labels);
        for (std::size_t k = i; k < j; ++k) {
            out.push_back(char(TagSample));
            putUvarint(out, sampleSize(samples[k].t));
            out.push_back(char(TagSampleValue));
            char v[8];
            std::memcpy(v, &samples[k].v, 8);
            out.append(v, 8);
            out.push_back(char(TagSampleTimestamp));
            putUvarint(out, std::uint64_t(samples[k].t));
        }
        i = j;
    }
}

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

void snappyCompress(std::string_view raw, SnappyBody& out)
{
    const std::size_t most = snappy::MaxCompressedLength(raw.size());
    if (out.m_capacity < most) {
        out.m_bytes = std::make_unique_for_overwrite<char[]>(most);
        out.m_capacity = most;
    }
    snappy::RawCompress(raw.data(), raw.size(), out.m_bytes.get(), &out.m_size);
}

} // namespace sg::remotewrite
