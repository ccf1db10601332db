"""The search's listings: the rows it reads, their filters, and how they stay current."""

import datetime

import pytest
from django.utils import timezone

from practitioners import services
from practitioners.geo import bounding_box, great_circle_miles
from practitioners.listings import Listing, refresh_listings
from practitioners.models import Condition, Language, Practitioner, Technique
from practitioners.search import TextQuery, refresh_search_fields
from reviews.aggregates import refresh_rating_aggregates
from tests.factories import (
    ClinicFactory,
    LicenseFactory,
    PractitionerFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db


def listed(*practitioners):
    """The primary listing rows of these practitioners, by practitioner."""
    return {row.practitioner_id: row for row in Listing.objects.everywhere()}


def fresh_rows(practitioner) -> list[tuple]:
    """What the listing rows of `practitioner` hold, comparable across a rebuild."""
    fields = [f.attname for f in Listing._meta.concrete_fields if f.attname not in {"id"}]
    return sorted(
        tuple(str(getattr(row, name)) for name in fields)
        for row in Listing.objects.filter(practitioner=practitioner)
    )


def assert_current(practitioner):
    """The rows match a rebuild from the practitioner's data as it is now."""
    before = fresh_rows(practitioner)
    refresh_listings([practitioner.pk])
    assert fresh_rows(practitioner) == before


# The rows


def test_a_listed_practitioner_has_a_row_per_clinic_and_one_primary():
    p = PractitionerFactory(conditions=["migraine", "sciatica"], techniques=["electro"])
    main = ClinicFactory(practitioner=p, is_primary=True, name="Main")
    ClinicFactory(practitioner=p, is_primary=False, latitude=45.4871, longitude=-122.8037)
    rows = list(Listing.objects.filter(practitioner=p).order_by("-is_primary"))
    assert len(rows) == 2 and [r.is_primary for r in rows] == [True, False]
    assert rows[0].clinic == main and rows[1].latitude == 45.4871
    migraine, sciatica = Condition.objects.filter(slug__in=["migraine", "sciatica"])
    assert sorted(rows[0].condition_ids) == sorted([migraine.pk, sciatica.pk])
    assert rows[0].technique_ids == [Technique.objects.get(slug="electro").pk]


def test_a_practitioner_without_a_clinic_is_found_only_without_a_place():
    p = PractitionerFactory()
    [row] = Listing.objects.filter(practitioner=p)
    assert row.is_primary and row.latitude is None
    assert not Listing.objects.near(45.5, -122.6, 100).exists()


def test_drafts_and_unpublished_profiles_have_no_rows():
    PractitionerFactory(publication_status=Practitioner.Publication.DRAFT)
    PractitionerFactory(publication_status=Practitioner.Publication.UNPUBLISHED)
    assert not Listing.objects.exists()


# Filters


def test_treating_matches_any_of_the_conditions_counting_the_matches():
    both = PractitionerFactory(conditions=["migraine", "fibromyalgia"])
    one = PractitionerFactory(conditions=["migraine", "neck-pain"])
    PractitionerFactory(conditions=["neck-pain"])
    rows = Listing.objects.everywhere().treating("migraine", "fibromyalgia").order_by("pk")
    assert [(r.practitioner, r.conditions_matched) for r in rows] == [(both, 2), (one, 1)]


def test_treating_takes_condition_objects_or_slugs_alike():
    p = PractitionerFactory(conditions=["migraine", "sciatica"])
    objects = Condition.objects.filter(slug__in=["migraine", "sciatica"])
    everyone = Listing.objects.everywhere()
    assert everyone.treating(*objects).get().conditions_matched == 2
    assert everyone.treating(objects[0], "sciatica").get().conditions_matched == 2
    migraine = Condition.objects.get(slug="migraine")
    # The same condition as an object and as a slug is still one match.
    assert everyone.treating(migraine, "migraine").get().conditions_matched == 1
    assert everyone.treating(migraine, "migraine", "sciatica").get().conditions_matched == 2
    assert everyone.treating("migraine").get().practitioner == p


def test_treating_nothing_or_an_unknown_condition_matches_no_one():
    PractitionerFactory(conditions=["migraine", "sciatica"])
    assert not Listing.objects.treating().exists()
    assert not Listing.objects.treating("no-such-condition").exists()


def test_near_keeps_places_within_the_circle_with_their_exact_distance():
    portland = ClinicFactory(latitude=45.5142, longitude=-122.6364, city="Portland").practitioner
    ClinicFactory(practitioner=portland, latitude=45.4871, longitude=-122.8037, city="Beaverton")
    ClinicFactory(latitude=47.6062, longitude=-122.3321)  # Seattle, ~145 miles
    rows = Listing.objects.near(45.52, -122.68, 25)
    assert {r.practitioner for r in rows} == {portland}
    assert min(r.distance for r in rows) == pytest.approx(
        great_circle_miles(45.52, -122.68, 45.5142, -122.6364)
    )
    assert Listing.objects.near(45.52, -122.68, 200).values("practitioner").distinct().count() == 2


def test_near_leaves_out_the_corners_of_its_bounding_box():
    min_lat, max_lat, min_lon, max_lon = bounding_box(45.5, -122.6, 10)
    ClinicFactory(latitude=max_lat - 0.001, longitude=max_lon - 0.001)
    assert not Listing.objects.near(45.5, -122.6, 10).exists()


def test_speaking_offering_accepting_and_rated_at_least_each_narrow():
    match = PractitionerFactory(
        techniques=["electro"], review_count=2, rating_average=4.5, languages=["es"]
    )
    PractitionerFactory(techniques=["tcm"], accepting_new_patients=False)
    everyone = Listing.objects.everywhere()

    def who(rows):
        return [r.practitioner for r in rows]

    assert who(everyone.speaking("es")) == [match]
    assert who(everyone.speaking(Language.objects.get(code="es"))) == [match]
    assert who(everyone.offering("electro")) == [match]
    assert who(everyone.offering(Technique.objects.get(slug="electro"))) == [match]
    assert who(everyone.accepting()) == [match]
    assert who(everyone.rated_at_least(4)) == [match]
    assert not everyone.rated_at_least(5).exists()


def test_the_filters_compose_into_one_query(django_assert_num_queries):
    wanted = PractitionerFactory(conditions=["migraine"], techniques=["electro"])
    ClinicFactory(practitioner=wanted)
    ClinicFactory(practitioner=PractitionerFactory(conditions=["migraine"], techniques=["tcm"]))
    text = TextQuery.parse(wanted.first_name)
    chained = (
        Listing.objects.treating("migraine", "sciatica")
        .offering("electro")
        .near(45.5142, -122.6364, 5)
        .matching(text)
    )
    with django_assert_num_queries(1):
        [found] = chained
    assert found.practitioner_id == wanted.pk and found.conditions_matched == 1


def test_verified_means_a_license_in_good_standing_today():
    p = PractitionerFactory()
    LicenseFactory(practitioner=p, verified=True, expires_on=timezone.localdate())
    assert Listing.objects.verified().get().practitioner == p
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    # The day after it expires, with no sweep and no write, the listing stops counting.
    assert not Listing.objects.verified(on=tomorrow).exists()


# Kept current by every write


def test_profile_edits_reach_the_listing_in_the_same_transaction():
    p = PractitionerFactory(accepting_new_patients=True, conditions=["migraine"])
    ClinicFactory(practitioner=p)
    services.update_profile(
        practitioner=p,
        accepting_new_patients=False,
        conditions=list(Condition.objects.filter(slug="sciatica")),
        languages=list(Language.objects.filter(code="es")),
        fee_min=40,
        fee_max=60,
    )
    row = listed()[p.pk]
    assert row.accepting_new_patients is False and row.fee_min == 40
    assert row.condition_ids == [Condition.objects.get(slug="sciatica").pk]
    assert row.language_ids == [Language.objects.get(code="es").pk]
    assert_current(p)


def test_clinic_changes_move_the_listing():
    p = PractitionerFactory()
    clinic = services.add_own_clinic(
        practitioner=p,
        name="Main",
        address_line1="1 Main St",
        city="Portland",
        state="OR",
        zip_code="97214",
    )
    assert Listing.objects.near(45.51, -122.64, 5).exists()
    services.update_clinic(
        clinic=clinic,
        name="Main",
        address_line1="1 Pike St",
        city="Seattle",
        state="WA",
        zip_code="98101",
    )
    assert not Listing.objects.near(45.51, -122.64, 5).exists()
    assert Listing.objects.near(47.61, -122.33, 5).exists()
    services.remove_clinic(clinic=Listing.objects.get(practitioner=p).clinic)
    [row] = Listing.objects.filter(practitioner=p)
    assert row.latitude is None and row.is_primary
    assert_current(p)


def test_publication_adds_and_removes_the_rows():
    p = PractitionerFactory(publication_status=Practitioner.Publication.DRAFT)
    ClinicFactory(practitioner=p)
    assert not Listing.objects.filter(practitioner=p).exists()
    services.publish_profile(practitioner=p)
    assert Listing.objects.filter(practitioner=p).exists()
    services.unpublish_profile(practitioner=p)
    assert not Listing.objects.filter(practitioner=p).exists()


def test_review_aggregates_and_license_standing_are_copied_to_the_rows():
    p = PractitionerFactory()
    ClinicFactory(practitioner=p)
    ReviewFactory(practitioner=p, rating_overall=4)
    ReviewFactory(practitioner=p, rating_overall=5)
    refresh_rating_aggregates([p.pk])
    LicenseFactory(practitioner=p, verified=True)
    p.refresh_from_db()
    row = listed()[p.pk]
    assert (row.review_count, row.rating_average, row.verified_until) == (
        2,
        p.rating_average,
        p.verified_until,
    )
    assert_current(p)


def test_refresh_search_fields_rewrites_the_document():
    p = PractitionerFactory(first_name="Old", last_name="Name")
    p.first_name = "Newer"
    p.save()
    refresh_search_fields([p.pk])
    assert listed()[p.pk].search_name == "newer name"


def test_deleting_a_practitioner_deletes_its_rows():
    p = PractitionerFactory()
    ClinicFactory(practitioner=p)
    p.delete()
    assert not Listing.objects.exists()


def test_rebuild_listings_rewrites_every_row_from_the_data(django_assert_max_num_queries):
    from io import StringIO

    from django.core.management import call_command

    kept = PractitionerFactory(conditions=["migraine"])
    ClinicFactory(practitioner=kept)
    gone = PractitionerFactory()
    # Changed behind the services' back: the listings are stale until rebuilt.
    Practitioner.objects.filter(pk=gone.pk).update(publication_status="unpublished")
    Practitioner.objects.filter(pk=kept.pk).update(accepting_new_patients=False)
    out = StringIO()
    call_command("rebuild_listings", stdout=out)
    assert "Rebuilt the listings of 1 published practitioners" in out.getvalue()
    assert set(Listing.objects.values_list("practitioner_id", flat=True)) == {kept.pk}
    assert listed()[kept.pk].accepting_new_patients is False
