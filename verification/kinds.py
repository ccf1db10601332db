"""The kinds of verifiable record, licenses and credentials, by the name URLs use."""

from .models import Credential, License

Record = License | Credential
RECORD_MODELS: dict[str, type[Record]] = {
    model.record_kind: model for model in (License, Credential)
}


def model_for(kind: str) -> type[Record]:
    """Return the model of a record kind ("license" or "credential")."""
    return RECORD_MODELS[kind]


class RecordKindConverter:
    """Match a record kind in a URL path."""

    regex = "|".join(RECORD_MODELS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
