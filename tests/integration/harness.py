"""Shared helpers for the Interlude integration tests.

The tests drive the real binary named by the INTERLUDE_BIN environment
variable.  Everything a test needs lives in a temporary workspace:

    WORKDIR/config.xml   the configuration (written from a `Config`)
    WORKDIR/site/        the default site root
    WORKDIR/secret.txt   a file OUTSIDE the site root that must never leak

`Server` starts `interlude serve` on ephemeral ports, learns the real ports
from the startup lines on stderr and keeps collecting stderr in a buffer so
tests can assert on log lines.  Only loopback addresses are ever contacted.
"""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

DEFAULT_TOKEN = "secret-token-123"
SECRET = b"TOP-SECRET-CONTENT-d41d8cd98f00b204\n"
START_TIMEOUT = 10.0
REQUEST_TIMEOUT = 10.0
MAX_RAW_RESPONSE = 64 * 1024 * 1024

LISTEN_RE = re.compile(r"listening on http://(\[[^\]]+\]|[^:/\s]+):(\d+)/")
ADMIN_RE = re.compile(r"admin on http://(\[[^\]]+\]|[^:/\s]+):(\d+)/")
READY_RE = re.compile(r"\bready\s*$")


def require_env(name):
    """Return the value of a required environment variable.

    A missing variable is a test failure, never a skip: it raises
    AssertionError so the calling test (or setUpClass) fails loudly.
    """
    value = os.environ.get(name)
    if not value:
        raise AssertionError(
            f"environment variable {name} is not set; the integration "
            f"tests need it (see tests/integration/harness.py)")
    return value


def interlude_bin():
    path = require_env("INTERLUDE_BIN")
    if not os.access(path, os.X_OK):
        raise AssertionError(f"INTERLUDE_BIN={path} is not an executable")
    return os.path.abspath(path)


def hello_plugin_path():
    return os.path.abspath(require_env("INTERLUDE_HELLO_PLUGIN"))


def bad_abi_plugin_path():
    return os.path.abspath(require_env("INTERLUDE_BAD_ABI_PLUGIN"))


# --------------------------------------------------------------------------
# Configuration
# --------------------------------------------------------------------------

@dataclass
class Plugin:
    path: str
    params: dict = field(default_factory=dict)


@dataclass
class Handler:
    use: str
    prefix: str = None
    extension: str = None


@dataclass
class Rules:
    """Optional <limits>, <filtering> and <mime> (global or per site)."""
    limits: dict = None            # attribute name -> value
    deny_extensions: list = field(default_factory=list)
    deny_segments: list = field(default_factory=list)
    mime: dict = field(default_factory=dict)   # ".ext" -> content type

    def xml_lines(self, indent):
        lines = []
        if self.limits:
            lines.append(f"{indent}{element('limits', self.limits)}")
        if self.deny_extensions or self.deny_segments:
            lines.append(f"{indent}<filtering>")
            lines += [f"{indent}  <denyExtension>{escape(e)}</denyExtension>"
                      for e in self.deny_extensions]
            lines += [f"{indent}  <denySegment>{escape(s)}</denySegment>"
                      for s in self.deny_segments]
            lines.append(f"{indent}</filtering>")
        if self.mime:
            lines.append(f"{indent}<mime>")
            lines += [f"{indent}  "
                      + element("type", {"extension": ext, "contentType": ct})
                      for ext, ct in self.mime.items()]
            lines.append(f"{indent}</mime>")
        return lines


@dataclass
class Site:
    name: str = "main"
    root: str = "site"
    default: bool = True
    hosts: list = field(default_factory=list)
    index: list = field(default_factory=lambda: ["index.html"])
    handlers: list = field(default_factory=list)
    rules: Rules = field(default_factory=Rules)
    sections: list = field(default_factory=list)  # modules' XML, e.g. <throttling>

    def xml_lines(self):
        attrs = {"name": self.name, "root": self.root}
        if self.default:
            attrs["default"] = "true"
        lines = [f"  {element('site', attrs, close=False)}"]
        lines += [f"    <host>{escape(h)}</host>" for h in self.hosts]
        lines += [f"    <index>{escape(i)}</index>" for i in self.index]
        lines += self.rules.xml_lines("    ")
        for h in self.handlers:
            lines.append("    " + element("handler", {
                "prefix": h.prefix, "extension": h.extension, "use": h.use}))
        lines += [f"    {section}" for section in self.sections]
        lines.append("  </site>")
        return lines


