"""Hardening, `mindmap serve`: odd figure URLs answer 404, idle and half-sent
requests time out, and the number of connections held at once is capped.

Issue 15, the serve weak spot.  Real sockets on 127.0.0.1; every loop is bounded.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request

import pytest
import yaml

import mindmap.serve.server
from mindmap.serve.server import PreviewServer

from ..conftest import small_map


@pytest.fixture
def server(tmp_path, monkeypatch):
    monkeypatch.setattr(mindmap.serve.server, "REQUEST_TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(mindmap.serve.server, "MAX_CONNECTIONS", 8)
    theme = tmp_path / "m.yaml"
    theme.write_text(yaml.safe_dump(small_map()), encoding="utf-8")
    logged: list[str] = []
    preview = PreviewServer(theme, port=0, log=logged.append)
    preview.start()
    preview.logged = logged  # type: ignore[attr-defined]
    yield preview
    preview.stop()


def _get(server: PreviewServer, path: str, timeout: float = 5) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(server.url.rstrip("/") + path, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.mark.parametrize(
    "path",
    [
        "/figure/" + "9" * 5000 + "/1.svg",
        "/figure/0/" + "9" * 5000 + ".svg",
        "/figure/%C2%B2/1.svg",
        "/figure/-1/1.svg",
        "/figure/0/1.svg/../../x",
    ],
)
def test_an_odd_figure_url_is_a_404_without_a_traceback(server, path, capsys):
    status, body = _get(server, path)
    assert status == 404
    assert b"Traceback" not in body
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Exception" not in err
    assert all("Traceback" not in line for line in server.logged)
    assert _get(server, "/")[0] == 200  # and it keeps serving


def test_a_raw_superscript_digit_is_a_404(server):
    """'\u00b2' is a digit to str.isdigit but not to int(): it reached int() and dropped the connection."""
    port = server.httpd.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"GET /figure/\xb2/1.svg HTTP/1.0\r\nHost: 127.0.0.1:%d\r\n\r\n" % port)
        reply = b""
        while chunk := sock.recv(4096):
            reply += chunk
    assert reply.startswith(b"HTTP/1.0 404")


def test_a_long_since_number_is_the_same_as_none(server):
    status, body = _get(server, "/state?since=" + "9" * 5000)
    assert status == 200 and b'"maps"' in body


def _half_sent(server: PreviewServer, count: int) -> list[socket.socket]:
    port = server.httpd.server_address[1]
    held = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
        held.append(sock)
    return held


def test_half_sent_requests_time_out_and_free_their_threads(server):
    before = threading.active_count()
    held = _half_sent(server, 6)
    try:
        time.sleep(0.2)
        assert threading.active_count() <= before + 6
        deadline = time.monotonic() + 5
        while threading.active_count() > before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert threading.active_count() <= before, "the idle connections' threads were not freed"
        for sock in held:  # the server closed them: end of file (or a reset), not a wait
            sock.settimeout(2)
            try:
                assert sock.recv(1024) == b""
            except ConnectionResetError:
                pass
    finally:
        for sock in held:
            sock.close()


def test_connections_beyond_the_cap_are_turned_away_and_the_page_still_answers(server):
    before = threading.active_count()
    held = _half_sent(server, 40)
    try:
        time.sleep(0.3)
        assert threading.active_count() <= before + 8, "more threads than the connection cap"
        # Turned-away connections are closed at once: reading gives end of file or a 503.
        closed = 0
        for sock in held[8:]:
            sock.settimeout(2)
            try:
                data = sock.recv(1024)
            except (TimeoutError, ConnectionResetError):
                data = b""
            closed += data == b"" or data.startswith(b"HTTP/1.0 503")
        assert closed == 32
    finally:
        for sock in held:
            sock.close()
    deadline = time.monotonic() + 5
    status = 0
    while time.monotonic() < deadline:  # once the held ones time out, a real request is served
        try:
            status = _get(server, "/", timeout=2)[0]
        except OSError:
            status = 0
        if status == 200:
            break
        time.sleep(0.1)
    assert status == 200


def test_the_defaults_are_sensible():
    assert 1 <= mindmap.serve.server.REQUEST_TIMEOUT_SECONDS <= 30
    assert 8 <= mindmap.serve.server.MAX_CONNECTIONS <= 256
