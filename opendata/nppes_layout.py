"""The NPPES files' column layout, and a writer of files in it (for tests and the benchmark).

The monthly full file and the weekly incremental files share one layout of
about 330 columns, read by header name. The deactivation list (an XLSX on the
CMS site) is read in its CSV form: `NPI`, `NPPES Deactivation Date`.
"""

import csv
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

SLOTS = range(1, 16)
OTHER_IDENTIFIER_SLOTS = range(1, 51)

# Columns we read, under the name of the current file; older files' names beside them.
RENAMED = {
    "Provider Sex Code": ("Provider Gender Code",),
    "NPI Deactivation Date": ("NPPES Deactivation Date",),
    "Provider Business Practice Location Address Postal Code": (
        "Provider Business Practice Location Address Postal Code (ZIP)",
    ),
}

_BASE = [
    "NPI", "Entity Type Code", "Replacement NPI", "Employer Identification Number (EIN)",
    "Provider Organization Name (Legal Business Name)", "Provider Last Name (Legal Name)",
    "Provider First Name", "Provider Middle Name", "Provider Name Prefix Text",
    "Provider Name Suffix Text", "Provider Credential Text", "Provider Other Organization Name",
    "Provider Other Organization Name Type Code", "Provider Other Last Name",
    "Provider Other First Name", "Provider Other Middle Name", "Provider Other Name Prefix Text",
    "Provider Other Name Suffix Text", "Provider Other Credential Text",
    "Provider Other Last Name Type Code", "Provider First Line Business Mailing Address",
    "Provider Second Line Business Mailing Address", "Provider Business Mailing Address City Name",
    "Provider Business Mailing Address State Name",
    "Provider Business Mailing Address Postal Code",
    "Provider Business Mailing Address Country Code (If outside U.S.)",
    "Provider Business Mailing Address Telephone Number",
    "Provider Business Mailing Address Fax Number",
    "Provider First Line Business Practice Location Address",
    "Provider Second Line Business Practice Location Address",
    "Provider Business Practice Location Address City Name",
    "Provider Business Practice Location Address State Name",
    "Provider Business Practice Location Address Postal Code",
    "Provider Business Practice Location Address Country Code (If outside U.S.)",
    "Provider Business Practice Location Address Telephone Number",
    "Provider Business Practice Location Address Fax Number", "Provider Enumeration Date",
    "Last Update Date", "NPI Deactivation Reason Code", "NPI Deactivation Date",
    "NPI Reactivation Date", "Provider Sex Code", "Authorized Official Last Name",
    "Authorized Official First Name", "Authorized Official Middle Name",
    "Authorized Official Title or Position", "Authorized Official Telephone Number",
]  # fmt: skip
_SLOTTED = [
    column
    for n in SLOTS
    for column in (
        f"Healthcare Provider Taxonomy Code_{n}",
        f"Provider License Number_{n}",
        f"Provider License Number State Code_{n}",
        f"Healthcare Provider Primary Taxonomy Switch_{n}",
    )
]
_OTHER_IDENTIFIERS = [
    column
    for n in OTHER_IDENTIFIER_SLOTS
    for column in (
        f"Other Provider Identifier_{n}",
        f"Other Provider Identifier Type Code_{n}",
        f"Other Provider Identifier State_{n}",
        f"Other Provider Identifier Issuer_{n}",
    )
]
_TAIL = [
    "Is Sole Proprietor", "Is Organization Subpart", "Parent Organization LBN",
    "Parent Organization TIN", "Authorized Official Name Prefix Text",
    "Authorized Official Name Suffix Text", "Authorized Official Credential Text",
    *(f"Healthcare Provider Taxonomy Group_{n}" for n in SLOTS), "Certification Date",
]  # fmt: skip
FULL_HEADER = tuple(_BASE + _SLOTTED + _OTHER_IDENTIFIERS + _TAIL)
DEACTIVATION_HEADER = ("NPI", "NPPES Deactivation Date")


def full_row(
    *,
    npi: str,
    first_name: str = "",
    last_name: str = "",
    entity_type: str = "1",
    taxonomies: Iterable[tuple[str, str, str]] = (),
    credential: str = "",
    address: tuple[str, str, str, str, str] = ("", "", "", "", ""),
    phone: str = "",
    last_update: str = "",
    deactivated_on: str = "",
    reactivated_on: str = "",
) -> dict[str, str]:
    """One row of the full file; `taxonomies` holds (code, license number, license state)."""
    line1, line2, city, state, postal_code = address
    row = {
        "NPI": npi,
        "Entity Type Code": entity_type,
        "Provider Last Name (Legal Name)": last_name,
        "Provider First Name": first_name,
        "Provider Credential Text": credential,
        "Provider First Line Business Practice Location Address": line1,
        "Provider Second Line Business Practice Location Address": line2,
        "Provider Business Practice Location Address City Name": city,
        "Provider Business Practice Location Address State Name": state,
        "Provider Business Practice Location Address Postal Code": postal_code,
        "Provider Business Practice Location Address Country Code (If outside U.S.)": "US"
        if postal_code
        else "",
        "Provider Business Practice Location Address Telephone Number": phone,
        "Last Update Date": last_update,
        "NPI Deactivation Date": deactivated_on,
        "NPI Reactivation Date": reactivated_on,
    }
    for n, (code, number, license_state) in enumerate(taxonomies, start=1):
        row[f"Healthcare Provider Taxonomy Code_{n}"] = code
        row[f"Provider License Number_{n}"] = number
        row[f"Provider License Number State Code_{n}"] = license_state
        row[f"Healthcare Provider Primary Taxonomy Switch_{n}"] = "Y" if n == 1 else "N"
    return row


def write_csv(out, rows: Iterable[dict[str, str]], *, header=FULL_HEADER) -> None:
    """Write rows the way CMS does: every field quoted, absent columns empty."""
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])


def write_file(path: Path, rows: Iterable[dict[str, str]], *, header=FULL_HEADER) -> Path:
    """Write a CSV, or a ZIP holding one when `path` ends in .zip (as CMS ships it)."""
    path = Path(path)
    if path.suffix.lower() != ".zip":
        with path.open("w", encoding="utf-8", newline="") as out:
            write_csv(out, rows, header=header)
        return path
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open(f"{path.stem}.csv", "w", force_zip64=True) as raw,
    ):
        out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        write_csv(out, rows, header=header)
        out.flush()
        out.detach()
    return path


def write_workbook(path: Path, rows: Iterable[dict], *, title: str = "") -> Path:
    """Write the deactivation report as CMS publishes it: an Excel workbook (.xlsx).

    `title` adds a line above the header, as the published report has; a
    `.zip` path wraps the workbook in a ZIP.
    """
    from openpyxl import Workbook

    path = Path(path)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Deactivated NPIs")
    if title:
        sheet.append([title])
    sheet.append(list(DEACTIVATION_HEADER))
    for row in rows:
        sheet.append([row.get(column) for column in DEACTIVATION_HEADER])
    if path.suffix.lower() != ".zip":
        book.save(path)
        return path
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{path.stem}.xlsx", buffer.getvalue())
    return path
