"""Plan and write the generated practitioners batch by batch, in worker processes where it helps."""

import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection, connections

from practitioners.models import Practitioner

from .plan import PlannedName, plan_practitioner
from .writer import BATCH_SIZE, WriteContext, write_batch
from .zips import metro_zips

MAX_WORKERS = 4


@dataclass(frozen=True)
class Job:
    """Everything a batch needs to plan and write its practitioners."""

    seed: int
    reviews_per_practitioner: int
    unlicensed_states: frozenset[str]
    names: list[PlannedName]
    context: WriteContext


def run_batches(job: Job) -> Iterator[tuple[int, int, int]]:
    """Yield (size, created, reviews) for each batch of `job.names`, as batches finish."""
    starts = range(0, len(job.names), BATCH_SIZE)
    workers = _worker_count(len(starts))
    if workers > 1:
        return _run_in_processes(job, starts, workers)
    return (_seed_chunk(job, start) for start in starts)


def _seed_chunk(job: Job, start: int) -> tuple[int, int, int]:
    """Plan and write the missing practitioners of one batch; return (size, created, reviews)."""
    chunk = job.names[start : start + BATCH_SIZE]
    existing = set(
        Practitioner.objects.filter(slug__in=[n.slug for n in chunk]).values_list("slug", flat=True)
    )
    plans = [
        plan_practitioner(
            seed=job.seed,
            index=index,
            name=name,
            reviews_per_practitioner=job.reviews_per_practitioner,
            unlicensed_states=job.unlicensed_states,
        )
        for index, name in enumerate(chunk, start=start)
        if name.slug not in existing
    ]
    if not plans:
        return len(chunk), 0, 0
    created, reviews = write_batch(plans, job.context)
    return len(chunk), created, reviews


def _worker_count(batches: int) -> int:
    """Return how many processes should write the batches."""
    # Only where it helps and is safe: PostgreSQL, outside a transaction (the
    # tests run in one), on a platform that forks.
    if (
        batches < 2
        or connection.vendor != "postgresql"
        or connection.in_atomic_block
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return 1
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1, batches))


_FORKED_JOB: Job | None = None


def _seed_chunk_in_worker(start: int) -> tuple[int, int, int]:
    try:
        return _seed_chunk(_FORKED_JOB, start)
    finally:
        # Pool workers are killed, not shut down: close the connection cleanly now.
        connections.close_all()


def _run_in_processes(job: Job, starts: range, workers: int) -> Iterator[tuple[int, int, int]]:
    """Write batches in forked processes, each on its own database connection."""
    global _FORKED_JOB
    _FORKED_JOB = job  # inherited by the forked workers instead of pickled per batch
    metro_zips()  # build the ZIP tables once, before forking, not once per worker
    # A forked child must never reuse the parent's connection socket.
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap_unordered(_seed_chunk_in_worker, starts)
    _FORKED_JOB = None