@dataclass
class Config:
    """A configuration file, rendered one element per line."""
    listen: list = field(default_factory=lambda: ["127.0.0.1:0"])
    reuse_port: bool = False
    workers: int = 8
    shutdown_grace: int = 5
    file_cache_ms: int = None
    admin_address: str = "127.0.0.1:0"
    token: str = DEFAULT_TOKEN
    token_env: str = None
    log_level: str = "information"
    error_log: str = "-"
    access_log: str = "access.log"
    access_format: str = "combined"
    rules: Rules = field(default_factory=Rules)
    plugins: list = field(default_factory=list)
    sections: list = field(default_factory=list)  # modules' XML for every site
    sites: list = field(default_factory=lambda: [Site()])

    def to_xml(self):
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<interlude xmlns="urn:interlude:config:1">',
                 "  " + element("server", {
                     "workers": self.workers,
                     "shutdownGraceSeconds": self.shutdown_grace,
                     "fileCacheMilliseconds": self.file_cache_ms},
                     close=False)]
        for address in self.listen:
            attrs = {"address": address}
            if self.reuse_port:
                attrs["reusePort"] = "true"
            lines.append("    " + element("listen", attrs))
        lines.append("  </server>")
        lines.append("  " + element("admin", {
            "address": self.admin_address, "token": self.token,
            "tokenEnv": self.token_env}))
        lines.append("  " + element("logging", {
            "level": self.log_level, "errorLog": self.error_log,
            "accessLog": self.access_log,
            "accessFormat": self.access_format}))
        lines += self.rules.xml_lines("  ")
        if self.plugins:
            lines.append("  <plugins>")
            for p in self.plugins:
                lines.append("    " + element("plugin", {"path": p.path},
                                               close=False))
                lines += ["      " + element("param", {"name": k, "value": v})
                          for k, v in p.params.items()]
                lines.append("    </plugin>")
            lines.append("  </plugins>")
        lines += [f"  {section}" for section in self.sections]
        for site in self.sites:
            lines += site.xml_lines()
        lines.append("</interlude>")
        return "\n".join(lines) + "\n"


def element(name, attrs, close=True):
    """`<name a="v" .../>`; attributes whose value is None are left out."""
    parts = [name]
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        parts.append(f"{key}={quoteattr(str(value))}")
    return "<" + " ".join(parts) + ("/>" if close else ">")


def hello_config(greeting="Hi", prefix="/hello/", **kwargs):
    """A Config that loads the sample plugin and maps `prefix` to it."""
    site = Site(handlers=[Handler(use="hello", prefix=prefix)])
    return Config(plugins=[Plugin(hello_plugin_path(),
                                  {"greeting": greeting})],
                  sites=[site], **kwargs)


def line_of(text, needle):
    """1-based number of the first line of `text` containing `needle`."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not found in config text")


# --------------------------------------------------------------------------
# Workspace
# --------------------------------------------------------------------------

class Workspace:
    """A temporary folder with a site root and a secret outside of it."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="interlude-it-")
        self.root = self.path("site")
        os.makedirs(self.root)
        self.secret_path = self.write("secret.txt", SECRET)
        self.config_path = self.path("config.xml")

    def path(self, rel):
        return os.path.join(self.dir, rel)

    def write(self, rel, data):
        """Write a file relative to the workspace; returns its path."""
        path = self.path(rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if isinstance(data, str):
            data = data.encode()
        with open(path, "wb") as f:
            f.write(data)
        return path

    def write_site(self, rel, data):
        """Write a file relative to the default site root."""
        return self.write(os.path.join("site", rel), data)

    def write_config(self, config, rel="config.xml"):
        text = config if isinstance(config, str) else config.to_xml()
        return self.write(rel, text)

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


# --------------------------------------------------------------------------
# Responses and raw requests
# --------------------------------------------------------------------------

@dataclass
class Response:
    status: int
    reason: str
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name, default=None):
        return self.headers.get(name, default)

    def header_items(self, ignore=("date",)):
        """Sorted (lower-case name, value) pairs, without `ignore`d names."""
        return sorted((k.lower(), v) for k, v in self.headers.items()
                      if k.lower() not in ignore)

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __str__(self):
        head = "".join(f"{k}: {v}\n" for k, v in self.headers.items())
        return (f"HTTP {self.status} {self.reason}\n{head}\n"
                f"{self.body[:300]!r}")


def read_response(resp):
    body = resp.read(MAX_RAW_RESPONSE)
    return Response(resp.status, resp.reason, resp.headers, body)


