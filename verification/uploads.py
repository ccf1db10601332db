"""Checking proof documents: a PDF, JPEG or PNG, and a PDF without active content.

PDFs must look like whole PDFs and must not carry active content (JavaScript,
launch actions, embedded files), including inside compressed object streams.
Images are checked and re-encoded by core.uploads.
"""

import re
import zlib

from django.core.exceptions import ValidationError

from core.uploads import JPEG, PDF, PNG, CheckedFile, named_file, read_checked, reencode_image

# How much of a PDF's compressed object streams we unpack to look inside.
MAX_OBJECT_STREAM_BYTES = 20 * 1024 * 1024
# PDF names that run code, open other programs or smuggle files in. Matched
# after decoding #xx escapes, so "/J#61vaScript" is caught too.
FORBIDDEN_PDF_NAMES = {
    "JavaScript": "JavaScript",
    "JS": "JavaScript",
    "Launch": "an action that launches programs",
    "EmbeddedFile": "embedded files",
    "EmbeddedFiles": "embedded files",
    "RichMedia": "embedded media",
    "XFA": "an XFA form",
}
PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
# The words that delimit stream data, so names are read only outside it (binary
# stream data would otherwise "contain" names like /JS by chance).
PDF_TOKEN = re.compile(rb"endstream|endobj|(?<![A-Za-z])stream(?:\r\n|\n|\r)")


def _pdf_names(data: bytes) -> set[str]:
    names = set()
    for match in PDF_NAME.finditer(data):
        raw = match.group(1)
        if b"#" in raw:
            raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
        names.add(raw.decode("latin-1"))
    return names


def _pdf_parts(data: bytes) -> tuple[list[bytes], list[tuple[bytes, bytes]]]:
    """Split a PDF into the text outside streams and its (dictionary, data) streams."""
    outside, streams = [], []
    position, stream_start, header = 0, None, b""
    for match in PDF_TOKEN.finditer(data):
        token = match.group()
        if stream_start is not None:
            if token == b"endstream":
                streams.append((header, data[stream_start : match.start()]))
                stream_start, position = None, match.end()
            continue
        if token.startswith(b"stream"):
            header = data[position : match.start()]
            outside.append(header)
            stream_start = match.end()
        else:
            outside.append(data[position : match.end()])
            position = match.end()
    if stream_start is None:
        outside.append(data[position:])
    return outside, streams


def _object_streams(streams: list[tuple[bytes, bytes]]):
    """Yield the unpacked content of each compressed object stream (PDF 1.5+)."""
    budget = MAX_OBJECT_STREAM_BYTES
    for header, body in streams:
        header_names = _pdf_names(header)
        if "ObjStm" not in header_names:
            continue
        filters = header_names & {"FlateDecode", "Fl", "LZWDecode", "ASCII85Decode",
                                  "ASCIIHexDecode", "RunLengthDecode", "Crypt"}  # fmt: skip
        if not filters:
            yield body
            continue
        if filters - {"FlateDecode", "Fl"}:
            raise ValidationError(
                "This PDF is built in a way we can't check. Print it to a new PDF (or scan "
                "it) and upload that copy.",
                code="pdf_too_complex",
            )
        inflater = zlib.decompressobj()
        try:
            unpacked = inflater.decompress(body, budget + 1)
        except zlib.error:
            raise ValidationError(
                "This PDF is damaged (a compressed part can't be read). Save or export it "
                "again and upload the new copy.",
                code="pdf_damaged",
            ) from None
        budget -= len(unpacked)
        if budget < 0:
            raise ValidationError(
                "This PDF's internal structure is too large to check. Print it to a new PDF "
                "(or scan it) and upload that copy.",
                code="pdf_too_complex",
            )
        yield unpacked


def check_pdf(data: bytes) -> None:
    """Refuse a PDF that is cut off, encrypted, or carries active content."""
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(
            "This PDF is incomplete (its end marker is missing): it may have been cut off "
            "while downloading. Download or export it again.",
            code="pdf_truncated",
        )
    outside, streams = _pdf_parts(data)
    names = set().union(*(_pdf_names(part) for part in outside))
    if "Encrypt" in names:
        raise ValidationError(
            "This PDF is encrypted or password-protected, so a verifier couldn't open it. "
            "Save a copy without a password and upload that.",
            code="pdf_encrypted",
        )
    for unpacked in _object_streams(streams):
        names |= _pdf_names(unpacked)
    found = sorted({label for name, label in FORBIDDEN_PDF_NAMES.items() if name in names})
    if found:
        raise ValidationError(
            f"This PDF contains {' and '.join(found)}, which we don't accept in documents. "
            "Print it to a new PDF (or scan it) and upload that copy.",
            code="pdf_active_content",
        )


def check_proof_document(upload) -> CheckedFile:
    """Check an uploaded proof document; raise ValidationError saying what is wrong."""
    data, content_type = read_checked(
        upload, allowed=(PDF, JPEG, PNG), what="your license or certificate"
    )
    if content_type == PDF:
        check_pdf(data)
    else:
        data = reencode_image(data, content_type)
    return CheckedFile(content=named_file(data, content_type), content_type=content_type)
