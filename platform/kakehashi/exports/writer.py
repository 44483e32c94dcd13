"""One export as a CSV file Excel opens directly (UTF-8 with BOM, CRLF), in either spelling."""

from __future__ import annotations

import csv
import io

from kakehashi.directory.csv_formats import write_cell
from kakehashi.exports.tables import TABLES

FOR_MACHINES = "codes"
"""``?headers=codes``: column codes and raw values (enum codes, ISO times with +09:00)."""


async def export(kind: str, spelling: str) -> bytes:
    """The ``kind`` table as CSV: Japanese headers and labels, or codes for machines."""
    _name, read = TABLES[kind]
    table = await read()
    machine = spelling == FOR_MACHINES
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([code if machine else header for code, header in table.columns])
    for row in table.rows:
        writer.writerow([write_cell(code if machine else label) for code, label in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
