"""Every parameter a notebook takes, declared once: its default, its meaning and its check.

:class:`Parameters` is the model: a frozen dataclass whose fields are the
parameters, each with its default and, in the field's metadata, its meaning,
the notebooks that take it and the check of its value. The rest is made from it:

- the study keys (:data:`STUDY_KEYS`, taken by every notebook) travel as one
  mapping, a notebook's ``study`` parameter; :class:`~ecosystems.analysis.study.Study`
  checks them with the model's checks (:func:`problems`);
- :func:`parameters_cell` writes each notebook's ``parameters`` cell;
- :func:`parameter_table` is the table of the documentation;
- :func:`check_parameters` checks a parameter file (flat keys) before anything
  runs: unknown keys (with the closest valid name), wrong types, impossible
  values, contradictions.
"""

from __future__ import annotations

import copy
import difflib
import json
import pprint
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path

from ..errors import ParameterError
from ..io.deflation import deflator_series
from ..io.reference import LANGS
from ..typology.cut_methods import METHODS
from ..typology.thresholds import Thresholds

ALL = "every notebook"
#: The name of the mapping that carries the study keys in a notebook's ``parameters`` cell.
STUDY = "study"


# -- checks: each returns None for an acceptable value, else the words that follow the value ----
def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _whole_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _optional(test: Callable[[object], str | None]):
    return lambda value: None if value is None else test(value)


def _path(value):
    ok = value is None or isinstance(value, str | Path)
    return None if ok else "is not a path; give a file name (text) or null"


def _sheet(value):
    ok = value is None or isinstance(value, str) or (_whole_number(value) and value >= 0)
    return None if ok else "is not a sheet; give a sheet name, a number from 0, or null"


def _clusters(value):
    chosen = (value,) if isinstance(value, str) else value
    if not isinstance(chosen, list | tuple) or not all(isinstance(c, str) for c in chosen):
        return "is not a list of cluster names"
    return None if chosen else "is empty; give names or null (all)"


def _thresholds(value):
    try:
        Thresholds.from_any(value)
    except (TypeError, ValueError) as exc:
        return f"are not cut points: {exc}"
    return None


#: Every value ``cut_method`` takes: who chooses the cut points.
def _cut_methods() -> tuple[str, ...]:
    return ("paper", "explicit", *METHODS, *(f"{m}_per_year" for m in METHODS))


def _cut_method(value):
    return None if value in _cut_methods() else f"is not one of {list(_cut_methods())}"


def _deflator(value):
    try:
        deflator_series(value)
    except (TypeError, ValueError) as exc:
        return f"is not a deflator: {exc}"
    return None


def _year(low: int, high: int):
    def test(value):
        ok = _whole_number(value) and low <= value <= high
        return None if ok else f"is not a whole year between {low} and {high}"
    return test


def _langs(value):
    langs = (value,) if isinstance(value, str) else value
    ok = (isinstance(langs, list | tuple) and all(lang in LANGS for lang in langs)
          and len(set(langs)) == len(langs))
    return None if ok else f"is not a list of distinct {list(LANGS)}"


def _positive(value):
    return None if _number(value) and value > 0 else "is not a positive number"


def _at_least_zero(value):
    return None if _number(value) and value >= 0 else "is not a number >= 0"


def _factor(value):
    return None if _number(value) and value > 1 else "is not a factor > 1"


def _share(value):
    return None if _number(value) and 0 < value <= 1 else (
        "is not a share in (0, 1]" + (f"; did you mean {value / 100:g}?"
                                      if _number(value) and 1 < value <= 100 else ""))


def _whole(low: int):
    def test(value):
        return None if _whole_number(value) and value >= low else f"is not a whole number >= {low}"
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


def _param(default, meaning: str, check, notebooks: str = ALL):
    """A field of :class:`Parameters`: its default, and its meaning, notebooks and check."""
    kind = ({"default_factory": lambda: copy.deepcopy(default)} if isinstance(default, list | dict)
            else {"default": default})
    return field(**kind, metadata={"meaning": meaning, "notebooks": notebooks, "check": check})


