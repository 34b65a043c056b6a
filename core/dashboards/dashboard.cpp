#include "dashboard.h"

namespace sg::dashboards {

Dashboard serviceOverview()
{
    using namespace Qt::StringLiterals;
    Dashboard d;
    d.uid = u"service-overview"_s;
    d.title = u"Service overview"_s;
    d.logsSelector = u"{app=\"fastapi\"}"_s;

    Panel rate;
    rate.title = u"Request rate by status"_s;
    rate.pos = { 0, 0, 12, 8 };
    rate.unit = u"reqps"_s;
    rate.queries.push_back({ Datasource::Prometheus, u"sum by (status) (rate(http_requests_total[2m]))"_s, u"{{status}}"_s });
    d.panels.push_back(rate);

    Panel errors;
    errors.title = u"Error rate (5xx)"_s;
    errors.pos = { 12, 0, 12, 8 };
    errors.unit = u"reqps"_s;
    errors.queries.push_back({ Datasource::Prometheus, u"sum(rate(http_requests_total{status=~\"5..\"}[2m]))"_s, u"5xx"_s });
    errors.logsSelector = u"{app=\"fastapi\", level=\"error\"}"_s;
    d.panels.push_back(errors);

    Panel latency;
    latency.title = u"p99 latency"_s;
    latency.pos = { 0, 8, 12, 8 };
    latency.unit = u"s"_s;
    latency.queries.push_back({ Datasource::Prometheus,
        u"histogram_quantile(0.99, sum by (le, handler) (rate(http_request_duration_seconds_bucket[2m])))"_s,
        u"{{handler}}"_s });
    d.panels.push_back(latency);

    Panel logs;
    logs.title = u"Errors in logs"_s;
    logs.type = PanelType::Logs;
    logs.pos = { 12, 8, 12, 8 };
    logs.queries.push_back({ Datasource::Loki, u"{app=\"fastapi\"} |= \"ERROR\""_s, {} });
    d.panels.push_back(logs);

    Panel volume;
    volume.title = u"Log volume by level"_s;
    volume.pos = { 0, 16, 12, 8 };
    volume.unit = u"short"_s;
    volume.queries.push_back(
        { Datasource::Loki, u"sum by (level) (count_over_time({app=\"fastapi\"}[1m]))"_s, u"{{level}}"_s });
    d.panels.push_back(volume);

    Panel scrape;
    scrape.title = u"Scrape duration"_s;
    scrape.pos = { 12, 16, 12, 8 };
    scrape.unit = u"s"_s;
    scrape.queries.push_back({ Datasource::Prometheus, u"scrape_duration_seconds"_s, u"{{job}}"_s });
    d.panels.push_back(scrape);
    return d;
}

Dashboard targetsOverview()
{
    using namespace Qt::StringLiterals;
    Dashboard d;
    d.uid = u"targets-overview"_s;
    d.title = u"Targets overview"_s;
    d.logsSelector = u"{job=~\".+\"}"_s;

    Panel up;
    up.title = u"Targets up"_s;
    up.pos = { 0, 0, 12, 8 };
    up.queries.push_back({ Datasource::Prometheus, u"up"_s, u"{{job}} {{instance}}"_s });
    d.panels.push_back(up);

    Panel duration;
    duration.title = u"Scrape duration"_s;
    duration.pos = { 12, 0, 12, 8 };
    duration.unit = u"s"_s;
    duration.queries.push_back({ Datasource::Prometheus, u"scrape_duration_seconds"_s, u"{{job}} {{instance}}"_s });
    d.panels.push_back(duration);

    Panel samples;
    samples.title = u"Samples scraped"_s;
    samples.pos = { 0, 8, 24, 8 };
    samples.queries.push_back({ Datasource::Prometheus, u"sum by (job) (scrape_samples_scraped)"_s, u"{{job}}"_s });
    d.panels.push_back(samples);
    return d;
}

} // namespace sg::dashboards
