"""`demo.zips`: clinics sit at real ZIP codes, clustered around the metro centres."""

import random

from demo.zips import (
    METRO_CENTERS,
    METRO_RADIUS_MILES,
    metro_zips,
    nearby_zip,
    pick_zip,
    zip_by_code,
)
from practitioners.geo import great_circle_miles


def test_each_metro_holds_same_state_zips_within_its_radius():
    for code, zips in zip(METRO_CENTERS, metro_zips(), strict=True):
        centre = zip_by_code()[code]
        assert centre in zips
        for z in zips:
            assert z.state == centre.state
            distance = great_circle_miles(
                centre.latitude, centre.longitude, z.latitude, z.longitude
            )
            assert distance <= METRO_RADIUS_MILES


def test_the_first_practitioners_sit_at_the_metro_centres():
    rng = random.Random(1)
    assert [pick_zip(rng, i)[0].code for i in range(len(METRO_CENTERS))] == list(METRO_CENTERS)


def test_a_second_clinic_stays_in_the_primary_clinic_s_state():
    rng = random.Random(1)
    for index in range(200):
        primary, metro = pick_zip(rng, index)
        assert nearby_zip(rng, primary, metro).state == primary.state