@dataclass(frozen=True)
class Parameters:
    """Every parameter of the collection: its default, meaning and check, said only here.

    The study keys (those of every notebook) come first, then each notebook's
    own keys. A parameter file sets any of them by name; a notebook's
    ``parameters`` cell holds the study keys as one mapping, ``study``
    (``{}``: the paper's configuration), and its own keys one by one.
    Making one checks every value (:meth:`from_mapping` also names unknown keys).
    The section below is made from the fields (``null`` is YAML's ``None``).
    """

    data_path: str | Path | None = _param(
        None, "the indicator table (CSV or .xlsx, long or wide layout); null: the paper's "
              "Table 3 (data/table3.csv); relative paths from the repository root", _path)
    data_sheet: str | int | None = _param(
        None, "workbook sheet (name or number from 0); null: the first", _sheet)
    clusters: list[str] | None = _param(
        None, "the clusters studied (names as in the data); null: all", _optional(_clusters))
    thresholds: dict | None = _param(
        None, "explicit cut points {innovation: [lower, upper], productivity: [lower, upper]} "
              "(million rubles per employee); null: chosen by cut_method",
        _optional(_thresholds))
    cut_method: str | None = _param(
        None, "who chooses the cut points: paper, explicit or from the data ("
              + ", ".join(METHODS) + ", each also _per_year); null: paper, or explicit when "
              "thresholds are given", _optional(_cut_method))
    deflator: str | dict | None = _param(
        None, "classify in real terms: a series of the deflator table for both indicators "
              "(e.g. gdp_deflator), or {rd_per_employee: series, value_added_per_employee: "
              "series}; null: nominal rubles", _optional(_deflator))
    deflator_path: str | Path | None = _param(
        None, "the deflator table; null: data/deflators.csv", _path)
    base_year: int = _param(2020, "real terms are in rubles of this year", _year(1990, 2100))
    suspect_zeros_as_missing: bool = _param(
        False, "true: value added of exactly 0 counts as missing; false: as published (the "
               "paper)", _flag)
    langs: list[str] | None = _param(
        None, "languages of the outputs, the first shown ([en, ru]); null: both",
        _optional(_langs))
    output_dir: str | Path | None = _param(
        None, "folder of the figures (tables in its tables/); null: figures/ (or the runner's "
              "--dest)", _path)
    # -- 01
    jump: float | None = _param(
        None, "report year-on-year changes larger than this factor; null: 3", _optional(_factor),
        "01")
    # -- 02
    rules: dict | None = _param(
        None, "operational rules of the claims ledger (fields of ClaimRules); null: the "
              "defaults", _optional(_mapping), "02")
    alternative_thresholds: list[dict] = _param(
        [{"innovation": [0.09, 0.27], "productivity": [1.8, 3.6]},
         {"innovation": [0.11, 0.33], "productivity": [2.2, 4.4]},
         {"innovation": [0.05, 0.15], "productivity": [1.0, 2.0]},
         {"innovation": [0.2, 0.6], "productivity": [4.0, 8.0]}],
        "other cut points the ledger is re-evaluated under",
        _list_of(_mapping, "threshold mappings"), "02")
    alternative_rules: list[dict] = _param(
        [{"growth": "one_dip"}, {"decline": "every_year"}, {"over_years": "most_years"},
         {"approach_margin": 0.5}, {"significant_change": 2.0}],
        "other rules the ledger is re-evaluated under", _list_of(_mapping, "rule mappings"), "02")
    # -- 03 and 07
    scale: str | None = _param(
        "symlog", "axis scale of the phase portraits (symlog or linear)",
        _optional(_choice(("symlog", "linear"))), "03, 07")
    # -- 04
    participants_path: str | Path | None = _param(
        None, "participant-level supplies (Resolution 779 form); null: the SYNTHETIC example",
        _path, "04")
    participants_sheet: str | int | None = _param(
        None, "workbook sheet of the participant table", _sheet, "04")
    min_cooperation: float | None = _param(
        None, "the selection line: cooperation share above which a cluster is kept; null: the "
              "paper's 0.30", _optional(_share), "04")
    inclusive: bool = _param(
        False, "true: keep a share equal to the line (the law's 'not less than'); false: "
               "strictly above (the paper's 'above')", _flag, "04")
    cooperation_lines: list[float] | None = _param(
        None, "selection lines compared; null: 0.10, 0.20, 0.30, 0.50",
        _optional(_list_of(_share, "shares")), "04")
    selection_year: int | None = _param(
        None, "year of the participant data the selection uses; null: the latest",
        _optional(_whole(1990)), "04")
    # -- 05
    oat_range: list[float] = _param(
        [0.5, 2.0], "study 1: each cut moved from low to high times its value", _range, "05")
    oat_steps: int = _param(
        61, "study 1: log-spaced steps (odd keeps 1.0 itself)", _whole(2), "05")
    map_range: list[float] = _param(
        [0.5, 2.0], "study 2: range of both cuts of a map, multiples of the base", _range, "05")
    map_resolution: int = _param(41, "study 2: grid points per axis", _whole(2), "05")
    margin_axis_max: float = _param(
        1.0, "study 3: right end of the margin figure (1.0: a 100% move)", _positive, "05")
    alternative_methods: list[str] | None = _param(
        None, "study 4: data-driven methods compared; null: all",
        _optional(_list_of(_choice(METHODS), "methods")), "05")
    noise_sigma: float = _param(
        0.1, "study 6: standard deviation of the log measurement error", _at_least_zero, "05")
    noise_draws: int = _param(10000, "study 6: Monte-Carlo draws", _whole(1), "05")
    seed: int = _param(0, "seed of the Monte-Carlo draws", _whole(0), "05")
    # -- 06
    year: int | None = _param(
        None, "year of the support profiles; null: each cluster's latest",
        _optional(_whole(1990)), "06")
    write_docx: bool = _param(
        True, "also write the cluster profiles as Word documents", _flag, "06")

    def __post_init__(self):
        found = problems({f.name: getattr(self, f.name) for f in fields(self)})
        if found:
            raise ParameterError("\n".join(found))

    @classmethod
    def from_mapping(cls, params: dict, source: str = "parameters") -> Parameters:
        """The parameters of a flat mapping (a parameter file), every key and value checked.

        Raises
        ------
        ParameterError
            One line per problem, each starting with ``source``.
        """
        check_parameters(params, source)
        return cls(**params)


