"""Proof documents and photos are judged by what they contain, not what they are called."""

import functools
import io
import zlib

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from tests.factories import MINIMAL_PDF, image_bytes, upload
from tests.verification import pdf_corpus
from verification import uploads

PHP = b"<?php system($_GET['cmd']); ?>\n"


@functools.cache
def giant_png() -> bytes:
    """A 20,000 x 20,000 PNG: 400 megapixels that compress to a few kilobytes."""
    return image_bytes("PNG", size=(20_000, 20_000), mode="1")


def pdf_with(body: bytes) -> bytes:
    return MINIMAL_PDF.replace(b"trailer", body + b"\ntrailer")


def errors_of(data: bytes, name: str = "proof.pdf", content_type: str = "application/pdf"):
    with pytest.raises(ValidationError) as caught:
        uploads.check_proof_document(upload(data, name, content_type))
    return caught.value


def test_a_valid_pdf_is_accepted_as_a_pdf():
    checked = uploads.check_proof_document(upload(MINIMAL_PDF))
    assert checked.content_type == "application/pdf"
    assert checked.content.read() == MINIMAL_PDF


def test_a_php_script_renamed_pdf_is_refused_by_its_content():
    error = errors_of(PHP, "license.pdf", "application/pdf")
    assert error.code == "wrong_type"
    assert "isn't a PDF, JPEG or PNG file" in error.messages[0]
    assert "not its name" in error.messages[0]


def test_a_png_named_pdf_is_accepted_and_stored_as_the_png_it_is():
    # The content decides, never the name: a real image is a valid proof, and it
    # is stored (and later served) as image/png, not as the PDF its name claims.
    checked = uploads.check_proof_document(
        upload(image_bytes("PNG"), "license.pdf", "application/pdf")
    )
    assert checked.content_type == "image/png"
    assert checked.content.name.endswith(".png")
    assert Image.open(io.BytesIO(checked.content.read())).format == "PNG"


def test_an_eleven_megabyte_file_is_refused_with_its_size_and_the_limit():
    data = MINIMAL_PDF + b"0" * (11 * 1024 * 1024)
    error = errors_of(data)
    assert error.code == "too_large"
    assert "11.0 MB" in error.messages[0] and "10.0 MB" in error.messages[0]


def test_a_twenty_thousand_pixel_square_png_is_refused_without_being_decoded():
    data = giant_png()
    assert len(data) < 1024 * 1024  # small on disk: a decompression bomb
    error = errors_of(data, "scan.png", "image/png")
    assert error.code == "too_many_pixels"
    assert "20,000 × 20,000 pixels" in error.messages[0]
    assert "40 megapixels" in error.messages[0]


def test_a_zero_byte_file_is_refused_as_empty():
    error = errors_of(b"", "empty.pdf")
    assert error.code == "empty"
    assert "empty" in error.messages[0]


def test_a_jpeg_is_reencoded_without_its_metadata():
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0110] = "Model-With-GPS"  # Model
    original = image_bytes("JPEG", exif=exif.tobytes())
    assert b"SecretCam" in original
    checked = uploads.check_proof_document(upload(original, "photo.jpg", "image/jpeg"))
    stored = checked.content.read()
    assert checked.content_type == "image/jpeg"
    assert b"SecretCam" not in stored and b"Exif" not in stored
    assert Image.open(io.BytesIO(stored)).size == (40, 30)


def test_a_png_with_text_chunks_loses_them_when_reencoded():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Dr Secret, 123 Home Street")
    original = image_bytes("PNG", pnginfo=info)
    assert b"Dr Secret" in original
    stored = uploads.check_proof_document(upload(original, "a.png", "image/png")).content.read()
    assert b"Dr Secret" not in stored


def test_a_truncated_image_is_refused_as_damaged_not_a_crash():
    data = image_bytes("PNG", size=(400, 400), mode="RGB")[:200]
    error = errors_of(data, "cut.png", "image/png")
    assert error.code == "image_damaged"


def test_a_pdf_without_its_end_marker_is_refused_as_incomplete():
    error = errors_of(MINIMAL_PDF.replace(b"%%EOF", b""))
    assert error.code == "pdf_truncated"
    assert "incomplete" in error.messages[0]


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (b"4 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj", "JavaScript"),
        (b"4 0 obj<</OpenAction<</S/JS>>>>endobj", "JavaScript"),
        (b"4 0 obj<</S/J#61vaScript>>endobj", "JavaScript"),
        (b"4 0 obj<</S/Launch/F(calc.exe)>>endobj", "launches programs"),
        (b"4 0 obj<</Type/EmbeddedFile>>endobj", "embedded files"),
    ],
)
def test_a_pdf_with_active_content_is_refused_and_says_what_it_found(body, named):
    error = errors_of(pdf_with(body))
    assert error.code == "pdf_active_content"
    assert named in error.messages[0]


def test_javascript_hidden_in_a_compressed_object_stream_is_found():
    hidden = zlib.compress(b"5 0 <</S/JavaScript/JS(app.alert(1))>>")
    body = (
        b"4 0 obj<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length "
        + str(len(hidden)).encode()
        + b">>stream\n"
        + hidden
        + b"\nendstream endobj"
    )
    assert errors_of(pdf_with(body)).code == "pdf_active_content"


def test_names_inside_ordinary_stream_data_are_not_mistaken_for_actions():
    # Binary image data can contain the bytes "/JS" by chance.
    body = b"4 0 obj<</Length 12>>stream\n\x00\x01/JS \x02\x03/Launch\nendstream endobj"
    checked = uploads.check_proof_document(upload(pdf_with(body)))
    assert checked.content_type == "application/pdf"


def test_an_encrypted_pdf_is_refused_because_no_verifier_could_open_it():
    assert errors_of(pdf_corpus.document(encryption=pikepdf.Encryption(owner="o"))).code == (
        "pdf_encrypted"
    )


@pytest.mark.parametrize(
    ("data", "says", "code"),
    [case[1:] for case in pdf_corpus.HOSTILE],
    ids=[case[0] for case in pdf_corpus.HOSTILE],
)
def test_each_hostile_file_is_refused_with_a_message_naming_the_problem(data, says, code):
    error = errors_of(data)
    assert (error.code, says in error.messages[0]) == (code, True), error.messages


@pytest.mark.parametrize(
    "data", [case[1] for case in pdf_corpus.BENIGN], ids=[case[0] for case in pdf_corpus.BENIGN]
)
def test_ordinary_pdfs_are_accepted_as_they_are(data):
    checked = uploads.check_proof_document(upload(data))
    assert (checked.content_type, checked.content.read()) == ("application/pdf", data)


def test_a_pdf_with_more_objects_than_we_walk_is_refused_as_too_complex(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_OBJECTS", 2)
    assert errors_of(MINIMAL_PDF).code == "pdf_too_complex"


def test_stored_names_are_generated_never_the_uploaded_name():
    checked = uploads.check_proof_document(upload(MINIMAL_PDF, "../../etc/passwd.pdf"))
    assert "passwd" not in checked.content.name and "/" not in checked.content.name


def test_a_jpeg_whose_header_claims_too_many_pixels_is_refused_before_decoding():
    data = bytearray(image_bytes("JPEG", size=(16, 16)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = (20_000).to_bytes(2, "big") + (20_000).to_bytes(2, "big")
    error = errors_of(bytes(data), "scan.jpg", "image/jpeg")
    assert error.code == "too_many_pixels"
    assert "20,000 × 20,000" in error.messages[0]
