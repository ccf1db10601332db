"""WSGI entry point for gunicorn."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directory.settings")

application = get_wsgi_application()

# What lives as long as the process (the offline ZIP table's 40,000 places and
# its city index, the code, the URL patterns) is loaded now and frozen out of
# the garbage collector: otherwise every full collection walks it again and a
# patient's request pauses for 100+ ms. What the process keeps later (the
# kept vocabularies, compiled templates) is walked by a full collection too,
# about 25 ms: one every hundred middle-generation collections instead of ten
# (measured over 600 searches and profiles: none, where there were five).
from practitioners.geo import load_places  # noqa: E402

load_places()
gc.freeze()
gc.set_threshold(700, 10, 100)