def _yaml(value) -> str:
    return json.dumps(value).replace('"', "") if value is not None else "null"


def _docstring() -> str:
    """The numpydoc sections of :class:`Parameters`, from its fields (``help`` shows them)."""
    lines = ["", "    Parameters", "    ----------"]
    for f in fields(Parameters):
        value = f.default if f.default_factory is MISSING else f.default_factory()
        lines += [f"    {f.name} : default ``{_yaml(value)}``",
                  f"        {f.metadata['meaning']} ({f.metadata['notebooks']})."]
    lines += ["", "    Raises", "    ------", "    ParameterError",
              "        One line per problem, each naming the key and the value and what to give.",
              "", "    Examples", "    --------",
              "    >>> Parameters().base_year, Parameters(cut_method=\"tertiles\").cut_method",
              "    (2020, 'tertiles')", ""]
    return "\n".join(lines)


Parameters.__doc__ += _docstring()

#: Each parameter's field: ``.default`` (or ``.default_factory``) and ``.metadata``.
FIELDS = {f.name: f for f in fields(Parameters)}
#: The study keys: every notebook takes them, as one mapping (``study``).
STUDY_KEYS = tuple(name for name, f in FIELDS.items() if f.metadata["notebooks"] == ALL)


def default(name: str):
    """The default of parameter ``name`` (a fresh copy of a list or mapping)."""
    f = FIELDS[name]
    return f.default if f.default_factory is MISSING else f.default_factory()


def meaning(name: str) -> str:
    """What parameter ``name`` means."""
    return FIELDS[name].metadata["meaning"]


def notebooks_of(name: str) -> str:
    """The notebooks that take ``name`` (``"every notebook"`` for a study key)."""
    return FIELDS[name].metadata["notebooks"]


def own_keys(notebook: str) -> list[str]:
    """The parameters notebook ``notebook`` (its number, ``"05"``) takes besides the study keys."""
    return [name for name, f in FIELDS.items()
            if notebook in f.metadata["notebooks"].split(", ")]


