"""mindmap serve: the watcher, the HTTP surface, a real browser seeing edits live, Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from mindmap.serve.server import CSP, PreviewServer, Watcher

MAP = """\
# A map being edited.
id: live
title: Live map
headline: The centre
themes:
  - id: alpha
    label: Alpha theme
    n: 3
  - id: beta
    label: Beta theme
"""


def quiet(_line: str) -> None:
    pass


@pytest.fixture
def theme_file(tmp_path: Path) -> Path:
    path = tmp_path / "live.yaml"
    path.write_text(MAP, encoding="utf-8")
    return path


def _edit(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stamp = path.stat().st_mtime_ns
    os.utime(path, ns=(stamp, stamp + 1_000_000))  # a new mtime even on a coarse-clock file system


# --- the watcher, polled by hand ---------------------------------------------------------


def _only(watcher: Watcher) -> dict:
    (entry,) = watcher.state()["maps"]
    return entry


def test_watcher_renders_rerenders_and_keeps_the_last_good_figure(theme_file):
    watcher = Watcher(theme_file, log=quiet)
    assert watcher.poll() is True
    first = _only(watcher)
    assert first["errors"] == [] and first["figure"] == "/figure/0/1.svg"
    assert b"Alpha theme" in watcher.figure(0, 1)
    assert watcher.poll() is False  # nothing changed, nothing re-rendered

    _edit(theme_file, MAP.replace("Alpha theme", "Renamed theme"))
    assert watcher.poll() is True
    second = _only(watcher)
    assert second["figure"] == "/figure/0/2.svg"
    assert b"Renamed theme" in watcher.figure(0, 2)
    assert watcher.figure(0, 1) is None  # only the current figure is served

    _edit(theme_file, MAP.replace("    n: 3", "    n: three"))
    assert watcher.poll() is True
    broken = _only(watcher)
    assert broken["errors"] == [f"{theme_file}:8:8: themes.0.n: must be a whole number, not the text 'three'"]
    assert broken["figure"] == "/figure/0/2.svg" and broken["stale"] is True  # last good figure kept

    _edit(theme_file, MAP.replace("Alpha theme", "Fixed theme"))
    assert watcher.poll() is True
    fixed = _only(watcher)
    assert fixed["errors"] == [] and fixed["stale"] is False
    assert b"Fixed theme" in watcher.figure(0, 3)


def test_watcher_shows_lint_warnings(theme_file):
    watcher = Watcher(theme_file, log=quiet)
    watcher.poll()
    (warning,) = _only(watcher)["warnings"]
    assert warning.startswith(f"{theme_file}:10:12: themes.1.label: warning: 'beta' has no n")


def test_a_folder_picks_up_new_and_removed_files(tmp_path, theme_file):
    watcher = Watcher(tmp_path, log=quiet)
    watcher.poll()
    assert [m["id"] for m in watcher.state()["maps"]] == ["live"]
    second = tmp_path / "other.yaml"
    second.write_text(MAP.replace("id: live", "id: other"), encoding="utf-8")
    assert watcher.poll() is True
    assert [m["id"] for m in watcher.state()["maps"]] == ["live", "other"]
    second.unlink()
    assert watcher.poll() is True
    assert [m["id"] for m in watcher.state()["maps"]] == ["live"]


def test_a_style_sheet_edit_rerenders_and_a_broken_sheet_keeps_the_figure(tmp_path, theme_file):
    sheet = tmp_path / "mine.yaml"
    sheet.write_text("look:\n  canvas:\n    background: '#FFFFFF'\n", encoding="utf-8")
    watcher = Watcher(theme_file, styles=[str(sheet)], log=quiet)
    watcher.poll()
    assert b'fill="#FFFFFF"' in watcher.figure(0, 1)
    _edit(sheet, "look:\n  canvas:\n    background: '#FFF9EC'\n")
    assert watcher.poll() is True
    assert b'fill="#FFF9EC"' in watcher.figure(0, 2)
    _edit(sheet, "look:\n  canvas:\n    background: 12\n")
    assert watcher.poll() is True
    state = watcher.state()
    assert state["style_errors"] and state["style_errors"][0].startswith(f"{sheet}:3:")
    assert state["maps"][0]["figure"] == "/figure/0/2.svg"
    _edit(sheet, "look:\n  canvas:\n    background: '#F0F4F5'\n")
    assert watcher.poll() is True
    assert watcher.state()["style_errors"] == []
    assert b'fill="#F0F4F5"' in watcher.figure(0, 3)


# --- the HTTP surface ------------------------------------------------------------------------


@pytest.fixture
def server(theme_file):
    running = PreviewServer(theme_file, port=0, log=quiet, interval=0.05)
    running.start()
    yield running
    running.stop()


def _get(url: str, host: str | None = None, method: str = "GET"):
    request = urllib.request.Request(url, method=method, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_http_surface(server):
    assert server.httpd.server_address[0] == "127.0.0.1"
    status, headers, body = _get(server.url)
    assert status == 200
    assert headers["Content-Security-Policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe" not in CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert b"<script" in body and b"<script>" not in body  # no inline script: the CSP forbids it
    status, headers, font = _get(server.url + "static/fonts/LiberationSans-Bold.ttf")
    assert status == 200 and headers["Content-Type"] == "font/ttf" and font[:4] == b"\x00\x01\x00\x00"
    assert _get(server.url + "static/fonts/fonts.conf")[0] == 404
    state = json.loads(_get(server.url + "state")[2])
    assert state["maps"][0]["title"] == "Live map"
    status, headers, svg = _get(server.url.rstrip("/") + state["maps"][0]["figure"])
    assert status == 200 and headers["Content-Type"] == "image/svg+xml" and b"Alpha theme" in svg
    assert _get(server.url + "figure/0/99.svg")[0] == 404
    assert _get(server.url + "../etc/passwd")[0] == 404
    assert _get(server.url + "state", method="POST")[0] == 405
    port = server.httpd.server_address[1]
    assert _get(server.url, host=f"evil.example:{port}")[0] == 421  # DNS rebinding


def test_unknown_target_and_busy_port(tmp_path, server):
    from mindmap.errors import UserError

    with pytest.raises(UserError, match="no such file or folder"):
        PreviewServer(tmp_path / "missing.yaml", log=quiet)
    with pytest.raises(UserError, match=r"cannot listen on 127\.0\.0\.1:\d+ .*--port 0"):
        PreviewServer(Path(server.watcher.target), port=server.httpd.server_address[1], log=quiet)


# --- a real browser ----------------------------------------------------------------------------


def test_browser_sees_edits_without_reloading(browser, server, theme_file):
    page = browser.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    try:
        page.goto(server.url)
        figure = page.get_by_role("img", name=re.compile("Alpha theme"))
        figure.wait_for(timeout=10_000)
        page.evaluate("window.__sameDocument = 'yes'")  # gone if the page reloads

        _edit(theme_file, MAP.replace("Alpha theme", "Renamed theme"))
        page.get_by_role("img", name=re.compile("Renamed theme")).wait_for(timeout=10_000)
        assert page.evaluate("window.__sameDocument") == "yes"
        shown = page.locator("figure svg").text_content()
        assert "Renamed theme" in shown and "Alpha theme" not in shown
        assert page.locator("figure svg text", has_text="Renamed theme").first.is_visible()
        # The figure is drawn in the shipped face the boxes were measured with.
        assert page.evaluate("document.fonts.check('bold 11px Arial')") is True
        assert page.evaluate("[...document.fonts].some(f => f.status === 'loaded')") is True

        _edit(theme_file, MAP.replace("Alpha theme", "Renamed theme").replace("    n: 3", "    n: three"))
        error = page.get_by_text(f"{theme_file}:8:8: themes.0.n: must be a whole number, not the text 'three'")
        error.wait_for(timeout=10_000)
        assert page.get_by_text("the figure below is the last good one").is_visible()
        assert page.get_by_role("img", name=re.compile("Renamed theme")).is_visible()

        _edit(theme_file, MAP.replace("Alpha theme", "Fixed theme"))
        page.get_by_role("img", name=re.compile("Fixed theme")).wait_for(timeout=10_000)
        error.wait_for(state="hidden", timeout=10_000)
        assert page.evaluate("window.__sameDocument") == "yes"
        assert not [line for line in console if "Content Security Policy" in line or "Refused" in line]
    finally:
        page.close()


# --- the command: Ctrl-C ------------------------------------------------------------------------


def test_ctrl_c_stops_cleanly(theme_file):
    process = subprocess.Popen(
        [sys.executable, "-m", "mindmap", "serve", str(theme_file), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", first).group(0)
        assert _get(url)[0] == 200
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert out.strip().splitlines()[-1] == "stopped"
    assert "Traceback" not in err


def test_a_file_broken_from_the_start_has_no_figure_until_fixed(theme_file):
    theme_file.write_text(MAP.replace("title: Live map\n", ""), encoding="utf-8")
    watcher = Watcher(theme_file, log=quiet)
    watcher.poll()
    entry = _only(watcher)
    assert entry["figure"] is None and entry["stale"] is False
    assert entry["errors"] == [f"{theme_file}:2:1: title: required key is missing"]
    _edit(theme_file, MAP)
    assert watcher.poll() is True
    assert _only(watcher)["figure"] == "/figure/0/1.svg"


def test_an_unknown_style_stops_serve_before_it_starts(theme_file):
    from typer.testing import CliRunner

    from mindmap.cli import app

    result = CliRunner().invoke(app, ["serve", str(theme_file), "--port", "0", "--style", "print-mon"])
    assert result.exit_code == 1
    assert result.stderr.startswith("unknown style 'print-mon'; did you mean 'print-mono'?")
    assert "Traceback" not in result.output


def test_a_bad_style_block_in_the_map_is_shown_with_its_file(theme_file):
    watcher = Watcher(theme_file, log=quiet)
    watcher.poll()
    _edit(theme_file, MAP + "style:\n  look:\n    canvas:\n      background: not-a-colour\n")
    watcher.poll()
    (error,) = _only(watcher)["errors"]
    assert error.startswith(f"{theme_file}:14:19: style.look.canvas.background: ") and "background" in error
    assert _only(watcher)["stale"] is True


def test_a_ctrl_c_while_a_connection_thread_starts_frees_its_slot_once_and_close_does_not_wait(theme_file, monkeypatch):
    """The CI once saw `serve` hang after Ctrl-C: the interrupt came while a connection's thread
    was starting; its slot was freed twice, and closing waited for that thread."""
    import socket
    import threading
    import time

    from mindmap.serve.server import MAX_CONNECTIONS, _Server

    failures: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: failures.append(args.exc_value))
    server = _Server(0, Watcher(theme_file, log=quiet))
    started = threading.Thread.start

    def start_then_interrupt(self: threading.Thread) -> None:
        started(self)
        raise KeyboardInterrupt

    ours, theirs = socket.socketpair()
    with monkeypatch.context() as patch:
        patch.setattr(threading.Thread, "start", start_then_interrupt)
        with pytest.raises(KeyboardInterrupt):
            server.process_request(ours, ("127.0.0.1", 0))
    waiting = [t for t in threading.enumerate() if t.name.startswith("Thread-") and t.is_alive()]
    assert waiting  # the connection's thread runs, waiting for a request that has not come
    clock = time.monotonic()
    server.server_close()  # and closing does not wait for it
    assert time.monotonic() - clock < 1.0
    theirs.close()  # the client goes: the thread ends and frees its slot, once
    for thread in waiting:
        thread.join(timeout=10)
    assert failures == []  # before: "Semaphore released too many times" in that thread
    assert all(server.slots.acquire(blocking=False) for _ in range(MAX_CONNECTIONS))
    assert not server.slots.acquire(blocking=False)
