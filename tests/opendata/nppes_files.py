"""Sample NPPES files in the real layout, written by code for the tests."""

from opendata.nppes_layout import full_row
from practitioners.validators import ACUPUNCTURIST_TAXONOMY

PORTLAND = ("1234 SE Division St", "Suite 2", "PORTLAND", "OR", "972141234")


def npi(n: int) -> str:
    """The n-th valid NPI (check digit computed as the registry does)."""
    from practitioners.validators import NPI_PREFIX, luhn_check_digit

    base = f"1{n:08d}"
    return base + str(luhn_check_digit(NPI_PREFIX + base))


def acupuncturist(n: int, **changes) -> dict:
    fields = {
        "npi": npi(n),
        "first_name": "JANE",
        "last_name": f"DOE{chr(65 + n % 26)}",
        "taxonomies": [("207Q00000X", "", ""), (ACUPUNCTURIST_TAXONOMY, f"AC{n:05d}", "OR")],
        "address": PORTLAND,
        "phone": "5035550100",
        "last_update": "01/15/2026",
    }
    fields.update(changes)
    return full_row(**fields)


def other_provider(n: int) -> dict:
    return full_row(npi=npi(n), first_name="SAM", last_name="ROE",
                    taxonomies=[("207Q00000X", "MD1", "OR")], address=PORTLAND)  # fmt: skip
