// WAL replay: reads segments in order; the first torn or corrupted record ends the log.
#include "wal.h"

#include "core/common/crc32c.h"

#include <cstring>
#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace sg::tsdb {

namespace fs = std::filesystem;

namespace {

bool getUvarint(const std::uint8_t*& p, const std::uint8_t* end, std::uint64_t& v)
{
    v = 0;
    for (int shift = 0; shift < 64 && p < end; shift += 7) {
        const std::uint8_t b = *p++;
        v |= std::uint64_t(b & 0x7f) << shift;
        if (!(b & 0x80))
            return true;
    }
    return false;
}

bool getVarint(const std::uint8_t*& p, const std::uint8_t* end, std::int64_t& v)
{
    std::uint64_t u;
    if (!getUvarint(p, end, u))
        return false;
    v = std::int64_t(u >> 1) ^ -std::int64_t(u & 1);
    return true;
}

std::uint32_t getU32(const std::uint8_t* p)
{
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
}

} // namespace

std::optional<Labels> decodeLabels(const std::uint8_t*& p, const std::uint8_t* end)
{
    std::uint64_t n;
    if (!getUvarint(p, end, n) || n > 4096)
        return std::nullopt;
    std::vector<Label> items;
    items.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) {
        std::string parts[2];
        for (auto& s : parts) {
            std::uint64_t len;
            if (!getUvarint(p, end, len) || len > std::uint64_t(end - p))
                return std::nullopt;
            s.assign(reinterpret_cast<const char*>(p), len);
            p += len;
        }
        items.push_back(Label { std::move(parts[0]), std::move(parts[1]) });
    }
    return Labels(std::move(items));
}

bool decodeWalRecord(const std::uint8_t* p, const std::uint8_t* end, const std::function<void(const WalSeries&)>& onSeries,
    const std::function<void(std::span<const WalSample>)>& onSamples, std::vector<WalSample>& scratch)
{
    if (p == end)
        return false;
    const std::uint8_t type = *p++;
    if (type == 1) {
        std::uint64_t ref;
        if (!getUvarint(p, end, ref))
            return false;
        auto labels = decodeLabels(p, end);
        if (!labels || p != end)
            return false;
        onSeries(WalSeries { SeriesRef(ref), std::move(*labels) });
        return true;
    }
    if (type != 2)
        return false;
    std::uint64_t n, baseRef;
    std::int64_t baseT;
    if (!getUvarint(p, end, n) || !getUvarint(p, end, baseRef) || !getVarint(p, end, baseT))
        return false;
    if (n > std::uint64_t(end - p))
        return false;
    scratch.clear();
    scratch.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) {
        std::int64_t dRef, dT;
        if (!getVarint(p, end, dRef) || !getVarint(p, end, dT) || end - p < 8)
            return false;
        // in two's complement as the writer's subtractions: a damaged record must not overflow (UB) here
        WalSample s { SeriesRef(baseRef + std::uint64_t(dRef)), std::int64_t(std::uint64_t(baseT) + std::uint64_t(dT)), 0 };
        std::memcpy(&s.v, p, 8);
        p += 8;
        scratch.push_back(s);
    }
    if (p != end)
        return false;
    onSamples(scratch);
    return true;
}

namespace {

/// Decodes one record payload into the replay's callbacks and counts it; false when it is malformed.
bool applyRecord(const std::uint8_t* p, const std::uint8_t* end, WalReplayReport& report,
    const std::function<void(const WalSeries&)>& onSeries, const std::function<void(std::span<const WalSample>)>& onSamples,
    std::vector<WalSample>& scratch)
{
    return decodeWalRecord(
        p, end,
        [&](const WalSeries& s) {
            onSeries(s);
            ++report.series;
        },
        [&](std::span<const WalSample> samples) {
            onSamples(samples);
            report.samples += samples.size();
        },
        scratch);
}

} // namespace

Result<WalReplayReport> replayWal(const std::string& dir, const std::function<void(const WalSeries&)>& onSeries,
    const std::function<void(std::span<const WalSample>)>& onSamples, bool cutTail)
{
    WalReplayReport report;
    std::vector<WalSample> scratch;
    const auto segments = walSegments(dir);
    std::error_code ec;
    for (std::size_t si = 0; si < segments.size(); ++si) {
        const auto& [index, path] = segments[si];
        std::ifstream in(path, std::ios::binary);
        if (!in)
            return Error { ErrorCode::Io, "cannot read WAL segment " + path, {} };
        std::vector<std::uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        ++report.segments;
        std::size_t off = 0;
        std::string reason;
        while (off < data.size()) {
            if (data.size() - off < 8) {
                reason = "torn record header";
                break;
            }
            const std::uint32_t len = getU32(&data[off]);
            const std::uint32_t crc = getU32(&data[off + 4]);
            if (len > data.size() - off - 8) {
                reason = "torn record (length " + std::to_string(len) + " past the end)";
                break;
            }
            const std::uint8_t* payload = data.data() + off + 8;
            if (crc32c(payload, len) != crc) {
                reason = "checksum mismatch";
                break;
            }
            if (!applyRecord(payload, payload + len, report, onSeries, onSamples, scratch)) {
                reason = "malformed record";
                break;
            }
            ++report.records;
            off += 8 + len;
        }
        if (!reason.empty()) {
            report.truncatedBytes = data.size() - off;
            report.truncation = reason + " in " + path + " at offset " + std::to_string(off);
            if (cutTail && ::truncate(path.c_str(), off_t(off)) != 0)
                return Error { ErrorCode::Io, "cannot truncate WAL segment " + path, {} };
            for (std::size_t later = si + 1; later < segments.size(); ++later) {
                report.truncatedBytes += fs::file_size(segments[later].second, ec);
                if (cutTail)
                    fs::remove(segments[later].second, ec);
            }
            break;
        }
    }
    return report;
}

} // namespace sg::tsdb
