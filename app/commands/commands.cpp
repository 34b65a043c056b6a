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
