"""Checking proof documents: a PDF, JPEG or PNG, and a PDF without active content.

PDFs are read by pikepdf (qpdf), never by hand: qpdf resolves indirect
objects, unpacks object streams and undoes every filter and predictor the way
a PDF reader does, and repairs damaged files the way readers do too, so what
we check is what a verifier's reader would run. (pypdf would also do; qpdf is
the more robust parser on hostile input and pikepdf installs as a wheel.)

Every object is walked, with the trailer. Refused anywhere: JavaScript,
launch actions, links to other files (/GoToR, /GoToE), forms that send or load
data, embedded files, rich media and XFA forms. A web link (/URI) is allowed
only where a person must click it (a link annotation, a bookmark): run by
/OpenAction or any /AA trigger, it is refused too. Encrypted, damaged and
cut-off PDFs are refused with a message saying how to get a good copy.
Images are checked and re-encoded by core.uploads.
"""

import io

import pikepdf
from django.core.exceptions import ValidationError

from core.uploads import JPEG, PDF, PNG, CheckedFile, named_file, read_checked, reencode_image

# A PDF within the 10 MB upload limit that needs more objects than this is not
# a scanned license: refused as too complex rather than walked for minutes.
MAX_OBJECTS = 200_000
MAX_NODES = 2_000_000
# Decoding one stream (a compressed object stream, say) may not take more memory
# than this: a small file inflating to gigabytes is refused, not unpacked.
MAX_DECODED_BYTES = 64 * 1024 * 1024
pikepdf.settings.set_qpdf_limits(
    flate_max_memory=MAX_DECODED_BYTES,
    png_max_memory=MAX_DECODED_BYTES,
    tiff_max_memory=MAX_DECODED_BYTES,
    run_length_max_memory=MAX_DECODED_BYTES,
    doc_max_warnings=10_000,
)

JAVASCRIPT = "JavaScript"
EMBEDDED_FILES = "embedded files"
MEDIA = "embedded media"
# Action types (/S) refused wherever they are, clicked or automatic.
FORBIDDEN_ACTIONS = {
    "/JavaScript": JAVASCRIPT,
    "/JS": JAVASCRIPT,  # not a real action type, but nothing honest writes it
    "/Launch": "an action that launches programs",
    "/GoToR": "a link that opens other files",
    "/GoToE": "a link that opens other files",
    "/SubmitForm": "a form that sends or loads data",
    "/ImportData": "a form that sends or loads data",
    "/RichMediaExecute": MEDIA,
    "/Rendition": MEDIA,
    "/Movie": MEDIA,
    "/Sound": MEDIA,
}
# Refused only when the document runs them by itself (on opening, on a page
# appearing, on a field changing): a clicked web link is a normal thing to find.
AUTOMATIC_ACTIONS = {"/URI": "an action that opens a web address by itself"}
FORBIDDEN_KEYS = {
    "/JS": JAVASCRIPT,
    "/JavaScript": JAVASCRIPT,  # the document's named scripts (/Names /JavaScript)
    "/EmbeddedFiles": EMBEDDED_FILES,
    "/EF": EMBEDDED_FILES,
    "/RichMediaContent": MEDIA,
    "/XFA": "an XFA form",
}
FORBIDDEN_TYPES = {
    ("/Type", "/EmbeddedFile"): EMBEDDED_FILES,
    ("/Subtype", "/FileAttachment"): EMBEDDED_FILES,
    ("/Subtype", "/RichMedia"): MEDIA,
}


def _too_complex() -> ValidationError:
    return ValidationError(
        "This PDF is built in a way we can't check. Print it to a new PDF (or scan it) "
        "and upload that copy.",
        code="pdf_too_complex",
    )


def _name(value) -> str | None:
    return str(value) if isinstance(value, pikepdf.Name) else None


def _direct(children):
    """Return the children held inside their parent (nulls come back as None)."""
    return [
        child for child in children if isinstance(child, pikepdf.Object) and not child.is_indirect
    ]


class _Walk:
    """Collect what a document holds that we refuse, object by object."""

    def __init__(self):
        self.found: set[str] = set()
        self.nodes = 0
        self.object_streams: list[pikepdf.Stream] = []

    def document(self, pdf: pikepdf.Pdf) -> None:
        if len(pdf.objects) > MAX_OBJECTS:
            raise _too_complex()
        for top in (pdf.trailer, *pdf.objects):
            self.tree(top)

    def tree(self, top) -> None:
        """Check an object and everything directly inside it (indirect ones are walked on their own)."""
        stack = [top]
        while stack:
            item = stack.pop()
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise _too_complex()
            if isinstance(item, pikepdf.Array):
                stack.extend(_direct(item))
            elif isinstance(item, (pikepdf.Dictionary, pikepdf.Stream)):
                self.dictionary(item)
                stack.extend(_direct(item.values()))

    def dictionary(self, item) -> None:
        self.found.update(label for key, label in FORBIDDEN_KEYS.items() if key in item)
        for (key, value), label in FORBIDDEN_TYPES.items():
            if _name(item.get(key)) == value:
                self.found.add(label)
        action = _name(item.get("/S"))
        if action in FORBIDDEN_ACTIONS:
            self.found.add(FORBIDDEN_ACTIONS[action])
        if "/OpenAction" in item:
            self.automatic(item["/OpenAction"])
        triggers = item.get("/AA")
        if isinstance(triggers, pikepdf.Dictionary):
            for triggered in triggers.values():
                self.automatic(triggered)
        if isinstance(item, pikepdf.Stream) and (
            _name(item.get("/Type")) == "/ObjStm" or {"/N", "/First"} <= set(item.keys())
        ):
            self.object_streams.append(item)

    def automatic(self, action) -> None:
        """Check an action the document runs by itself, and the actions chained after it."""
        chain, seen = [action], set()
        while chain:
            item = chain.pop()
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise _too_complex()
            if not isinstance(item, pikepdf.Object):
                continue
            if item.is_indirect:
                if item.objgen in seen:
                    continue
                seen.add(item.objgen)
            if isinstance(item, pikepdf.Array):
                chain.extend(item)
            elif isinstance(item, pikepdf.Dictionary):
                action = _name(item.get("/S"))
                if action in AUTOMATIC_ACTIONS:
                    self.found.add(AUTOMATIC_ACTIONS[action])
                if "/Next" in item:
                    chain.append(item["/Next"])


