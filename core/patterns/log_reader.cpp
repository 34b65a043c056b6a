#include "log_reader.h"

#include "core/common/saturating.h"
#include "core/logql/engine.h"
#include "core/logql/parser.h"
#include "core/services/query_client.h"

#include <algorithm>
#include <future>

namespace sg::patterns {

namespace {

constexpr TimestampNs SecondNs = 1'000'000'000;
/// The first slice is this share of the range; later ones adapt to the line rate seen.
constexpr TimestampNs FirstSlices = 32;

Result<std::vector<logs::Stream>> readSlice(const services::QueryClient& client, const logql::Expr& expr,
    TimestampNs start, TimestampNs end, const std::atomic_bool* cancel)
{
    if (cancel && cancel->load())
        return Error { ErrorCode::Canceled, "canceled", {} };
    if (expr.log->stages.empty())
        return client.logsQuerier()->select(expr.log->matchers, start, end);
    logql::QueryParams params;
    params.start = start;
    params.end = end;
    params.limit = std::size_t(1) << 40;
    params.direction = logs::Direction::Forward;
    params.cancel = cancel;
    auto result = client.evalLogQL(expr, params);
    if (!result.ok())
        return result.error();
    return std::move(result->streams);
}

} // namespace

Result<logql::ExprPtr> parseLogQuery(std::string_view query)
{
    auto expr = logql::parseQuery(query);
    if (!expr.ok())
        return expr.error();
    if ((*expr)->kind != logql::Expr::Kind::Log || !(*expr)->log)
        return Error { ErrorCode::BadData, "patterns are mined from a log query, not a metric query: " + std::string(query), {} };
    return std::move(*expr);
}

Result<ReadStats> readLogLines(const services::QueryClient& client, const logql::Expr& expr, TimestampNs start,
    TimestampNs end, const SliceSink& sink, const ReadOptions& options)
{
    ReadStats stats;
    if (end <= start)
        return stats;
    if (expr.kind != logql::Expr::Kind::Log || !expr.log)
        return Error { ErrorCode::BadData, "patterns are mined from a log query", {} };
    TimestampNs width = std::max<TimestampNs>(TimestampNs(unsignedSpan(start, end) / FirstSlices), SecondNs);
    auto launch = [&](TimestampNs from, TimestampNs to) {
        return std::async(std::launch::async,
            [&client, &expr, from, to, cancel = options.cancel] { return readSlice(client, expr, from, to, cancel); });
    };
    TimestampNs next = std::min(end, saturatingAdd(start, width));
    auto pending = launch(start, next);
    while (true) {
        auto slice = pending.get();
        if (!slice.ok())
            return slice.error();
        std::size_t lines = 0;
        for (const auto& s : *slice)
            lines += s.entries.size();
        // Aim the next slice at sliceLines, changing the width at most fourfold at a time.
        const double factor = std::clamp(double(options.sliceLines) / double(std::max<std::size_t>(lines, 1)), 0.25, 4.0);
        width = TimestampNs(std::clamp(double(width) * factor, 1e6, 9e18));
        const bool more = next < end;
        const TimestampNs from = next;
        if (more) {
            next = std::min(end, saturatingAdd(from, width));
            pending = launch(from, next);
        }
        sink(*slice);
        stats.lines += lines;
        ++stats.slices;
        if (!more)
            break;
    }
    return stats;
}

} // namespace sg::patterns
