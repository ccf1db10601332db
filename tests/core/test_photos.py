"""Photos served resized: square thumbnails beside the original, or initials."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from core import photos
from tests.factories import image_bytes


def test_thumbnail_names_sit_beside_the_photo_and_are_jpeg():
    assert photos.thumbnail_name("photos/ab12.png", 72) == "photos/ab12.w72.jpg"
    assert photos.thumbnail_names("photos/ab12.jpg") == [
        f"photos/ab12.w{side}.jpg" for side in (72, 120, 144, 240)
    ]


def test_each_display_size_has_a_1x_and_a_2x_thumbnail():
    assert photos.THUMBNAIL_SIDES == (72, 120, 144, 240)


def test_thumbnails_are_square_jpegs_of_each_size_cropped_from_any_shape():
    rendered = photos.render_thumbnails(image_bytes("PNG", size=(900, 600)))
    for side, data in rendered.items():
        image = Image.open(io.BytesIO(data))
        assert (image.format, image.size, image.mode) == ("JPEG", (side, side), "RGB")


def test_a_transparent_png_gets_a_white_background():
    transparent = image_bytes("PNG", size=(50, 50), mode="RGBA")
    data = photos.render_thumbnails(transparent)[72]
    assert Image.open(io.BytesIO(data)).getpixel((36, 36)) >= (250, 250, 250)


def test_a_damaged_image_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as caught:
        photos.render_thumbnails(image_bytes("JPEG")[:40])
    assert "damaged or incomplete" in caught.value.messages[0]


def test_make_thumbnails_stores_them_beside_the_photo_and_replaces_stale_ones():
    name = default_storage.save("photos/t.jpg", ContentFile(image_bytes("JPEG", size=(300, 400))))
    default_storage.save("photos/t.w72.jpg", ContentFile(b"stale"))
    written = photos.make_thumbnails(default_storage, name)
    assert written == photos.thumbnail_names(name)
    with default_storage.open("photos/t.w72.jpg") as stored:
        assert Image.open(stored).size == (72, 72)
    photos.delete_photo_files(default_storage, name)
    assert not any(default_storage.exists(n) for n in [name, *written])


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [("Mei", "Chen", "MC"), ("ana", "de la Cruz", "AD"), ("Li", "", "L"), (" ", "Ng", "N")],
)
def test_initials_are_up_to_two_capitals(first, last, expected):
    assert photos.initials(first, last) == expected


def test_photo_context_gives_the_display_size_and_a_2x_source():
    context = photos.photo_context(
        name="photos/x.jpg",
        url_for=lambda n: f"/media/{n}",
        full_name="Mei Chen, LAc",
        first_name="Mei",
        last_name="Chen",
        where="card",
    )
    assert context["src"] == "/media/photos/x.w72.jpg"
    assert context["srcset"] == "/media/photos/x.w72.jpg 1x, /media/photos/x.w144.jpg 2x"
    assert (context["side"], context["alt"]) == (72, "Photo of Mei Chen, LAc")
