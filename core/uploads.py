"""Checking uploaded files by their content: size, type, and images re-encoded.

A file is judged by its content, never by its name or the browser's
Content-Type: PDF, JPEG and PNG are recognised by their magic bytes. Images
are decoded with Pillow (pixel count capped before decoding, so a
decompression bomb is refused without being unpacked) and re-encoded, which
drops EXIF, GPS and any other metadata. What a PDF may contain is checked by
the app that accepts PDFs (verification.uploads).
"""

import io
import uuid
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_PHOTO_SIDE = 1200

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
MAGIC = [
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
]
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG"}

KIND_NAMES = {(PDF, JPEG, PNG): "PDF, JPEG or PNG", (JPEG, PNG): "JPEG or PNG"}


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks, ready to store."""

    content: ContentFile
    content_type: str

    @property
    def kind(self) -> str:
        return {PDF: "PDF", JPEG: "JPEG image", PNG: "PNG image"}[self.content_type]


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def sniff(head: bytes) -> str | None:
    """Return the content type the first bytes announce, or None."""
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def read_checked(upload, *, allowed: tuple[str, ...], what: str) -> tuple[bytes, str]:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size == 0:
        raise ValidationError("The file is empty (0 bytes). Choose the file again.", code="empty")
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"The file is {human_size(size)}; the limit is {human_size(MAX_UPLOAD_BYTES)}. "
            "Scan at a lower resolution or save a smaller copy.",
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if not data:
        raise ValidationError("The file is empty (0 bytes). Choose the file again.", code="empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"The file is larger than {human_size(MAX_UPLOAD_BYTES)}, the limit.",
            code="too_large",
        )
    content_type = sniff(data[:16])
    if content_type not in allowed:
        kinds = KIND_NAMES[allowed]
        raise ValidationError(
            f"This file isn't a {kinds} file (we check what the file contains, not its "
            f"name). Upload {what} as a {kinds} file.",
            code="wrong_type",
        )
    return data, content_type


JPEG_SIZE_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def image_dimensions(data: bytes, content_type: str) -> tuple[int, int] | None:
    """Read (width, height) from a PNG or JPEG header without decoding any pixels."""
    if content_type == PNG:
        if len(data) >= 24 and data[12:16] == b"IHDR":
            return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        return None
    position = 2
    while position + 9 < len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:
            position += 1
            continue
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        if marker in JPEG_SIZE_MARKERS:
            height = int.from_bytes(data[position + 5 : position + 7], "big")
            width = int.from_bytes(data[position + 7 : position + 9], "big")
            return width, height
        position += 2 + length
    return None


def _too_many_pixels(width: int, height: int) -> ValidationError:
    return ValidationError(
        f"This image is {width:,} × {height:,} pixels ({width * height / 1_000_000:,.0f} "
        f"megapixels); the limit is {MAX_IMAGE_PIXELS // 1_000_000} megapixels. Save a "
        "smaller copy or scan at a lower resolution.",
        code="too_many_pixels",
    )


def reencode_image(data: bytes, content_type: str, *, max_side: int | None = None) -> bytes:
    """Decode and re-encode an image without its metadata, after capping its pixel count."""
    # The header says how big the image is; a decompression bomb is refused here,
    # before a single pixel is unpacked.
    dimensions = image_dimensions(data, content_type)
    if dimensions and dimensions[0] * dimensions[1] > MAX_IMAGE_PIXELS:
        raise _too_many_pixels(*dimensions)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise _too_many_pixels(width, height)
            if image.format != PILLOW_FORMATS[content_type]:
                raise ValidationError(
                    "This image's content doesn't match its format.", code="wrong_type"
                )
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(
                f"This image has too many pixels; the limit is "
                f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels. Save a smaller copy.",
                code="too_many_pixels",
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ValidationError(
                "This image is damaged or incomplete and can't be opened. Save or scan it "
                "again and upload the new copy.",
                code="image_damaged",
            ) from None
    # Apply the camera's rotation before the EXIF that records it is dropped.
    image = ImageOps.exif_transpose(image)
    if max_side and max(image.size) > max_side:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if content_type == JPEG:
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=88, optimize=True)
    else:
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
            image = image.convert("RGBA")
        image.save(out, format="PNG")
    return out.getvalue()


def named_file(data: bytes, content_type: str) -> ContentFile:
    # Generated names only: the uploaded file name never reaches storage.
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{EXTENSIONS[content_type]}")


def check_photo(upload) -> CheckedFile:
    """Check an uploaded profile photo and shrink it to a sensible size."""
    data, content_type = read_checked(upload, allowed=(JPEG, PNG), what="your photo")
    data = reencode_image(data, content_type, max_side=MAX_PHOTO_SIDE)
    return CheckedFile(content=named_file(data, content_type), content_type=content_type)


class SizeCappedUploadHandler(TemporaryFileUploadHandler):
    """Store an upload only up to the limit; past it, count the bytes and drop them.

    The resulting file still reports its real size (Django sets it from the
    byte count), so the form can say how big it was without the server keeping
    gigabytes on disk.
    """

    # One byte past the limit is kept, so a reader can tell "too large" from "full".
    store_limit = MAX_UPLOAD_BYTES + 1

    def receive_data_chunk(self, raw_data, start):
        room = self.store_limit - start
        if room > 0:
            self.file.write(raw_data[:room])
        return None
