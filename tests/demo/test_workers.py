"""`demo.workers`: batch boundaries do not change what is written."""

import pytest

from demo import workers
from practitioners.models import Practitioner
from tests.demo.seeding import N, seed

pytestmark = pytest.mark.django_db


def test_small_batches_write_the_same_rows_as_one_batch(monkeypatch):
    def stored() -> list[tuple]:
        return list(
            Practitioner.objects.order_by("slug").values_list(
                "slug", "npi", "bio", "review_count", "rating_average", "verified_until"
            )
        )

    seed()
    one_batch = stored()
    Practitioner.objects.all().delete()
    monkeypatch.setattr(workers, "BATCH_SIZE", 7)

    assert "Practitioners [####################] 100% 30/30" in seed()
    assert len(stored()) == N + 1
    assert stored() == one_batch
