import pytest
from django.core.exceptions import ValidationError

from practitioners.validators import is_valid_npi, luhn_check_digit, validate_npi
from tests.factories import npi_for

VALID_NPIS = ["1234567893", "1245319599", "1003000126", npi_for(42), npi_for(99999)]


@pytest.mark.parametrize("npi", VALID_NPIS)
def test_valid_npis_pass(npi):
    assert is_valid_npi(npi)
    validate_npi(npi)


@pytest.mark.parametrize("npi", ["1234567890", "1234567894", "1245319590", "1003000127"])
def test_a_wrong_check_digit_is_a_form_error_that_says_so(npi):
    with pytest.raises(ValidationError) as exc:
        validate_npi(npi)
    assert exc.value.code == "npi_check_digit"
    assert "check digit" in exc.value.messages[0]


@pytest.mark.parametrize(
    "npi", ["123456789", "12345678901", "12345-7893", "abcdefghij", "１２３４５６７８９３"]
)
def test_anything_but_ten_ascii_digits_is_refused(npi):
    with pytest.raises(ValidationError) as exc:
        validate_npi(npi)
    assert exc.value.code == "npi_format"


def test_an_empty_npi_is_allowed_because_it_is_optional():
    validate_npi("")


def test_the_check_digit_is_computed_over_the_80840_prefix():
    # CMS's worked example: 123456789 with prefix 80840 has check digit 3.
    assert luhn_check_digit("80840" + "123456789") == 3
