"""The practitioner_photo tag: a resized, lazy photo with its size, or an initials avatar."""

import pytest
from django.template import Context, Template

from tests.factories import PractitionerFactory

pytestmark = pytest.mark.django_db

TAG = Template("{% load directory_tags %}{% practitioner_photo practitioner where %}")


def render(practitioner, where="card"):
    return TAG.render(Context({"practitioner": practitioner, "where": where}))


def test_a_photo_renders_as_a_lazy_thumbnail_with_width_and_height():
    html = render(PractitionerFactory(first_name="Mei", last_name="Chen", photo="photos/a.jpg"))
    assert 'src="/media/photos/a.w72.jpg"' in html
    assert 'srcset="/media/photos/a.w72.jpg 1x, /media/photos/a.w144.jpg 2x"' in html
    assert 'width="72" height="72" loading="lazy"' in html
    assert 'alt="Photo of Mei Chen' in html


def test_the_profile_uses_the_larger_thumbnail():
    html = render(PractitionerFactory(photo="photos/a.jpg"), where="profile")
    assert 'src="/media/photos/a.w120.jpg"' in html and "a.w240.jpg 2x" in html
    assert 'width="120" height="120"' in html


def test_no_photo_renders_initials_hidden_from_screen_readers():
    html = render(PractitionerFactory(first_name="Ana", last_name="Ortiz", photo=""))
    assert "<img" not in html
    assert '<span class="avatar photo-card" aria-hidden="true">AO</span>' in html


def test_names_are_escaped_in_the_alt_text():
    html = render(PractitionerFactory(first_name='<b>"x', last_name="Y", photo="photos/a.jpg"))
    assert "<b>" not in html and "&lt;b&gt;&quot;x" in html
