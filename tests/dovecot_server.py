"""A real Dovecot on 127.0.0.1 for the IMAP tests: a throwaway config, a self-signed certificate and
a log in a temporary directory, nothing of the system's own configuration.

Any login is accepted with `PASSWORD` (a static passdb), and each login gets its own empty maildir,
so each test takes a fresh user name instead of a fresh server: one server serves a whole module.
"""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PASSWORD = "dovecot-test-pw-7"
STARTUP_SECONDS = 20.0


@dataclass
class Dovecot:
    host: str
    imap_port: int  # plain, offering STARTTLS
    imaps_port: int  # TLS from the first byte
    cert: Path
    log: Path
    mail_root: Path  # a maildir per user under it

    def spec(self, user: str, folder: str = "INBOX", *, scheme: str = "imaps") -> str:
        port = self.imaps_port if scheme == "imaps" else self.imap_port
        return f"{scheme}://{user}@{self.host}:{port}/{folder}"

    def client(self, user: str) -> imaplib.IMAP4:
        """A session of the test's own, for filling and inspecting the mailbox."""
        conn = imaplib.IMAP4(self.host, self.imap_port, timeout=10)
        conn.login(user, PASSWORD)
        return conn

    def append(self, user: str, folder: str, *messages: bytes, flags: str | None = None) -> None:
        conn = self.client(user)
        try:
            for message in messages:
                kind, data = conn.append(folder, flags, None, message)
                assert kind == "OK", data
        finally:
            conn.logout()


def new_user() -> str:
    return f"u{uuid.uuid4().hex[:10]}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _binary() -> str:
    found = shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot") if os.access(p, os.X_OK)), None
    )
    if found is None:
        # CI installs dovecot-imapd and sets DOVECOT_REQUIRED, so there this fails, never skips quietly.
        if os.environ.get("DOVECOT_REQUIRED"):
            pytest.fail("dovecot is not installed: apt-get install dovecot-imapd (.ci/run installs it)")
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd); CI runs this test")
    return found


def _certificate(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _config(directory: Path, mail_root: Path, imap_port: int, imaps_port: int) -> Path:
    cert, key = directory / "cert.pem", directory / "key.pem"
    if os.geteuid() == 0:
        # Dovecot never serves mail as root: mail belongs to `nobody`, its helpers to Debian's users.
        mail_user = pwd.getpwnam("nobody")
        users = "default_internal_user = dovecot\ndefault_login_user = dovenull\n"
        anvil_chroot = ""
    else:
        # As an ordinary user every process is that user, and none can chroot.
        mail_user = pwd.getpwuid(os.getuid())
        group = grp.getgrgid(mail_user.pw_gid).gr_name
        users = (
            f"default_internal_user = {mail_user.pw_name}\ndefault_internal_group = {group}\n"
            f"default_login_user = {mail_user.pw_name}\n"
        )
        anvil_chroot = "  chroot =\n"
    login_chroot = "" if os.geteuid() == 0 else "  chroot =\n"
    config = directory / "dovecot.conf"
    config.write_text(
        f"""base_dir = {directory}/run
state_dir = {directory}/state
log_path = {directory}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
{users}first_valid_uid = 1
mail_location = maildir:{mail_root}/%u
passdb {{
  driver = static
  args = password={PASSWORD}
}}
userdb {{
  driver = static
  args = uid={mail_user.pw_uid} gid={mail_user.pw_gid} home={mail_root}/%u
}}
service imap-login {{
{login_chroot}  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
  }}
}}
# A refused login must not slow down the logins of the tests after it.
service anvil {{
{anvil_chroot}  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
""",
        encoding="utf-8",
    )
    return config


def _mail_root(directory: Path) -> tuple[Path, bool]:
    """Where the maildirs go: in the test's directory, except as root, where `nobody` must reach them
    and pytest's own directories are closed to anyone else."""
    if os.geteuid() != 0:
        root = directory / "mail"
        root.mkdir()
        return root, False
    root = Path(tempfile.mkdtemp(prefix="followup-dovecot-"))
    nobody = pwd.getpwnam("nobody")
    os.chown(root, nobody.pw_uid, nobody.pw_gid)
    return root, True


def _wait_until_listening(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                if sock.recv(64).startswith(b"* OK"):
                    return
        except OSError:
            time.sleep(0.1)
    text = log.read_text(errors="replace") if log.exists() else "(no log)"
    pytest.fail(f"dovecot did not start on port {port}:\n{text[-2000:]}")


def start(directory: Path) -> Iterator[Dovecot]:
    binary = _binary()
    _certificate(directory)
    mail_root, remove_mail = _mail_root(directory)
    imap_port, imaps_port = _free_port(), _free_port()
    config = _config(directory, mail_root, imap_port, imaps_port)
    log = directory / "dovecot.log"
    with (directory / "stderr").open("wb") as stderr:
        process = subprocess.Popen(
            [binary, "-F", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=stderr
        )
    try:
        _wait_until_listening(process, imap_port, log)
        yield Dovecot("127.0.0.1", imap_port, imaps_port, directory / "cert.pem", log, mail_root)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if remove_mail:
            shutil.rmtree(mail_root, ignore_errors=True)
