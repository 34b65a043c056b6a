// Shared by the `sightglass bench-logs` modes: the generated log's shape, options, push batches.
#pragma once

#include "core/logstore/log_store.h"

#include <QStringList>

#include <istream>
#include <vector>

namespace sg::app::benchlogs {

constexpr TimestampNs BenchStartNs = 1'717'200'000'000'000'000; // 2024-06-01T00:00:00Z
constexpr TimestampNs LineSpacingNs = 250'000;                  // 4000 lines per second of log time

/// "256MiB", "1GiB", "64K", "1048576" in bytes.
std::uint64_t parseSize(QString s);
/// The value after `name` in `args`, or `fallback`.
QString option(const QStringList& args, const QString& name, const QString& fallback = {});
/// Labels of a generated line: job, the service and the format, as a collector's pipeline would set them.
Labels labelsOf(std::string_view line);
/// Reads every line of `in` into push batches of about `batchBytes` of text, grouped by labelsOf; line i gets
/// timestamp `start + i * LineSpacingNs`. Adds the text's bytes (with newlines) to `*textBytes`.
std::vector<logs::PushBatch> readBatches(std::istream& in, std::uint64_t batchBytes, TimestampNs start,
    std::uint64_t* textBytes);

} // namespace sg::app::benchlogs

namespace sg::app {
/// `sightglass bench-logs push FILE`: the log pushed through the Loki push API (bench_logs_push.cpp).
int benchLogsPush(int& argc, char** argv, const QStringList& args);
}
