"""A real, hostile workbook: one sheet of 16,384 columns x 238 rows (about 110 MB of XML).

Built as the XML parts of an .xlsx directly (openpyxl's writer needs minutes for four million
cells). The values are random digits, so the parts compress about 14 times, like the file
found in testing (8 MB on disk), and pass the zip-bomb check. `dimension=False` leaves out the
`<dimension>` element, as some generators do, so only the cells themselves tell the size.
"""

from __future__ import annotations

import functools
import io
import os
import zipfile

from openpyxl.utils import get_column_letter

COLUMNS = 16_384
ROWS = 238

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def _sheet_xml(columns: int, rows: int, dimension: bool) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    ]
    if dimension:
        parts.append(f'<dimension ref="A1:{get_column_letter(columns)}{rows}"/>')
    parts.append("<sheetData>")
    for row in range(1, rows + 1):
        values = os.urandom(columns)
        cells = "".join(f'<c s="0" t="n"><v>{value * 7 % 1000}</v></c>' for value in values)
        parts.append(f'<row r="{row}">{cells}</row>')
    parts.append("</sheetData></worksheet>")
    return "".join(parts).encode()


@functools.cache
def wide_workbook(
    *, columns: int = COLUMNS, rows: int = ROWS, dimension: bool = True, sheet: str = "Vragenlijst"
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK.format(name=sheet))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", _sheet_xml(columns, rows, dimension))
    return buffer.getvalue()