def build_request(method, target, headers=None, body=None,
                  host="127.0.0.1"):
    """Exact request bytes; `target` is sent unchanged (str or bytes)."""
    if isinstance(target, str):
        target = target.encode("latin-1")
    headers = dict(headers or {})
    headers.setdefault("Host", host)
    headers.setdefault("Connection", "close")
    if body is not None:
        if isinstance(body, str):
            body = body.encode()
        headers.setdefault("Content-Length", str(len(body)))
    head = method.encode() + b" " + target + b" HTTP/1.1\r\n"
    for key, value in headers.items():
        head += f"{key}: {value}\r\n".encode("latin-1")
    return head + b"\r\n" + (body or b"")


def raw_request(port, data, method="GET", host="127.0.0.1",
                timeout=REQUEST_TIMEOUT):
    """Send exact bytes on a fresh connection; return the parsed Response."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(data)
        resp = http.client.HTTPResponse(sock, method=method)
        try:
            resp.begin()
            return read_response(resp)
        finally:
            resp.close()


# --------------------------------------------------------------------------
# Network helpers
# --------------------------------------------------------------------------

def free_port(host="127.0.0.1"):
    """A port that was free a moment ago on `host`."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def ipv6_loopback_reason():
    """None when [::1] can be bound, else the reason why not."""
    if not socket.has_ipv6:
        return "Python was built without IPv6 support"
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
    except OSError as exc:
        return f"cannot bind [::1]: {exc}"
    return None


def url_host(host):
    return f"[{host}]" if ":" in host else host


# --------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------

class LineCollector:
    """Reads a pipe on a thread, keeping every line for later assertions."""

    def __init__(self, pipe):
        self.lines = []
        self.closed = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, args=(pipe,),
                                        daemon=True)
        self._thread.start()

    def _run(self, pipe):
        for raw in iter(pipe.readline, b""):
            with self._cond:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
                self._cond.notify_all()
        with self._cond:
            self.closed = True
            self._cond.notify_all()

    def mark(self):
        with self._cond:
            return len(self.lines)

    def since(self, mark=0):
        with self._cond:
            return list(self.lines[mark:])

    def text(self):
        return "\n".join(self.since(0))

    def wait_for(self, predicate, start=0, timeout=5.0):
        """First line from index `start` on for which predicate(line) holds."""
        deadline = time.monotonic() + timeout
        index = start
        with self._cond:
            while True:
                while index < len(self.lines):
                    if predicate(self.lines[index]):
                        return self.lines[index]
                    index += 1
                remaining = deadline - time.monotonic()
                if self.closed or remaining <= 0:
                    return None
                self._cond.wait(remaining)

    def join(self, timeout=5.0):
        self._thread.join(timeout)


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self):
        return self.stdout + self.stderr

    def __str__(self):
        return (f"exit status {self.returncode}\n--- stdout ---\n"
                f"{self.stdout}\n--- stderr ---\n{self.stderr}")


