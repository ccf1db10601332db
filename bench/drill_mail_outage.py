"""Failure drill: the mail server stops during 20 decisions and a sweep; no email is lost.

Starts a small SMTP sink on 127.0.0.1 and the real worker process
(`manage.py db_worker`) on a SQLite database of its own, then makes 20
verification decisions through the verification services and runs the daily
sweep with expiry reminders due. The mail server is stopped after the first
decisions and stays down for the rest of them and the sweep, so the worker's
attempts fail and are retried. Once it is back, the drill moves the waiting
retries' `run_after` to now (time passing, instead of waiting minutes of
backoff) and checks:

- every email (one per decision, one per reminder) is delivered exactly once;
- every expiry reminder is recorded as sent, and no task failed for good;
- a second sweep queues nothing more.

`--quick` (CI) makes fewer reminders and waits less. Loopback only; every
loop is bounded in count and time.
"""

import argparse
import os
import secrets
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from common import report, wait_for  # bench/ is sys.path[0]: run as python bench/<script>.py

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"
DECISIONS = 20


def log(message: str) -> None:
    print(f"[mail drill] {message}", flush=True)


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 drill sink ready")
        recipients, data = [], None
        for _ in range(10_000):
            raw = self.rfile.readline(65536)
            if not raw:
                return
            if data is not None:
                if raw in (b".\r\n", b".\n"):
                    self.server.received(recipients, b"".join(data))
                    recipients, data = [], None
                    self.reply("250 queued")
                else:
                    data.append(raw[1:] if raw.startswith(b"..") else raw)
                continue
            verb = raw.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 drill")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 ok")
            elif verb == "RCPT":
                recipients.append(raw.decode().split(":", 1)[1].strip().strip("<>"))
                self.reply("250 ok")
            elif verb == "DATA":
                data = []
                self.reply("354 end with .")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 ok")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class SMTPSink(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port: int):
        super().__init__((HOST, port), SMTPHandler)
        self.lock = threading.Lock()
        self.messages: list[tuple[str, str]] = []

    def received(self, recipients: list[str], data: bytes) -> None:
        from email import message_from_bytes
        from email.header import decode_header, make_header

        subject = str(make_header(decode_header(message_from_bytes(data)["Subject"] or "")))
        with self.lock:
            self.messages.extend((to, subject) for to in recipients)


class MailServer:
    """The sink on a fixed port, stopped and started like a real mail server."""

    def __init__(self, port: int, messages: list):
        self.port, self.server, self.thread = port, None, None
        self.messages = messages

    def start(self) -> None:
        self.server = SMTPSink(self.port)
        self.server.messages = self.messages
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def env(sqlite_path: Path, port: int, private: Path) -> dict:
    values = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_ALLOW_ASYNC")}
    for name in ("DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL", "TASKS_BACKEND"):
        values.pop(name, None)
    values.update(
        DEBUG="0",
        SECRET_KEY="drill-" + secrets.token_urlsafe(40),
        SQLITE_PATH=str(sqlite_path),
        PRIVATE_MEDIA_ROOT=str(private),
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST=HOST,
        EMAIL_PORT=str(port),
        TASKS_BACKEND="database",
        DJANGO_SETTINGS_MODULE="directory.settings",
        LOG_LEVEL="ERROR",
    )
    return values


def make_records(reminders: int):
    """Owned pending licenses to decide on, and verified ones whose reminder is due."""
    import datetime

    from django.utils import timezone

    from tests.factories import LicenseFactory, PractitionerFactory, StaffFactory, UserFactory

    pending = [
        LicenseFactory(
            practitioner=PractitionerFactory(owner=UserFactory(email=f"decided{i}@example.org")),
            pending=True,
        )
        for i in range(DECISIONS)
    ]
    soon = timezone.localdate() + datetime.timedelta(days=25)
    for i in range(reminders):
        LicenseFactory(
            practitioner=PractitionerFactory(owner=UserFactory(email=f"expiring{i}@example.org")),
            verified=True,
            expires_on=soon,
        )
    return StaffFactory(), pending


