"""Every parameter a notebook takes: its meaning, the values it accepts, and the check.

The study keys (:class:`~ecosystems.analysis.study.Study`) are the same in
every notebook; the others belong to one notebook. :func:`check_parameters`
checks a mapping (a parameter file) before anything runs: unknown keys (with
the closest valid name), wrong types, impossible values, contradictions.
README "Changing parameters" shows :data:`PARAMETERS` as a table (a test
keeps the two the same).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import ParameterError
from .study import CUT_METHODS, DATA_METHODS, Study


@dataclass(frozen=True)
class Parameter:
    """One parameter: where it is used, what it means, and how its value is checked.

    ``check(value)`` returns ``None`` when the value is acceptable, else the
    words that follow the value in the message (e.g. "is not a number").
    """

    name: str
    notebooks: str
    meaning: str
    check: Callable[[object], str | None] = lambda value: None


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _optional(test: Callable[[object], str | None]):
    return lambda value: None if value is None else test(value)


def _positive(value):
    return None if _number(value) and value > 0 else "is not a positive number"


def _share(value):
    return None if _number(value) and 0 < value <= 1 else (
        "is not a share in (0, 1]" + (f"; did you mean {value / 100:g}?"
                                      if _number(value) and 1 < value <= 100 else ""))


def _whole(low: int):
    def test(value):
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= low
        return None if ok else f"is not a whole number >= {low}"
    return test


def _flag(value):
    return None if isinstance(value, bool) else "is not true or false"


def _range(value):
    ok = (isinstance(value, list | tuple) and len(value) == 2 and all(map(_number, value))
          and 0 < value[0] < value[1])
    return None if ok else "is not a range [low, high] with 0 < low < high"


def _choice(options):
    return lambda value: None if value in options else f"is not one of {list(options)}"


def _list_of(test, what):
    def check(value):
        if not isinstance(value, list | tuple) or not value:
            return f"is not a non-empty list of {what}"
        for item in value:
            problem = test(item)
            if problem:
                return f"has {item!r}, which {problem}"
        return None
    return check


def _mapping(value):
    return None if isinstance(value, dict) else "is not a mapping of name: value"


def _study(key):
    def check(value):
        try:
            Study(**{key: value})
        except ParameterError as exc:
            return str(exc).split(": ", 1)[1].removeprefix(repr(value)).strip() or "is invalid"
        return None
    return check


ALL = "every notebook"
_STUDY = [
    ("data_path", "the indicator table (CSV or .xlsx, long or wide layout); null: the paper's "
                  "Table 3 (data/table3.csv); relative paths from the repository root"),
    ("data_sheet", "workbook sheet (name or number from 0); null: the first"),
    ("clusters", "the clusters studied (names as in the data); null: all"),
    ("thresholds", "explicit cut points {innovation: [lower, upper], productivity: [lower, "
                   "upper]} (million rubles per employee); null: chosen by cut_method"),
    ("cut_method", "who chooses the cut points: " + ", ".join(CUT_METHODS[:2]) + " or from the "
                   "data (" + ", ".join(DATA_METHODS) + ", each also _per_year); null: paper, "
                   "or explicit when thresholds are given"),
    ("deflator", "classify in real terms: a series of the deflator table for both indicators "
                 "(e.g. gdp_deflator), or {rd_per_employee: series, value_added_per_employee: "
                 "series}; null: nominal rubles"),
    ("deflator_path", "the deflator table; null: data/deflators.csv"),
    ("base_year", "real terms are in rubles of this year"),
    ("suspect_zeros_as_missing", "true: value added of exactly 0 counts as missing; false: "
                                 "as published (the paper)"),
    ("langs", "languages of the outputs, the first shown ([en, ru]); null: both"),
    ("output_dir", "folder of the figures (tables in its tables/); null: figures/ (or the "
                   "runner's --dest)"),
]
PARAMETERS: dict[str, Parameter] = {
    name: Parameter(name, ALL, meaning, _study(name)) for name, meaning in _STUDY}
for p in [
    Parameter("seed", "05", "seed of the Monte-Carlo draws", _study("seed")),
    Parameter("participants_path", "04", "participant-level supplies (Resolution 779 form); "
              "null: the SYNTHETIC example", _study("participants_path")),
    Parameter("participants_sheet", "04", "workbook sheet of the participant table",
              _study("participants_sheet")),
    Parameter("jump", "01", "report year-on-year changes larger than this factor; null: 3",
              _optional(lambda v: None if _number(v) and v > 1 else "is not a factor > 1")),
    Parameter("rules", "02", "operational rules of the claims ledger (fields of ClaimRules); "
              "null: the defaults", _optional(_mapping)),
    Parameter("alternative_thresholds", "02", "other cut points the ledger is re-evaluated "
              "under", _list_of(_mapping, "threshold mappings")),
    Parameter("alternative_rules", "02", "other rules the ledger is re-evaluated under",
              _list_of(_mapping, "rule mappings")),
    Parameter("scale", "03, 07", "axis scale of the phase portraits (symlog or linear)",
              _optional(_choice(("symlog", "linear")))),
    Parameter("min_cooperation", "04", "the selection line: cooperation share above which a "
              "cluster is kept; null: the paper's 0.30", _optional(_share)),
    Parameter("inclusive", "04", "true: keep a share equal to the line (the law's 'not less "
              "than'); false: strictly above (the paper's 'above')", _flag),
    Parameter("cooperation_lines", "04", "selection lines compared; null: 0.10, 0.20, 0.30, 0.50",
              _optional(_list_of(_share, "shares"))),
    Parameter("selection_year", "04", "year of the participant data the selection uses; null: "
              "the latest", _optional(_whole(1990))),
    Parameter("oat_range", "05", "study 1: each cut moved from low to high times its value",
              _range),
    Parameter("oat_steps", "05", "study 1: log-spaced steps (odd keeps 1.0 itself)", _whole(2)),
    Parameter("map_range", "05", "study 2: range of both cuts of a map, multiples of the base",
              _range),
    Parameter("map_resolution", "05", "study 2: grid points per axis", _whole(2)),
    Parameter("margin_axis_max", "05", "study 3: right end of the margin figure (1.0: a 100% "
              "move)", _positive),
    Parameter("alternative_methods", "05", "study 4: data-driven methods compared; null: all",
              _optional(_list_of(_choice(DATA_METHODS), "methods"))),
    Parameter("noise_sigma", "05", "study 6: standard deviation of the log measurement error",
              lambda v: None if _number(v) and v >= 0 else "is not a number >= 0"),
    Parameter("noise_draws", "05", "study 6: Monte-Carlo draws", _whole(1)),
    Parameter("year", "06", "year of the support profiles; null: each cluster's latest",
              _optional(_whole(1990))),
    Parameter("write_docx", "06", "also write the cluster profiles as Word documents", _flag),
]:
    PARAMETERS[p.name] = p


def suggest(name: str, known) -> str:
    """``"; did you mean 'thresholds'?"`` for a misspelt name, or ``""``."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def check_parameters(params: dict, source: str = "parameters", known=None) -> None:
    """Check every key and value of ``params`` before anything runs.

    Parameters
    ----------
    params : dict
        Parameter name to value (e.g. from :func:`ecosystems.io.paramfile.read_param_file`).
    source : str
        What to call the mapping in messages (the file name).
    known : iterable of str, optional
        The names accepted (the parameters the notebooks to run declare);
        all of :data:`PARAMETERS` by default.

    Raises
    ------
    ParameterError
        One line per problem, each naming ``source``, the key and the value.
    """
    known = set(PARAMETERS if known is None else known)
    problems = []
    for key, value in params.items():
        if key not in known:
            problems.append(f"{source}: unknown parameter {key!r}{suggest(key, known)}")
            continue
        spec = PARAMETERS.get(key)
        problem = spec.check(value) if spec is not None else None
        if problem:
            problems.append(f"{source}: {key}: {value!r} {problem}")
    if not problems:  # the study keys together: contradictions between them
        try:
            Study.from_params(params)
        except ParameterError as exc:
            problems.append(f"{source}: {exc}")
    if problems:
        raise ParameterError("\n".join(problems))


#: The study keys every notebook declares, in this order, with these defaults.
STUDY_DEFAULTS = {"data_path": None, "data_sheet": None, "clusters": None, "thresholds": None,
                  "cut_method": None, "deflator": None, "deflator_path": None,
                  "base_year": 2020, "suspect_zeros_as_missing": False, "langs": None,
                  "output_dir": None}


def parameter_line(name: str, default) -> str:
    """``name = default  # meaning``: one line of a notebook's parameters cell."""
    meaning = PARAMETERS[name].meaning.replace("null", "None").replace("true:", "True:")
    return f"{name} = {default!r}  # {meaning.replace('false:', 'False:')}"


def parameters_cell(own: dict) -> str:
    """The source of a notebook's parameters cell: the study block, then its own keys.

    Parameters
    ----------
    own : dict
        The notebook's own parameter names and defaults, in order.
    """
    lines = ["# Parameters (papermill; an unknown name is an error). The study: the same keys in "
             "every notebook.",
             *(parameter_line(k, v) for k, v in STUDY_DEFAULTS.items())]
    if own:
        lines += ["# This notebook:", *(parameter_line(k, v) for k, v in own.items())]
    return "\n".join(lines) + "\n"
