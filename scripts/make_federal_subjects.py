"""Write data/rosstat/federal_subjects.csv: Russia's federal subjects, their codes and names.

Built from two real sources, nothing typed but the spelling differences listed in ``ALIASES``:

- the ISO 3166-2 codes and their Russian names from Debian's ``iso-codes`` package
  (``/usr/share/iso-codes/json/iso_3166-2.json`` and the ``ru`` translation
  ``/usr/share/locale/ru/LC_MESSAGES/iso_3166-2.mo``; the version used is written in the
  file's provenance in data/README.md);
- Rosstat's names and federal districts from the committed R&D workbook
  ``data/rosstat/rd_expenditure_regions_2010_2020.xlsx`` (sheet ``2``): every subject row
  below its federal district's row, footnote markers stripped.

ISO 3166-2 lists the Republic of Crimea and Sevastopol under Ukraine (UA-43, UA-40); Rosstat's
tables count them among Russia's subjects since 2014, so they are kept with those codes and
the note says so. Two rows per oblast that contains autonomous okrugs (Arkhangelsk: Nenets;
Tyumen: Khanty-Mansi and Yamalo-Nenets): the oblast with its okrugs (the ISO code) and without
them (unit ``<code> excl. <okrugs>``); the reader never joins one to the other.

Run: ``python scripts/make_federal_subjects.py [--out PATH]`` (same inputs, same bytes).
"""

from __future__ import annotations

import argparse
import csv
import gettext
import json
import re
import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK = ROOT / "data" / "rosstat" / "rd_expenditure_regions_2010_2020.xlsx"
OUT = ROOT / "data" / "rosstat" / "federal_subjects.csv"
ISO_JSON = Path("/usr/share/iso-codes/json/iso_3166-2.json")

#: ISO's Russian name -> Rosstat's, where the two spell a subject differently.
ALIASES = {
    "Республика Хакассия": "Республика Хакасия",
    "Республика Тува": "Республика Тыва",
    "Республика Удмуртия": "Удмуртская Республика",
    "Республика Саха": "Республика Саха (Якутия)",
    "Республика Северная Осетия": "Республика Северная Осетия - Алания",
    "Москва": "г. Москва",
    "Санкт-Петербург": "г. Санкт-Петербург",
    "Ханты-Мансийский автономный округ": "Ханты-Мансийский автономный округ - Югра",
    "Автономная Республика Крым": "Республика Крым",
    "Севастополь": "г. Севастополь",
}
OKRUGS = {"RU-ARK": ("RU-NEN",), "RU-TYU": ("RU-KHM", "RU-YAN")}
_MARKER = re.compile(r"(\s*\d+\))+\s*$")


def rosstat_rows():
    """(name, federal district) of every subject row of the R&D workbook's sheet 2."""
    sheet = openpyxl.load_workbook(WORKBOOK, read_only=True)["2"]
    district, rows = None, []
    for (cell,) in sheet.iter_rows(min_col=1, max_col=1, values_only=True):
        if not isinstance(cell, str) or not cell.strip():
            continue
        name = " ".join(_MARKER.sub("", cell).split())
        # The workbook writes "Калинингpадская" with a Latin p; ISO spells it in Cyrillic.
        name = re.sub(r"^в том числе\s*", "", name).replace("Калинингpадская", "Калининградская")
        if name.endswith("федеральный округ"):
            district = name
        elif district and not name.endswith(":") and " без АО" not in name \
                and not re.match(r"^\d", name):
            rows.append((name, district))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT,
                        help="where to write (default: %(default)s)")
    out = parser.parse_args(argv).out
    catalogue = json.loads(ISO_JSON.read_text())["3166-2"]
    ru = gettext.translation("iso_3166-2", "/usr/share/locale", languages=["ru"])
    iso = [(x["code"], x["type"], ru.gettext(x["name"])) for x in catalogue
           if x["code"].startswith("RU-") or x["code"] in ("UA-43", "UA-40")]
    rosstat = dict(rosstat_rows())
    folded = {name.casefold(): name for name in rosstat}
    rows = []
    for code, kind, iso_name in sorted(iso):
        name = ALIASES.get(iso_name, iso_name)
        name = folded.get(name.casefold())
        if name is None:
            raise SystemExit(f"{code} {iso_name!r}: no row of {WORKBOOK.name} sheet 2 has this "
                             "name; add the spelling to ALIASES")
        note = ("ISO 3166-2 lists it under Ukraine; Rosstat counts it among Russia's subjects "
                "since 2014" if code.startswith("UA-") else "")
        part_of = next((o for o, parts in OKRUGS.items() if code in parts), "")
        okrugs = " ".join(OKRUGS.get(code, ()))
        rows.append([code, code, name, iso_name, rosstat.pop(name), kind, okrugs, part_of,
                     "with its autonomous okrugs" if okrugs else "", note])
        if okrugs:
            rows.append([f"{code} excl. {okrugs}", code, f"{name} без автономных округов",
                         "", rosstat.get(name, rows[-1][4]), kind, "", "",
                         "without its autonomous okrugs", ""])
    if rosstat:
        raise SystemExit(f"rows of {WORKBOOK.name} sheet 2 without an ISO code: {sorted(rosstat)}")
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["unit", "iso_3166_2", "name", "name_iso", "federal_district", "iso_type",
                         "okrugs", "part_of", "scope", "note"])
        writer.writerows(rows)
    print(f"wrote {out}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
