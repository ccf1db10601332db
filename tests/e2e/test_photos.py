"""Cards and profiles show a resized photo (sized, lazy) or an initials avatar, at both widths."""

import mimetypes
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from core.photos import thumbnail_name
from demo.portraits import draw_portrait
from practitioners import services
from practitioners.models import Practitioner
from tests.e2e.test_search_journey import directory  # noqa: F401 (a fixture)
from tests.factories import upload

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def viewport(request, page):
    page.set_viewport_size(request.param)
    return request.param


@pytest.fixture
def mei_has_a_photo(directory):  # noqa: F811 (the imported fixture)
    from core.uploads import check_photo

    photo = check_photo(upload(draw_portrait(1), "mei.jpg", "image/jpeg"))
    services.update_profile(practitioner=Practitioner.objects.get(slug="mei-chen"), photo=photo)


@pytest.fixture
def media(page):
    # The live server runs with DEBUG off, which serves no media (production
    # leaves /media/ to the web server): serve MEDIA_ROOT to the page here.
    root = Path(settings.MEDIA_ROOT)

    def serve(route):
        path = root / route.request.url.split("/media/", 1)[1]
        if path.is_file():
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            route.fulfill(status=200, body=path.read_bytes(), content_type=kind)
        else:
            route.fulfill(status=404, body="")

    page.route("**/media/**", serve)


def loaded(image) -> bool:
    return image.evaluate("img => img.complete && img.naturalWidth > 0")


@pytest.mark.usefixtures("mei_has_a_photo", "media")
def test_cards_show_a_sized_lazy_photo_or_initials(live_server, page, viewport, assert_accessible):
    page.goto(live_server.url + "/practitioners/?near=97214")
    card = page.locator(".practitioner-card", has_text="Mei Chen")
    photo = card.get_by_role("img", name="Photo of Mei Chen")
    expect(photo).to_have_attribute("loading", "lazy")
    expect(photo).to_have_attribute("width", "72")
    expect(photo).to_have_attribute("height", "72")
    expect(photo).to_have_attribute("src", f"/media/{thumbnail_name(_mei_photo(), 72)}")
    photo.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const i = document.querySelector('.practitioner-card img.photo');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    box = photo.bounding_box()
    assert (round(box["width"]), round(box["height"])) == (72, 72)
    avatar = page.locator(".practitioner-card", has_text="John Smith").locator(".avatar")
    expect(avatar).to_have_text("JS")
    expect(avatar).to_have_attribute("aria-hidden", "true")
    assert page.locator(".practitioner-card .avatar").count() == 2
    assert_accessible(page, context=f"cards with photos at {viewport['width']}px")


@pytest.mark.usefixtures("mei_has_a_photo", "media")
def test_the_profile_shows_the_larger_photo_or_initials(
    live_server, page, viewport, assert_accessible
):
    page.goto(live_server.url + "/practitioners/mei-chen/")
    photo = page.get_by_role("img", name="Photo of Mei Chen")
    expect(photo).to_have_attribute("width", "120")
    expect(photo).to_have_attribute("loading", "lazy")
    page.wait_for_function("() => document.querySelector('img.photo').naturalWidth > 0")
    assert loaded(photo)
    assert_accessible(page, context=f"profile with a photo at {viewport['width']}px")
    page.goto(live_server.url + "/practitioners/ana-lopez/")
    expect(page.locator(".profile-header .avatar")).to_have_text("AL")
    assert page.locator(".profile-header img").count() == 0
    assert_accessible(page, context=f"profile with initials at {viewport['width']}px")


def _mei_photo() -> str:
    return Practitioner.objects.get(slug="mei-chen").photo.name
