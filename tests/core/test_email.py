"""Email through the task queue: enqueued with its transaction, retried, failures kept."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.email import MAX_ATTEMPTS, EmailNotSent, queue_email, send_email
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_a_queued_email_is_sent_once_its_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_email(subject="Hello\n  there", body="Body.", to=["a@example.org"])
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert (message.subject, message.body, message.to) == (
        "Hello there",
        "Body.",
        ["a@example.org"],
    )
    assert message.from_email == "directory@example.com"


def test_the_queued_task_is_written_in_the_transaction_that_causes_it(task_queue):
    with transaction.atomic():
        queue_email(subject="Kept", body="Committed.", to=["a@example.org"])
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_email(subject="Dropped", body="Rolled back.", to=["b@example.org"])
        raise RuntimeError("the decision failed")

    [queued] = task_queue.results.all()
    assert queued.args_kwargs["kwargs"]["subject"] == "Kept"
    assert mail.outbox == []  # nothing is sent by the request itself
    assert task_queue.run_due() == 1
    assert [m.subject for m in mail.outbox] == ["Kept"]


def test_a_failed_send_is_retried_later_with_backoff(task_queue, mail_server):
    mail_server.down()
    queue_email(subject="Retry me", body="Body.", to=["a@example.org"])

    task_queue.run_due()

    first, retry = task_queue.results.order_by("enqueued_at")
    assert first.status == "SUCCESSFUL" and first.return_value is False  # handed on, not lost
    assert retry.status == "READY" and retry.args_kwargs["kwargs"]["attempt"] == 2
    wait = retry.run_after - timezone.now()
    assert datetime.timedelta(seconds=50) < wait <= datetime.timedelta(minutes=1)
    assert task_queue.run_due() == 0  # not before its time


def test_an_email_is_delivered_once_when_the_mail_server_is_back(task_queue, mail_server):
    mail_server.down()
    queue_email(subject="Eventually", body="Body.", to=["a@example.org"])
    task_queue.run_due()
    mail_server.up()

    task_queue.time_passes()
    task_queue.run_due()
    task_queue.time_passes()
    task_queue.run_due()

    assert [m.subject for m in mail.outbox] == ["Eventually"]
    assert not task_queue.results.filter(status="READY").exists()


def test_the_last_attempt_fails_for_good_and_queues_nothing_more(task_queue, mail_server):
    mail_server.down()
    with pytest.raises(EmailNotSent, match=r"'Lost' to a@example.org after 6 attempts"):
        send_email.call(subject="Lost", body="Body.", to=["a@example.org"], attempt=MAX_ATTEMPTS)
    assert not task_queue.results.exists()


def test_every_attempt_is_made_before_the_email_fails_for_good(task_queue, mail_server):
    mail_server.down()
    queue_email(subject="Lost", body="Body.", to=["a@example.org"])
    for _ in range(MAX_ATTEMPTS + 2):
        task_queue.time_passes()
        task_queue.run_due()
    assert task_queue.results.count() == MAX_ATTEMPTS
    [failed] = task_queue.results.filter(status="FAILED")
    assert failed.args_kwargs["kwargs"]["attempt"] == MAX_ATTEMPTS
    assert "EmailNotSent" in failed.exception_class_path


def test_staff_see_emails_that_failed_for_good_in_the_admin(
    client, settings, task_queue, mail_server
):
    mail_server.down()
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(StaffFactory(is_superuser=True))
    send_email.enqueue(subject="Lost", body="Body.", to=["a@example.org"], attempt=MAX_ATTEMPTS)
    task_queue.run_due()
    [failed] = task_queue.results.failed()

    listing = client.get(
        reverse("admin:django_tasks_database_dbtaskresult_changelist"), {"status": "FAILED"}
    )
    detail = client.get(
        reverse("admin:django_tasks_database_dbtaskresult_change", args=[failed.pk])
    )

    assert listing.status_code == 200 and "send_email" in listing.content.decode()
    page = detail.content.decode()
    assert "a@example.org" in page and "Gave up on" in page
