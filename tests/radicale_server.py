"""A real Radicale CalDAV server for the tests: started on 127.0.0.1 on a free port with a throwaway
storage folder and a plain htpasswd file, one task list made, stopped at teardown; and what the
caldav sync tests do with it (the config, the phone's view of the to-dos).

Skips when Radicale is not installed, unless RADICALE_REQUIRED is set (CI sets it), which makes the
missing server a failure rather than a silent skip.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke, as_json

TUE = "2026-03-03"
USER = "phone"
PASSWORD = "s3cret-pass"


def require_radicale() -> None:
    if importlib.util.find_spec("radicale") is None:
        if os.environ.get("RADICALE_REQUIRED"):
            pytest.fail("radicale is not installed: pip install -e '.[test]' (.ci/run installs it)")
        pytest.skip("radicale is not installed (pip install -e '.[test]'); CI runs these tests")


def free_port() -> int:
    """A port nobody listens on now (the kernel picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    """A running Radicale: where it listens and its log."""

    base: str  # http://127.0.0.1:PORT
    log: Path


@dataclass
class Radicale:
    """One task list of the server, made for one test."""

    url: str  # the task list's collection URL
    path: str
    log: Path

    def puts(self) -> int:
        """How many PUT requests the server has received for this list so far (from its log)."""
        return self.log.read_text(encoding="utf-8", errors="replace").count(f"PUT request for '{self.path}")

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
def running_radicale(folder: Path) -> Iterator[Server]:
    """A Radicale keeping its data and log in `folder`, for the time of the `with` block."""
    require_radicale()
    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
    port = free_port()
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
        yield Server(f"http://127.0.0.1:{port}", log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def new_task_list(server: Server, name: str) -> Radicale:
    """An empty task list of its own for one test (one server serves a whole test module)."""
    path = f"/{USER}/{name}/"
    tasks = Radicale(server.base + path, path, server.log)
    response = tasks.client().mkcalendar(tasks.url)  # type: ignore[attr-defined]
    assert response.status == 201, response.status
    return tasks


# What the tests do -----------------------------------------------------------------------------------


def password_command(password: str = PASSWORD) -> str:
    return shlex.join([sys.executable, "-c", f"print({password!r})"])


def configure(config_file: Path, url: str, **extra: Any) -> None:
    values = {"url": url, "user": "phone", "password_command": password_command(), **extra}
    lines = ["[caldav]"]
    for key, value in values.items():
        lines.append(f"{key} = {json.dumps(value)}")
    config_file.write_text("\n".join(lines) + "\n", encoding="utf-8")


def add_acme(invoke: Invoke) -> None:
    invoke(
        "add", "--company", "Acme", "--role", "Backend Engineer", "--interview-at", "2026-03-03T10:00",
        "--interviewer", "Jane Doe", "--interviewer", "Bob Lee", "--decision-by", "2026-03-10", today=TUE,
    )  # fmt: skip
    invoke("add", "--company", "Globex", "--role", "QA", "--applied", today=TUE)


def sync(invoke: Invoke, today: str = TUE, ok: bool = True) -> Any:
    return invoke("caldav", "sync", today=today, ok=ok)


def sync_json(invoke: Invoke, today: str = TUE) -> dict[str, Any]:
    data: dict[str, Any] = as_json(invoke("caldav", "sync", "--json", today=today))
    return data


def phone(server: Radicale) -> dict[str, Any]:
    """The to-dos as a phone app sees them, by UID (each a caldav Todo object)."""
    calendar = server.client().calendar(url=server.url)  # type: ignore[attr-defined]
    return {str(t.icalendar_component["uid"]): t for t in calendar.todos(include_completed=True)}


def by_summary(server: Radicale, start: str) -> Any:
    found = [t for t in phone(server).values() if str(t.icalendar_component["summary"]).startswith(start)]
    assert len(found) == 1, [str(t.icalendar_component["summary"]) for t in phone(server).values()]
    return found[0]


def open_actions(invoke: Invoke, today: str = TUE) -> list[tuple[str | None, str, str | None]]:
    agenda = as_json(invoke("today", "--all", "--json", today=today))
    return [(a["app"], a["action"], a["person"]) for a in agenda["actions"]]


def stored(store_file: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(store_file.read_text(encoding="utf-8"))
    return data


def app_record(store_file: Path, app_id: str) -> dict[str, Any]:
    return next(a for a in stored(store_file)["applications"] if a["id"] == app_id)
