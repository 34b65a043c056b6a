// The helpers of bench_logs.h.
#include "bench_logs.h"

#include <cstring>
#include <string>
#include <unordered_map>

namespace sg::app::benchlogs {

std::uint64_t parseSize(QString s)
{
    s = s.trimmed().toUpper();
    std::uint64_t mult = 1;
    for (auto [suffix, m] : { std::pair { "GIB", 1ull << 30 }, { "MIB", 1ull << 20 }, { "KIB", 1ull << 10 },
             { "G", 1ull << 30 }, { "M", 1ull << 20 }, { "K", 1ull << 10 } })
        if (s.endsWith(QLatin1String(suffix))) {
            mult = m;
            s.chop(qsizetype(std::strlen(suffix)));
            break;
        }
    return std::uint64_t(s.toDouble() * double(mult));
}

QString option(const QStringList& args, const QString& name, const QString& fallback)
{
    const auto i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args[i + 1] : fallback;
}

Labels labelsOf(std::string_view line)
{
    const bool json = line.starts_with('{');
    const auto key = json ? std::string_view("\"service\":\"") : std::string_view("service=");
    auto pos = line.find(key);
    std::string service = "unknown";
    if (pos != std::string_view::npos) {
        pos += key.size();
        const auto end = line.find(json ? '"' : ' ', pos);
        service = std::string(line.substr(pos, end - pos));
    }
    return Labels { { "job", "api" }, { "service", service }, { "format", json ? "json" : "logfmt" } };
}

std::vector<logs::PushBatch> readBatches(std::istream& in, std::uint64_t batchBytes, TimestampNs start,
    std::uint64_t* textBytes)
{
    std::vector<logs::PushBatch> batches;
    std::unordered_map<Labels, std::size_t, LabelsHash> streamIndex;
    logs::PushBatch batch;
    std::size_t batchSize = 0;
    std::size_t i = 0;
    for (std::string line; std::getline(in, line); ++i) {
        auto labels = labelsOf(line);
        auto [it, inserted] = streamIndex.try_emplace(labels, batch.streams.size());
        if (inserted)
            batch.streams.push_back(logs::Stream { std::move(labels), {} });
        batchSize += line.size();
        *textBytes += line.size() + 1;
        batch.streams[it->second].entries.push_back(logs::LogEntry { start + TimestampNs(i) * LineSpacingNs, std::move(line), {} });
        if (batchSize >= batchBytes) {
            batches.push_back(std::move(batch));
            batch = {};
            streamIndex.clear();
            batchSize = 0;
        }
    }
    if (!batch.streams.empty())
        batches.push_back(std::move(batch));
    return batches;
}

} // namespace sg::app::benchlogs
