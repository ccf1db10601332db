"""Storage for proof documents: outside the public media root, never served by URL."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """File storage whose location follows settings.STORAGES["private"] at runtime.

    Model fields hold one storage instance for the life of the process; reading
    the location on each use lets tests (and settings overrides) redirect it.
    """

    def __init__(self, **kwargs):
        kwargs.pop("location", None)
        kwargs.pop("base_url", None)
        super().__init__(**kwargs)

    @property
    def base_location(self):
        return str(settings.STORAGES["private"]["OPTIONS"]["location"])

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        # No URL: documents are served only through permission-checked views.
        return None
