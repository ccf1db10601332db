"""WSGI entry point for gunicorn."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directory.settings")

application = get_wsgi_application()

# What lives as long as the process (the offline ZIP table's 40,000 places and
# its city index, the code, the URL patterns) is loaded now and frozen out of
# the garbage collector: otherwise every full collection walks it again and a
# patient's request pauses for 100+ ms.
from practitioners.geo import load_places  # noqa: E402

load_places()
gc.freeze()
