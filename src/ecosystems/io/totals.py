"""Regional totals divided by employment: the per-employee indicators of the typology.

:func:`per_employee` takes the totals that :func:`ecosystems.io.rosstat.read_rosstat` reads from
Rosstat's workbooks (R&D expenditure, gross value added, employment per region and year), or
DataFrames of the same form, converts their units exactly and divides; every region-year left out
is reported with its reason.
"""

from __future__ import annotations

import re

import pandas as pd

from ..errors import DataError
from .rosstat import RosstatTable, federal_subjects

_MONEY = ((r"млрд|billion", 9), (r"млн|million", 6), (r"тыс|thousand", 3), (r"руб|ruble", 0))
_PEOPLE = ((r"млн|million", 6), (r"тыс|thousand", 3), (r"чел|person|people|employ", 0))
_HOW = ("read_rosstat(path, sheet) of the workbook that holds it, then pass it as {arg}= "
        "(e.g. R&D: data/rosstat/rd_expenditure_regions_2010_2020.xlsx sheet '2'; value "
        "added: data/rosstat/grp_regions_1998_2023.xlsx sheet '1' or '2'; employment: "
        "data/rosstat/employment_regions_2010_2023.xlsx)")


def _exponent(text, table, what: str, arg: str, where: str) -> int:
    if text:
        folded = str(text).casefold()
        if re.search(r"руб|ruble", folded) or table is _PEOPLE:
            for pattern, exponent in table:
                if re.search(pattern, folded):
                    return exponent
    example = "'million rubles'" if table is _MONEY else "'thousand persons'"
    stated = "not stated" if not text else f"{text!r}, not understood"
    raise DataError(f"{where}: the unit of {what} is {stated}; give it as {arg}_unit= "
                    f"(e.g. {example})")


def _long(table, arg: str, unit, what: str, table_units) -> tuple[pd.DataFrame, int, str]:
    if isinstance(table, RosstatTable):
        frame, where, unit = table.values, table.where, unit or table.unit_text
    else:
        frame, where = pd.DataFrame(table), f"the {arg} table"
        missing = {"unit", "year", "value"} - set(frame.columns)
        if missing:
            raise DataError(f"{where}: no column {sorted(missing)}; expected a RosstatTable or "
                            "a DataFrame with columns unit, year, value")
    exponent = _exponent(unit, table_units, what, arg, where)
    return frame[["unit", "year", "value"]], exponent, where


def _scaled(quotient: pd.Series, exponent: int) -> pd.Series:
    """``quotient`` times ``10**exponent``, with one rounding (a division for negative powers)."""
    return quotient * 10 ** exponent if exponent >= 0 else quotient / 10 ** -exponent


