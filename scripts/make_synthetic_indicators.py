"""Write SYNTHETIC indicator tables at the sizes real uses meet into build/synthetic/.

Nothing in them is data about any cluster: ``ecosystems.synthetic_indicators``
draws them (seeded; the distribution is in ``src/ecosystems/io/synthetic.py``
and ``data/README.md``). Each file starts with ``#`` comment lines saying so,
and every cluster name starts with ``SYNTHETIC``. Written:

- ``indicators_SYNTHETIC_151x10.csv``: 151 clusters x 10 years, the size of
  GISP's Industrial Atlas (long layout, as ``data/table3.csv``);
- ``indicators_SYNTHETIC_151x10_wide.csv``: the same table in the wide layout
  (one row per cluster, ``НИОКР 2014`` ... ``Добавленная стоимость 2023``;
  semicolons and decimal commas, as Russian Excel saves it);
- ``indicators_SYNTHETIC_5000x20.csv``: 5,000 clusters x 20 years (a study of
  firms or regions).

Same seed, same NumPy: the same bytes. Run ``make synthetic`` (or this script;
``--dest DIR`` writes elsewhere).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import ecosystems as eco  # noqa: E402
from ecosystems.io.synthetic import SEED  # noqa: E402

SIZES = ((151, 10), (5000, 20))


def comment(n_clusters: int, n_years: int) -> str:
    return (f"# SYNTHETIC data: {n_clusters} invented clusters x {n_years} years, drawn by "
            f"ecosystems.synthetic_indicators(seed={SEED}); not data about any cluster\n"
            "# indicators in million rubles per employee (see data/README.md, 'SYNTHETIC "
            "indicator tables')\n")


def long_csv(df) -> str:
    return df.to_csv(index=False, lineterminator="\n", float_format="%.3f")


def wide_csv(df) -> str:
    wide = df.pivot(index="cluster", columns="year")
    names = {"rd_per_employee": "НИОКР", "value_added_per_employee": "Добавленная стоимость"}
    wide.columns = [f"{names[a]} {y}" for a, y in wide.columns]
    text = wide.rename_axis("Кластер").reset_index().to_csv(
        index=False, sep=";", decimal=",", lineterminator="\n", float_format="%.3f")
    return text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=ROOT / "build" / "synthetic")
    args = parser.parse_args(argv)
    args.dest.mkdir(parents=True, exist_ok=True)
    for n_clusters, n_years in SIZES:
        df = eco.synthetic_indicators(n_clusters, n_years, seed=SEED)
        stem = f"indicators_SYNTHETIC_{n_clusters}x{n_years}"
        (args.dest / f"{stem}.csv").write_text(comment(n_clusters, n_years) + long_csv(df),
                                               encoding="utf-8")
        if n_clusters == 151:
            (args.dest / f"{stem}_wide.csv").write_text(
                comment(n_clusters, n_years) + wide_csv(df), encoding="utf-8")
    for path in sorted(args.dest.glob("indicators_SYNTHETIC_*.csv")):
        print(f"wrote {eco.config.relative(path)} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
