#include "commands.h"

namespace sg::app {

const std::vector<Subcommand>& subcommands()
{
    static const std::vector<Subcommand> all = {
        { "promqltest", "sightglass promqltest FILE...\n"
                        "    Runs Prometheus test scripts (load/eval/expect); prints per-file results, then totals.",
            &runPromqlTest },
        { "logqltest", "sightglass logqltest FILE...\n"
                       "    Runs Loki's declarative LogQL test scripts; prints per-file results, then totals.",
            &runLogqlTest },
        { "import", "sightglass import openmetrics FILE --data-dir DIR\n    Backfills a timestamped OpenMetrics file into the data dir's metric store; the last line gives samples/s.", &runImport },
        { "bench", "sightglass bench tsdb-write --labels FILE [--metrics 10000] [--scrapes 3000] [--data-dir DIR] [--wal-sync batch|never] | tsdb-size [--series 2000] [--hours 24] [--zstd on|off] [--chunks files|blobs] [--openmetrics FILE] | tsdb-labels --out FILE [--count N]\n    TSDB benchmarks; the figure is on the last line.\n"
                   "sightglass bench crash-trials [--trials 100] [--max-load 4] [--settle 1] [--seed N] [--data-dir DIR [--force]]\n"
                   "    SIGKILLs `serve` under scrape, push and query load at random moments and restarts it; the last line is\n"
                   "    `N trials, M acknowledged lost`.", &runBench },
        { "bench-logs", "sightglass bench-logs generate --out FILE [--size 256MiB] | ingest FILE [--data-dir DIR] [--batch-bytes 1MiB] [--pushers 4] [--level 1] [--chunk-bytes 1536KiB] | push FILE [--pushers 4] | query FILE-or-DATA-DIR\n    Log store benchmarks: generate a realistic API log, push it into the store or through the Loki push API over HTTP, time LogQL against zstdcat|grep.", &runBenchLogs },
        { "serve", "sightglass serve --listen HOST:PORT [--config FILE] [--data-dir DIR] [--demo|--no-demo]\n"
                   "                 [--web.enable-remote-write-receiver]\n"
                   "    Runs the workbench headless with the Prometheus and Loki HTTP APIs; stops on SIGINT/SIGTERM. With\n"
                   "    --web.enable-remote-write-receiver, POST /api/v1/write takes Prometheus remote write.",
            &runServe },
        { "bench-promql", "sightglass bench-promql --data-dir DIR [--prometheus] [--series 2000] [--hours 24] [--runs 5] [--query EXPR]...\n    Generates an OpenMetrics file, imports it, backfills it into a real Prometheus (--prometheus), times query_range on both and compares the answers; the last line gives the median speed-up.", &runBenchPromql },
        { "bench-scrape", "sightglass bench-scrape [--targets 20] [--series 5000] [--interval 1s] [--duration 30s] [--data-dir DIR] [--prometheus]\n    Scrapes loopback node-exporter-like targets through ScrapeManager, TsdbService and the store (WAL on); --prometheus also runs a real Prometheus on the same targets; the last line gives samples per cpu-second.", &runBenchScrape },
        { "bench-remote-write", "sightglass bench-remote-write [--series 100000] [--scrapes 20] [--shards 4] [--max-samples-per-send 2000]\n    Sends a WAL of series x scrapes samples through one remote_write queue to a loopback receiver (a child process); the last line gives samples/s and the cores used.", &runBenchRemoteWrite },
        { "render", "sightglass render DASHBOARD.json --out F.png|F.svg [--size 1600x1000] [--from now-6h] [--to now] [--var NAME=VALUE]...\n"
                    "                  [--data-dir DIR | --demo] [--datasources FILE] [--panel ID] [--report F.json] [--expand-rows]\n"
                    "                  [--timeout SECONDS]\n"
                    "    Renders a Grafana dashboard (or one panel) to PNG headless; the image is as wide as --size and tall enough\n"
                    "    for every panel. --report writes {title, panels: [{id, type, title, rendered_as, queries, series, error}]}.\n"
                    "    Without --data-dir it renders on the embedded demo's data; --datasources maps the dashboard's datasource\n"
                    "    uids to remote Prometheus/Loki datasources (docs/datasources.md).",
            &runRender },
        { "bench-editor", "sightglass bench-editor [--metrics 20000] [--series 1000000] [--runs 200] [--data-dir DIR [--force]]\n"
                          "    Fills a TSDB and a log store, then times completion at each situation of the query editors, and\n"
                          "    diagnostics and highlighting of 2 KB queries; the last line gives the worst completion p95.",
            &runBenchEditor },
        { "bench-dashboard", "sightglass bench-dashboard --data-dir DIR [--series 1000] [--hours 24] [--runs 15] [--dashboard FILE.json] [--force]\n"
                             "    An 8-panel dashboard over the persistent store, offscreen: time range change to all panels painted,\n"
                             "    hover and drag-zoom frame times, and importing + painting the largest shared dashboard.",
            &runBenchDashboard },
        { "bench-logs-view", "sightglass bench-logs-view [--open 100000] [--lines 1000000] [--frames 100] [--runs 5] [--frame-png FILE]\n"
                             "    The log list offscreen: opening --open lines (model, and panel to first paint), then scrolling\n"
                             "    --lines lines a page at a time; the last line gives the average frame time.",
            &runBenchLogsView },
        { "dashboard", "sightglass dashboard convert IN.json --out OUT.json [--for-sharing]\n"
                       "    Imports a Grafana dashboard file (any schemaVersion, the API wrapper, a shared export), migrates it and\n"
                       "    writes the current schema; --for-sharing writes Grafana's external export (__inputs, ${DS_...}).\n"
                       "    Prints the migrations applied to stderr.\n"
                       "sightglass dashboard check FILE...\n"
                       "    Parses every panel, variable and annotation query (PromQL or LogQL by datasource) interpolated with\n"
                       "    the variables' values over now-6h..now; prints `FILE: panel ID \"TITLE\" refId R: LINE:COL: parse\n"
                       "    error: ...` per error and `FILE: N queries checked, M errors`; exits 1 on errors, 2 on usage errors.",
            &runDashboard },
        { "query", "sightglass query format [--lang promql|logql] [FILE|-]\n"
                   "    Prints the query laid out as Prometheus' (PromQL) or Loki's (LogQL) format_query lays it out, keeping\n"
                   "    # comments and Grafana variables ($var, ${var}, [[var]], $__rate_interval); exits 1 with\n"
                   "    `LINE:COLUMN: parse error: MESSAGE` on stderr when it does not parse.\n"
                   "sightglass query check [--lang promql|logql] [--data-dir DIR | --url URL] [FILE|-]\n"
                   "    Prints `LINE:COLUMN: parse error: MESSAGE` or `LINE:COLUMN: warning: MESSAGE` per problem (positions\n"
                   "    1-based in the text as written, columns counting characters); exits 1 when the query does not parse.\n"
                   "    With DIR or URL it also warns of metrics, labels and values the data does not hold.\n"
                   "    Both read FILE, or standard input without FILE or with -. Without --lang the language is guessed:\n"
                   "    LogQL when a {...} selector is followed by a pipeline (|, |=, |~, |>, or !=, !~, !> before a string)\n"
                   "    or bytes_over_time, bytes_rate or rate_counter is called, PromQL otherwise; if that guess does not\n"
                   "    parse and the other language does, the other one. Exit 2 on usage errors.\n"
                   "sightglass query explain --lang promql|logql [--data-dir DIR] [--time T] [--json] QUERY|-\n"
                   "    Prints the query as a tree of its sub-expressions, one per line with a plain description, children\n"
                   "    indented by two spaces (--json: {\"expr\",\"kind\",\"description\",\"range\",\"eval\",\"children\"}).\n"
                   "    With --data-dir each node is evaluated on its own at --time (default now; Unix seconds or RFC 3339)\n"
                   "    against the data dir's stores, opened read-only: series, samples and time taken; for binary operators\n"
                   "    the series matched per side; for LogQL pipeline stages lines in and out over the last hour, fields\n"
                   "    added and __error__s produced. Exits 1 with `LINE:COLUMN: parse error: MESSAGE`, 2 on usage errors.\n"
                   "sightglass query complete --lang promql|logql --cursor N [--data-dir DIR | --url URL] [--var NAME]... QUERY\n"
                   "    Prints the completion items at character N of QUERY as JSON, [{\"label\",\"kind\",\"detail\",\"insert\"}],\n"
                   "    best first; metric, label and value names come from DIR's stores (read-only, beside a running\n"
                   "    Sightglass) or from the Prometheus/Loki API at URL; --var offers a dashboard variable;\n"
                   "    --json-situation wraps them with the situation.\n"
                   "sightglass query run --datasource NAME (--config F | --datasources F) [--from T] [--to T] [--step D | --instant] QUERY\n"
                   "    Runs QUERY against the remote datasource NAME and prints each series' samples (or log lines).",
            &runQuery },
        { "datasource", "sightglass datasource list|test NAME (--config FILE | --datasources FILE)\n"
                        "    Lists the remote datasources (name, uid, type, default, URL; never secrets), or tests one: reachability,\n"
                        "    its API and its version; exits 0 when it answers, 1 with the reason (docs/datasources.md).",
            &runDatasource },
        { "bench-remote-query", "sightglass bench-remote-query [--url URL] [--series 1000] [--hours 24] [--runs 5] [--query EXPR]\n"
                                "    Times a range query against a remote Prometheus (without --url: one started here on backfilled data)\n"
                                "    and prints what decoding into frames adds over the remote's own time.",
            &runBenchRemoteQuery },
        { "patterns", "sightglass patterns --query LOGQL --from T --to T [--baseline-from T --baseline-to T | --baseline-day-earlier]\n"
                      "                   [--limit N] [--data-dir DIR] [--json]\n"
                      "    Mines the log patterns of the query's lines in [from, to) and in the baseline (default: the same length just\n"
                      "    before; or the same window a day earlier) and prints them ranked by how new or how much more frequent they are (docs/patterns.md).\n"
                      "    T: RFC 3339, Unix seconds or now-1h. --json: [{\"pattern\",\"count\",\"baseline_count\",\"score\",\"samples\"}].",
            &runPatterns },
        { "bench-patterns", "sightglass bench-patterns [--lines 1000000] [--data-dir DIR [--force]]\n"
                            "    Times Drain mining on one thread and a spike-vs-baseline comparison over a log store holding --lines lines.",
            &runBenchPatterns },
        { "lsp", "sightglass lsp [--data-dir DIR | --url URL]\n"
                 "    Serves the Language Server Protocol over standard input and output for .promql and .logql documents:\n"
                 "    diagnostics, completion, hover and formatting (docs/lsp.md). --url takes metric, label and field names\n"
                 "    from a running Sightglass or any Prometheus/Loki-compatible API; --data-dir from a data dir's stores.",
            &runLsp },
    };
    return all;
}

const Subcommand* findSubcommand(const QString& name)
{
    for (const auto& c : subcommands())
        if (name == QLatin1String(c.name))
            return &c;
    return nullptr;
}

} // namespace sg::app
