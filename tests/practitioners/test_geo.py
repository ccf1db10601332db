import pytest

from practitioners.geo import (
    LocationNotFound,
    cities_named,
    locate,
    locate_city,
    locate_zip,
    similar_cities,
)


def test_a_known_zip_resolves_offline_to_its_city_and_coordinates():
    location = locate_zip("97214")
    assert (location.city, location.state, location.zip_code) == ("Portland", "OR", "97214")
    assert location.latitude == pytest.approx(45.5142)
    assert location.longitude == pytest.approx(-122.6364)


def test_a_zip_plus_four_uses_the_five_digit_zip():
    assert locate_zip("97214-1234").zip_code == "97214"


@pytest.mark.parametrize("value", ["00000", "99999"])
def test_an_unknown_zip_is_refused_with_a_clear_message(value):
    with pytest.raises(LocationNotFound, match=f"don't know the ZIP code {value}"):
        locate_zip(value)


@pytest.mark.parametrize("value", ["", "9721", "972145", "abcde", "97 214"])
def test_a_malformed_zip_asks_for_five_digits(value):
    with pytest.raises(LocationNotFound, match="5-digit"):
        locate_zip(value)


def test_city_and_state_resolve_case_insensitively_to_the_city_centre():
    location = locate_city("portland", "or")
    assert location.state == "OR"
    assert 45.3 < location.latitude < 45.8
    assert locate("Portland, OR") == location


def test_an_unknown_city_or_state_is_refused():
    with pytest.raises(LocationNotFound):
        locate_city("Atlantis", "OR")
    with pytest.raises(LocationNotFound, match="not a US state"):
        locate_city("Portland", "ZZ")


@pytest.mark.parametrize("value", ["Qzxwv", "x" * 5000, "Portland, Oregon", "Suite 12"])
def test_free_text_that_is_neither_zip_nor_city_state_gets_a_hint(value):
    with pytest.raises(LocationNotFound, match="ZIP code or a city and state"):
        locate(value)


def test_a_city_without_its_state_offers_each_state_that_has_one_largest_first():
    with pytest.raises(LocationNotFound, match="Which Portland") as caught:
        locate("portland")
    assert caught.value.suggestions[:2] == ("Portland, OR", "Portland, ME")
    assert cities_named("PORTLAND") == caught.value.suggestions


def test_a_misspelt_city_with_its_state_gets_a_did_you_mean_in_that_state():
    with pytest.raises(LocationNotFound, match="Did you mean") as caught:
        locate("Portlnd, OR")
    assert caught.value.suggestions == ("Portland, OR",)


def test_a_misspelt_city_alone_gets_the_close_spellings_across_states():
    assert "Springfield, IL" in similar_cities("springfeild")
    with pytest.raises(LocationNotFound, match="Did you mean") as caught:
        locate("springfeild")
    assert "Springfield, MA" in caught.value.suggestions


def test_a_city_nothing_like_any_other_gets_no_suggestions():
    with pytest.raises(LocationNotFound) as caught:
        locate("Atlantis, OR")
    assert caught.value.suggestions == ()
