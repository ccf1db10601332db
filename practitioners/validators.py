from django.core.exceptions import ValidationError

# The NUCC taxonomy code an acupuncturist's NPI record carries (domain.md, "The NPI registry").
ACUPUNCTURIST_TAXONOMY = "171100000X"
NPI_PREFIX = "80840"  # the health-industry prefix the NPI check digit is computed over


def luhn_check_digit(digits: str) -> int:
    """Return the Luhn check digit for a string of digits."""
    total = 0
    # Double every second digit from the right of the payload (the rightmost first).
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def is_valid_npi(value: str) -> bool:
    return (
        len(value) == 10
        and value.isascii()
        and value.isdigit()
        and luhn_check_digit(NPI_PREFIX + value[:9]) == int(value[9])
    )


def validate_npi(value: str) -> None:
    """Reject anything but 10 digits whose last digit is the NPI Luhn check digit."""
    if not value:
        return
    if len(value) != 10 or not value.isascii() or not value.isdigit():
        raise ValidationError("An NPI is exactly 10 digits.", code="npi_format")
    if not is_valid_npi(value):
        raise ValidationError(
            "This NPI's check digit is wrong; please check the number.", code="npi_check_digit"
        )
