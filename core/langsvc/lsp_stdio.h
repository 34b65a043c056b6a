#pragma once

// The LSP server over standard input and output, for `sightglass lsp`.

#include "language_service.h"

namespace sg::langsvc {

/// Serves LSP over file descriptors `in` and `out` (standard input and output) until the client sends `exit` or
/// closes `in`; returns the exit code (0 after `shutdown`, 1 without). Reads on the calling thread's event loop
/// (a QCoreApplication must exist); completions run on workers and write their answers as they finish. Nothing but
/// protocol messages is written to `out`.
int runLspStdio(CompletionData* data, int in = 0, int out = 1);

} // namespace sg::langsvc
