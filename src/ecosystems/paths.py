"""Every path the collection uses, anchored on the repository root.

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
LABELS = DATA / "labels.csv"
DEFLATORS = DATA / "deflators.csv"
PARTICIPANTS_SYNTHETIC = DATA / "participants_SYNTHETIC_example.csv"
SUPPORT_MEASURES = DATA / "support_measures.csv"
POLICY_SUMMARIES = DATA / "policy_summaries.csv"
COOPERATION = DATA / "cooperation_reported.csv"
CLAIMS = DATA / "claims.csv"
ERRATA = DATA / "errata.csv"
CHECKSUMS = DATA / "SHA256SUMS"

OUTPUT_ENV = "ECOSYSTEMS_OUTPUT_DIR"


def figures_dir() -> Path:
    """Folder that figures are written to (``figures/`` unless redirected).

    Returns
    -------
    pathlib.Path
        ``$ECOSYSTEMS_OUTPUT_DIR`` when set (relative values are taken from
        the repository root), else ``figures/`` in the repository.
    """
    override = os.environ.get(OUTPUT_ENV)
    if not override:
        return CANONICAL_FIGURES
    path = Path(override)
    return path if path.is_absolute() else ROOT / path


def tables_dir() -> Path:
    """Folder that tables are written to: ``tables/`` inside :func:`figures_dir`."""
    return figures_dir() / "tables"


def relative(path: Path) -> str:
    """``path`` relative to the repository root when inside it, for messages and outputs."""
    path = Path(path).resolve()
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
