"""Where things are: every path the collection uses, and the environment variables it reads.

Paths are anchored on the repository root.

papermill runs kernels in the caller's working directory and nbval in the
notebook's folder, so nothing here depends on the current directory.

The one thing that can be redirected is where outputs go: the pipeline sets
``ECOSYSTEMS_OUTPUT_DIR`` to a staging folder so that a failed or interrupted
run never overwrites the committed figures and tables.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
PARAMS = ROOT / "params"
BUILD = ROOT / "build"
CANONICAL_FIGURES = ROOT / "figures"
LOCK = ROOT / "requirements.lock"
EXPLORER_NOTEBOOK = NOTEBOOKS / "07_explorer.ipynb"  # served by `make explore`

TABLE3 = DATA / "table3.csv"
TYPOLOGY = DATA / "typology.csv"
CLUSTERS = DATA / "clusters.csv"
CLUSTER_INDUSTRIES = DATA / "cluster_industries.csv"
LABELS = DATA / "labels.csv"
DEFLATORS = DATA / "deflators.csv"
PARTICIPANTS_SYNTHETIC = DATA / "participants_SYNTHETIC_example.csv"
SUPPORT_MEASURES = DATA / "support_measures.csv"
POLICY_SUMMARIES = DATA / "policy_summaries.csv"
COOPERATION = DATA / "cooperation_reported.csv"
CLAIMS = DATA / "claims.csv"
ERRATA = DATA / "errata.csv"
RD_INTENSITY = DATA / "rd_intensity_industries.csv"
CHECKSUMS = DATA / "SHA256SUMS"

#: Set by the runner: where a notebook's figures and tables go (a staging folder).
OUTPUT_ENV = "ECOSYSTEMS_OUTPUT_DIR"
#: Set by the runner (and by nbval's conftest): the notebook being executed, for the sidecars.
NOTEBOOK_ENV = "ECOSYSTEMS_NOTEBOOK"
#: Set by the runner: the parameters given to the notebook (JSON), for the sidecars.
PARAMETERS_ENV = "ECOSYSTEMS_PARAMETERS"


def user_path(value, default: Path | None = None) -> Path | None:
    """A path given as a parameter, resolved the same way in every notebook.

    papermill and nbval run kernels in different working directories, so a
    relative path is taken from the repository root, never from the current
    directory.

    Parameters
    ----------
    value : str, pathlib.Path or None
        The parameter; ``None`` or an empty string means "use ``default``".
    default : pathlib.Path, optional

    Returns
    -------
    pathlib.Path or None
    """
    if value is None or str(value) == "":
        return default
    path = Path(value).expanduser()
    return path if path.is_absolute() else ROOT / path


def figures_dir(output_dir=None) -> Path:
    """Folder that figures are written to.

    Parameters
    ----------
    output_dir : str or pathlib.Path, optional
        A notebook's ``output_dir`` parameter; relative paths are taken from
        the repository root (:func:`user_path`).

    Returns
    -------
    pathlib.Path
        ``output_dir`` when given; else ``$ECOSYSTEMS_OUTPUT_DIR`` when set
        (the pipeline's staging folder); else ``figures/`` in the repository.
    """
    if output_dir is None or str(output_dir) == "":
        output_dir = os.environ.get(OUTPUT_ENV)
    return user_path(output_dir, CANONICAL_FIGURES)


def tables_dir(output_dir=None) -> Path:
    """Folder that tables are written to: ``tables/`` inside :func:`figures_dir`."""
    return figures_dir(output_dir) / "tables"


def relative(path: Path) -> str:
    """``path`` relative to the repository root when inside it, for messages and outputs.

    Symbolic links are resolved; a link that loops or cannot be followed is
    named as given (made absolute), so that a message can still name it.
    """
    try:
        path = Path(path).resolve()
    except (OSError, RuntimeError):  # a symlink loop: RuntimeError before Python 3.13
        path = Path(os.path.abspath(path))
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
