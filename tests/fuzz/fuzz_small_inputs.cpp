// The small parsers of outside input, one picked by the first byte, the rest its text:
//   HTTP API parameters (form bodies, Prometheus and Loki times, durations, stream selectors), listen addresses,
//   retention flags, the ends of a dashboard's time range and its intervals (Grafana's and Go's), Explore links,
//   Go time layouts (value, layout and location on three lines), Docker's container list, file_sd files (JSON and
//   YAML) and web config files (read from a file in /dev/shm, as they are read from disk), HTTP responses as the Docker
//   API client and the remote-write sender read them (in pieces of the size the next byte gives), and Docker log
//   streams.
#include "fuzz_input.h"

#include "core/api/api_common.h"
#include "core/api/api_server.h"
#include "core/api/loki_push.h"
#include "core/api/web_config.h"
#include "core/common/http_response_parser.h"
#include "core/dashboards/explore_state.h"
#include "core/datadir/settings.h"
#include "core/ingest/docker_api.h"
#include "core/ingest/docker_discovery.h"
#include "core/ingest/docker_target.h"
#include "core/ingest/go_time.h"
#include "core/scrape/target_discovery.h"
#include "core/templating/duration.h"
#include "core/templating/time_spec.h"

#include <QFile>

#include <unistd.h>

namespace {

/// The text as a file of that extension while it lives, for the parsers that read a path.
struct TempFile
{
    TempFile(std::string_view text, const char* extension)
        : path(QStringLiteral("/dev/shm/sg-fuzz-%1.%2").arg(::getpid()).arg(QLatin1String(extension)))
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            std::abort(); // the harness cannot run
        f.write(text.data(), qint64(text.size()));
    }
    ~TempFile() { QFile::remove(path); }
    const QString path;
};

std::string_view line(std::string_view& text)
{
    const auto end = text.find('\n');
    const std::string_view first = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    return first;
}

} // namespace

SG_FUZZ_TARGET
{
    if (size == 0)
        return 0;
    const std::uint8_t kind = data[0];
    std::string_view text = fuzzText(data + 1, size - 1);
    const std::string s(text);
    const QString q = QString::fromUtf8(text.data(), qsizetype(text.size()));
    using namespace sg;
    switch (kind % 18) {
    case 0: {
        std::multimap<std::string, std::string> params;
        api::parseFormEncoded(text, params);
        break;
    }
    case 1:
        (void)api::parsePrometheusTime(s);
        break;
    case 2:
        (void)api::parseDurationParam(s);
        break;
    case 3:
        (void)api::parseLokiTime(s);
        break;
    case 4:
        (void)api::parseStreamLabels(s);
        break;
    case 5:
        (void)api::parseListenAddress(q);
        break;
    case 6:
        (void)datadir::parseRetentionTime(q);
        (void)datadir::parseRetentionSize(q);
        break;
    case 7: {
        templating::TimeOptions options;
        options.timeZone = kind & 0x10 ? QStringLiteral("utc") : QStringLiteral("Europe/Berlin");
        options.fiscalYearStartMonth = (kind >> 5) % 12;
        (void)templating::parseTime(q, 1'700'000'000'000, kind & 0x80, options);
        break;
    }
    case 8:
        (void)templating::parseInterval(q);
        (void)templating::parseGoInterval(q);
        break;
    case 9:
        (void)dashboards::parseExploreLink(q);
        break;
    case 10: {
        const std::string_view value = line(text);
        const std::string_view layout = line(text);
        (void)ingest::parseGoTime(value, layout, text);
        break;
    }
    case 11:
        (void)ingest::parseHostPort(text, 2375);
        break;
    case 12:
        (void)ingest::parseContainerList(QByteArray(text.data(), qsizetype(text.size())), ingest::DockerSdConfig {});
        break;
    case 13:
        (void)scrape::readFileSdFile(TempFile(text, "json").path);
        break;
    case 14:
        (void)scrape::readFileSdFile(TempFile(text, "yml").path);
        break;
    case 15:
        (void)api::loadWebConfig(TempFile(text, "yml").path);
        break;
    case 16: { // an HTTP response (Docker's API, remote-write receivers) in pieces of the next byte's size
        if (text.empty())
            break;
        const std::size_t piece = std::uint8_t(text[0]) + 1;
        const std::string_view bytes = text.substr(1);
        HttpResponseParser parser;
        std::string body;
        std::size_t at = 0;
        while (at < bytes.size() && parser.state() != HttpResponseParser::State::Done) {
            std::size_t used = 0;
            if (!parser.feed(bytes.substr(at, piece), body, &used))
                break;
            if (used > piece || used > bytes.size() - at)
                std::abort();
            at += used;
        }
        if (parser.state() != HttpResponseParser::State::Failed)
            parser.finishAtEof();
        if (body.size() > bytes.size()
            || (parser.state() == HttpResponseParser::State::Done && (parser.status() < 100 || parser.status() > 599)))
            std::abort();
        break;
    }
    default: { // a Docker container's log stream (stdcopy frames, or raw with a TTY as the byte's low bit says)
        if (text.empty())
            break;
        ingest::DockerLogParser parser(text[0] & 1);
        std::vector<ingest::DockerLine> lines;
        if (parser.feed(text.substr(1), lines))
            parser.finish(lines);
        break;
    }
    }
    return 0;
}
