#include "vocabulary.h"

#include <algorithm>
#include <array>

namespace sg::langsvc {

namespace {

template<std::size_t N>
bool among(const std::array<std::string_view, N>& words, std::string_view word)
{
    return std::find(words.begin(), words.end(), word) != words.end();
}

constexpr std::array<std::string_view, 14> PromAggregations { "sum", "avg", "count", "min", "max", "group", "stddev",
    "stdvar", "topk", "bottomk", "quantile", "count_values", "limitk", "limit_ratio" };
constexpr std::array<std::string_view, 12> PromKeywords { "by", "without", "on", "ignoring", "group_left",
    "group_right", "bool", "offset", "and", "or", "unless", "atan2" };
constexpr std::array<std::string_view, 15> LogRange { "rate", "count_over_time", "bytes_rate", "bytes_over_time",
    "avg_over_time", "sum_over_time", "min_over_time", "max_over_time", "stdvar_over_time", "stddev_over_time",
    "quantile_over_time", "first_over_time", "last_over_time", "absent_over_time", "rate_counter" };
constexpr std::array<std::string_view, 11> LogVector { "sum", "avg", "min", "max", "stddev", "stdvar", "count",
    "topk", "bottomk", "sort", "sort_desc" };
constexpr std::array<std::string_view, 11> LogStages { "json", "logfmt", "regexp", "pattern", "unpack",
    "line_format", "label_format", "decolorize", "keep", "drop", "unwrap" };
constexpr std::array<std::string_view, 13> LogKeywords { "by", "without", "on", "ignoring", "group_left",
    "group_right", "bool", "offset", "and", "or", "unless", "ip", "label_replace" };
constexpr std::array<std::string_view, 6> LabelListOpeners { "by", "without", "on", "ignoring", "group_left",
    "group_right" };

} // namespace

bool isPromAggregation(std::string_view word) { return among(PromAggregations, word); }
bool isPromKeyword(std::string_view word) { return among(PromKeywords, word); }
bool isLogRangeAggregation(std::string_view word) { return among(LogRange, word); }
bool isLogVectorAggregation(std::string_view word) { return among(LogVector, word); }
bool isLogStage(std::string_view word) { return among(LogStages, word); }
bool isLogKeyword(std::string_view word) { return among(LogKeywords, word); }
bool opensLabelList(std::string_view word) { return among(LabelListOpeners, word); }

} // namespace sg::langsvc
