#pragma once

// Where `query complete` and `lsp` get metric names, labels, values and log samples: a data dir read without a lock,
// or a Prometheus/Loki-compatible HTTP API.

#include "store_reader.h"

#include "core/langsvc/language_service.h"

#include <memory>

namespace sg::app {

/// The completion data and what it reads from (the stores must outlive the data: destroy `data` first).
struct CompletionSource
{
    std::unique_ptr<StoreReader> stores;
    std::unique_ptr<langsvc::CompletionData> data; ///< null when neither a data dir nor a URL was given

    ~CompletionSource() { data.reset(); }
};

/// Opens the data of `dataDir` (all of its time range) or of `url` (empty: none); an error says why not.
Result<std::unique_ptr<CompletionSource>> openCompletionSource(const QString& dataDir, const QString& url);

} // namespace sg::app
