"""Time `followup mail scan` on a 20,000-message Maildir: the first scan, then a re-scan after 10 new
messages arrived (which must read only those 10).

    .venv/bin/python benchmarks/mail.py                    # 20,000 messages, 3 runs
    .venv/bin/python benchmarks/mail.py --messages 5000 --runs 5 --keep /tmp/mail-bench

Every scan runs as its own process, as from cron. The store holds 50 applications (one interviewer
each, at the company's domain); the mail is what a mailbox holds: mostly newsletters, notifications
and personal mail, one message in twenty about an application (replies, decisions, invitations,
applicant-tracking mail). Each run starts from the same store and an empty cursor file.
"""

from __future__ import annotations

import argparse
import json
import mailbox
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

TODAY = "2026-04-14"
APPS = 50
ME = "sam@home.example"

JOB_BODIES = (
    "Thank you for your time. Unfortunately we will not be moving forward with your application.",
    "We are pleased to offer you the position. The offer letter follows.",
    "We need a bit more time to decide; you will hear from us by April 24.",
    "We would like to invite you to a second interview on Tuesday, April 21 at 10:00.",
    "Thanks for the chat, here are the details you asked about.",
)
OTHER_BODIES = (
    "This week's top stories in tech, curated for you. Unsubscribe at any time.",
    "Your order has shipped and will arrive on Thursday.",
    "Are we still on for dinner on Saturday? Let me know.",
    "Here are the photos from the weekend, hope you like them.",
    "Your monthly statement is ready to view online.",
)


def store_document() -> dict[str, object]:
    apps = []
    for n in range(APPS):
        apps.append(
            {
                "id": f"company-{n}",
                "company": f"Company {n}",
                "role": "Engineer",
                "status": "interviewing",
                "created_on": "2026-03-01",
                "applied_on": "2026-03-01",
                "interviews": [
                    {
                        "round": 1,
                        "at": "2026-04-01T10:00:00",
                        "interviewers": [{"name": f"Person {n}", "email": f"person{n}@company{n}.example"}],
                    }
                ],
                "status_history": [{"status": "interviewing", "on": "2026-03-01"}],
            }
        )
    return {"version": 2, "applications": apps, "contacts": []}


def make_message(rng: random.Random, n: int) -> bytes:
    m = EmailMessage()
    sent = datetime(2026, 4, 1, 8, 0, tzinfo=UTC) + timedelta(minutes=n)
    if n % 20 == 0:
        company = rng.randrange(APPS)
        m["From"] = f"Person {company} <person{company}@company{company}.example>"
        body = rng.choice(JOB_BODIES)
    elif n % 3 == 0:
        m["From"] = f"News {n % 40} <news@letters{n % 40}.example>"
        m["List-Id"] = f"<weekly.letters{n % 40}.example>"
        body = OTHER_BODIES[0]
    else:
        m["From"] = f"Friend {n % 300} <friend{n % 300}@mail{n % 7}.example>"
        body = rng.choice(OTHER_BODIES[1:])
    m["To"] = f"Sam <{ME}>"
    m["Subject"] = f"Message {n}"
    m["Date"] = format_datetime(sent)
    m["Message-ID"] = f"<bench-{n}@mail.example>"
    m.set_content(f"Hello Sam,\n\n{body}\n\n" + "Some more text for a realistic length. " * 20)
    if n % 50 == 7:
        m.add_attachment(rng.randbytes(200_000), maintype="application", subtype="pdf", filename="file.pdf")
    return bytes(m)


def followup_command() -> list[str]:
    script = Path(sys.executable).parent / "followup"
    return [str(script)] if script.exists() else [sys.executable, "-m", "followup"]


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, str, int]:
    """Wall-clock and CPU seconds (user + system: what the machine's load does not inflate), the
    output and the peak RSS of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    pid = proc.pid
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv}: failed\n{err[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, out.strip(), usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--keep", type=Path, help="Work in this folder and leave it (default: a temp folder)."
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="followup-mail-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20260414)
    base = work / "Maildir"
    done = work / f"Maildir-{args.messages}.complete"  # a Maildir left half made is made again
    if not done.exists():
        shutil.rmtree(base, ignore_errors=True)
        box = mailbox.Maildir(base, create=True)
        for n in range(args.messages):
            box.add(make_message(rng, n))
        done.touch()
    rng.seed(args.messages)  # the 10 new messages of each run, whether the Maildir was made now or not
    size = sum(f.stat().st_size for f in base.rglob("*") if f.is_file())
    print(f"{args.messages} messages, {size / 1e6:.0f} MB, {APPS} applications; {args.runs} runs")
    first, again, rss, first_cpu, again_cpu = [], [], [], [], []
    for run in range(args.runs):
        folder = work / f"run-{run}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        mail = folder / "Maildir"
        shutil.copytree(base, mail)
        store = folder / "followup.json"
        store.write_text(json.dumps(store_document(), indent=2) + "\n", encoding="utf-8")
        os.chmod(store, 0o600)
        (folder / "config.toml").write_text(f'[mail]\nme = ["{ME}"]\n', encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
        env.update(
            FOLLOWUP_STORE=str(store),
            FOLLOWUP_CONFIG=str(folder / "config.toml"),
            FOLLOWUP_CACHE=str(folder / "cache"),
            FOLLOWUP_TODAY=TODAY,
            NO_COLOR="1",
        )
        seconds, cpu, out, peak = timed([*followup_command(), "mail", "scan", str(mail)], env)
        first.append(seconds)
        first_cpu.append(cpu)
        rss.append(peak)
        print(f"  run {run + 1}: first scan {seconds:.2f} s, CPU {cpu:.2f} s ({out})")
        box = mailbox.Maildir(mail, create=False)
        for n in range(args.messages, args.messages + 10):
            box.add(make_message(rng, n))
        seconds, cpu, out, _ = timed([*followup_command(), "mail", "scan", str(mail)], env)
        again.append(seconds)
        again_cpu.append(cpu)
        print(
            f"  run {run + 1}: re-scan after 10 new {seconds * 1000:.0f} ms, CPU {cpu * 1000:.0f} ms ({out})"
        )
    print(
        f"first scan: median {statistics.median(first):.2f} s"
        f" (CPU {statistics.median(first_cpu):.2f} s, {args.messages / statistics.median(first_cpu):.0f}"
        f" messages per CPU second), peak RSS {max(rss) / 1024:.0f} MiB"
    )
    print(
        f"re-scan after 10 new messages: median {statistics.median(again) * 1000:.0f} ms"
        f" (CPU {statistics.median(again_cpu) * 1000:.0f} ms)"
    )
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
