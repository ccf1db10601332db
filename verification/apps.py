from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "verification"
    verbose_name = "Verification"

    def ready(self):
        from core import page_cache
        from practitioners import extensions

        from .extension import VerificationExtension
        from .models import Credential, License, LicensingBoard

        page_cache.watch(License, Credential, LicensingBoard)
        extensions.register(VerificationExtension())
