"""Who the demo accounts are: the documented logins and the generated users' emails and names."""

from .data import FIRST_NAMES, LAST_NAMES

# The documented local-development logins (contract.md); never used outside demo data.
DEMO_PASSWORD = "demo-password-123"  # noqa: S105
ADMIN_EMAIL = "admin@example.com"
PRACTITIONER_EMAIL = "practitioner@example.com"
PATIENT_EMAIL = "patient@example.com"
DEMO_LOGINS = (ADMIN_EMAIL, PRACTITIONER_EMAIL, PATIENT_EMAIL)
DEMO_USERS = {
    ADMIN_EMAIL: {"first_name": "Avery", "last_name": "Morgan", "is_staff": True,
                  "is_superuser": True},
    PRACTITIONER_EMAIL: {"first_name": "Mei Lin", "last_name": "Chen"},
    PATIENT_EMAIL: {"first_name": "Sam", "last_name": "Rivera"},
}  # fmt: skip
DEMO_SLUG = "mei-lin-chen"  # the profile practitioner@example.com owns
DEMO_PATIENT = -1  # the review author key of patient@example.com
DEMO_REVIEWERS = 6  # pool patients 0..5 also review the demo profile


def patient_email(index: int) -> str:
    """Return the email of pool patient `index`."""
    return f"patient{index + 1:05d}@example.org"


def patient_name(index: int) -> tuple[str, str]:
    """Return a stable first and last name for a pool patient, or for patient@example.com."""
    if index == DEMO_PATIENT:
        return DEMO_USERS[PATIENT_EMAIL]["first_name"], DEMO_USERS[PATIENT_EMAIL]["last_name"]
    mixed = (index * 2_654_435_761 + 97) % 2**32
    first = FIRST_NAMES[mixed % len(FIRST_NAMES)]
    last = LAST_NAMES[(mixed // len(FIRST_NAMES)) % len(LAST_NAMES)]
    return first, last


def practitioner_email(slug: str) -> str:
    """Return the contact (and owner) email of the generated profile `slug`."""
    return f"{slug.replace('-', '.')}@example.net"
