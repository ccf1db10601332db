"""Uploads judged by their content: photos, and the size cap on every upload."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from core import uploads
from tests.factories import MINIMAL_PDF, image_bytes, upload
from verification import uploads as proof_uploads


def test_photos_accept_images_only():
    with pytest.raises(ValidationError) as caught:
        uploads.check_photo(upload(MINIMAL_PDF, "me.jpg", "image/jpeg"))
    assert "isn't a JPEG or PNG file" in caught.value.messages[0]


def test_photos_are_shrunk_to_a_sensible_size():
    big = image_bytes("JPEG", size=(3000, 2000))
    checked = uploads.check_photo(upload(big, "me.jpg", "image/jpeg"))
    assert Image.open(io.BytesIO(checked.content.read())).size == (1200, 800)


def test_the_upload_handler_counts_but_does_not_keep_bytes_past_the_limit(rf):
    request = rf.post("/")
    handler = uploads.SizeCappedUploadHandler(request)
    handler.new_file("file", "big.pdf", "application/pdf", 11 * 1024 * 1024)
    chunk = b"x" * (1024 * 1024)
    received = 0
    for _ in range(11):
        assert handler.receive_data_chunk(chunk, received) is None
        received += len(chunk)
    uploaded = handler.file_complete(received)
    assert uploaded.size == 11 * 1024 * 1024
    uploaded.seek(0, io.SEEK_END)
    assert uploaded.tell() == uploads.MAX_UPLOAD_BYTES + 1
    with pytest.raises(ValidationError) as caught:
        proof_uploads.check_proof_document(uploaded)
    assert "11.0 MB" in caught.value.messages[0]