def decide(verifier, record, n: int) -> None:
    from verification import services as verification

    if n % 3 == 2:
        verification.reject(record, actor=verifier, reason="Name does not match the board.")
    else:
        verification.verify_from_roster(
            record, actor=verifier, roster_name="drill-roster.csv", line=n + 2
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the reduced form CI runs")
    args = parser.parse_args()
    reminders = 5 if args.quick else 20
    workdir = Path(tempfile.mkdtemp(prefix="mail-drill-"))
    port = free_port()
    values = env(workdir / "drill.sqlite3", port, workdir / "private")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=values, check=True
    )
    os.environ.update(values)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    from verification.models import ExpiryReminder

    verifier, pending = make_records(reminders)
    delivered: list[tuple[str, str]] = []
    mail = MailServer(port, delivered)
    mail.start()
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
         "--interval", "0.2", "-v0"],
        cwd=ROOT, env=values,
    )  # fmt: skip
    failures = []
    try:
        first = DECISIONS // 4
        for n, record in enumerate(pending[:first]):
            decide(verifier, record, n)
        wait_for(lambda: len(delivered) >= first, 30, "the first emails")
        log(f"mail server up: {len(delivered)} emails delivered")

        log("stopping the mail server")
        mail.stop()
        for n, record in enumerate(pending[first:], start=first):
            decide(verifier, record, n)
        call_command("sweep_verifications", verbosity=0)
        expected_total = DECISIONS + reminders
        queued = DBTaskResult.objects.count()
        log(f"decisions made: {DECISIONS}; sweep done; tasks queued so far: {queued}")

        def no_task_due() -> bool:
            # Every first attempt made while the server was down, each failure
            # handed on as a retry that waits for its backoff.
            return not DBTaskResult.objects.ready().exists() and not (
                DBTaskResult.objects.running().exists()
            )

        wait_for(no_task_due, 60, "the worker to try every email while the server is down")
        waiting = DBTaskResult.objects.filter(status="READY").count()
        log(f"while down: {len(delivered)} delivered, {waiting} retries waiting for backoff")
        if waiting != expected_total - first:
            failures.append(f"expected {expected_total - first} retries waiting, saw {waiting}")

        log("starting the mail server; time passes for the waiting retries")
        mail.start()
        from django.utils import timezone

        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        wait_for(lambda: len(delivered) >= expected_total, 60, "every email to be delivered")
        time.sleep(1 if args.quick else 5)  # room for a duplicate to show up
        call_command("sweep_verifications", verbosity=0)
        time.sleep(1)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        mail.stop()

    connections.close_all()
    # Each owner is owed exactly one email: a decision or a reminder.
    owed = Counter(r.practitioner.owner.email for r in pending)
    owed.update(ExpiryReminder.objects.values_list("recipient", flat=True))
    got = Counter(to for to, _subject in delivered)
    duplicates = sorted(to for to, n in got.items() if n > 1)
    missing = sorted(to for to in owed if got[to] == 0)
    strangers = sorted(to for to in got if to not in owed)
    unsent = ExpiryReminder.objects.filter(sent_at__isnull=True).count()
    failed = DBTaskResult.objects.failed().count()
    log(f"delivered: {len(delivered)} (expected {expected_total}); reminders recorded: "
        f"{ExpiryReminder.objects.count()}, unsent: {unsent}; failed tasks: {failed}")  # fmt: skip
    if len(delivered) != expected_total:
        failures.append(f"{len(delivered)} emails delivered, expected {expected_total}")
    if ExpiryReminder.objects.count() != reminders:
        failures.append(
            f"{ExpiryReminder.objects.count()} reminders recorded, expected {reminders}"
        )
    if duplicates or missing or strangers:
        failures.append(f"twice: {duplicates}; never: {missing}; unexpected: {strangers}")
    if unsent or failed:
        failures.append(f"{unsent} reminders unsent, {failed} tasks failed")
    return report(failures, log)


if __name__ == "__main__":
    sys.exit(main())