def problems(params: dict) -> list[str]:
    """``key: value what-is-wrong`` for every value of ``params`` its check refuses, and for
    keys that contradict each other; unknown keys are not looked at."""
    found = []
    for key, value in params.items():
        if key in FIELDS:
            problem = FIELDS[key].metadata["check"](value)
            if problem:
                found.append(f"{key}: {value!r} {problem}")
    method, thresholds = params.get("cut_method"), params.get("thresholds")
    if method == "explicit" and thresholds is None:
        found.append("cut_method: 'explicit' needs thresholds; give them or use cut_method "
                     "'paper'")
    if method not in (None, "explicit") and thresholds is not None:
        found.append(f"thresholds: given with cut_method {method!r}, which chooses its own cut "
                     "points; leave one of them out")
    return found


def suggest(name: str, known) -> str:
    """``"; did you mean 'thresholds'?"`` for a misspelt name, or ``""``."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def check_parameters(params: dict, source: str = "parameters", known=None) -> None:
    """Check every key and value of ``params`` before anything runs.

    Parameters
    ----------
    params : dict
        Parameter name to value, study keys flat or as one ``study`` mapping
        (e.g. from :func:`ecosystems.io.paramfile.read_param_file`).
    source : str
        What to call the mapping in messages (the file name).
    known : iterable of str, optional
        The names accepted (the parameters the notebooks to run take);
        every field of :class:`Parameters` by default.

    Raises
    ------
    ParameterError
        One line per problem, each naming ``source``, the key and the value.
    """
    params = flatten(params, source)
    known = set(FIELDS if known is None else known)
    found = [f"{source}: unknown parameter {key!r}{suggest(key, known)}"
             for key in params if key not in known]
    found += [f"{source}: {problem}" for problem in problems(params)]
    if found:
        raise ParameterError("\n".join(found))


def flatten(params: dict, source: str = "parameters") -> dict:
    """``params`` with its ``study`` mapping, if any, spread into flat study keys.

    Raises
    ------
    ParameterError
        When ``study`` is not a mapping, or holds a key that is not a study key.
    """
    if STUDY not in params:
        return dict(params)
    study = params[STUDY] or {}
    if not isinstance(study, dict):
        raise ParameterError(f"{source}: {STUDY}: {study!r} is not a mapping of study keys")
    others = [k for k in study if k not in STUDY_KEYS]
    if others:
        raise ParameterError(f"{source}: {STUDY}: {others[0]!r} is not a study key"
                             f"{suggest(others[0], STUDY_KEYS)}; the study keys are "
                             f"{list(STUDY_KEYS)}")
    return {**study, **{k: v for k, v in params.items() if k != STUDY}}


def declared(cell_params: dict) -> dict:
    """The flat parameters a notebook declares, from its ``parameters`` cell's names and
    values: the study keys with their defaults (and the cell's ``study`` mapping on top),
    then its own keys."""
    if STUDY not in cell_params:
        return dict(cell_params)
    return {**{k: default(k) for k in STUDY_KEYS}, **flatten(cell_params)}


def for_notebook(params: dict) -> dict:
    """Flat parameters as a notebook takes them: the study keys as one ``study`` mapping
    (left out when there are none), the notebook's own keys as they are."""
    study = {k: v for k, v in params.items() if k in STUDY_KEYS}
    own = {k: v for k, v in params.items() if k not in STUDY_KEYS}
    return {STUDY: study, **own} if study else own


def parameters_cell(notebook: str) -> str:
    """The source of notebook ``notebook``'s (``"05"``) parameters cell, from the model."""
    lines = ["# Parameters (papermill). Each key's meaning, default and check: "
             "help(eco.Parameters).",
             f"{STUDY} = {{}}  # the study's keys, e.g. {{\"cut_method\": \"tertiles\"}}; "
             "{}: the paper's"]
    for name in own_keys(notebook):
        head = f"{name} = "
        text = pprint.pformat(default(name), width=100 - len(head), sort_dicts=False)
        lines.append(head + text.replace("\n", "\n" + " " * len(head)))
    return "\n".join(lines)


def parameter_table() -> str:
    """Every parameter as a Markdown table: key, default, notebooks, meaning."""
    rows = ["| key | default | notebooks | meaning |", "|---|---|---|---|"]
    rows += [f"| `{name}` | `{_yaml(default(name))}` | {notebooks_of(name)} | {meaning(name)} |"
             for name in FIELDS]
    return "\n".join(rows)
