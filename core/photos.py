"""Profile photos served resized: fixed-size square thumbnails beside the original.

A checked photo (core.uploads.check_photo) is stored as uploaded, up to
1200 px; pages never send that. When a service stores a photo it calls
make_thumbnails, which writes square JPEGs at each display size and its
double (for high-density screens) under deterministic names beside the
original: ``photos/ab12.jpg`` -> ``photos/ab12.w96.jpg``. Templates compute the
names from the photo's name alone, so showing a photo on a card costs no
query and no file-system look-up.
"""

import io
import posixpath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

# Where a photo is shown, and its CSS size in pixels there.
DISPLAY_SIDES = {"card": 72, "profile": 120}
DENSITIES = (1, 2)
THUMBNAIL_SIDES = tuple(sorted({side * d for side in DISPLAY_SIDES.values() for d in DENSITIES}))
THUMBNAIL_QUALITY = 82


def thumbnail_name(name: str, side: int) -> str:
    """The stored name of a photo's square thumbnail `side` pixels wide."""
    stem, _ext = posixpath.splitext(name)
    return f"{stem}.w{side}.jpg"


def thumbnail_names(name: str) -> list[str]:
    return [thumbnail_name(name, side) for side in THUMBNAIL_SIDES]


def _square(image: Image.Image, side: int) -> Image.Image:
    if image.mode in ("RGBA", "LA", "P"):
        # JPEG has no transparency: a transparent background becomes white.
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    # Faces sit in the upper part of a head-and-shoulders photo: crop toward the top.
    return ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS, centering=(0.5, 0.3))


def render_thumbnails(data: bytes) -> dict[int, bytes]:
    """Return {side: JPEG bytes} for each thumbnail size of an image."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image = opened.copy()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            "This image is damaged or incomplete and can't be opened. Save it again and "
            "upload the new copy.",
            code="image_damaged",
        ) from None
    thumbnails = {}
    for side in THUMBNAIL_SIDES:
        out = io.BytesIO()
        _square(image, side).save(out, format="JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
        thumbnails[side] = out.getvalue()
    return thumbnails


def make_thumbnails(storage, name: str) -> list[str]:
    """Write the thumbnails of the stored photo `name` beside it; return their names."""
    with storage.open(name, "rb") as stored:
        data = stored.read()
    written = []
    for side, content in render_thumbnails(data).items():
        target = thumbnail_name(name, side)
        if storage.exists(target):
            storage.delete(target)
        written.append(storage.save(target, ContentFile(content)))
    return written


def delete_photo_files(storage, name: str) -> None:
    """Delete a stored photo and its thumbnails."""
    if not name:
        return
    for target in [name, *thumbnail_names(name)]:
        storage.delete(target)


def initials(first_name: str, last_name: str) -> str:
    """Up to two capital letters for an avatar: 'Mei Chen' -> 'MC'."""
    letters = [part.strip()[:1] for part in (first_name, last_name) if part and part.strip()]
    return "".join(letters).upper()


def photo_context(*, name: str, url_for, full_name: str, first_name: str, last_name: str, where):
    """What the `practitioner_photo` tag needs to show a photo or an initials avatar."""
    side = DISPLAY_SIDES[where]
    context = {
        "where": where,
        "side": side,
        "alt": f"Photo of {full_name}",
        "initials": initials(first_name, last_name),
    }
    if name:
        context["src"] = url_for(thumbnail_name(name, side))
        context["srcset"] = ", ".join(
            f"{url_for(thumbnail_name(name, side * d))} {d}x" for d in DENSITIES
        )
    return context
