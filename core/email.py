"""Outgoing email through Django's task queue: durable, retried, never sent for a rollback.

Every email is enqueued in the transaction that causes it. With the database
backend (django-tasks-db, the default) the queued task is a row written in that
same transaction: a rollback drops it, and once committed it survives a crash
or a mail server that is down. Other backends (the immediate one in tests)
enqueue on commit instead. The worker (`manage.py db_worker`) sends it; when
the mail server refuses or cannot be reached, the task enqueues its next
attempt with backoff, and after the last one it fails for good, which staff see
in the admin under Task results (status Failed, with the recipient, subject
and error).
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import Task, task
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend

logger = logging.getLogger(__name__)

# The wait after each failed attempt: 1, 5 and 25 minutes, then about 2 and 10
# hours, so a mail server that is down overnight still gets every email.
RETRY_DELAYS = tuple(datetime.timedelta(minutes=m) for m in (1, 5, 25, 125, 625))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# Refused connections, timeouts and DNS failures are OSErrors; the rest are SMTP's.
SEND_ERRORS = (smtplib.SMTPException, OSError)


class EmailNotSent(Exception):
    """The last attempt failed: the task fails and stays in the admin's list."""


def enqueue_in_transaction(email_task: Task, **kwargs) -> None:
    """Enqueue `email_task` as part of the current transaction, so a rollback drops it."""
    if isinstance(email_task.get_backend(), DatabaseBackend):
        # The queue is a table of the same database: the row commits with the caller's.
        email_task.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: email_task.enqueue(**kwargs))


def send_or_retry(
    email_task: Task, *, subject: str, body: str, to: list[str], attempt: int, task_kwargs: dict
) -> bool:
    """Send one email, or enqueue `email_task(**task_kwargs)` again later; raise after the last try."""
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)
    except SEND_ERRORS as exc:
        if attempt >= MAX_ATTEMPTS:
            raise EmailNotSent(
                f"Gave up on {subject!r} to {', '.join(to)} after {attempt} attempts: {exc!r}"
            ) from exc
        delay = RETRY_DELAYS[attempt - 1]
        logger.warning(
            "Email %r to %s failed (attempt %s of %s): %r; retrying in %s.",
            subject, ", ".join(to), attempt, MAX_ATTEMPTS, exc, delay,
        )  # fmt: skip
        retry = email_task
        if email_task.get_backend().supports_defer:
            retry = email_task.using(run_after=timezone.now() + delay)
        retry.enqueue(**task_kwargs, attempt=attempt + 1)
        return False
    return True


@task
def send_email(*, subject: str, body: str, to: list[str], attempt: int = 1) -> bool:
    """Send one plain-text email, retrying with backoff while the mail server fails."""
    message = {"subject": subject, "body": body, "to": to}
    return send_or_retry(send_email, **message, attempt=attempt, task_kwargs=message)


def queue_email(*, subject: str, body: str, to: list[str]) -> None:
    """Enqueue one plain-text email with the transaction that causes it."""
    enqueue_in_transaction(send_email, subject=" ".join(subject.split()), body=body, to=list(to))
