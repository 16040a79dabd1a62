"""Write data/participants_SYNTHETIC_example.csv: invented participant-level data.

We have no real participant-level data (the paper reports only three cluster
shares). This seeded generator makes a small, clearly SYNTHETIC table in the
layout of the GISP calculation form for Resolution No. 779 (one row per
cluster, participant and year; volumes in million rubles) that shows the
calculation and its failure modes:

- ``SYNTHETIC A``: balanced participants; weighted and unweighted ratios agree;
- ``SYNTHETIC B``: one large participant with a low own ratio dominates: the
  weighted ratio is low although most participants cooperate strongly;
- ``SYNTHETIC C``: a participant with zero output (it joined to organise
  production; its own ratio is undefined), and shares near 30%;
- ``SYNTHETIC D``: one large participant with a high own ratio: the weighted
  ratio is high although most participants barely cooperate.

Same seed, same bytes. Run ``make synthetic`` (or this script) to regenerate.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ecosystems import config  # noqa: E402

SEED = 20150731  # the date of Resolution No. 779; any fixed number would do
YEARS = (2021, 2022, 2023)

# cluster -> list of (participant, typical total, low ratio, high ratio)
DESIGN = {
    "SYNTHETIC A (balanced)": [
        ("A1", 220, 0.35, 0.55), ("A2", 180, 0.35, 0.55), ("A3", 250, 0.35, 0.55),
        ("A4", 160, 0.35, 0.55), ("A5", 200, 0.35, 0.55),
    ],
    "SYNTHETIC B (dominant, low own ratio)": [
        ("B1", 5000, 0.04, 0.10), ("B2", 90, 0.55, 0.85), ("B3", 120, 0.55, 0.85),
        ("B4", 70, 0.55, 0.85), ("B5", 110, 0.55, 0.85),
    ],
    "SYNTHETIC C (zero-output participant)": [
        ("C1", 300, 0.22, 0.38), ("C2", 260, 0.22, 0.38), ("C3", 340, 0.22, 0.38),
        ("C4", 0, 0.0, 0.0),
    ],
    "SYNTHETIC D (dominant, high own ratio)": [
        ("D1", 3000, 0.60, 0.75), ("D2", 100, 0.03, 0.12), ("D3", 80, 0.03, 0.12),
        ("D4", 130, 0.03, 0.12),
    ],
}
# C4 starts producing in the last year (the law lets a cluster include a few
# participants that are only organising production).
C4_FIRST_OUTPUT = (2023, 45.0)

HEADER = f"""\
# SYNTHETIC example data: invented clusters and participants, NOT real data and NOT from the paper.
# Made by scripts/make_synthetic_participants.py (numpy default_rng, seed {SEED}); `make synthetic`
# regenerates it byte for byte. Layout of the GISP calculation form for Resolution No. 779:
# volumes supplied to other participants of the same cluster and in total, million rubles.
# It shows the failure modes of the volume-weighted ratio: dominant participants (B, D) and a
# participant with zero output (C4 in 2021-2022).
"""


def make(seed: int = SEED) -> pd.DataFrame:
    """The synthetic participant table (deterministic for a given seed)."""
    rng = np.random.default_rng(seed)
    rows = []
    for cluster, participants in DESIGN.items():
        for participant, typical, low, high in participants:
            for year in YEARS:
                total = round(typical * float(rng.lognormal(0.0, 0.15)), 1)
                ratio = float(rng.uniform(low, high))
                if participant == "C4":
                    total = C4_FIRST_OUTPUT[1] if year == C4_FIRST_OUTPUT[0] else 0.0
                    ratio = 0.5
                to_cluster = min(round(total * ratio, 1), total)
                rows.append((cluster, participant, year, to_cluster, total))
    return pd.DataFrame(rows, columns=[
        "cluster", "participant", "year",
        "supplied_to_cluster_mln_rub", "supplied_total_mln_rub",
    ])


def render(seed: int = SEED) -> str:
    """The file's text: the header comment, then the CSV table."""
    return HEADER + make(seed).to_csv(index=False, lineterminator="\n", float_format="%.1f")


def main(argv=None) -> int:
    first, _, rest = __doc__.partition("\n")
    parser = argparse.ArgumentParser(description=first, epilog=rest.strip(),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args(argv)
    target = config.PARTICIPANTS_SYNTHETIC
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {config.relative(target)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
