"""Demo portraits: a small deterministic pool drawn with Pillow, shared by ~40% of profiles."""

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from core.photos import thumbnail_names
from demo import portraits
from practitioners.models import Practitioner
from tests.demo.seeding import seed

pytestmark = pytest.mark.django_db


def test_a_portrait_is_the_same_image_each_time_and_differs_between_indexes():
    assert portraits.draw_portrait(3) == portraits.draw_portrait(3)
    assert portraits.draw_portrait(3) != portraits.draw_portrait(4)
    image = Image.open(io.BytesIO(portraits.draw_portrait(0)))
    assert (image.format, image.size) == ("JPEG", (480, 480))


def test_the_pool_is_stored_once_with_its_thumbnails():
    names = portraits.ensure_portraits()
    assert len(names) == portraits.POOL_SIZE == len(set(names))
    assert all(default_storage.exists(t) for name in names for t in [name, *thumbnail_names(name)])
    assert portraits.ensure_portraits() == names  # a second run reuses the files


def test_about_forty_percent_of_slugs_get_a_photo_from_the_pool():
    pool = tuple(f"photos/demo/portrait-{i:02d}.jpg" for i in range(24))
    chosen = [portraits.photo_for(f"slug-{i}", pool) for i in range(2000)]
    assert 0.36 < sum(1 for c in chosen if c) / len(chosen) < 0.44
    assert set(chosen) - {""} == set(pool)
    assert chosen == [portraits.photo_for(f"slug-{i}", pool) for i in range(2000)]
    assert portraits.photo_for("slug-1", ()) == ""


def test_seeding_gives_a_share_of_profiles_a_pool_photo_the_same_way_each_time():
    seed(practitioners=60)
    photos = dict(Practitioner.objects.values_list("slug", "photo"))
    with_photo = [name for name in photos.values() if name]
    assert 0.2 < len(with_photo) / len(photos) < 0.6
    assert all(name.startswith("photos/demo/portrait-") for name in with_photo)
    pool = portraits.ensure_portraits()
    assert photos == {slug: portraits.photo_for(slug, pool) for slug in photos}
