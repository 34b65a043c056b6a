#include "completion_source.h"

#include "core/langsvc/http_completion_data.h"
#include "core/langsvc/query_client_data.h"

#include <QUrl>

namespace sg::app {

Result<std::unique_ptr<CompletionSource>> openCompletionSource(const QString& dataDir, const QString& url)
{
    auto source = std::make_unique<CompletionSource>();
    if (!dataDir.isEmpty()) {
        // Read without a lock, beside a Sightglass that may be running on the same dir. A data dir is often looked
        // at after the fact, so names come from all of its time range.
        auto opened = StoreReader::open(dataDir);
        if (!opened.ok())
            return opened.error();
        source->stores = std::move(*opened);
        source->data = std::make_unique<langsvc::QueryClientCompletionData>(source->stores->client(), MinTimeMs, MaxTimeMs);
    } else if (!url.isEmpty()) {
        const QUrl base(url);
        if (!base.isValid() || (base.scheme() != u"http" && base.scheme() != u"https"))
            return Error { ErrorCode::BadData, "not an http(s) URL: " + url.toStdString(), {} };
        source->data = std::make_unique<langsvc::HttpCompletionData>(base);
    }
    return source;
}

} // namespace sg::app
