"""Minimal xlsx reader (zip + XML) for numeric and shared-string cells, shared by the dataset build scripts.

Python standard library only. `need(condition, message)` is the calling script's own check, so a missing
sheet is reported through that script's error type.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Callable

XL_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class Xlsx:
    def __init__(self, path: Path, need: Callable[[bool, str], None]):
        self.need = need
        self.z = zipfile.ZipFile(path)
        root = ET.fromstring(self.z.read("xl/sharedStrings.xml"))
        self.strings = ["".join(t.text or "" for t in si.iter(XL_NS + "t")) for si in root.findall(XL_NS + "si")]
        wb = ET.fromstring(self.z.read("xl/workbook.xml"))
        rels = ET.fromstring(self.z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels}
        rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        self.sheets = {s.get("name"): "xl/" + target[s.get(rid)].lstrip("/").removeprefix("xl/")
                       for s in wb.iter(XL_NS + "sheet")}

    def rows(self, sheet: str) -> dict[int, dict[str, str]]:
        """Cell values by row number, then column letters."""
        self.need(sheet in self.sheets, f"xlsx has no sheet '{sheet}' (has {sorted(self.sheets)})")
        out: dict[int, dict[str, str]] = {}
        root = ET.fromstring(self.z.read(self.sheets[sheet]))
        for row in root.iter(XL_NS + "row"):
            r = int(row.get("r"))
            for c in row.findall(XL_NS + "c"):
                v = c.find(XL_NS + "v")
                if v is None or v.text is None:
                    continue
                col = re.match(r"[A-Z]+", c.get("r")).group(0)
                out.setdefault(r, {})[col] = self.strings[int(v.text)] if c.get("t") == "s" else v.text
        return out