def per_employee(rd=None, value_added=None, employment=None, *, rd_unit=None,
                 value_added_unit=None, employment_unit=None, report: bool = False):
    """Divide regional totals by employment into the per-employee indicators of the typology.

    Parameters
    ----------
    rd, value_added : RosstatTable or pandas.DataFrame
        Totals per region and year (R&D expenditure; gross value added), as
        :func:`read_rosstat` returns them, or a DataFrame with columns ``unit`` (the
        registry's key, see :func:`federal_subjects`), ``year``, ``value``.
    employment : RosstatTable or pandas.DataFrame
        Employed persons per region and year, in the same form.
    rd_unit, value_added_unit, employment_unit : str, optional
        The unit of each table ("million rubles", "тыс. человек"), needed when the workbook
        does not state it in its title rows (the unit read there is used otherwise).
    report : bool
        Also return what was left out.

    Returns
    -------
    pandas.DataFrame, or (pandas.DataFrame, pandas.DataFrame) with ``report=True``
        The long table ``cluster`` (the region's name in the registry), ``year``,
        ``rd_per_employee``, ``value_added_per_employee`` in million rubles per employed
        person, one row per region and year present in all three tables; and, with
        ``report=True``, every region and year left out: ``unit``, ``year``, ``reason``.
        Without ``report`` a :class:`ecosystems.DataWarning` counts what was left out.

    Raises
    ------
    DataError
        When an indicator or the employment is missing (naming it and how to add it), or a
        unit is neither stated nor given.

    Notes
    -----
    Units are converted with one rounding: million rubles over thousand persons is the
    quotient divided by 1000. A region is joined only to the same registry unit: the Tyumen
    oblast with its okrugs (R&D, GRP) is never divided by the employment of the oblast
    without them (the employment table), which would give about ten times the true value;
    the tables' rows "... без АО" join instead.
    """
    given = {"rd": rd, "value_added": value_added, "employment": employment}
    absent = [k for k, v in given.items() if v is None]
    if absent:
        have = [k for k, v in given.items() if v is not None]
        raise DataError(
            f"per_employee: {' and '.join(absent)} missing (given: {', '.join(have) or 'none'}); "
            "the typology needs rd_per_employee and value_added_per_employee, so R&D, value "
            "added and employment per region and year are all needed. Read each with "
            + _HOW.format(arg=absent[0]))
    rd_frame, rd_exp, _ = _long(rd, "rd", rd_unit, "R&D expenditure", _MONEY)
    va_frame, va_exp, _ = _long(value_added, "value_added", value_added_unit, "value added",
                                _MONEY)
    emp_frame, emp_exp, _ = _long(employment, "employment", employment_unit, "employment",
                                  _PEOPLE)
    key = ["unit", "year"]
    merged = (rd_frame.rename(columns={"value": "rd"})
              .merge(va_frame.rename(columns={"value": "va"}), on=key, how="outer")
              .merge(emp_frame.rename(columns={"value": "emp"}), on=key, how="outer"))
    complete = merged[["rd", "va", "emp"]].notna().all(axis=1) & (merged["emp"] > 0)
    reg = federal_subjects().set_index("unit")
    names = reg["name"]
    out = merged[complete].copy()
    out["cluster"] = out["unit"].map(names)
    out["rd_per_employee"] = _scaled(out["rd"] / out["emp"], rd_exp - emp_exp - 6)
    out["value_added_per_employee"] = _scaled(out["va"] / out["emp"], va_exp - emp_exp - 6)
    result = (out[["cluster", "year", "rd_per_employee", "value_added_per_employee"]]
              .sort_values(["cluster", "year"]).reset_index(drop=True))
    result["year"] = result["year"].astype("int64")
    left = merged[~complete].copy()
    units_of = {k: set(f["unit"]) for k, f in
                (("rd", rd_frame), ("va", va_frame), ("emp", emp_frame))}

    def reason(row) -> str:
        lacking = [label for col, label in (("rd", "R&D"), ("va", "value added"),
                                            ("emp", "employment")) if pd.isna(row[col])]
        text = f"no {', no '.join(lacking)} value" if lacking else "employment is 0"
        base = reg.at[row["unit"], "iso_3166_2"] if row["unit"] in reg.index else None
        twins = [u for u in reg.index[reg["iso_3166_2"] == base] if u != row["unit"]]
        for col, label in (("emp", "employment"), ("rd", "R&D"), ("va", "value added")):
            other = [u for u in twins if u in units_of[col]]
            if pd.isna(row[col]) and other:
                text += (f" ({label} has {other[0]!r}, the oblast "
                         f"{reg.at[other[0], 'scope'] or 'as one unit'}: not joined)")
        return text

    left["reason"] = [reason(r) for _, r in left.iterrows()] if len(left) else []
    left = (left[["unit", "year", "reason"]].sort_values(key).reset_index(drop=True)
            .astype({"year": "int64"}))
    if report:
        return result, left
    if len(left):
        import warnings

        from ..errors import DataWarning
        warnings.warn(f"per_employee: {len(left)} region-years left out "
                      f"({left['unit'].nunique()} regions; e.g. {left.iloc[0]['unit']} "
                      f"{left.iloc[0]['year']}: {left.iloc[0]['reason']}); pass report=True "
                      "for the list", DataWarning, stacklevel=2)
    return result
