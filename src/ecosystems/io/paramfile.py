"""Reading parameter files (YAML) safely: plain data only, small, one mapping.

A parameter file is a mapping of names to plain values (numbers, strings,
booleans, null, lists and mappings of those). PyYAML's safe loader already
refuses Python tags; on top of it this module refuses anchors and aliases (a
few lines of nested aliases can expand to gigabytes), files over
:data:`MAX_BYTES`, and values nested deeper than :data:`MAX_DEPTH`, each with
a :class:`~ecosystems.errors.ParameterError` naming the file and the place.
"""

from __future__ import annotations

from pathlib import Path

from .. import config
from ..errors import ParameterError

MAX_BYTES = 64 * 1024
MAX_DEPTH = 6


def _refuse(where: str, problem: str, mark=None) -> ParameterError:
    line = f", line {mark.line + 1}" if mark is not None else ""
    return ParameterError(f"{where}{line}: {problem}")


def _depth(value, level: int = 0) -> int:
    if isinstance(value, dict):
        return max([_depth(v, level + 1) for v in value.values()], default=level + 1)
    if isinstance(value, list):
        return max([_depth(v, level + 1) for v in value], default=level + 1)
    return level


def read_param_file(path) -> dict:
    """The mapping a YAML parameter file holds.

    Parameters
    ----------
    path : str or pathlib.Path
        Taken as given (relative to the current folder, as a shell would).

    Returns
    -------
    dict
        Parameter name to value; an empty file gives ``{}``.

    Raises
    ------
    ParameterError
        When the file is missing, not a regular file, larger than
        :data:`MAX_BYTES`, not valid YAML, uses a tag other than YAML's plain
        types, an anchor or an alias, nests deeper than :data:`MAX_DEPTH`, or
        does not hold a mapping with text keys.
    """
    import yaml

    path = Path(path)
    where = config.relative(path)
    if not path.exists():
        raise ParameterError(f"{where}: no such parameter file")
    if not path.is_file():
        raise ParameterError(f"{where}: not a file; give a YAML parameter file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ParameterError(f"{where}: {size} bytes; a parameter file is at most {MAX_BYTES} "
                             "bytes (is this the right file?)")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ParameterError(f"{where}: not UTF-8 text; save the parameter file as UTF-8") from None
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _refuse(where, "anchors and aliases (& and *) are not allowed in a "
                                     "parameter file; write the values out", event.start_mark)
        loaded = yaml.safe_load(text)
    except yaml.constructor.ConstructorError as exc:
        raise _refuse(where, f"{exc.problem}; a parameter file holds plain values only "
                             "(numbers, text, true/false, null, lists, mappings)",
                      exc.problem_mark) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise _refuse(where, f"not valid YAML ({getattr(exc, 'problem', exc)})", mark) from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ParameterError(f"{where}: a parameter file must be a mapping of name: value, "
                             f"got a {type(loaded).__name__}")
    bad = [k for k in loaded if not isinstance(k, str)]
    if bad:
        raise ParameterError(f"{where}: parameter names must be text, got {bad[0]!r}")
    if _depth(loaded) > MAX_DEPTH:
        raise ParameterError(f"{where}: values nested more than {MAX_DEPTH} levels deep")
    return loaded
