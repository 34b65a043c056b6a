#include "frames.h"

#include <map>

namespace sg::query {

LabelPairs toLabelPairs(const Labels& labels)
{
    LabelPairs out;
    out.reserve(labels.size());
    for (const Label& l : labels)
        out.emplace_back(QString::fromStdString(l.name), QString::fromStdString(l.value));
    return out;
}

Labels toLabels(const LabelPairs& pairs)
{
    std::vector<Label> labels;
    labels.reserve(pairs.size());
    for (const auto& [name, value] : pairs)
        labels.push_back({ name.toStdString(), value.toStdString() });
    return Labels(std::move(labels));
}

std::vector<Labels> toLabelSets(const std::vector<SeriesFrame>& series)
{
    std::vector<Labels> out;
    out.reserve(series.size());
    for (const SeriesFrame& s : series)
        out.push_back(toLabels(s.labels));
    return out;
}

promql::Matrix toMatrix(const std::vector<SeriesFrame>& frames)
{
    promql::Matrix out;
    out.reserve(frames.size());
    for (const auto& f : frames) {
        promql::Series s { toLabels(f.labels), {} };
        s.points.reserve(f.timesMs.size());
        for (std::size_t i = 0; i < f.timesMs.size() && i < f.values.size(); ++i)
            s.points.push_back({ f.timesMs[i], f.values[i] });
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<logs::Stream> toStreams(const std::vector<LogRow>& rows)
{
    std::map<LabelPairs, std::size_t> index;
    std::vector<logs::Stream> streams;
    for (const LogRow& row : rows) {
        auto [it, added] = index.emplace(row.labels, streams.size());
        if (added)
            streams.push_back({ toLabels(row.labels), {} });
        std::vector<Label> metadata;
        for (const auto& [name, value] : row.metadata)
            metadata.push_back(Label { name.toStdString(), value.toStdString() });
        streams[it->second].entries.push_back({ row.timeNs, row.line.toStdString(), std::move(metadata) });
    }
    return streams;
}

} // namespace sg::query
