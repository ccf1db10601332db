"""`manage.py seed_demo`: its output, progress bar and argument checks."""

import pytest
from django.core.management import CommandError

from tests.demo.seeding import seed

pytestmark = pytest.mark.django_db


def test_progress_is_shown_and_quiet_mode_prints_nothing():
    assert "Practitioners [####################] 100% 30/30" in seed()
    assert seed(verbosity=0) == ""


def test_negative_counts_are_refused():
    with pytest.raises(CommandError, match="negative"):
        seed(practitioners=-1)
