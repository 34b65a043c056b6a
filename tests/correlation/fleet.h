#pragma once

// A generated fleet of hosts with their metric series and log streams, the labels renamed between the two
// (instance "host-N.example.com:9100" ↔ host "host-N", job ↔ app, pod ↔ pod): what the label bridge must find.
#include "core/correlation/label_bridge.h"
#include "core/labels/labels.h"

#include <QRandomGenerator>

#include <string>
#include <vector>

namespace sg::correlation {

/// A generated fleet: `hosts` machines, each running one of `apps` services in a pod. Metrics label them
/// Prometheus' way (instance="host-N.example.com:9100", job, pod); logs Promtail's (host, app, pod), plus a decoy
/// label on each side whose values share nothing.
struct Fleet
{
    LabelValueSets metrics;
    LabelValueSets logs;
    std::vector<Labels> metricSeries;
    std::vector<Labels> logStreams;
};

inline Fleet generateFleet(int hosts, int apps, quint32 seed)
{
    QRandomGenerator rng(seed);
    Fleet f;
    for (int h = 0; h < hosts; ++h) {
        const std::string host = "host-" + std::to_string(h);
        const std::string app = "app-" + std::to_string(h % apps);
        const std::string pod = app + "-7d9f8-" + std::to_string(rng.bounded(10000, 99999));
        const Labels series { { "__name__", "up" }, { "instance", host + ".example.com:9100" }, { "job", app },
            { "pod", pod }, { "region", "eu-" + std::to_string(h % 3) } };
        const Labels stream { { "host", host }, { "app", app }, { "pod", pod },
            { "level", h % 2 ? "info" : "error" }, { "filename", "/var/log/" + app + ".log" } };
        f.metricSeries.push_back(series);
        f.logStreams.push_back(stream);
        for (const Label& l : series)
            f.metrics[l.name].insert(l.value);
        for (const Label& l : stream)
            f.logs[l.name].insert(l.value);
    }
    return f;
}

} // namespace sg::correlation
