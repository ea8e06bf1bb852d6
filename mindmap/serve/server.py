"""A live preview page: theme files re-rendered as they are saved, shown in a browser.

:class:`Watcher` compares the theme files (and the style sheets in use) with
what it last saw and re-renders what changed; it keeps, for each file, the
last good figure and the current problems.  It looks when the operating
system reports a change in their folders (watchfiles), and every couple of
seconds besides.  The page, its script and its styles are files in
``static/``.  :class:`PreviewServer` serves one page on
127.0.0.1 (never another interface) whose script long-polls ``/state`` and
swaps in each new figure without reloading the page.

The page is static HTML plus one script and one style sheet from this server,
under a Content-Security-Policy that allows nothing else: no inline script,
no other origin.  The analyst's text reaches the page only as ``textContent``
and as SVG parsed with DOMParser (scripts, styles, event attributes and
foreign content dropped), never as HTML.  The shipped Liberation Sans faces
are served as web fonts standing in for Arial, so the browser draws the text
with the widths the boxes were measured with.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Final
from urllib.parse import parse_qs, urlsplit

__all__ = ["CSP", "HOST", "MAX_CONNECTIONS", "POLL_SECONDS", "REQUEST_TIMEOUT_SECONDS", "PreviewServer", "Watcher"]

HOST: Final = "127.0.0.1"
POLL_SECONDS: Final = 2.0  # a fallback: changes are reported by the operating system (watchfiles)
LONG_POLL_SECONDS: Final = 10.0
# A request must arrive whole within this time (a half-sent one would hold a thread for ever) ...
REQUEST_TIMEOUT_SECONDS: Final = 10.0
# ... and at most this many connections are served at once; more are answered 503 and closed.
MAX_CONNECTIONS: Final = 64
_FIGURE: Final = re.compile(r"/figure/([0-9]{1,9})/([0-9]{1,9})\.svg")
CSP: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
# The figure itself, if opened on its own: it may style itself but run nothing.
SVG_CSP: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"

Stamp = tuple[int, int, int] | None


def _stamp(path: Path) -> Stamp:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


@dataclass
class Entry:
    """One theme file on the page."""

    key: int
    path: Path
    stamp: Stamp = None
    version: int = 0
    map_id: str = ""
    title: str = ""
    alt: str = ""
    svg: bytes | None = None
    svg_version: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rendered_at: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "file": str(self.path),
            "id": self.map_id,
            "title": self.title,
            "alt": self.alt,
            "figure": f"/figure/{self.key}/{self.svg_version}.svg" if self.svg is not None else None,
            "errors": self.errors,
            "warnings": self.warnings,
            "stale": bool(self.errors) and self.svg is not None,
        }


class Watcher:
    """The theme files' latest renders, refreshed by :meth:`poll`."""

    def __init__(
        self,
        target: Path,
        styles: list[str] | None = None,
        layout: str = "radial",
        log: Callable[[str], None] | None = None,
        fit: str = "page",
        legend: str = "auto",
        depth: int | None = None,
    ) -> None:
        self.target = Path(target)
        self.styles = list(styles or [])
        self.layout = layout
        self.fit = fit
        self.legend = legend
        self.depth = depth  # fold the figures below this depth (see mindmap.model.fold)
        self.log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self.version = 0
        self.changed = threading.Condition()
        self.entries: dict[Path, Entry] = {}
        self.style_errors: list[str] = []
        self._layers: list[dict[str, Any]] = []
        self._sheet_stamps: dict[Path, Stamp] = {}
        self._sheet_files_seen: list[Path] = []
        self._styles_loaded = False
        self._retry_at = 0.0
        self.stopping = False
        self._next_key = 0
        self._lock = threading.Lock()

    # --- what to watch -----------------------------------------------------------

    def theme_files(self) -> list[Path]:
        if self.target.is_dir():
            from ..files import theme_files_in

            return theme_files_in(self.target)
        return [self.target]

    def _sheet_files(self) -> list[Path]:
        from ..style.sheet import DEFAULT_SHEET, SHEET_DIR

        return list(dict.fromkeys([SHEET_DIR / f"{DEFAULT_SHEET}.yaml", *self._sheet_files_seen]))

    # --- refreshing ------------------------------------------------------------------

    def _load_styles(self) -> bool:
        """Reload the style sheets when one changed (or while they are broken); True if the result changed."""
        stamps = {path: _stamp(path) for path in self._sheet_files()}
        if self._styles_loaded and stamps == self._sheet_stamps and not self.style_errors:
            return False
        if self.style_errors and stamps == self._sheet_stamps and time.monotonic() < self._retry_at:
            return False
        from ..errors import UserError
        from ..style.sheet import _default_data, default_sheet

        for cached in (_default_data, default_sheet):  # a designer may be editing the default sheet
            getattr(cached, "cache_clear", lambda: None)()
        errors: list[str] = []
        layers: list[dict[str, Any]] = []
        try:
            from ..style.library import load_sheet

            for ref in self.styles:
                for layer in load_sheet(ref):
                    self._sheet_files_seen.append(Path(layer.name))
                    layers.append(layer.data)
            default_sheet()  # the default sheet itself may be broken while a designer edits it
        except UserError as exc:
            errors = exc.lines()
        except Exception as exc:  # a bug, or a default sheet that does not fit its model: say so, keep serving
            errors = [f"the style sheets cannot be used: {exc}"]
        self._sheet_files_seen = list(dict.fromkeys(self._sheet_files_seen))
        self._sheet_stamps = {path: _stamp(path) for path in self._sheet_files()}
        self._retry_at = time.monotonic() + 1.0
        first = not self._styles_loaded
        self._styles_loaded = True
        if errors:
            changed = errors != self.style_errors
            if changed and not first:  # at start-up the caller reports them
                self.log("style sheets: " + "\n  ".join(errors))
            self.style_errors = errors
            return changed
        changed = first or bool(self.style_errors) or layers != self._layers
        self.style_errors = []
        self._layers = layers
        return changed

    def poll(self) -> bool:
        """Look for changes and re-render; True if anything on the page changed."""
        with self._lock:
            changed = False
            styles_changed = self._load_styles()
            changed |= styles_changed
            files = self.theme_files()
            for path in list(self.entries):
                if path not in files and self.target.is_dir():
                    del self.entries[path]
                    changed = True
            for path in files:
                entry = self.entries.get(path)
                if entry is None:
                    entry = self.entries[path] = Entry(self._next_key, path)
                    self._next_key += 1
                    entry.stamp = (-1, -1, -1)  # never a real file's: render it now
                stamp = _stamp(path)
                if stamp != entry.stamp or (styles_changed and not self.style_errors):
                    entry.stamp = stamp
                    self._render(entry)
                    changed = True
            if changed:
                with self.changed:
                    self.version += 1
                    self.changed.notify_all()
            return changed

    def _render(self, entry: Entry) -> None:
        from ..analysis.lint import lint_file
        from ..errors import UserError
        from ..model.describe import alt_text
        from ..publish.render import render_svg
        from ..safety import escape_control
        from ..style.library import compose_style

        started = time.perf_counter()
        name = escape_control(entry.path.name)  # the log is a terminal: a file's name cannot drive it
        try:
            mind_map, warnings = lint_file(entry.path)
            style = compose_style(self.styles, mind_map.style, map_path=entry.path)
            svg = render_svg(mind_map, style, self.layout, fit=self.fit, legend=self.legend, depth=self.depth)
        except UserError as exc:  # every line names the file, as validate prints it
            where = str(entry.path)
            entry.errors = [line if line.startswith(where) else f"{where}: {line}" for line in exc.lines()]
            self.log(
                f"{name}: {len(entry.errors)} problem{'s' if len(entry.errors) != 1 else ''}"
                + ("; showing the last good figure" if entry.svg is not None else "")
                + "\n  "
                + "\n  ".join(entry.errors)
            )
            return
        except Exception as exc:  # a bug in mindmap: report it on the page and keep serving
            entry.errors = [f"{entry.path}: internal error while rendering: {exc!r} (please report this)"]
            self.log(traceback.format_exc())
            return
        entry.errors = []
        entry.warnings = [str(w) for w in warnings]
        entry.map_id, entry.title, entry.alt = mind_map.id, mind_map.title, alt_text(mind_map)
        entry.svg = svg.encode("utf-8")
        entry.svg_version += 1
        entry.rendered_at = time.time()
        self.log(f"{name}: rendered in {time.perf_counter() - started:.2f} s")

    # --- reading, for the server -------------------------------------------------------

    def state(self) -> dict[str, Any]:
        with self._lock:
            return {
                "version": self.version,
                "target": str(self.target),
                "styles": self.styles,
                "style_errors": self.style_errors,
                "maps": [entry.as_dict() for entry in sorted(self.entries.values(), key=lambda e: str(e.path))],
            }

    def figure(self, key: int, version: int) -> bytes | None:
        with self._lock:
            for entry in self.entries.values():
                if entry.key == key and entry.svg is not None and entry.svg_version == version:
                    return entry.svg
        return None

    def wait(self, since: int, timeout: float) -> None:
        """Block until the version moves past ``since`` (or the timeout)."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != since or self.stopping, timeout)


# --- the page ---------------------------------------------------------------------------

# The page, its script and its styles are files of their own beside this module.
STATIC: Final = Path(__file__).parent / "static"

PAGE: Final = (STATIC / "index.html").read_bytes()

# The shipped faces stand in for Arial (metric-compatible), so the figure's
# text in the browser has the widths its boxes were measured with.
_FONT_FACES: Final = {
    "LiberationSans-Regular.ttf": ("normal", "normal"),
    "LiberationSans-Bold.ttf": ("bold", "normal"),
    "LiberationSans-Italic.ttf": ("normal", "italic"),
    "LiberationSans-BoldItalic.ttf": ("bold", "italic"),
}
_FONT_CSS: Final = "".join(
    f'@font-face {{ font-family: "{family}"; src: url("/static/fonts/{file}") format("truetype"); '
    f"font-weight: {weight}; font-style: {slant}; }}\n"
    for family in ("Arial", "Liberation Sans")
    for file, (weight, slant) in _FONT_FACES.items()
)

APP_CSS: Final = _FONT_CSS.encode() + (STATIC / "app.css").read_bytes()

APP_JS: Final = (STATIC / "app.js").read_bytes()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "mindmap-serve"

    def version_string(self) -> str:
        return self.server_version

    def setup(self) -> None:
        # Every read and write on the socket times out; idle clients are dropped. (The class's
        # ``timeout`` does the same for every handler; the socket's own setting keeps it per connection.)
        self.request.settimeout(REQUEST_TIMEOUT_SECONDS)
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the watcher logs renders
        pass

    def _host_ok(self) -> bool:
        # Refuse other Host names (DNS rebinding: a web page naming its own
        # domain that resolves to 127.0.0.1 must not read the maps).
        host = (self.headers.get("Host") or "").lower()
        port = self.server.server_address[1]
        return host in {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}

    def _send(self, status: int, body: bytes, content_type: str, csp: str = CSP) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", csp)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode(), "text/plain; charset=utf-8")

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        if not self._host_ok():
            self._text(HTTPStatus.MISDIRECTED_REQUEST, "wrong Host; open http://127.0.0.1:PORT/")
            return
        url = urlsplit(self.path)
        route = url.path
        watcher = self.server.watcher
        if route == "/":
            self._send(HTTPStatus.OK, PAGE, "text/html; charset=utf-8")
        elif route == "/static/app.js":
            self._send(HTTPStatus.OK, APP_JS, "text/javascript; charset=utf-8")
        elif route == "/static/app.css":
            self._send(HTTPStatus.OK, APP_CSS, "text/css; charset=utf-8")
        elif route.startswith("/static/fonts/") and route[len("/static/fonts/") :] in _FONT_FACES:
            from ..text.measure import FONT_DIR

            font = (FONT_DIR / route[len("/static/fonts/") :]).read_bytes()
            self._send(HTTPStatus.OK, font, "font/ttf")
        elif route == "/state":
            since = parse_qs(url.query).get("since", ["-1"])[0]
            try:
                since_version = int(since)
            except ValueError:
                since_version = -1
            if since_version == watcher.version and not self.server.stopping.is_set():
                watcher.wait(since_version, LONG_POLL_SECONDS)
            body = json.dumps(watcher.state(), ensure_ascii=False).encode()
            self._send(HTTPStatus.OK, body, "application/json; charset=utf-8")
        elif route.startswith("/figure/") and route.endswith(".svg"):
            match = _FIGURE.fullmatch(route)  # ASCII digits, a few of them: int() cannot fail
            svg = watcher.figure(int(match.group(1)), int(match.group(2))) if match else None
            if svg is None:
                self._text(HTTPStatus.NOT_FOUND, "no such figure (it has been re-rendered since)")
            else:
                self._send(HTTPStatus.OK, svg, "image/svg+xml", SVG_CSP)
        else:
            self._text(HTTPStatus.NOT_FOUND, "not found")

    def _refuse(self) -> None:
        self._text(HTTPStatus.METHOD_NOT_ALLOWED, "read-only: only GET")

    do_POST = do_PUT = do_DELETE = do_PATCH = _refuse


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Closing does not wait for the connection threads (daemons): one that a Ctrl-C caught
    # half-started must not keep `serve` from stopping.
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, port: int, watcher: Watcher) -> None:
        self.watcher = watcher
        self.stopping = threading.Event()
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__((HOST, port), _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """A thread per connection, at most MAX_CONNECTIONS at once; the rest get 503 and are closed."""
        if not self.slots.acquire(blocking=False):
            try:
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except RuntimeError:  # no thread could be started: its slot is free again
            self.slots.release()
            raise
        # Anything else (a Ctrl-C while the thread was starting) leaves the thread to run and to
        # free its slot itself: releasing here too would free it twice.

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser tab closed mid-answer is normal; anything else is a bug worth its traceback.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            return
        super().handle_error(request, client_address)


class PreviewServer:
    """The watcher, its polling thread and the HTTP server, started and stopped together."""

    def __init__(
        self,
        target: Path,
        styles: list[str] | None = None,
        port: int = 0,
        layout: str = "radial",
        log: Callable[[str], None] | None = None,
        interval: float = POLL_SECONDS,
        fit: str = "page",
        legend: str = "auto",
        depth: int | None = None,
    ) -> None:
        from ..errors import UserError

        target = Path(target)
        if not target.exists():
            raise UserError(f"{target}: no such file or folder")
        self.watcher = Watcher(target, styles, layout, log, fit=fit, legend=legend, depth=depth)
        self.interval = interval
        self.watcher._load_styles()
        if self.watcher.style_errors:  # a mistyped --style: say so now rather than serve the default look
            raise UserError("\n".join(self.watcher.style_errors))
        self.watcher.poll()  # the first render, before anyone can ask for the page
        try:
            self.httpd = _Server(port, self.watcher)
        except OSError as exc:
            raise UserError(
                f"cannot listen on {HOST}:{port} ({exc.strerror or exc}); "
                "choose another --port, or --port 0 for any free one"
            ) from None
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.httpd.server_address[1]}/"

    def _folders(self) -> list[Path]:
        """The folders whose changes matter: the theme files' and every style sheet's."""
        target = self.watcher.target
        places = [target if target.is_dir() else target.parent, *(p.parent for p in self.watcher._sheet_files())]
        return sorted({p.resolve() for p in places if p.is_dir()})

    def _poll(self) -> None:
        try:
            self.watcher.poll()
        except Exception:  # never let one bad poll stop the watching
            self.watcher.log(traceback.format_exc())

    def _watch(self) -> None:
        """Re-render when the operating system reports a change (watchfiles), and every
        ``interval`` seconds besides, for file systems that report nothing."""
        import watchfiles

        stopping = self.httpd.stopping
        timeout = max(int(self.interval * 1000), 50)
        while not stopping.is_set():
            folders = self._folders()
            for _changes in watchfiles.watch(
                *folders, stop_event=stopping, debounce=40, step=20, rust_timeout=timeout, yield_on_timeout=True
            ):
                self._poll()
                if self._folders() != folders:  # a sheet in another folder joined: watch it too
                    break

    def start(self) -> None:
        """Serve and watch in background threads (for tests and embedding)."""
        for target in (self._watch, self.httpd.serve_forever):
            thread = threading.Thread(target=target, daemon=True, name=f"mindmap-serve-{target.__name__}")
            thread.start()
            self._threads.append(thread)

    def serve_forever(self) -> None:
        """Serve in this thread until Ctrl-C (or :meth:`stop`), then stop cleanly."""
        watcher = threading.Thread(target=self._watch, daemon=True, name="mindmap-serve-watch")
        watcher.start()
        self._threads.append(watcher)
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def stop(self) -> None:
        self.httpd.stopping.set()
        self.watcher.stopping = True
        with self.watcher.changed:
            self.watcher.changed.notify_all()
        if any(t.name.endswith("serve_forever") for t in self._threads):
            self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()