def smil_playlist(*entries):
    """A web playlist (.isx text) of `entries`, SMIL elements as text, in the
    SMIL namespace with Interlude's `i:` attributes declared."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:i="urn:interlude:playlist:1">\n'
            '<body>\n' + "".join(e + "\n" for e in entries) + "</body>\n</smil>\n")


def run_cli(args, cwd=None, env=None, timeout=10.0):
    """Run `interlude ARGS...` to completion (killed after `timeout`)."""
    full_env = dict(os.environ, **(env or {}))
    proc = subprocess.Popen([interlude_bin()] + list(args), cwd=cwd,
                            env=full_env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(
            f"interlude {' '.join(args)} did not exit within {timeout} s\n"
            f"--- stdout ---\n{out.decode(errors='replace')}\n"
            f"--- stderr ---\n{err.decode(errors='replace')}")
    return CliResult(proc.returncode, out.decode("utf-8", "replace"),
                     err.decode("utf-8", "replace"))


def serve_expecting_exit(config_path, extra_args=(), timeout=10.0, **kwargs):
    """Run `serve` on ephemeral ports when it is expected to exit at
    startup (bad config, bad plugin...); returns its CliResult."""
    return run_cli(["serve", "-c", config_path, "--listen", "127.0.0.1:0",
                    "--admin", "127.0.0.1:0", *extra_args],
                   timeout=timeout, **kwargs)


class ServerStartError(AssertionError):
    pass


class Server:
    """`interlude serve` on a workspace; use as a context manager.

    listen / admin: values for --listen / --admin (None or [] = leave out,
    so the config file's addresses apply).
    """

    def __init__(self, config=None, workspace=None, *,
                 listen=("127.0.0.1:0",), admin="127.0.0.1:0",
                 extra_args=(), env=None, cwd=None, config_arg=None):
        self.ws = workspace or Workspace()
        self._owns_ws = workspace is None
        self.config = config if config is not None else Config()
        self.listen_args = list(listen or [])
        self.admin_arg = admin
        self.extra_args = list(extra_args)
        self.env = dict(env or {})
        self.cwd = cwd
        self.config_arg = config_arg
        self.proc = None
        self.stderr = None
        self.stdout = None
        self.listeners = []      # [(host, port)]
        self.admin_port = None
        self.ready_index = None  # stderr line index of "ready"

    # ----- lifecycle ---------------------------------------------------------

    @property
    def token(self):
        if self.config.token_env:
            return self.env.get(self.config.token_env,
                                os.environ.get(self.config.token_env))
        return self.config.token

    @property
    def port(self):
        return self.listeners[0][1]

    def args(self):
        args = ["serve", "-c", self.config_arg or self.ws.config_path]
        for address in self.listen_args:
            args += ["--listen", address]
        if self.admin_arg:
            args += ["--admin", self.admin_arg]
        return args + self.extra_args

    def spawn(self):
        """Start the process without waiting for readiness."""
        if isinstance(self.config, (Config, str)):
            self.ws.write_config(self.config)
        self.proc = subprocess.Popen(
            [interlude_bin()] + self.args(), cwd=self.cwd or self.ws.dir,
            env=dict(os.environ, **self.env), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.stderr = LineCollector(self.proc.stderr)
        self.stdout = LineCollector(self.proc.stdout)
        return self

    def start(self, timeout=START_TIMEOUT):
        """Spawn and wait for the startup lines; raises ServerStartError."""
        self.spawn()
        ready = self.stderr.wait_for(READY_RE.search, timeout=timeout)
        if ready is None:
            self.kill()
            raise ServerStartError(
                f"server did not print 'ready' within {timeout} s "
                f"(exit status {self.proc.returncode})\n{self.describe()}")
        lines = self.stderr.since(0)
        self.ready_index = lines.index(ready)
        for line in lines[:self.ready_index]:
            m = LISTEN_RE.search(line)
            if m:
                self.listeners.append((m.group(1).strip("[]"),
                                       int(m.group(2))))
            m = ADMIN_RE.search(line)
            if m:
                self.admin_port = int(m.group(2))
        if not self.listeners:
            self.kill()
            raise ServerStartError(
                f"no 'listening on http://HOST:PORT/' line before 'ready'\n"
                f"{self.describe()}")
        return self

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.close()
            raise

    def __exit__(self, *exc):
        self.close()

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def signal(self, signum):
        self.proc.send_signal(signum)

    def wait(self, timeout):
        """Exit status, or None if still running after `timeout`. Once it has
        exited, its output has been read to the end too."""
        try:
            status = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        self.stderr.join()
        self.stdout.join()
        return status

    def stop(self, timeout=15.0):
        """SIGTERM, wait, return the exit status (None if it hung)."""
        if self.running():
            self.signal(signal.SIGTERM)
        return self.wait(timeout)

    def kill(self):
        if self.running():
            self.proc.kill()
        if self.proc is not None:
            self.proc.wait(timeout=10)

    def close(self):
        if self.proc is not None:
            if self.stop() is None:
                self.kill()
            self.stderr.join()
            self.stdout.join()
            self.proc.stdout.close()
            self.proc.stderr.close()
        if self._owns_ws:
            self.ws.cleanup()

    def describe(self):
        return (f"command: {' '.join(self.args())}\n"
                f"--- stderr ---\n{self.stderr.text()}\n"
                f"--- stdout ---\n{self.stdout.text()}")

    # ----- logs --------------------------------------------------------------

    def log_mark(self):
        return self.stderr.mark()

    def log_since(self, mark):
        return self.stderr.since(mark)

    def wait_for_log(self, keywords, start=0, timeout=5.0):
        """First stderr line from `start` containing one of `keywords`
        (case-insensitive), or None."""
        lowered = [k.lower() for k in keywords]
        return self.stderr.wait_for(
            lambda line: any(k in line.lower() for k in lowered),
            start=start, timeout=timeout)

    # ----- requests ----------------------------------------------------------

    def connection(self, port=None, host="127.0.0.1",
                   timeout=REQUEST_TIMEOUT):
        return http.client.HTTPConnection(host, port or self.port,
                                          timeout=timeout)

    def request(self, method, path, headers=None, body=None, raw=False,
                port=None, host="127.0.0.1", timeout=REQUEST_TIMEOUT):
        """One request on a fresh connection.

        raw=True sends the exact bytes of `path` over a socket (no
        normalisation or validation by http.client).
        """
        port = port or self.port
        if raw:
            data = build_request(method, path, headers, body,
                                 host=url_host(host))
            return raw_request(port, data, method=method, host=host,
                               timeout=timeout)
        conn = self.connection(port, host, timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            return read_response(conn.getresponse())
        finally:
            conn.close()

    def get(self, path, headers=None, **kwargs):
        return self.request("GET", path, headers=headers, **kwargs)

    def admin_request(self, method, path, token=True, headers=None,
                      body=None):
        """Request to the admin listener; token=True uses the right token,
        a string uses that token, None sends no Authorization header."""
        headers = dict(headers or {})
        if token is True:
            token = self.token
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return self.request(method, path, headers=headers, body=body,
                            port=self.admin_port)

    def metrics(self):
        resp = self.admin_request("GET", "/metrics")
        if resp.status != 200:
            raise AssertionError(f"GET /metrics failed:\n{resp}")
        return resp.body.decode("utf-8", "replace")

    def reload(self):
        return self.admin_request("POST", "/api/reload")


def npm_ci(folder, what):
    """Installs FOLDER's npm packages from its lock file (`what` names them for
    the failure message); a failure fails the test, it never skips."""
    try:
        done = subprocess.run(
            ["npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--silent"],
            cwd=folder, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise AssertionError(f"cannot run npm ci in {folder} ({e}); install nodejs and npm "
                             f"(scripts/install-deps) for {what}")
    if done.returncode != 0:
        raise AssertionError(f"npm ci in {folder} failed (offline? the npm registry must be "
                             f"reachable once to fetch {what}):\n{done.stderr[-2000:]}")


def metric_value(text, name_with_labels):
    """Value of the sample `name{labels}` in Prometheus text, or None."""
    pattern = re.compile(r"^" + re.escape(name_with_labels)
                         + r"\s+([-+0-9.eE]+|NaN|[+-]Inf)\s*(\d+)?$",
                         re.MULTILINE)
    m = pattern.search(text)
    return float(m.group(1)) if m else None


def wait_until(predicate, timeout=10.0, interval=0.05):
    """Poll `predicate` until it returns a truthy value or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


