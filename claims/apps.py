from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Profile claims"

    def ready(self):
        from practitioners import extensions

        from .extension import ClaimsExtension

        extensions.register(ClaimsExtension())
