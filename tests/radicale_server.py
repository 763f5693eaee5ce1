"""A real Radicale CalDAV server for the tests: started on 127.0.0.1 on a free port with a throwaway
storage folder and a plain htpasswd file, one task list made, stopped at teardown.

Skips when Radicale is not installed, unless RADICALE_REQUIRED is set (CI sets it), which makes the
missing server a failure rather than a silent skip.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

USER = "phone"
PASSWORD = "s3cret-pass"
LIST_PATH = f"/{USER}/tasks/"


def require_radicale() -> None:
    if importlib.util.find_spec("radicale") is None:
        if os.environ.get("RADICALE_REQUIRED"):
            pytest.fail("radicale is not installed: pip install -e '.[test]' (.ci/run installs it)")
        pytest.skip("radicale is not installed (pip install -e '.[test]'); CI runs these tests")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Radicale:
    url: str  # the task list's collection URL
    log: Path
    process: subprocess.Popen[bytes]

    def puts(self) -> int:
        """How many PUT requests the server has received so far."""
        return self.log.read_text(encoding="utf-8", errors="replace").count("PUT request for")

    def client(self, password: str = PASSWORD) -> object:
        from caldav.davclient import DAVClient

        return DAVClient(self.url, username=USER, password=password)


def _wait_until_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"radicale stopped at start:\n{log.read_text(errors='replace')[-2000:]}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail("radicale did not start listening within 15 seconds")


@contextlib.contextmanager
def running_radicale(tmp_path: Path) -> Iterator[Radicale]:
    """A Radicale with one empty task list, for the time of the `with` block."""
    require_radicale()
    folder = tmp_path / "radicale"
    folder.mkdir()
    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
    port = _free_port()
    config = folder / "config"
    config.write_text(
        f"""[server]
hosts = 127.0.0.1:{port}
delay_on_error = 0
[auth]
type = htpasswd
htpasswd_filename = {users}
htpasswd_encryption = plain
delay = 0
[storage]
filesystem_folder = {folder / "collections"}
[logging]
level = info
mask_passwords = True
""",
        encoding="utf-8",
    )
    log = folder / "log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        _wait_until_listening(port, process, log)
        server = Radicale(f"http://127.0.0.1:{port}{LIST_PATH}", log, process)
        response = server.client().mkcalendar(server.url)  # type: ignore[attr-defined]
        assert response.status == 201, response.status
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
