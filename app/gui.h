#pragma once

#include "cli.h"

namespace sg::app {

/// Runs the workbench window (or, for Command::Screenshot, renders it offscreen to a PNG). Returns the exit code.
int runGui(int& argc, char** argv, const CommandLine& cl);

} // namespace sg::app