def _contained_objects(stream: pikepdf.Stream) -> bytes:
    """Rebuild the objects of an object stream as a small PDF of their own.

    qpdf reads only the object streams the cross-reference table points to, but
    a reader repairing a damaged file may find others (or one without /Type
    /ObjStm). Each is therefore unpacked (filters and predictors undone by qpdf)
    and its objects checked like any others.
    """
    data = stream.read_bytes()
    try:
        count, first = int(stream.get("/N")), int(stream.get("/First"))
        header = [int(number) for number in data[:first].split()]
    except (KeyError, TypeError, ValueError):
        raise _too_complex() from None
    if count < 0 or len(header) < 2 * count or count > MAX_OBJECTS:
        raise _too_complex()
    numbers, offsets = header[0 : 2 * count : 2], header[1 : 2 * count : 2]
    ends = [*offsets[1:], len(data) - first]
    out = bytearray(b"%PDF-1.7\n")
    positions = {}
    # A catalog and one page of our own, numbered after the contained objects,
    # so qpdf accepts the rebuilt file as a document.
    extra = max(numbers, default=0) + 1
    bodies = [
        (num, data[first + start : first + end])
        for num, start, end in zip(numbers, offsets, ends, strict=True)
    ]
    bodies += [
        (extra, b"<</Type/Catalog/Pages %d 0 R>>" % (extra + 1)),
        (extra + 1, b"<</Type/Pages/Kids[%d 0 R]/Count 1>>" % (extra + 2)),
        (extra + 2, b"<</Type/Page/Parent %d 0 R/MediaBox[0 0 1 1]>>" % (extra + 1)),
    ]
    for number, body in bodies:
        positions[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n"
    for number, position in sorted(positions.items()):
        out += b"%d 1\n%010d 00000 n \n" % (number, position)
    out += b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (extra + 3, extra, xref)
    return bytes(out)


def _refused_content(data: bytes) -> set[str]:
    """Return what the PDF holds that we refuse (a label for each kind found)."""
    walk = _Walk()
    # Explicit conversion: every value read is a pikepdf object, so a number
    # where a dictionary belongs fails an isinstance check instead of the walk.
    with pikepdf.explicit_conversion(), pikepdf.open(io.BytesIO(data)) as pdf:
        if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
            raise pikepdf.PasswordError("encrypted")
        walk.document(pdf)
        for stream in walk.object_streams:
            with pikepdf.open(io.BytesIO(_contained_objects(stream))) as contained:
                for obj in contained.objects:
                    walk.tree(obj)
    return walk.found


def check_pdf(data: bytes) -> None:
    """Refuse a PDF that is cut off, encrypted, damaged, or carries active content."""
    # qpdf would repair a cut-off file; a cut-off download is worth naming.
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(
            "This PDF is incomplete (its end marker is missing): it may have been cut off "
            "while downloading. Download or export it again.",
            code="pdf_truncated",
        )
    # Another format after the PDF's end (a ZIP, say) makes the file two things at once.
    if data[data.rindex(b"%%EOF") + 5 :].strip(b" \t\r\n\0"):
        raise ValidationError(
            "This file has other data after the end of the PDF, so it isn't only a PDF. "
            "Save or export the document again and upload the new copy.",
            code="pdf_trailing_data",
        )
    limits_hit = pikepdf.settings.qpdf_limit_errors()
    try:
        found = _refused_content(data)
    except pikepdf.PasswordError:
        raise ValidationError(
            "This PDF is encrypted or password-protected, so a verifier couldn't open it. "
            "Save a copy without a password and upload that.",
            code="pdf_encrypted",
        ) from None
    except (pikepdf.PdfError, RuntimeError) as error:
        # Stopped by one of qpdf's limits (a stream inflating past
        # MAX_DECODED_BYTES, say): that file is a bomb, not a damaged one. The
        # memory limits say so only in their message, the others in the counter.
        if pikepdf.settings.qpdf_limit_errors() > limits_hit or "limit exceeded" in str(error):
            raise _too_complex() from None
        raise ValidationError(
            "This PDF is damaged and can't be read. Save or export it again (or scan the "
            "paper copy) and upload the new copy.",
            code="pdf_damaged",
        ) from None
    if found:
        raise ValidationError(
            f"This PDF contains {' and '.join(sorted(found))}, which we don't accept in "
            "documents. Print it to a new PDF (or scan it) and upload that copy.",
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
