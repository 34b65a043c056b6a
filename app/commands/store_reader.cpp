#include "store_reader.h"

#include "core/datadir/layout.h"
#include "core/logstore/memory_log_store.h"
#include "core/logstore/store.h"
#include "core/services/query_client.h"
#include "core/tsdb/memory_store.h"
#include "core/tsdb/store.h"

#include <QDir>
#include <QFileInfo>

namespace sg::app {

struct StoreReader::Stores
{
    std::shared_ptr<const tsdb::Querier> metrics;
    std::shared_ptr<const logs::LogQuerier> logs;
};

StoreReader::~StoreReader() = default;

Result<std::unique_ptr<StoreReader>> StoreReader::open(const QString& dataDir)
{
    if (!QFileInfo(dataDir).isDir())
        return Error { ErrorCode::Io, dataDir.toStdString() + ": no such data dir", {} };
    auto stores = std::make_unique<Stores>();
    const QString metricsDir = datadir::metricsDir(dataDir);
    if (QFileInfo(metricsDir).isDir()) {
        tsdb::StoreOptions options;
        options.readOnly = true;
        auto opened = tsdb::Store::open(metricsDir.toStdString(), options);
        if (!opened.ok())
            return Error { ErrorCode::Io, metricsDir.toStdString() + ": " + opened.error().message, {} };
        stores->metrics = std::shared_ptr<const tsdb::Querier>(std::move(*opened));
    } else {
        stores->metrics = std::make_shared<tsdb::MemoryStore>();
    }
    const QString logsDir = datadir::logsDir(dataDir);
    if (QFileInfo(logsDir).isDir()) {
        logs::StoreOptions options;
        options.readOnly = true;
        auto opened = logs::Store::open(logsDir.toStdString(), options);
        if (!opened.ok())
            return Error { ErrorCode::Io, logsDir.toStdString() + ": " + opened.error().message, {} };
        stores->logs = std::shared_ptr<const logs::LogQuerier>(std::move(*opened));
    } else {
        stores->logs = std::make_shared<logs::MemoryLogStore>();
    }
    std::unique_ptr<StoreReader> reader(new StoreReader);
    reader->m_client = std::make_unique<services::QueryClient>(stores->metrics, stores->logs);
    reader->m_stores = std::move(stores);
    return reader;
}

} // namespace sg::app
