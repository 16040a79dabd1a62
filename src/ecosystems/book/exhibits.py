"""The exhibit map: a README for replicators, after the AEA Data Editor's template.

Generated from the provenance sidecars: each table, figure and claim of the
paper, and each of the collection's outputs, to the notebook, the cell and the
files that make it; then data availability and provenance, computational
requirements (measured run time, machine, the lock) and instructions to
replicators. Tables are ``{eco-table}`` directives (text nodes only).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import config
from ..outputs.escape import md_escape


def _cell_link(rec: dict) -> dict | str:
    if rec["made_by"]:
        return {"text": rec["made_by"]["text"], "uri": rec["made_by"]["uri"]}
    return "made outside the pipeline"


def _files(rec: dict) -> list:
    return [{"text": name, "uri": uri} for name, uri in rec["files"]]


def _output_link(rec: dict) -> dict:
    return {"text": rec["caption"], "uri": f"{rec['page']}#{rec['label']}"}


def render(records: list[dict], titles: dict[str, str], figures: Path, src: Path | None = None
           ) -> str:
    """The exhibit map as a MyST page (the book's ``exhibits.md``)."""
    from ..outputs.provenance import lock_versions, runs_dir
    from .replication import run_records
    from .tables import write_table

    src = src if src is not None else Path(figures).parent
    elements = pd.read_csv(config.DATA / "paper_elements.csv", keep_default_na=False)
    claims = pd.read_csv(config.CLAIMS, keep_default_na=False)
    paper_items = list(dict.fromkeys(elements["element"])) + [
        f"claim {c}" for c in claims["claim_id"]]
    by_item: dict[str, list[dict]] = {item: [] for item in paper_items}
    for rec in records:
        for item in rec["reproduces"]:
            by_item.setdefault(item, []).append(rec)
    ledger = next((r for r in records if r["key"] == "tables/claims"), None)
    rows = []
    for item, recs in by_item.items():
        if item.startswith("claim ") and ledger is not None and ledger not in recs:
            recs = [ledger, *recs]
        if not recs:
            rows.append([item, "not reproduced by any output", "", ""])
        for rec in recs:
            rows.append([item, _output_link(rec), _cell_link(rec), _files(rec)])
    paper_table = write_table(src, "exhibits-paper", "The paper's tables, figures and claims: "
                              "the outputs that reproduce or check them",
                              ["paper item", "our output", "notebook cell", "files"], rows)
    ours = write_table(src, "exhibits-outputs", "Every output of the collection",
                       ["output", "reproduces", "notebook cell", "files"],
                       [[_output_link(r), ", ".join(r["reproduces"]) or "(an extension)",
                         _cell_link(r), _files(r)] for r in records])
    used: dict[str, set[str]] = {}
    outside: dict[str, str] = {}
    for rec in records:
        for name, digest, target in rec["data"]:
            used.setdefault(name, set()).add(Path(rec["notebook"] or "?").stem)
            if target is None:
                outside[name] = digest
    sums = {}
    if config.CHECKSUMS.is_file():
        for line in config.CHECKSUMS.read_text(encoding="utf-8").splitlines():
            digest, _, name = line.partition("  ")
            sums["data/" + name] = digest
    data_rows = [[{"text": name, "uri": name} if name not in outside else name,
                  sums.get(name) or outside.get(name) or "", ", ".join(sorted(nbs))]
                 for name, nbs in sorted(used.items())]
    data_table = write_table(src, "exhibits-data", "Data files read by the outputs",
                             ["file", "SHA-256", "read by notebooks"], data_rows)
    runs = run_records(runs_dir(None if Path(figures).resolve() == config.CANONICAL_FIGURES
                                else Path(figures).parent))
    nbs = runs["notebooks"]
    if nbs:
        machine = next(iter(nbs.values()))["machine"]
        total = sum(r["seconds"] for r in nbs.values())
        timing = write_table(src, "exhibits-runtime", "Measured run time of each notebook "
                             "(the last pipeline run)", ["notebook", "seconds", "finished (UTC)"],
                             [[stem, f"{r['seconds']:.1f}", r["finished_utc"]]
                              for stem, r in nbs.items()])
        measured = (f"The last pipeline run took {total:.1f} s for {len(nbs)} notebooks on "
                    f"{md_escape(machine['processor'])}, {machine['cores']} cores, "
                    f"{machine['memory_gib']} GiB of memory, {md_escape(machine['system'])}, "
                    f"Python {md_escape(machine['python'])}.\n" + timing)
    else:
        measured = ("No pipeline run is recorded on this machine (`build/runs/` is empty), so "
                    "no run time was measured here: run `make all`.\n")
    import tomllib

    pins = lock_versions()
    python = tomllib.loads((config.ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["requires-python"]
    key = ", ".join(f"{k} {pins[k]}" for k in ("numpy", "pandas", "matplotlib", "papermill",
                                               "Sphinx") if k in pins)
    outside_note = ("" if not outside else
                    "\nData read from outside the repository (shown by name and digest, not "
                    "copied into the site): "
                    + "; ".join(f"{md_escape(n)} (sha256 {d})" for n, d in outside.items())
                    + ".\n")
    notebook_list = "\n".join(f"- {{doc}}`notebooks/{stem}`" for stem in titles)
    return f"""# Exhibit map

A README for replicators in the manner of the AEA Data Editor's template: what reproduces
what, with which data, on what machine, and how to run it.

## Overview

The collection re-runs the analysis of the paper from its printed data. {len(titles)} notebooks,
run in order by `make all`, write {len(records)} outputs (figures, tables and documents) under
`figures/`, each with a provenance sidecar naming the notebook cell, parameters, data digests and
package versions that made it. The tables below are generated from those sidecars.

## Paper items to outputs
{paper_table}
## Every output
{ours}
## Data availability and provenance

All data are transcribed from the paper (its Tables 1-3, the cooperation shares of its text, its
statements and reference list); see `data/README.md` for each file's provenance and
`data/SHA256SUMS` for the checksums that `make test` verifies. The paper draws Table 3 from the
GISP statistics {{cite:p}}`ref43`; the participant-level table of the cooperation calculation is a
SYNTHETIC example (no real data). The data may be redistributed with the collection.
{data_table}{outside_note}
## Computational requirements

- Software: Python {md_escape(python)} and make; every package pinned in
  `requirements.lock` ({len(pins)} packages, e.g. {md_escape(key)}), installed by `make setup`
  with pip. No TeX, no Node, no network after setup.
- Hardware and run time: {measured}

## Description of the notebooks

{notebook_list}

## Instructions to replicators

1. `make all`: creates `.venv` from the lock and executes every notebook whose inputs changed.
2. `make test`: lint, unit tests, re-execution of every notebook (nbval) and a byte comparison of
   every output with the committed one.
3. `make report`: this book, the replication report (HTML and PDF) and this map, in
   `build/report/`.
4. `make scenario PARAMS=params/NAME.yaml`, then `make report SCENARIO=NAME`: the same book for
   other parameters, in `build/scenarios/NAME/report/`.
"""
