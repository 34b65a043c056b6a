#!/usr/bin/env python3
"""End-to-end test of `sightglass lsp`: a small LSP client speaking JSON-RPC over the server's stdin and stdout.

Usage: lsp_client.py PATH/TO/sightglass

Runs four sessions: without data (diagnostics, formatting, completion of functions, hover, errors, shutdown and
exit), one that exits without shutdown, one with --url against a `sightglass serve --demo` started on a free loopback
port (metric names, label values, stream labels and logfmt fields in completion), and one with --data-dir on the data
dir that serve filled. Exits 0 when every check passed.
"""

import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

TIMEOUT = 30


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


class LspClient:
    def __init__(self, binary, args=()):
        self.proc = subprocess.Popen([binary, "lsp", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.messages = queue.Queue()
        self.pending = []
        self.next_id = 1
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.decode("ascii").rstrip("\r\n")
                if not line:
                    break
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers["content-length"])
            self.messages.put(json.loads(out.read(length).decode("utf-8")))

    def send_raw(self, body):
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def send(self, message):
        message = dict(message, jsonrpc="2.0")
        self.send_raw(json.dumps(message, ensure_ascii=False).encode("utf-8"))

    def notify(self, method, params=None):
        self.send({"method": method, "params": params or {}})

    def _next(self, matches, what):
        for i, m in enumerate(self.pending):
            if matches(m):
                return self.pending.pop(i)
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            try:
                m = self.messages.get(timeout=max(0.01, deadline - time.time()))
            except queue.Empty:
                break
            if m is None:
                raise AssertionError("the server closed its output while waiting for " + what)
            if matches(m):
                return m
            self.pending.append(m)
        raise AssertionError("no " + what + " within %d s" % TIMEOUT)

    def request_raw(self, method, params=None):
        rid = self.next_id
        self.next_id += 1
        self.send({"id": rid, "method": method, "params": params or {}})
        return self._next(lambda m: m.get("id") == rid and "method" not in m, "answer to " + method)

    def request(self, method, params=None):
        answer = self.request_raw(method, params)
        check("error" not in answer, method + " failed: " + json.dumps(answer))
        return answer.get("result")

    def diagnostics(self, uri):
        m = self._next(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri,
                       "diagnostics of " + uri)
        return m["params"]["diagnostics"]

    def wait_exit(self):
        self.proc.stdin.close()
        return self.proc.wait(timeout=TIMEOUT)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()



def check(condition, message):
    if not condition:
        raise AssertionError(message)


def pos(line, character):
    return {"line": line, "character": character}


def rng(a, b, c, d):
    return {"start": pos(a, b), "end": pos(c, d)}


def open_doc(client, uri, text, language="promql"):
    client.notify("textDocument/didOpen",
                  {"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}})


def change(client, uri, version, changes):
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": changes})


def labels(items):
    return [i["label"] for i in items]


def session_without_data(binary):
    c = LspClient(binary)
    try:
        init = c.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}})
        caps = init["capabilities"]
        check(caps["positionEncoding"] == "utf-16", "position encoding: %r" % caps)
        check(caps["textDocumentSync"]["change"] == 2, "incremental sync: %r" % caps)
        check(caps["hoverProvider"] and caps["documentFormattingProvider"], "providers: %r" % caps)
        check(set(caps["completionProvider"]["triggerCharacters"]) >= set(["{", ",", "=", "(", "[", "|", '"', " "]),
              "trigger characters: %r" % caps)
        c.notify("initialized")

        # An error, then fixed by an incremental change.
        uri = "file:///tmp/queries/errors.promql"
        text = "sum(rate(http_requests_total[5m])"
        open_doc(c, uri, text)
        diags = c.diagnostics(uri)
        check(len(diags) == 1, "one diagnostic: %r" % diags)
        check(diags[0]["severity"] == 1 and diags[0]["source"] == "sightglass", "an error: %r" % diags)
        check(diags[0]["range"] == rng(0, 0, 0, 3), "on `sum`, whose parenthesis is not closed: %r" % diags)
        change(c, uri, 2, [{"range": rng(0, len(text), 0, len(text)), "text": ")"}])
        check(c.diagnostics(uri) == [], "cleared after the fix")

        # Positions in UTF-16 units: the error comes after an emoji and an accented letter.
        uri2 = "file:///tmp/queries/unicode.promql"
        prefix = 'up{app="🔥", city="Zürich"} + '
        open_doc(c, uri2, "# ok\n" + prefix)
        diags = c.diagnostics(uri2)
        check(len(diags) == 1, "one diagnostic: %r" % diags)
        start = diags[0]["range"]["start"]
        check(start["line"] == 1 and start["character"] == utf16_len(prefix),
              "error at UTF-16 column %d: %r" % (utf16_len(prefix), diags))

        # Formatting: one edit replacing the whole document.
        uri3 = "file:///tmp/queries/format.promql"
        open_doc(c, uri3, "sum(rate(http_requests_total{job=\"café\"}[5m]))by(job)\n")
        c.diagnostics(uri3)
        edits = c.request("textDocument/formatting",
                          {"textDocument": {"uri": uri3}, "options": {"tabSize": 2, "insertSpaces": True}})
        check(edits == [{"range": rng(0, 0, 1, 0),
                         "newText": "sum by (job) (rate(http_requests_total{job=\"café\"}[5m]))\n"}],
              "formatting edit: %r" % edits)

        # Completion of functions without data, the replace range in UTF-16 units.
        uri4 = "file:///tmp/queries/complete.promql"
        open_doc(c, uri4, "# é🔥\nsum(ra")
        c.diagnostics(uri4)
        result = c.request("textDocument/completion", {"textDocument": {"uri": uri4}, "position": pos(1, 6)})
        items = result["items"] if isinstance(result, dict) else result
        rate = [i for i in items if i["label"] == "rate"]
        check(rate, "rate offered: %r" % labels(items)[:30])
        check(rate[0]["kind"] == 3, "rate is a function: %r" % rate[0])
        check(rate[0]["textEdit"]["range"] == rng(1, 4, 1, 6), "replaces `ra`: %r" % rate[0])

        # Hover on `rate`.
        hover = c.request("textDocument/hover", {"textDocument": {"uri": uri3}, "position": pos(0, 6)})
        check(hover and "rate" in hover["contents"]["value"], "hover: %r" % hover)
        check(hover["range"] == rng(0, 4, 0, 8), "hover range: %r" % hover)

        # Errors: an unknown method, malformed JSON.
        answer = c.request_raw("textDocument/definition", {"textDocument": {"uri": uri3}, "position": pos(0, 0)})
        check(answer.get("error", {}).get("code") == -32601, "method not found: %r" % answer)
        c.send_raw(b'{"jsonrpc": "2.0", "id": 99, "method": ')
        answer = c._next(lambda m: "error" in m and m.get("id", "missing") is None, "a parse error")
        check(answer["error"]["code"] == -32700, "parse error: %r" % answer)

        check(c.request("shutdown") is None, "shutdown answers null")
        c.notify("exit")
        code = c.wait_exit()
        check(code == 0, "exit code after shutdown: %d" % code)
    finally:
        c.kill()


