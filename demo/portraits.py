"""Portrait-style demo photos drawn with Pillow: nobody's face, nothing downloaded.

A small pool of images (a soft background, a head-and-shoulders silhouette in
varied colours) is drawn once per media directory and shared: a share of the
generated profiles point at one of them, chosen from the profile's slug, so
the same seed gives the same photos and 100,000 profiles need 24 files.
"""

import hashlib
import io
import random

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFilter

from core.photos import make_thumbnails, thumbnail_names

POOL_SIZE = 24
PHOTO_SHARE = 0.4
SIDE = 480
NAME = "photos/demo/portrait-{:02d}.jpg"

BACKGROUNDS = [
    ((226, 236, 240), (190, 208, 220)),
    ((240, 232, 222), (214, 196, 178)),
    ((228, 238, 226), (190, 212, 188)),
    ((238, 228, 238), (206, 190, 210)),
    ((244, 240, 226), (218, 210, 178)),
    ((224, 232, 238), (170, 188, 204)),
]
SKIN = [(241, 210, 186), (224, 180, 150), (198, 150, 114), (160, 112, 80), (122, 84, 60)]
HAIR = [(40, 30, 26), (86, 58, 38), (150, 110, 70), (200, 170, 120), (120, 120, 124), (60, 40, 40)]
CLOTHES = [
    (46, 84, 112),
    (120, 60, 70),
    (60, 110, 90),
    (90, 90, 100),
    (170, 120, 60),
    (70, 60, 120),
]


def draw_portrait(index: int) -> bytes:
    """Draw portrait number `index` of the pool as JPEG bytes (the same bytes each time)."""
    rng = random.Random(f"seed-demo:portrait:{index}")
    top, bottom = rng.choice(BACKGROUNDS)
    image = Image.new("RGB", (SIDE, SIDE), top)
    draw = ImageDraw.Draw(image)
    for y in range(SIDE):  # a soft vertical gradient
        t = y / SIDE
        draw.line(
            [(0, y), (SIDE, y)],
            fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    skin, hair, clothes = rng.choice(SKIN), rng.choice(HAIR), rng.choice(CLOTHES)
    cx = SIDE // 2 + rng.randint(-20, 20)
    head_w, head_h = rng.randint(118, 140), rng.randint(150, 170)
    head_top = rng.randint(96, 124)
    # Shoulders and body, then the neck, then hair behind the head, then the head.
    draw.ellipse([cx - 190, 330, cx + 190, 640], fill=clothes)
    long_hair = rng.random() < 0.45
    spread = 26 if long_hair else 12
    hair_bottom = head_top + (head_h - 20 if long_hair else head_h // 2)
    draw.rounded_rectangle(
        [cx - head_w // 2 - spread, head_top - 16, cx + head_w // 2 + spread, hair_bottom],
        radius=60,
        fill=hair,
    )
    draw.rectangle([cx - 34, head_top + head_h - 30, cx + 34, 350], fill=skin)
    draw.ellipse([cx - head_w // 2, head_top, cx + head_w // 2, head_top + head_h], fill=skin)
    # A fringe over the forehead.
    draw.chord(
        [cx - head_w // 2 - 6, head_top - 18, cx + head_w // 2 + 6, head_top + head_h // 2],
        180,
        360,
        fill=hair,
    )
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def ensure_portraits(storage=default_storage) -> tuple[str, ...]:
    """Store the pool (and its thumbnails) unless it is there; return the photo names."""
    names = []
    for index in range(POOL_SIZE):
        name = NAME.format(index)
        if not (storage.exists(name) and all(storage.exists(t) for t in thumbnail_names(name))):
            if storage.exists(name):
                storage.delete(name)
            name = storage.save(name, ContentFile(draw_portrait(index)))
            make_thumbnails(storage, name)
        names.append(name)
    return tuple(names)


def photo_for(slug: str, pool: tuple[str, ...]) -> str:
    """The demo photo of the profile `slug` ('' for the share without one)."""
    if not pool:
        return ""
    number = int.from_bytes(hashlib.sha256(f"photo:{slug}".encode()).digest()[:8], "big")
    if (number % 1000) >= PHOTO_SHARE * 1000:
        return ""
    return pool[(number // 1000) % len(pool)]
