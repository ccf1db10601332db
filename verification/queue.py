"""Reads for the staff verification pages: the queue, its numbers, and the audit log.

Licenses and credentials wait in one queue. Each record's place in it is the
moment it joined: its submission for a `pending` record, the latest event that
sent it to `needs_review` otherwise. The queue is the SQL UNION of the two
tables' (kind, id, waiting since) rows, ordered and paginated in the database;
the page then loads the rows it shows with one query per table.
"""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from practitioners.models import Practitioner

from .kinds import RECORD_MODELS, Record, model_for
from .models import Credential, License, VerificationEvent, VerificationStatus

S = VerificationStatus
QUEUE_STATUSES = (S.PENDING, S.NEEDS_REVIEW)
# Events that end a wait in the queue. "Changes requested" (back to unverified)
# counts only when a staff member did it, not when a practitioner withdrew.
DECISION_Q = Q(from_status__in=QUEUE_STATUSES) & (
    Q(to_status__in=[S.VERIFIED, S.REJECTED]) | Q(to_status=S.UNVERIFIED, actor__is_staff=True)
)
MEDIAN_WINDOW_DAYS = 90


def waiting_since(fk: str):
    """When a queued record joined the queue (an expression for `annotate`)."""
    flagged = (
        VerificationEvent.objects.filter(**{fk: OuterRef("pk")}, to_status=S.NEEDS_REVIEW)
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    return Coalesce(
        Case(
            When(verification_status=S.PENDING, then=F("submitted_at")),
            default=Subquery(flagged, output_field=DateTimeField()),
            output_field=DateTimeField(),
        ),
        F("submitted_at"),
        F("created_at"),
        output_field=DateTimeField(),
    )


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""  # pending / needs_review
    state: str = ""  # a license's US state
    kind: str = ""  # "license", "credential" or a credential kind
    older_than_days: int | None = None


def _queued(model, filters: QueueFilters, now: datetime.datetime) -> QuerySet:
    kind = model.record_kind
    qs = model.objects.awaiting_decision().annotate(
        waiting_since=waiting_since(model.event_field),
        record_kind=Value(kind, output_field=CharField()),
    )
    if filters.status:
        qs = qs.filter(verification_status=filters.status)
    if filters.kind and filters.kind != kind:
        if model is License or filters.kind not in Credential.Kind.values:
            qs = qs.none()
        else:
            qs = qs.filter(kind=filters.kind)
    if filters.state:
        # Credentials are national (NCCAOM, degrees): a state filter means licenses.
        qs = qs.none() if model is Credential else qs.filter(state=filters.state)
    if filters.older_than_days:
        qs = qs.filter(waiting_since__lt=now - datetime.timedelta(days=filters.older_than_days))
    # Same columns in both UNION parts, and no ORDER BY inside one (SQLite refuses it).
    return qs.order_by().values("id", "record_kind", "waiting_since")


def queue_rows(filters: QueueFilters, *, now: datetime.datetime | None = None) -> QuerySet:
    """(id, record_kind, waiting_since) of every queued record, oldest first."""
    now = now or timezone.now()
    first, *others = (_queued(model, filters, now) for model in RECORD_MODELS.values())
    return first.union(*others, all=True).order_by("waiting_since", "record_kind", "id")


@dataclass
class QueueEntry:
    kind: str
    record: Record
    waiting_since: datetime.datetime

    @property
    def waiting_days(self) -> int:
        return (timezone.now() - self.waiting_since).days


def load_entries(rows) -> list[QueueEntry]:
    """Turn a page of queue rows into records, with one query per table."""
    wanted: dict[str, list[int]] = {kind: [] for kind in RECORD_MODELS}
    for row in rows:
        wanted[row["record_kind"]].append(row["id"])
    loaded = {
        kind: model.objects.select_related("practitioner", *model.review_related).in_bulk(
            wanted[kind]
        )
        if wanted[kind]
        else {}
        for kind, model in RECORD_MODELS.items()
    }
    entries = []
    for row in rows:
        record = loaded[row["record_kind"]].get(row["id"])
        if record is not None:  # decided between the two queries
            entries.append(QueueEntry(row["record_kind"], record, row["waiting_since"]))
    return entries


@dataclass(frozen=True)
class QueueCounts:
    pending_licenses: int
    pending_credentials: int
    review_licenses: int
    review_credentials: int
    older_than_week: int

    @property
    def pending(self) -> int:
        return self.pending_licenses + self.pending_credentials

    @property
    def needs_review(self) -> int:
        return self.review_licenses + self.review_credentials

    @property
    def total(self) -> int:
        return self.pending + self.needs_review


def queue_counts(*, now: datetime.datetime | None = None) -> QueueCounts:
    """Counts of the whole queue by status and kind, and how many waited over a week."""
    week_ago = (now or timezone.now()) - datetime.timedelta(days=7)
    totals = {}
    for kind, model in RECORD_MODELS.items():
        totals[kind] = (
            model.objects.awaiting_decision()
            .annotate(ws=waiting_since(model.event_field))
            .aggregate(
                pending=Count("pk", filter=Q(verification_status=S.PENDING)),
                needs_review=Count("pk", filter=Q(verification_status=S.NEEDS_REVIEW)),
                old=Count("pk", filter=Q(ws__lt=week_ago)),
            )
        )
    return QueueCounts(
        pending_licenses=totals["license"]["pending"],
        pending_credentials=totals["credential"]["pending"],
        review_licenses=totals["license"]["needs_review"],
        review_credentials=totals["credential"]["needs_review"],
        older_than_week=totals["license"]["old"] + totals["credential"]["old"],
    )


@dataclass(frozen=True)
class DecisionTime:
    median: datetime.timedelta | None
    decisions: int
    window_days: int = MEDIAN_WINDOW_DAYS


def median_decision_time(
    *, now: datetime.datetime | None = None, days: int = MEDIAN_WINDOW_DAYS
) -> DecisionTime:
    """The median wait from joining the queue to the decision, over recent decisions.

    For every decision event of the last `days` days (verified, rejected, or
    changes requested by staff, made on a pending or needs-review record), the
    wait is its time minus the time of the latest earlier event that put the
    same record into the status it was decided from (the submission, or the
    move to needs review). Decisions without such an event (imported history)
    are left out. One query; the median is taken in Python so it works on
    SQLite and PostgreSQL alike.
    """
    since = (now or timezone.now()) - datetime.timedelta(days=days)

    def queued_at(fk: str):
        return Subquery(
            VerificationEvent.objects.filter(
                **{fk: OuterRef(fk)},
                to_status=OuterRef("from_status"),
                created_at__lte=OuterRef("created_at"),
            )
            .exclude(pk=OuterRef("pk"))
            .order_by("-created_at", "-id")
            .values("created_at")[:1],
            output_field=DateTimeField(),
        )

    rows = (
        VerificationEvent.objects.filter(DECISION_Q, created_at__gte=since)
        .annotate(
            queued_at=Coalesce(*(queued_at(model.event_field) for model in RECORD_MODELS.values()))
        )
        .filter(queued_at__isnull=False)
        .values_list("created_at", "queued_at")
    )
    waits = [(decided - queued).total_seconds() for decided, queued in rows]
    if not waits:
        return DecisionTime(median=None, decisions=0, window_days=days)
    return DecisionTime(
        median=datetime.timedelta(seconds=statistics.median(waits)),
        decisions=len(waits),
        window_days=days,
    )


def record_events(record) -> QuerySet:
    return VerificationEvent.objects.for_record(record).select_related("actor")


def practitioner_events(record) -> QuerySet:
    """Events of the practitioner's other licenses and credentials."""
    return (
        VerificationEvent.objects.filter(practitioner_id=record.practitioner_id)
        .exclude(**{record.event_field: record})
        .select_related("actor", "license", "credential")
    )


@dataclass(frozen=True)
class LogFilters:
    actor: str = ""  # a user id, or "auto" for automatic changes
    status: str = ""  # the status moved to
    kind: str = ""  # license / credential
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    practitioner: str = ""  # name or slug fragment


def log_events(filters: LogFilters) -> QuerySet:
    """The staff-wide audit log, newest first."""
    qs = VerificationEvent.objects.select_related(
        "practitioner", "license", "credential", "actor"
    ).order_by("-created_at", "-id")
    if filters.actor == "auto":
        qs = qs.filter(actor__isnull=True)
    elif filters.actor:
        qs = qs.filter(actor_id=filters.actor)
    if filters.status:
        qs = qs.filter(to_status=filters.status)
    if filters.kind in RECORD_MODELS:
        qs = qs.filter(**{f"{model_for(filters.kind).event_field}__isnull": False})
    if filters.date_from:
        qs = qs.filter(created_at__gte=_start_of(filters.date_from))
    # The form bounds its dates; the last date has no day after it to stop before.
    if filters.date_to and filters.date_to < datetime.date.max:
        qs = qs.filter(created_at__lt=_start_of(filters.date_to + datetime.timedelta(days=1)))
    if filters.practitioner:
        qs = qs.filter(practitioner__in=Practitioner.objects.named(filters.practitioner))
    return qs


def _start_of(day: datetime.date) -> datetime.datetime:
    # Dates are the site's local dates (TIME_ZONE), as everywhere in the directory.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