# --------------------------------------------------------------------------
# unittest base class
# --------------------------------------------------------------------------

class ServerTestCase(unittest.TestCase):
    """One server per test class.

    Subclasses override `configure(ws)` to fill the workspace and return
    the Config, and may set `server_options` (keyword arguments for Server).
    """

    server = None
    ws = None
    server_options = {}

    @classmethod
    def configure(cls, ws):
        return Config()

    @classmethod
    def setUpClass(cls):
        cls.ws = Workspace()
        try:
            cls.server = Server(cls.configure(cls.ws), cls.ws,
                                **cls.server_options)
            cls.server.start()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.server is not None:
            cls.server.close()
            cls.server = None
        if cls.ws is not None:
            cls.ws.cleanup()
            cls.ws = None

    def assertStatus(self, resp, *expected):
        self.assertIn(resp.status, expected,
                      f"expected status {' or '.join(map(str, expected))}, "
                      f"got:\n{resp}")
        return resp



# --------------------------------------------------------------------------
# Redis (the shared session store of several nodes)
# --------------------------------------------------------------------------

REDIS_SERVER = "/usr/bin/redis-server"


def start_redis(directory, port=None, timeout=START_TIMEOUT):
    """Start a redis-server of the test's own on 127.0.0.1:`port` (a free
    one when None), its files in `directory`; returns (process, port) once it
    answers PING.  It saves its data when stopped with stop_redis(), so a
    restart on the same directory and port finds the sessions again, like a
    production Redis with persistence.  A missing redis-server is a failure
    (scripts/install-deps installs it)."""
    if not os.access(REDIS_SERVER, os.X_OK):
        raise AssertionError(f"{REDIS_SERVER} is missing: run scripts/install-deps")
    port = port or free_port()
    os.makedirs(directory, exist_ok=True)
    proc = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1",
         "--dir", directory, "--save", "3600 1", "--appendonly", "no",
         "--logfile", os.path.join(directory, "redis.log")],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    answered = wait_until(lambda: redis_ping(port) or proc.poll() is not None,
                          timeout=timeout)
    if not answered or proc.poll() is not None:
        proc.kill()
        proc.wait(timeout=10)
        raise AssertionError(f"redis-server did not answer on port {port}")
    return proc, port


def redis_ping(port):
    """True when a Redis answers PING on 127.0.0.1:`port`."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def stop_redis(proc, timeout=10.0):
    """SIGTERM (Redis saves its data, then exits), SIGKILL if it hangs."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