def session_exit_without_shutdown(binary):
    c = LspClient(binary)
    try:
        c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        c.notify("exit")
        code = c.wait_exit()
        check(code == 1, "exit code without shutdown: %d" % code)
    finally:
        c.kill()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api_get(base, path, **query):
    url = base + path + ("?" + urllib.parse.urlencode(query) if query else "")
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read().decode("utf-8"))["data"]


def session_with_url(binary):
    data_dir = DATA_DIR
    port = free_port()
    serve = subprocess.Popen([binary, "serve", "--listen", "127.0.0.1:%d" % port, "--demo", "--data-dir", data_dir],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    c = None
    try:
        base = None
        deadline = time.time() + 60
        while time.time() < deadline and base is None:
            line = serve.stdout.readline().decode("utf-8", "replace")
            if not line:
                raise AssertionError("serve exited before listening")
            if line.startswith("Sightglass API listening on "):
                base = line.split()[-1]
        check(base, "serve did not listen")
        # The demo's history and the first scrapes: wait for a `job` label on `up`.
        names, jobs = [], []
        while time.time() < deadline and not (names and jobs):
            try:
                names = api_get(base, "/api/v1/label/__name__/values")
                jobs = api_get(base, "/api/v1/label/job/values", **{"match[]": "up"})
            except OSError:
                pass
            time.sleep(0.5)
        check(names and jobs, "serve has no metrics after 60 s")
        metric = next((n for n in names if n.startswith("http_") or n.startswith("node_")), names[0])

        c = LspClient(binary, ["--url", base])
        c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        c.notify("initialized")
        uri = "file:///tmp/queries/data.promql"
        prefix = metric[:6]
        open_doc(c, uri, prefix)
        c.diagnostics(uri)
        result = c.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": pos(0, len(prefix))})
        items = result["items"]
        found = [i for i in items if i["label"] == metric]
        check(found, "metric %s offered for %r: %r" % (metric, prefix, labels(items)[:30]))
        check(found[0]["kind"] == 21, "a metric is a Constant: %r" % found[0])

        # The same API behind `query complete --url` and `query check --url`.
        out = subprocess.run([binary, "query", "complete", "--lang", "promql", "--cursor", str(len(prefix)), "--url",
                              base, prefix], capture_output=True, timeout=60)
        check(out.returncode == 0, "query complete --url exits 0: %r" % out.stderr)
        cli_items = json.loads(out.stdout.decode("utf-8"))
        check(any(i["label"] == metric and i["kind"] == "metric" for i in cli_items),
              "query complete --url offers %s: %r" % (metric, [i["label"] for i in cli_items][:30]))
        out = subprocess.run([binary, "query", "check", "--url", base], input=b"rate(no_such_metric_total[5m])\n",
                             capture_output=True, timeout=60)
        check(out.returncode == 0 and b'1:6: warning: unknown metric "no_such_metric_total"' in out.stdout,
              "query check --url warns of an unknown metric: %r %r" % (out.stdout, out.stderr))

        text = 'up{job=""}'
        change(c, uri, 2, [{"text": text}])
        c.diagnostics(uri)
        result = c.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": pos(0, 8)})
        values = labels(result["items"])
        check(set(jobs) <= set(values), "job values %r offered: %r" % (jobs, values[:30]))

        # LogQL: stream labels, and the fields of the demo's logfmt lines found in a sample through query_range.
        stream_labels = api_get(base, "/loki/api/v1/labels")
        check(stream_labels, "serve has no log streams")
        uri2 = "file:///tmp/queries/data.logql"
        open_doc(c, uri2, "{", "logql")
        c.diagnostics(uri2)
        result = c.request("textDocument/completion", {"textDocument": {"uri": uri2}, "position": pos(0, 1)})
        check(set(stream_labels) <= set(labels(result["items"])),
              "stream labels %r offered: %r" % (stream_labels, labels(result["items"])))
        text = '{app=~".+"} | logfmt | '
        change(c, uri2, 2, [{"range": rng(0, 0, 0, 1), "text": text}])
        c.diagnostics(uri2)
        result = c.request("textDocument/completion", {"textDocument": {"uri": uri2}, "position": pos(0, len(text))})
        fields = labels(result["items"])
        check("msg" in fields and "method" in fields, "logfmt fields offered: %r" % fields[:30])

        check(c.request("shutdown") is None, "shutdown answers null")
        c.notify("exit")
        check(c.wait_exit() == 0, "exit code after shutdown")
    finally:
        if c:
            c.kill()
        serve.terminate()  # SIGTERM: it stops and releases the data dir for session_with_data_dir
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve.wait()


def session_with_data_dir(binary):
    """Completion from the stores of the data dir that session_with_url's serve filled."""
    c = LspClient(binary, ["--data-dir", DATA_DIR])
    try:
        c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        c.notify("initialized")
        uri = "file:///tmp/queries/datadir.promql"
        text = 'up{job=""}'
        open_doc(c, uri, text)
        c.diagnostics(uri)
        result = c.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": pos(0, 8)})
        values = labels(result["items"])
        check("fastapi" in values, "job values of the data dir offered: %r" % values[:30])
        result = c.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": pos(0, 2)})
        check("up" in labels(result["items"]), "metric up offered: %r" % labels(result["items"])[:30])
        check(c.request("shutdown") is None, "shutdown answers null")
        c.notify("exit")
        check(c.wait_exit() == 0, "exit code after shutdown")
    finally:
        c.kill()


DATA_DIR = None


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = sys.argv[1]
    global DATA_DIR
    DATA_DIR = tempfile.mkdtemp(prefix="sg-lsp-")
    ok = True
    try:
        for session in (session_without_data, session_exit_without_shutdown, session_with_url, session_with_data_dir):
            try:
                session(binary)
                print("PASS", session.__name__)
            except Exception as e:  # report every session, then fail
                ok = False
                print("FAIL", session.__name__ + ":", e)
    finally:
        shutil.rmtree(DATA_DIR, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
